"""佐证说明: a short note per indicator (网上进驻率 … 群众满意率) for each side, one tab per side.

The panel only shows and collects text; the figures editor keeps the notes, their undo and the dirty flag.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from yc_desktop.core.scoring import ITEM_KEYS
from yc_desktop.ui.figures_rows import SIDE_LABELS, Side
from yc_desktop.ui.note_edit import NoteEdit

MAX_NOTE_LENGTH = 500
NOTE_PLACEHOLDER = "数据来源、统计口径、佐证材料等"


class EvidencePanel(QGroupBox):
    noteCommitted = Signal(str, str, str)  # side, indicator, text — a finished edit of one note

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("佐证说明", parent)
        self._tabs = QTabWidget(self)
        self._tabs.setDocumentMode(True)
        self._labels: dict[Side, dict[str, QLabel]] = {}
        self.edits: dict[Side, dict[str, NoteEdit]] = {}
        for side in Side:
            page = QWidget(self._tabs)
            page_layout = QVBoxLayout(page)
            page_layout.setContentsMargins(0, 6, 0, 0)
            self._labels[side], self.edits[side] = {}, {}
            for item in ITEM_KEYS:
                label = QLabel(page)
                edit = NoteEdit(MAX_NOTE_LENGTH, lines=3, parent=page)
                edit.setPlaceholderText(NOTE_PLACEHOLDER)
                edit.committed.connect(partial(self.noteCommitted.emit, side.value, item))
                label.setBuddy(edit)
                page_layout.addWidget(label)
                page_layout.addWidget(edit)
                self._labels[side][item] = label
                self.edits[side][item] = edit
            page_layout.addStretch(1)
            self._tabs.addTab(page, SIDE_LABELS[side])
        layout = QVBoxLayout(self)
        layout.addWidget(self._tabs)

    def note_edits_in_order(self) -> list[NoteEdit]:
        return [self.edits[side][item] for side in Side for item in ITEM_KEYS]

    def set_labels(self, labels: Mapping[str, str]) -> None:
        for side_labels in self._labels.values():
            for item, label in side_labels.items():
                label.setText(labels[item])

    def set_note(self, side: Side, item: str, text: str) -> None:
        self.edits[side][item].set_committed_text(text)

    def set_side_editable(self, side: Side, editable: bool) -> None:
        for edit in self.edits[side].values():
            edit.setReadOnly(not editable)
            edit.setPlaceholderText(NOTE_PLACEHOLDER if editable else "")
        self._tabs.setTabText(list(Side).index(side), SIDE_LABELS[side] + ("" if editable else "(只读)"))
        self._show_editable_side_first()

    def set_side_visible(self, side: Side, visible: bool) -> None:
        self._tabs.setTabVisible(list(Side).index(side), visible)
        shown = sum(self._tabs.isTabVisible(index) for index in range(self._tabs.count()))
        self._tabs.tabBar().setVisible(shown > 1)
        self.setVisible(shown > 0)
        self._show_editable_side_first()

    def current_side(self) -> Side:
        return list(Side)[self._tabs.currentIndex()]

    def _show_editable_side_first(self) -> None:
        """Open on the tab this user writes in (an assessor's own notes, not the unit's)."""
        for index, side in enumerate(Side):
            if self._tabs.isTabVisible(index) and not self.edits[side][ITEM_KEYS[0]].isReadOnly():
                self._tabs.setCurrentIndex(index)
                return
