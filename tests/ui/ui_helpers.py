"""Driving the figures editor from the keyboard as a person would, and typing Chinese as an input method does.

`qtbot.keyClicks` with non-ASCII text aborts the test process (QT-NOTES.md), so Chinese goes in through a
QInputMethodEvent with a commit string; digits and navigation keys go through qtbot.keyClick.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from yc_desktop.core.figures import FIELD_NAMES
from yc_desktop.ui.figures_editor import FiguresEditor
from yc_desktop.ui.figures_model import SIDE_COLUMNS, Side


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus (is the window active?)"
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_digits(qtbot: QtBot, text: str) -> None:
    """ASCII only: each key goes to whatever has the focus, as on a real keyboard (the editor opens on the first)."""
    assert text.isascii()
    for character in text:
        qtbot.keyClick(focused(), character)


def commit_text(widget: QWidget, text: str) -> None:
    """Type `text` the way a Chinese input method delivers it."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def go_to(editor: FiguresEditor, side: Side, field: str) -> None:
    view = editor.view
    view.setCurrentIndex(view.model().index(FIELD_NAMES.index(field), SIDE_COLUMNS[side]))
    view.setFocus()


def type_column(qtbot: QtBot, editor: FiguresEditor, side: Side, figures: dict[str, int | None]) -> None:
    """From the first field of `side`, type each figure and press Enter, top to bottom."""
    go_to(editor, side, FIELD_NAMES[0])
    for field in FIELD_NAMES:
        value = figures[field]
        if value is not None:
            type_digits(qtbot, str(value))
        press(qtbot, Qt.Key.Key_Return)


def cell_text(editor: FiguresEditor, row_label: str, side: Side) -> str:
    model = editor.model
    for row in range(model.rowCount()):
        if model.row_label(row) == row_label:
            return str(model.index(row, SIDE_COLUMNS[side]).data())
    raise KeyError(row_label)
