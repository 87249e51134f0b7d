"""The figures editor driven from the keyboard: live scores, validation marks, undo, dirty flag, roles, Tab order."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from tests.ui.ui_helpers import cell_text, commit_text, focused, go_to, press, type_column, type_digits
from tests.worked_example import WORKED_EXAMPLE
from yc_desktop.core.figures import FIELD_NAMES
from yc_desktop.core.targets import default_targets
from yc_desktop.ui.evidence_panel import EvidencePanel
from yc_desktop.ui.figures_editor import FiguresEditor, Side
from yc_desktop.ui.figures_model import DIFFERS_ROLE, ERROR_BORDER, PROBLEM_ROLE, REASON_COLUMN, SIDE_COLUMNS

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),
]

ROW = {field: row for row, field in enumerate(FIELD_NAMES)}


def index(editor: FiguresEditor, side: Side, field: str) -> QModelIndex:
    return editor.model.index(ROW[field], SIDE_COLUMNS[side])


def test_typing_both_sides_scores_the_worked_example(qtbot: QtBot, editor: FiguresEditor) -> None:
    type_column(qtbot, editor, Side.SELF, WORKED_EXAMPLE)
    assert editor.figures(Side.SELF) == WORKED_EXAMPLE
    assert editor.is_valid(Side.SELF)
    expected = {
        "网上进驻率": "95.00%",
        "网上受理率": "76.00%",
        "网上办结率": "35.00%",
        "满意程度系数": "0.8641",
        "网上进驻率得分": "10.00",
        "网上受理率得分": "36.00",
        "网上办结率得分": "45.00",
        "群众满意率得分": "8.64",
        "合计": "99.64",
        "等级": "优秀",
    }
    assert {label: cell_text(editor, label, Side.SELF) for label in expected} == expected
    score = editor.score(Side.SELF)
    assert score is not None and score.total == Decimal("99.64") and score.grade == "优秀"

    # Enter after the last 自评 figure went on to the first 考核 figure, editor open: keep typing.
    assert editor.view.currentIndex() == index(editor, Side.ASSESSOR, "items_required")
    assert cell_text(editor, "合计", Side.ASSESSOR) == ""
    for field in FIELD_NAMES[:4]:
        type_digits(qtbot, str(WORKED_EXAMPLE[field]))
        press(qtbot, Qt.Key.Key_Return)
    assert cell_text(editor, "合计", Side.ASSESSOR) == "—"  # partly entered: no score yet, and no error either
    assert "考核:还有 6 项未填写" in editor.message_text()
    for field in FIELD_NAMES[4:]:
        type_digits(qtbot, str(WORKED_EXAMPLE[field]))
        press(qtbot, Qt.Key.Key_Return)
    assert editor.figures(Side.ASSESSOR) == WORKED_EXAMPLE
    assert cell_text(editor, "合计", Side.ASSESSOR) == "99.64"
    assert editor.message_text() == ""


def test_scores_follow_each_committed_edit(qtbot: QtBot, editor: FiguresEditor) -> None:
    editor.set_figures(Side.SELF, WORKED_EXAMPLE)
    go_to(editor, Side.SELF, "cases_online_accepted")
    type_digits(qtbot, "800")  # 80 % against 70 %: two whole 5-point steps → 35 + 2
    press(qtbot, Qt.Key.Key_Return)
    assert cell_text(editor, "网上受理率", Side.SELF) == "80.00%"
    assert cell_text(editor, "网上受理率得分", Side.SELF) == "37.00"
    assert cell_text(editor, "合计", Side.SELF) == "100.64"
    type_digits(qtbot, "150")  # 办结率 15 % < 30 %: 45 × 0.5 × 0.5
    press(qtbot, Qt.Key.Key_Tab)
    assert cell_text(editor, "网上办结率得分", Side.SELF) == "11.25"
    assert cell_text(editor, "合计", Side.SELF) == "66.89"  # 10 + 37 + 11.25 + 8.64
    assert cell_text(editor, "等级", Side.SELF) == "合格"


def test_accepted_above_total_is_marked_at_its_field(qtbot: QtBot, editor: FiguresEditor) -> None:
    editor.set_figures(Side.SELF, WORKED_EXAMPLE)
    editor.set_figures(Side.ASSESSOR, WORKED_EXAMPLE)
    go_to(editor, Side.ASSESSOR, "cases_online_accepted")
    type_digits(qtbot, "1200")
    press(qtbot, Qt.Key.Key_Return)

    reason = "网上受理业务量(1200)不能大于总业务量(1000)"
    cell = index(editor, Side.ASSESSOR, "cases_online_accepted")
    assert not editor.is_valid(Side.ASSESSOR)
    assert editor.score(Side.ASSESSOR) is None
    assert [p.field for p in editor.problems(Side.ASSESSOR)] == ["cases_online_accepted"]
    assert cell.data(PROBLEM_ROLE) == reason
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == reason
    assert f"考核:{reason}" in editor.message_text().splitlines()
    assert cell_text(editor, "合计", Side.ASSESSOR) == "—"
    assert editor.is_valid(Side.SELF)  # the other side is untouched
    assert index(editor, Side.ASSESSOR, "cases_total").data(PROBLEM_ROLE) is None

    # The mark is drawn: a red border inside the cell.
    editor.view.setCurrentIndex(index(editor, Side.SELF, "items_required"))  # no editor over the cell
    rect = editor.view.visualRect(cell)
    image = editor.view.viewport().grab().toImage()
    left_edge = [QColor(image.pixel(rect.left() + dx, rect.center().y())) for dx in range(4)]
    assert ERROR_BORDER in left_edge

    go_to(editor, Side.ASSESSOR, "cases_online_accepted")
    type_digits(qtbot, "760")
    press(qtbot, Qt.Key.Key_Return)
    assert cell.data(PROBLEM_ROLE) is None
    assert editor.is_valid(Side.ASSESSOR)
    assert editor.message_text() == ""


def test_only_digits_get_in_and_full_width_digits_are_understood(qtbot: QtBot, editor: FiguresEditor) -> None:
    go_to(editor, Side.SELF, "items_required")
    type_digits(qtbot, "4x-2.")
    line_edit = focused()
    assert isinstance(line_edit, QLineEdit)
    assert line_edit.text() == "42"
    line_edit.clear()
    commit_text(line_edit, "１，２００")  # an input method in full-width mode
    assert line_edit.text() == "1200"
    press(qtbot, Qt.Key.Key_Return)
    assert editor.figures(Side.SELF)["items_required"] == 1200


def test_delete_clears_a_figure_and_empty_means_not_entered(qtbot: QtBot, editor: FiguresEditor) -> None:
    editor.set_figures(Side.SELF, WORKED_EXAMPLE)
    go_to(editor, Side.SELF, "complaints")
    press(qtbot, Qt.Key.Key_Delete)
    assert editor.figures(Side.SELF)["complaints"] is None
    assert not editor.is_valid(Side.SELF)
    assert editor.problems(Side.SELF) == []
    assert "自评:还有 1 项未填写" in editor.message_text()


def test_a_column_pasted_from_a_spreadsheet_is_one_undo_step(qtbot: QtBot, editor: FiguresEditor) -> None:
    QApplication.clipboard().setText("\r\n".join(f"{value:,}" for value in WORKED_EXAMPLE.values()) + "\r\n")
    go_to(editor, Side.SELF, "items_required")
    press(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.figures(Side.SELF) == WORKED_EXAMPLE
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert set(editor.figures(Side.SELF).values()) == {None}

    QApplication.clipboard().setText("40\n三十八\n")
    press(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert set(editor.figures(Side.SELF).values()) == {None}  # a line that is not a count: nothing pasted


def test_undo_and_redo_one_command_per_committed_edit(qtbot: QtBot, editor: FiguresEditor) -> None:
    editor.set_figures(Side.SELF, WORKED_EXAMPLE)
    editor.set_figures(Side.ASSESSOR, WORKED_EXAMPLE)
    stack = editor.undo_stack
    assert stack.count() == 0  # loading is not an edit
    go_to(editor, Side.ASSESSOR, "cases_online_accepted")
    type_digits(qtbot, "700")
    press(qtbot, Qt.Key.Key_Return)
    type_digits(qtbot, "340")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)  # Enter on an unchanged value moves on without a command
    assert stack.count() == 2
    assert stack.undoText() == "修改考核 · 网上办结业务量"
    assert cell_text(editor, "合计", Side.ASSESSOR) == "98.64"

    stack.undo()
    assert editor.figures(Side.ASSESSOR)["cases_online_completed"] == 350
    stack.undo()
    assert editor.figures(Side.ASSESSOR) == WORKED_EXAMPLE
    assert cell_text(editor, "合计", Side.ASSESSOR) == "99.64"
    stack.redo()
    assert editor.figures(Side.ASSESSOR)["cases_online_accepted"] == 700
    assert cell_text(editor, "网上受理率得分", Side.ASSESSOR) == "35.00"


def test_dirty_flag_revert_and_mark_saved(qtbot: QtBot, editor: FiguresEditor) -> None:
    editor.set_figures(Side.SELF, WORKED_EXAMPLE)
    editor.mark_saved()
    assert not editor.dirty
    go_to(editor, Side.SELF, "complaints")
    with qtbot.waitSignal(editor.dirtyChanged) as became_dirty:
        type_digits(qtbot, "5")
        press(qtbot, Qt.Key.Key_Return)
    assert became_dirty.args == [True]
    assert editor.dirty

    with qtbot.waitSignal(editor.dirtyChanged) as became_clean:
        editor.revert()
    assert became_clean.args == [False]
    assert editor.figures(Side.SELF) == WORKED_EXAMPLE
    editor.undo_stack.undo()  # a revert is itself undoable
    assert editor.figures(Side.SELF)["complaints"] == 5
    assert editor.dirty

    editor.mark_saved()
    assert not editor.dirty
    assert editor.undo_stack.isClean()
    editor.undo_stack.undo()  # back to the figures from before the save: dirty again
    assert editor.dirty


def test_editing_back_to_the_saved_value_is_not_dirty(qtbot: QtBot, editor: FiguresEditor) -> None:
    editor.set_figures(Side.SELF, WORKED_EXAMPLE)
    editor.mark_saved()
    with qtbot.assertNotEmitted(editor.dirtyChanged):
        editor.model.setData(index(editor, Side.SELF, "complaints"), 3)
    editor.model.setData(index(editor, Side.SELF, "complaints"), 4)
    assert editor.dirty
    editor.model.setData(index(editor, Side.SELF, "complaints"), 3)
    assert not editor.dirty


def test_liaison_sees_and_types_only_the_self_column(qtbot: QtBot, editor: FiguresEditor) -> None:
    editor.set_side_visible(Side.ASSESSOR, False)
    view = editor.view
    assert not view.isColumnHidden(SIDE_COLUMNS[Side.SELF])
    assert view.isColumnHidden(SIDE_COLUMNS[Side.ASSESSOR])
    assert view.isColumnHidden(REASON_COLUMN)
    assert {cell.column() for cell in view.entry_cells()} == {SIDE_COLUMNS[Side.SELF]}
    panel = editor.findChild(EvidencePanel)
    assert panel is not None and panel.current_side() == Side.SELF
    editor.set_figures(Side.ASSESSOR, {**WORKED_EXAMPLE, "cases_total": 999})
    editor.set_figures(Side.SELF, WORKED_EXAMPLE)
    assert not index(editor, Side.SELF, "cases_total").data(DIFFERS_ROLE)  # nothing to compare against
    assert "考核" not in editor.message_text()


def test_assessor_edits_assessor_column_and_self_is_read_only(qtbot: QtBot, editor: FiguresEditor) -> None:
    editor.set_figures(Side.SELF, WORKED_EXAMPLE)
    editor.set_side_editable(Side.SELF, False)
    model = editor.model
    assert model.headerData(SIDE_COLUMNS[Side.SELF], Qt.Orientation.Horizontal) == "自评(只读)"
    assert not model.flags(index(editor, Side.SELF, "cases_total")) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index(editor, Side.SELF, "cases_total"), 5)

    go_to(editor, Side.SELF, "cases_total")
    type_digits(qtbot, "5")
    press(qtbot, Qt.Key.Key_Return)
    assert editor.figures(Side.SELF) == WORKED_EXAMPLE
    editor.focus_first_entry()
    assert editor.view.currentIndex() == index(editor, Side.ASSESSOR, "items_required")
    panel = editor.findChild(EvidencePanel)
    assert panel is not None and panel.current_side() == Side.ASSESSOR
    assert panel.edits[Side.SELF]["acceptance"].isReadOnly()
    assert not panel.edits[Side.ASSESSOR]["acceptance"].isReadOnly()


def test_tab_goes_down_each_column_then_on_to_the_notes(qtbot: QtBot, editor: FiguresEditor) -> None:
    editor.focus_first_entry()
    visited = [(editor.view.currentIndex().column(), editor.view.currentIndex().row())]
    for _ in range(2 * len(FIELD_NAMES) - 1):
        press(qtbot, Qt.Key.Key_Tab)
        visited.append((editor.view.currentIndex().column(), editor.view.currentIndex().row()))
    self_column, assessor_column = SIDE_COLUMNS[Side.SELF], SIDE_COLUMNS[Side.ASSESSOR]
    assert visited == [(self_column, row) for row in range(10)] + [(assessor_column, row) for row in range(10)]
    press(qtbot, Qt.Key.Key_Tab)  # from the last figure out of the table, on to the first evidence note
    assert focused() is editor.evidence_panel.edits[Side.SELF]["onboarding"]
    press(qtbot, Qt.Key.Key_Backtab)
    assert focused() is editor.view
    assert editor.view.currentIndex() == index(editor, Side.ASSESSOR, FIELD_NAMES[-1])
    press(qtbot, Qt.Key.Key_Backtab)
    assert editor.view.currentIndex() == index(editor, Side.ASSESSOR, FIELD_NAMES[-2])
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # Shift+Enter goes back as well
    assert editor.view.currentIndex() == index(editor, Side.ASSESSOR, FIELD_NAMES[-3])


def test_a_difference_is_highlighted_and_asks_for_a_reason(qtbot: QtBot, editor: FiguresEditor) -> None:
    editor.set_figures(Side.SELF, WORKED_EXAMPLE)
    editor.set_figures(Side.ASSESSOR, WORKED_EXAMPLE)
    editor.set_side_editable(Side.SELF, False)
    reason_cell = editor.model.index(ROW["cases_online_completed"], REASON_COLUMN)
    assert not editor.model.flags(reason_cell) & Qt.ItemFlag.ItemIsEditable
    assert editor.difference_reasons() == {}

    go_to(editor, Side.ASSESSOR, "cases_online_completed")
    type_digits(qtbot, "340")
    press(qtbot, Qt.Key.Key_Return)
    assert index(editor, Side.ASSESSOR, "cases_online_completed").data(DIFFERS_ROLE)
    assert index(editor, Side.SELF, "cases_online_completed").data(DIFFERS_ROLE)
    assert not index(editor, Side.ASSESSOR, "cases_total").data(DIFFERS_ROLE)
    assert index(editor, Side.ASSESSOR, "cases_online_completed").data(Qt.ItemDataRole.ToolTipRole) == (
        "自评 350,考核 340,相差 -10"
    )
    assert editor.difference_reasons() == {"cases_online_completed": ""}
    assert "考核:1 项与自评不同,请在“差异说明”栏填写原因" in editor.message_text()

    # The reason cell is the next stop after the last 考核 figure.
    go_to(editor, Side.ASSESSOR, "complaints")
    press(qtbot, Qt.Key.Key_Tab)
    assert editor.view.currentIndex() == reason_cell
    press(qtbot, Qt.Key.Key_F2)
    reason_editor = focused()
    assert isinstance(reason_editor, QLineEdit)
    commit_text(reason_editor, "其中 10 件为窗口办结,已核减")
    press(qtbot, Qt.Key.Key_Return)
    assert editor.difference_reasons() == {"cases_online_completed": "其中 10 件为窗口办结,已核减"}
    assert editor.message_text() == ""
    assert editor.undo_stack.undoText() == "修改差异说明 · 网上办结业务量"


def test_evidence_notes_commit_when_left_and_undo(qtbot: QtBot, editor: FiguresEditor) -> None:
    editor.mark_saved()
    panel = editor.findChild(EvidencePanel)
    assert panel is not None
    note = panel.edits[Side.SELF]["acceptance"]
    note.setFocus()
    commit_text(note, "网上办事大厅后台统计报表")
    assert editor.evidence_notes(Side.SELF)["acceptance"] == ""  # still being written
    press(qtbot, Qt.Key.Key_Tab)
    assert editor.evidence_notes(Side.SELF)["acceptance"] == "网上办事大厅后台统计报表"
    assert editor.evidence_notes(Side.ASSESSOR)["acceptance"] == ""
    assert editor.dirty
    assert editor.undo_stack.undoText() == "修改自评佐证说明 · 网上受理率"
    editor.undo_stack.undo()
    assert note.toPlainText() == ""
    assert not editor.dirty


def test_loading_replaces_everything_and_clears_undo(editor: FiguresEditor) -> None:
    editor.set_figures(Side.SELF, WORKED_EXAMPLE)
    editor.set_figures(Side.ASSESSOR, {**WORKED_EXAMPLE, "complaints": 4})
    editor.set_difference_reasons({"complaints": "补录 1 件投诉"})
    editor.set_evidence_notes(Side.ASSESSOR, {"satisfaction": "投诉台账"})
    editor.mark_saved()
    assert editor.difference_reasons() == {"complaints": "补录 1 件投诉"}
    assert editor.evidence_notes(Side.ASSESSOR) == {
        "onboarding": "",
        "acceptance": "",
        "completion": "",
        "satisfaction": "投诉台账",
    }
    assert editor.undo_stack.count() == 0 and not editor.dirty
    editor.set_figures(Side.SELF, {"items_required": 40})
    assert editor.figures(Side.SELF)["items_onboarded"] is None
    assert editor.dirty
    with pytest.raises(KeyError):
        editor.set_figures(Side.SELF, {"items": 1})
    with pytest.raises(TypeError):
        editor.set_figures(Side.SELF, {"items_required": 1.5})  # type: ignore[dict-item]


def test_targets_feed_the_scores(editor: FiguresEditor) -> None:
    editor.set_figures(Side.SELF, WORKED_EXAMPLE)
    editor.set_targets(default_targets(2015, editor.model.rules()))  # acceptance 80 %, completion 40 %
    assert cell_text(editor, "网上受理率得分", Side.SELF) == "16.63"  # 35 × 76/80 × 0.5 = 16.625
    assert cell_text(editor, "网上办结率得分", Side.SELF) == "19.69"  # 45 × 35/40 × 0.5 = 19.6875
    label = editor.findChild(QLabel, "targetsLabel")
    assert label is not None and "网上受理率 80%" in label.text()


def test_undo_closes_a_cell_editor_instead_of_recommitting_stale_text(qtbot: QtBot, editor: FiguresEditor) -> None:
    editor.set_figures(Side.SELF, WORKED_EXAMPLE)
    go_to(editor, Side.SELF, "complaints")
    type_digits(qtbot, "4")
    press(qtbot, Qt.Key.Key_Return)  # committed: complaints 4
    go_to(editor, Side.SELF, "complaints")
    type_digits(qtbot, "9")  # typing again, not yet committed, when Undo is chosen from the menu
    assert editor.view.open_editor() is not None
    editor.undo_stack.undo()
    assert editor.view.open_editor() is None
    assert editor.figures(Side.SELF)["complaints"] == 3
    press(qtbot, Qt.Key.Key_Return)
    assert editor.figures(Side.SELF)["complaints"] == 3
    assert editor.undo_stack.count() == 1 and editor.undo_stack.index() == 0


def test_commit_pending_edits_takes_in_what_is_being_typed(qtbot: QtBot, editor: FiguresEditor) -> None:
    go_to(editor, Side.SELF, "items_required")
    type_digits(qtbot, "40")
    editor.commit_pending_edits()
    assert editor.figures(Side.SELF)["items_required"] == 40
    note = editor.evidence_panel.edits[Side.SELF]["completion"]
    note.setFocus()
    commit_text(note, "同上")
    editor.commit_pending_edits()
    assert editor.evidence_notes(Side.SELF)["completion"] == "同上"
    assert editor.undo_stack.count() == 2
