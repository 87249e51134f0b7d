"""A small multi-line text field whose edits count once they are finished (focus leaves), for undo and saving."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class NoteEdit(QPlainTextEdit):
    """Tab moves on (a note is prose, not code); `committed` is emitted when the user leaves a changed note."""

    committed = Signal(str)

    def __init__(self, max_length: int, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._max_length = max_length
        self._committed_text = ""
        self.setTabChangesFocus(True)
        margins = self.contentsMargins()
        line_height = self.fontMetrics().lineSpacing()
        self.setFixedHeight(lines * line_height + 2 * int(self.document().documentMargin()) + margins.top() * 2)

    def committed_text(self) -> str:
        return self._committed_text

    def set_committed_text(self, text: str) -> None:
        """Show `text` as the stored value (loading, undo) without emitting `committed`."""
        self._committed_text = text
        if self.toPlainText() != text:
            self.setPlainText(text)

    def commit(self) -> None:
        text = self.toPlainText().strip()[: self._max_length]
        if text != self._committed_text:
            self.committed.emit(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)
