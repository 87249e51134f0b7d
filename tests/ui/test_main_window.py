"""The main window driven as a user would: keyboard entry, live scores, validation, undo, save, roles, workflow."""

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.worked_example import WORKED_EXAMPLE as RAW
from yc_desktop.core.figures import FIELD_NAMES
from yc_desktop.store.sample import create_sample_database
from yc_desktop.store.service import ASSESSOR, DRAFT, FINAL, LIAISON, SUBMITTED, Store
from yc_desktop.ui.figures_model import SIDE_COLUMNS
from yc_desktop.ui.figures_rows import Side
from yc_desktop.ui.main_window import MainWindow
from yc_desktop.ui.roles import RoleChoice


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A district with one unit of the worked example in a fresh 2014 year, plus the sample's units."""
    path = tmp_path / "考核.db"
    with Store(path) as store:
        store.ensure_year(2014)
        unit = store.add_unit("区民政局", "区直部门")
        store.add_unit("源西街道", "镇街")
        store.save_figures(unit.id, 2014, "self", RAW)
    return path


class Dialogs:
    """Message boxes answer from `queue` (Cancel when empty) and record their text, instead of blocking."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.queue: list[QMessageBox.StandardButton] = []

    def question(self, parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        self.log.append(f"question:{text}")
        return self.queue.pop(0) if self.queue else QMessageBox.StandardButton.Cancel

    def warning(self, parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        self.log.append(f"warning:{text}")
        return QMessageBox.StandardButton.Ok


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dialogs]:
    dialogs = Dialogs()
    monkeypatch.setattr(QMessageBox, "question", dialogs.question)
    monkeypatch.setattr(QMessageBox, "warning", dialogs.warning)
    yield dialogs


def open_window(qtbot: QtBot, path: Path, settings: QSettings, role: str, unit: str = "区民政局") -> MainWindow:
    store = Store(path)
    unit_info = store.unit_by_name(unit)
    assert unit_info is not None
    choice = RoleChoice(role, "王审核" if role == ASSESSOR else "李联络", unit_info.id if role == LIAISON else None)
    window = MainWindow(store, choice, settings)
    qtbot.addWidget(window)
    window.show()
    window.select_unit(unit_info.id)
    return window


def type_figure(qtbot: QtBot, window: MainWindow, side: str, field: str, text: str) -> None:
    """Type into a cell the way a user does: go to it, type the digits, press Enter."""
    view = window.editor.view
    view.commit_open_editor()  # Enter leaves the next field's editor open; close it before going elsewhere
    index = view.model().index(FIELD_NAMES.index(field), SIDE_COLUMNS[Side(side)])
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClicks(view, text[0])  # the first key opens the cell editor with it...
    editor = view.open_editor()
    assert editor is not None, "typing did not open the cell editor"
    qtbot.keyClicks(editor, text[1:])  # ...and focus follows into it, as with a real keyboard
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_assessor_types_sees_scores_hits_error_undoes_saves_and_reopens(
    qtbot: QtBot, db_path: Path, settings: QSettings, answers: Dialogs
) -> None:
    window = open_window(qtbot, db_path, settings, ASSESSOR)
    assert window.editor.score("self").total == Decimal("99.64")  # type: ignore[union-attr]
    assert window.editor.score("assessor") is None  # nothing entered yet
    for field, value in RAW.items():
        type_figure(qtbot, window, "assessor", field, str(value))
    assert window.editor.score("assessor").total == Decimal("99.64")  # type: ignore[union-attr]
    type_figure(qtbot, window, "assessor", "cases_online_accepted", "740")
    assert window.editor.score("assessor").scores["acceptance"] == Decimal("35.00")  # type: ignore[union-attr]
    assert "35.00" in window.preview.plain_text()
    # An impossible figure: marked, no score, refused on save.
    type_figure(qtbot, window, "assessor", "cases_online_accepted", "2000")
    assert not window.editor.is_valid("assessor")
    assert "网上受理业务量" in window.editor.message_text()
    assert window.save() is False
    assert any(text.startswith("warning:") for text in answers.log)
    # Undo brings the last good value back.
    window.undo_action.trigger()
    assert window.editor.figures("assessor")["cases_online_accepted"] == 740
    assert window.save() is True
    assert not window.editor.is_dirty()
    window.close()
    window.store.close()
    with Store(db_path) as store:
        unit = store.unit_by_name("区民政局")
        assert unit is not None
        stored = store.figures(unit.id, 2014, "assessor")
        assert stored is not None and stored.cases_online_accepted == 740
        assert store.figures(unit.id, 2014, "self").cases_online_accepted == 760  # type: ignore[union-attr]
        entries = [e for e in store.audit_entries(unit="区民政局") if e.field == "cases_online_accepted"]
        assert entries[0].actor == "王审核" and entries[0].role == ASSESSOR and entries[0].after == "740"


def test_a_whole_column_typed_with_enter_between_values(
    qtbot: QtBot, db_path: Path, settings: QSettings, answers: Dialogs
) -> None:
    window = open_window(qtbot, db_path, settings, ASSESSOR)
    view = window.editor.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, SIDE_COLUMNS[Side.ASSESSOR]))
    for value in RAW.values():
        target = view.open_editor() or view
        qtbot.keyClicks(target, str(value)[0])
        editor = view.open_editor()
        assert editor is not None
        qtbot.keyClicks(editor, str(value)[1:])
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.editor.figures("assessor") == RAW
    assert window.editor.score("assessor").total == Decimal("99.64")  # type: ignore[union-attr]


def test_roles_restrict_what_is_seen_and_edited(qtbot: QtBot, db_path: Path, settings: QSettings) -> None:
    window = open_window(qtbot, db_path, settings, LIAISON)
    model = window.editor.model
    assert not model.side_visible(Side.ASSESSOR)
    assert model.side_editable(Side.SELF)
    assert window.proxy.rowCount() == 1  # only the liaison's own unit
    assert window.ranking is None or not window.tabs.isTabVisible(window.tabs.indexOf(window.ranking))
    window.close()
    window.store.close()
    window = open_window(qtbot, db_path, settings, ASSESSOR)
    model = window.editor.model
    assert model.side_visible(Side.ASSESSOR) and model.side_editable(Side.ASSESSOR)
    assert not model.side_editable(Side.SELF)
    assert window.proxy.rowCount() == 2


def test_leaving_a_unit_with_unsaved_edits_asks(
    qtbot: QtBot, db_path: Path, settings: QSettings, answers: Dialogs
) -> None:
    window = open_window(qtbot, db_path, settings, ASSESSOR)
    other = window.store.unit_by_name("源西街道")
    assert other is not None and window.unit_id is not None
    first = window.unit_id
    type_figure(qtbot, window, "assessor", "complaints", "9")
    assert window.editor.is_dirty()
    answers.queue.append(QMessageBox.StandardButton.Cancel)
    window.table.selectRow(window.proxy.mapFromSource(window.model.index(window.model.row_of_unit(other.id), 0)).row())  # type: ignore[arg-type]
    assert window.unit_id == first and window.editor.is_dirty()
    assert any("尚未保存" in text for text in answers.log)
    # Closing the window asks too; Cancel keeps it open.
    answers.queue.append(QMessageBox.StandardButton.Cancel)
    assert window.close() is False
    answers.queue.append(QMessageBox.StandardButton.Discard)
    assert window.close() is True


def test_workflow_from_the_window(qtbot: QtBot, db_path: Path, settings: QSettings, answers: Dialogs) -> None:
    window = open_window(qtbot, db_path, settings, LIAISON)
    assert window.submit_action.isEnabled()
    window.submit_action.trigger()
    assert window.store.state(window.unit_id, 2014) == SUBMITTED  # type: ignore[arg-type]
    assert not window.editor.model.side_editable(Side.SELF)  # handed in: read-only for the liaison
    window.close()
    window.store.close()
    window = open_window(qtbot, db_path, settings, ASSESSOR)
    for field, value in RAW.items():
        type_figure(qtbot, window, "assessor", field, str(value))
    assert window.save()
    window.review_action.trigger()
    answers.queue.append(QMessageBox.StandardButton.Yes)
    window.finalise_action.trigger()
    assert window.store.state(window.unit_id, 2014) == FINAL  # type: ignore[arg-type]
    assert not window.editor.model.side_editable(Side.ASSESSOR)
    assert window.store.state(window.store.unit_by_name("源西街道").id, 2014) == DRAFT  # type: ignore[union-attr]


def test_window_on_the_sample_district(qtbot: QtBot, tmp_path: Path, settings: QSettings) -> None:
    path = create_sample_database(tmp_path / "示例数据.db")
    window = open_window(qtbot, path, settings, ASSESSOR, unit="上城街道")
    assert "示例数据" in window.windowTitle()
    assert window.year == 2015
    window.year_combo.setCurrentIndex(window.year_combo.findData(2014))
    assert window.year == 2014
    assert window.model.rowCount() == 16
    window.group_combo.setCurrentText("镇街")
    assert window.proxy.rowCount() == 7


def test_liaison_types_own_figures_saves_and_exports_the_selfeval_file(
    qtbot: QtBot, tmp_path: Path, settings: QSettings, answers: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from yc_desktop.exchange.selfeval import read_selfeval
    from yc_desktop.ui import exchange_actions

    path = tmp_path / "联络员.db"
    with Store(path, actor="李联络", role=LIAISON) as own:
        own.ensure_year(2014)
        own.add_unit("源西街道", "镇街")
    window = open_window(qtbot, path, settings, LIAISON, unit="源西街道")
    assert not window.editor.model.side_visible(Side.ASSESSOR)
    for field, value in RAW.items():
        type_figure(qtbot, window, "self", field, str(value))
    assert window.editor.score("self").total == Decimal("99.64")  # type: ignore[union-attr]
    assert window.save()
    target = tmp_path / "源西街道-2014-自评.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    exchange_actions.export_selfeval(window)
    evaluation = read_selfeval(target)
    assert evaluation.unit == "源西街道" and evaluation.figures.as_dict() == RAW
