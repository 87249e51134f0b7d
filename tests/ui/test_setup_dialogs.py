"""The targets and units dialogs driven through their widgets over the sample district."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QComboBox, QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from yc_desktop.store.models import AssessmentYear
from yc_desktop.store.sample import create_sample_database
from yc_desktop.store.service import ASSESSOR, Store
from yc_desktop.ui.setup_dialogs import TargetsDialog, UnitsDialog
from yc_desktop.ui.targets_dialog import PercentValidator, format_exact, parse_percent
from yc_desktop.ui.units_dialog import STATE

Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    path = create_sample_database(tmp_path / "示例数据.db")
    with Store(path, actor="测试考核员", role=ASSESSOR) as opened:
        yield opened


@dataclass
class Prompts:
    """What the dialogs asked or told, recorded instead of shown (a modal box would block the test)."""

    messages: list[tuple[str, str]] = field(default_factory=list)  # (title, text) of warnings and information
    questions: list[str] = field(default_factory=list)
    answers: list[QMessageBox.StandardButton] = field(default_factory=list)  # replies to questions, in order
    text_replies: list[tuple[str, bool]] = field(default_factory=list)
    item_replies: list[tuple[str, bool]] = field(default_factory=list)


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> Prompts:
    recorded = Prompts()

    def tell(parent: QWidget, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        recorded.messages.append((title, text))
        return QMessageBox.StandardButton.Ok

    def ask(parent: QWidget, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        recorded.questions.append(text)
        assert recorded.answers, f"unexpected question: {text}"
        return recorded.answers.pop(0)

    def get_text(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        return recorded.text_replies.pop(0)

    def get_item(*args: Any, **kwargs: Any) -> tuple[str, bool]:
        return recorded.item_replies.pop(0)

    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, tell)
    monkeypatch.setattr(QMessageBox, "question", ask)
    monkeypatch.setattr(QInputDialog, "getText", get_text)
    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    return recorded


def commit_text(widget: QWidget, text: str) -> None:
    """Type Chinese the way an input method delivers it (qtbot.keyClicks aborts on non-ASCII text)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def click(qtbot: QtBot, dialog: QWidget, name: str) -> None:
    button = dialog.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def shown(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    with qtbot.waitExposed(widget):
        widget.show()


# -- percent input ----------------------------------------------------------------------------------------------


def test_percents_parse_exactly_and_refuse_what_is_not_one() -> None:
    assert parse_percent("72.5") == Decimal("72.5")
    assert parse_percent("７２．５%") == Decimal("72.5")
    assert parse_percent("0.01") == Decimal("0.01")
    assert parse_percent("100") == Decimal(100)
    for bad in ("", "abc", "100.01", "1.234", "1.2.3", "-1"):
        with pytest.raises(ValueError):
            parse_percent(bad)
    assert format_exact(Fraction(145, 2)) == "72.5"
    assert format_exact(Fraction(90)) == "90"


def test_the_validator_blocks_typing_that_can_never_be_a_target(qtbot: QtBot) -> None:
    edit = QLineEdit()
    edit.setValidator(PercentValidator(edit))
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "1005.1234abc")
    assert edit.text() == "100."  # "1005" and "100.1" would exceed 100; letters are not a number
    retype(qtbot, edit, "72.567")
    assert edit.text() == "72.56"
    commit_text(edit, "")
    edit.clear()
    commit_text(edit, "８５．５")
    assert edit.text() == "85.5"


# -- targets ----------------------------------------------------------------------------------------------------


def test_a_changed_target_is_stored_exactly(qtbot: QtBot, store: Store, prompts: Prompts) -> None:
    dialog = TargetsDialog(store, 2015)
    shown(qtbot, dialog)
    assert dialog.target_edit("acceptance").text() == "80"
    assert dialog.findChild(QWidget, "default_acceptance").text() == "80%"  # type: ignore[union-attr]
    assert "2014暂行" in dialog.findChild(QWidget, "rulesLabel").text()  # type: ignore[union-attr]
    retype(qtbot, dialog.target_edit("acceptance"), "72.5")
    assert dialog.has_unsaved_changes()
    with qtbot.waitSignal(dialog.targetsChanged) as signal:
        click(qtbot, dialog, "saveTargetsButton")
    assert signal.args == [2015]
    assert not prompts.messages
    stored = AssessmentYear.get(AssessmentYear.year == 2015).target_acceptance
    assert stored == Decimal("72.5") and str(stored) == "72.5"
    assert store.year_targets(2015).acceptance == Fraction(145, 2)
    entry = store.audit_entries(limit=1)[0]
    assert (entry.action, entry.field, entry.before, entry.after) == ("修改年度目标", "acceptance", "80", "72.5")
    assert not dialog.has_unsaved_changes()


def test_a_finalised_year_is_read_only(qtbot: QtBot, store: Store, prompts: Prompts) -> None:
    dialog = TargetsDialog(store, 2014)  # the sample has finalised units in 2014
    shown(qtbot, dialog)
    lock = dialog.findChild(QLabel, "lockLabel")
    assert lock is not None and lock.isVisible() and "已有单位定稿" in lock.text()
    assert dialog.target_edit("completion").isReadOnly()
    qtbot.keyClicks(dialog.target_edit("completion"), "5")
    assert dialog.target_edit("completion").text() == "30"
    assert not dialog.findChild(QPushButton, "saveTargetsButton").isEnabled()  # type: ignore[union-attr]


def test_a_refused_target_shows_the_store_message_and_keeps_the_dialog(
    qtbot: QtBot, store: Store, prompts: Prompts
) -> None:
    dialog = TargetsDialog(store, 2015)
    shown(qtbot, dialog)
    retype(qtbot, dialog.target_edit("completion"), "35")
    unit = next(v.unit for v in store.year_overview(2015) if v.assessor_score)  # finalised meanwhile, elsewhere
    store.review(unit.id, 2015)
    store.finalise(unit.id, 2015)
    click(qtbot, dialog, "saveTargetsButton")
    assert len(prompts.messages) == 1
    assert "已有单位定稿" in prompts.messages[0][1]
    assert dialog.isVisible()
    assert dialog.target_edit("completion").text() == "35"
    assert store.year_targets(2015).completion == 40
    prompts.answers.append(No)  # closing with the unsaved change: "放弃?" — no, stay
    dialog.reject()
    assert dialog.isVisible()
    prompts.answers.append(Yes)
    dialog.reject()
    assert not dialog.isVisible()


def test_unit_overrides_are_added_changed_and_removed(
    qtbot: QtBot, qtmodeltester: ModelTester, store: Store, prompts: Prompts
) -> None:
    dialog = TargetsDialog(store, 2015)
    shown(qtbot, dialog)
    model = dialog.overrides_model()
    assert model.rowCount() == 0
    town = store.unit_by_name("源南镇")
    assert town is not None
    unit_combo = dialog.findChild(QComboBox, "overrideUnit")
    item_combo = dialog.findChild(QComboBox, "overrideItem")
    value_edit = dialog.findChild(QLineEdit, "overrideValue")
    assert unit_combo and item_combo and value_edit
    unit_combo.setCurrentIndex(unit_combo.findData(town.id))
    item_combo.setCurrentIndex(item_combo.findData("completion"))
    qtbot.keyClicks(value_edit, "35.25")
    qtbot.keyClick(value_edit, Qt.Key.Key_Return)
    assert not prompts.messages
    assert store.years() == [2014, 2015]  # Enter sets the override and presses no other button (新建年度)
    assert store.targets_for(town.id, 2015).completion == Fraction("35.25")
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(4)] == ["源南镇", "网上办结率", "35.25%", "40%"]
    qtmodeltester.check(model)
    # An override equal to the year's target is still listed while the dialog knows of it.
    retype(qtbot, value_edit, "40")
    click(qtbot, dialog, "setOverrideButton")
    assert model.rowCount() == 1 and model.index(0, 2).data() == "40%"
    click(qtbot, dialog, "removeOverrideButton")
    assert model.rowCount() == 0
    assert store.targets_for(town.id, 2015) == store.year_targets(2015)


def test_an_override_of_a_finalised_unit_is_refused(qtbot: QtBot, store: Store, prompts: Prompts) -> None:
    dialog = TargetsDialog(store, 2014)
    shown(qtbot, dialog)
    finalised = store.units()[0]
    assert store.state(finalised.id, 2014) == "已定稿"
    unit_combo = dialog.findChild(QComboBox, "overrideUnit")
    assert unit_combo is not None
    unit_combo.setCurrentIndex(unit_combo.findData(finalised.id))
    qtbot.keyClicks(dialog.findChild(QLineEdit, "overrideValue"), "85")
    click(qtbot, dialog, "setOverrideButton")
    assert len(prompts.messages) == 1 and "已定稿" in prompts.messages[0][1]
    assert dialog.overrides_model().rowCount() == 0


def test_a_new_year_is_created_with_the_default_targets(qtbot: QtBot, store: Store, prompts: Prompts) -> None:
    dialog = TargetsDialog(store, 2015)
    shown(qtbot, dialog)
    spin = dialog.findChild(QSpinBox, "newYearSpin")
    assert spin is not None and spin.value() == 2016
    with qtbot.waitSignal(dialog.yearCreated) as signal:
        click(qtbot, dialog, "newYearButton")
    assert signal.args == [2016]
    assert store.years() == [2014, 2015, 2016]
    assert dialog.year() == 2016
    assert dialog.findChild(QComboBox, "yearCombo").currentData() == 2016  # type: ignore[union-attr]
    assert [dialog.target_edit(item).text() for item in ("onboarding", "acceptance", "completion")] == [
        "90",
        "90",
        "50",
    ]
    spin.setValue(2015)
    click(qtbot, dialog, "newYearButton")
    assert prompts.messages and "已经存在" in prompts.messages[-1][1]


# -- units ------------------------------------------------------------------------------------------------------


def test_a_unit_is_added_from_the_keyboard(
    qtbot: QtBot, qtmodeltester: ModelTester, store: Store, prompts: Prompts
) -> None:
    dialog = UnitsDialog(store)
    shown(qtbot, dialog)
    qtmodeltester.check(dialog.model())
    before = dialog.model().rowCount()
    name = dialog.findChild(QLineEdit, "newUnitName")
    group = dialog.findChild(QComboBox, "newUnitGroup")
    assert name is not None and group is not None
    group.setCurrentText("村居")
    commit_text(name, "试点村")
    with qtbot.waitSignal(dialog.unitsChanged):
        qtbot.keyClick(name, Qt.Key.Key_Return)
    added = store.unit_by_name("试点村")
    assert added is not None and added.group == "村居" and added.active
    assert dialog.isVisible()  # Enter in the field adds; it does not also press 关闭
    assert dialog.model().rowCount() == before + 1
    assert dialog.selected_unit() == added
    assert name.text() == ""
    commit_text(name, "试点村")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert prompts.messages and "已有名为「试点村」" in prompts.messages[-1][1]


def test_rename_change_group_and_move(qtbot: QtBot, store: Store, prompts: Prompts) -> None:
    dialog = UnitsDialog(store)
    shown(qtbot, dialog)
    first = store.units()[0]
    assert dialog.selected_unit() == first
    table = dialog.table()
    table.setFocus()
    prompts.text_replies.append(("区人民政府办公室", True))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert store.units()[0].name == "区人民政府办公室"
    assert dialog.model().index(0, 0).data() == "区人民政府办公室"
    prompts.item_replies.append(("镇街", True))
    click(qtbot, dialog, "groupButton")
    assert store.units()[0].group == "镇街"
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [u.id for u in store.units()][1] == first.id
    assert dialog.selected_unit() is not None and dialog.selected_unit().id == first.id  # type: ignore[union-attr]
    click(qtbot, dialog, "upButton")
    assert store.units()[0].id == first.id
    prompts.text_replies.append(("", False))  # cancelled: nothing changes
    click(qtbot, dialog, "renameButton")
    assert store.units()[0].name == "区人民政府办公室"
    assert not prompts.messages


def test_deactivate_and_activate(qtbot: QtBot, store: Store, prompts: Prompts) -> None:
    dialog = UnitsDialog(store)
    shown(qtbot, dialog)
    unit = store.units()[2]
    dialog.select_unit(unit.id)
    button = dialog.findChild(QPushButton, "activeButton")
    assert button is not None and button.text().startswith("停用")
    click(qtbot, dialog, "activeButton")
    assert unit.id not in [u.id for u in store.units()]
    assert dialog.model().index(2, STATE).data() == "停用"
    assert button.text().startswith("启用")
    click(qtbot, dialog, "activeButton")
    assert unit.id in [u.id for u in store.units()]


def test_a_unit_with_data_is_not_deleted_and_can_be_deactivated_instead(
    qtbot: QtBot, store: Store, prompts: Prompts
) -> None:
    dialog = UnitsDialog(store)
    shown(qtbot, dialog)
    unit = store.units()[3]
    dialog.select_unit(unit.id)
    dialog.table().setFocus()
    prompts.answers += [Yes, No]  # delete? yes — refused: deactivate instead? no
    qtbot.keyClick(dialog.table(), Qt.Key.Key_Delete)
    assert "确定删除" in prompts.questions[0]
    assert "已有考核数据,不能删除" in prompts.questions[1]
    assert store.unit_by_name(unit.name) == unit
    prompts.answers += [Yes, Yes]
    click(qtbot, dialog, "deleteButton")
    still = store.unit_by_name(unit.name)
    assert still is not None and not still.active
    prompts.answers.append(Yes)  # deleting the deactivated unit: refused again, now only told
    click(qtbot, dialog, "deleteButton")
    assert prompts.messages and "不能删除" in prompts.messages[-1][1]


def test_a_unit_without_data_is_deleted(qtbot: QtBot, store: Store, prompts: Prompts) -> None:
    added = store.add_unit("新设单位", "区直部门")
    dialog = UnitsDialog(store)
    shown(qtbot, dialog)
    dialog.select_unit(added.id)
    prompts.answers.append(Yes)
    with qtbot.waitSignal(dialog.unitsChanged):
        click(qtbot, dialog, "deleteButton")
    assert store.unit_by_name("新设单位") is None
    assert dialog.model().row_of_unit(added.id) is None
    assert dialog.selected_unit() is not None
