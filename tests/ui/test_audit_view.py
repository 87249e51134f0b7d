"""The audit log view: paging through thousands of entries, filters by unit and date, Chinese field names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from yc_desktop.store.models import AuditEntry
from yc_desktop.store.sample import create_sample_database
from yc_desktop.store.service import ASSESSOR, Store
from yc_desktop.ui.audit_view import (
    ACTION,
    AFTER,
    AT,
    BEFORE,
    FIELD,
    UNIT,
    AuditModel,
    AuditView,
    field_label,
    value_text,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    path = create_sample_database(tmp_path / "示例数据.db")
    with Store(path, actor="测试考核员", role=ASSESSOR) as opened:
        yield opened


def old_entry(at: str, unit: str, action: str = "保存考核数据(录入)") -> None:
    """An entry dated in the past (the store stamps entries with the current time, so tests write them directly)."""
    AuditEntry.create(at=at, actor="旧记录", role=ASSESSOR, action=action, unit=unit, year=2013, field="complaints")


def all_rows(model: AuditModel) -> list[AuditEntry]:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [model.entry(row) for row in range(model.rowCount())]


def test_the_model_passes_qt_model_tester_while_paging(qtmodeltester: ModelTester, store: Store) -> None:
    model = AuditModel(store, page_size=40)
    model.set_filter()
    qtmodeltester.check(model)
    assert model.rowCount() >= 40  # the tester itself fetches more pages
    before = model.rowCount()
    model.fetchMore(QModelIndex())
    assert model.rowCount() > before
    qtmodeltester.check(model)


def test_pages_add_up_to_the_whole_log_newest_first_without_repeats(store: Store) -> None:
    # The sample writes hundreds of entries within the same second: the page boundary must not lose or repeat any.
    everything = store.audit_entries()
    assert len(everything) > 500
    model = AuditModel(store, page_size=37)
    model.set_filter()
    assert model.rowCount() == 37 and model.canFetchMore(QModelIndex())
    ids = [entry.id for entry in all_rows(model)]
    assert ids == [entry.id for entry in everything]
    assert not model.canFetchMore(QModelIndex())


def test_thousands_of_entries_load_a_page_at_a_time(qtbot: QtBot, store: Store) -> None:
    rows = [
        {"at": f"2013-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00", "actor": "旧记录", "role": ASSESSOR,
         "action": "保存考核数据(录入)", "unit": "区府办", "year": 2013, "field": "cases_total", "after": str(n)}
        for n in range(5000)
    ]  # fmt: skip
    with store.database.atomic():
        for start in range(0, len(rows), 500):
            AuditEntry.insert_many(rows[start : start + 500]).execute()
    total = len(store.audit_entries())
    assert total > 5000
    view = AuditView(store)
    qtbot.addWidget(view)
    view.resize(1000, 500)
    with qtbot.waitExposed(view):
        view.show()
    model = view.model()
    assert model.rowCount() == 500
    view.table().scrollToBottom()  # the view asks for the next page when it reaches the end
    qtbot.waitUntil(lambda: model.rowCount() > 500)
    assert len(all_rows(model)) == total


def test_filter_by_unit_narrows_the_rows(qtbot: QtBot, store: Store) -> None:
    view = AuditView(store)
    qtbot.addWidget(view)
    everything = len(all_rows(view.model()))
    combo = view.findChild(QComboBox, "auditUnitCombo")
    assert combo is not None and combo.itemText(0) == "全部单位"
    combo.setCurrentText("区监察局")
    rows = all_rows(view.model())
    assert 0 < len(rows) < everything
    assert {entry.unit for entry in rows} == {"区监察局"}
    assert len(rows) == len(store.audit_entries(unit="区监察局"))
    assert {view.model().index(r, UNIT).data() for r in range(view.model().rowCount())} == {"区监察局"}
    combo.setCurrentIndex(0)
    assert len(all_rows(view.model())) == everything


def test_filter_by_date_range_narrows_the_rows(qtbot: QtBot, store: Store) -> None:
    old_entry("2013-03-01T09:00:00", "区府办")
    old_entry("2013-06-30T23:59:59", "区编办")
    old_entry("2013-07-01T00:00:00", "区府办")
    view = AuditView(store)
    qtbot.addWidget(view)
    since = view.findChild(QDateEdit, "auditSince")
    until = view.findChild(QDateEdit, "auditUntil")
    check = view.findChild(QCheckBox, "auditDateCheck")
    assert since and until and check
    assert not since.isEnabled()
    check.setChecked(True)
    assert since.isEnabled()
    since.setDate(QDate(2013, 1, 1))
    until.setDate(QDate(2013, 6, 30))  # inclusive: the whole last day counts
    rows = all_rows(view.model())
    assert [entry.at for entry in rows] == ["2013-06-30T23:59:59", "2013-03-01T09:00:00"]
    assert view.model().index(0, AT).data() == "2013-06-30 23:59:59"
    # Both filters together.
    view.set_unit_filter("区府办")
    assert [entry.at for entry in all_rows(view.model())] == ["2013-03-01T09:00:00"]
    # A start after the end moves the end along rather than leaving an empty, confusing range.
    since.setDate(QDate(2013, 7, 1))
    assert until.date() == QDate(2013, 7, 1)
    assert [entry.at for entry in all_rows(view.model())] == ["2013-07-01T00:00:00"]
    view.set_date_range(None, None)
    assert not check.isChecked()
    assert len(all_rows(view.model())) == len(store.audit_entries(unit="区府办"))
    view.set_date_range(dt.date(2013, 3, 1), dt.date(2013, 3, 1))
    assert len(all_rows(view.model())) == 1


def test_fields_and_values_are_shown_in_chinese(qtbot: QtBot, store: Store) -> None:
    unit = store.units()[5]
    store.set_year_targets(2015, {"acceptance": Decimal("72.5")})
    store.set_unit_active(unit.id, False)
    store.move_unit(unit.id, 0)
    view = AuditView(store)
    qtbot.addWidget(view)
    model = view.model()
    texts = [[model.index(row, column).data() for column in (ACTION, FIELD, BEFORE, AFTER)] for row in range(3)]
    assert texts == [
        ["调整单位顺序", "顺序", "第 6 位", "第 1 位"],
        ["停用单位", "启用状态", "启用", "停用"],
        ["修改年度目标", "网上受理率目标", "80%", "72.5%"],
    ]
    sample_rows = [model.index(row, FIELD).data() for row in range(model.rowCount())]
    assert "总业务量" in sample_rows and "状态" in sample_rows
    assert field_label("考核佐证说明", "onboarding") == "网上进驻率"
    assert field_label("单位目标调整", "onboarding") == "网上进驻率目标"
    assert value_text("单位目标调整", "acceptance", "(年度目标)") == "(年度目标)"


def test_long_texts_are_cut_in_the_cell_and_whole_in_the_tooltip(qtbot: QtBot, store: Store) -> None:
    unit = store.units()[6]
    long_note = "佐证材料:" + "网上办事大厅统计报表" * 30
    store.set_evidence_note(unit.id, 2015, "assessor", "acceptance", long_note)
    view = AuditView(store)
    qtbot.addWidget(view)
    cell = view.model().index(0, AFTER)
    assert cell.data().endswith("…") and len(cell.data()) <= 60
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == long_note
    assert view.model().index(0, FIELD).data() == "网上受理率"
