"""The ranking view against Store.year_overview, and the charts painting in every state."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from yc_desktop.core.figures import Figures
from yc_desktop.core.scoring import score_unit
from yc_desktop.core.targets import default_targets
from yc_desktop.resources import rule_set
from yc_desktop.store.sample import create_sample_database
from yc_desktop.store.service import ASSESSOR, Store, UnitYearView
from yc_desktop.ui.charts import RatesChart, TrendChart, YearTotals
from yc_desktop.ui.ranking_view import GRADE, NAME, RANK, RankingView, grade_counts

GRADES = ("优秀", "良好", "合格", "不合格")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    path = create_sample_database(tmp_path / "示例数据.db")
    with Store(path, actor="测试考核员", role=ASSESSOR) as opened:
        yield opened


@pytest.fixture
def view(qtbot: QtBot, store: Store) -> RankingView:
    widget = RankingView(store)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.set_year(2015)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def shown_grade(view: UnitYearView) -> str | None:
    score = view.assessor_score or view.self_score
    return score.grade if score else None


def table_rows(widget: RankingView) -> list[tuple[str, str, str]]:
    model = widget.model()
    return [
        (model.index(r, RANK).data(), model.index(r, NAME).data(), model.index(r, GRADE).data())
        for r in range(model.rowCount())
    ]


def test_overall_order_and_ranks_match_the_store(qtmodeltester: ModelTester, store: Store, view: RankingView) -> None:
    qtmodeltester.check(view.model())
    overview = store.year_overview(2015)
    expected = sorted(overview, key=lambda v: (v.rank is None, v.rank or 0, v.unit.display_order))
    assert table_rows(view) == [(str(v.rank), v.unit.name, shown_grade(v)) for v in expected]
    ranks = [int(rank) for rank, _, _ in table_rows(view)]
    assert ranks == sorted(ranks) and ranks[0] == 1


def test_group_ranking_uses_ranks_within_the_group(store: Store, view: RankingView) -> None:
    combo = view.findChild(QComboBox, "groupCombo")
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())] == ["全部", "镇街", "区直部门", "村居"]
    for group in ("镇街", "区直部门"):
        combo.setCurrentText(group)
        members = sorted(
            (v for v in store.year_overview(2015) if v.unit.group == group),
            key=lambda v: (v.group_rank or 0, v.unit.display_order),
        )
        assert table_rows(view) == [(str(v.group_rank), v.unit.name, shown_grade(v)) for v in members]
    combo.setCurrentText("村居")  # no such units in the sample: an empty table, charts say so
    assert view.model().rowCount() == 0
    assert not view.rates_chart.has_data()
    view.rates_chart.grab()


def test_grade_counts_match_the_store(store: Store, view: RankingView) -> None:
    overview = store.year_overview(2015)
    overall = Counter(shown_grade(v) for v in overview)
    box = view.counts_box()
    for grade in GRADES:
        assert box.shown_count("全部", grade) == overall[grade]
        for group in ("镇街", "区直部门", "村居"):
            expected = sum(1 for v in overview if v.unit.group == group and shown_grade(v) == grade)
            assert box.shown_count(group, grade) == expected
    assert sum(box.shown_count("全部", grade) for grade in GRADES) == len(overview) == box.shown_count("全部", "合计")
    counts = grade_counts(overview, GRADES)
    assert counts["镇街"]["未评分"] == 0 and sum(counts["全部"].values()) == len(overview)


def test_selecting_a_unit_feeds_both_charts(qtbot: QtBot, store: Store, view: RankingView) -> None:
    unit = store.unit_by_name("上城街道")
    assert unit is not None
    with qtbot.waitSignal(view.unitSelected) as signal:
        assert view.select_unit(unit.id)
    assert signal.args == [unit.id]
    assert view.selected_unit_id() == unit.id
    this_year = store.unit_view(unit.id, 2015)
    groups = view.rates_chart.groups()
    assert [g.label for g in groups] == ["网上进驻率", "网上受理率", "网上办结率", "满意系数×100"]
    assert this_year.assessor_score is not None and this_year.self_score is not None
    assert groups[1].values == (this_year.self_score.rates["acceptance"], this_year.assessor_score.rates["acceptance"])
    assert groups[1].target == Decimal(80)
    assert groups[3].values[1] == this_year.assessor_score.rates["satisfaction_coefficient"] * 100
    assert groups[3].target is None
    points = view.trend_chart.points()
    assert [p.year for p in points] == store.years()
    for point in points:
        past = store.unit_view(unit.id, point.year)
        assert point.self_total == (past.self_score.total if past.self_score else None)
        assert point.assessor_total == (past.assessor_score.total if past.assessor_score else None)
    assert not view.grab().isNull()


def test_the_selection_survives_a_refresh_and_a_group_change(store: Store, view: RankingView) -> None:
    unit = store.unit_by_name("源南镇")
    assert unit is not None
    view.select_unit(unit.id)
    view.refresh()
    assert view.selected_unit_id() == unit.id
    view.set_group("镇街")
    assert view.selected_unit_id() == unit.id
    view.set_group("区直部门")  # the unit is not listed: the first row is chosen instead
    assert view.selected_unit_id() == view.model().row_at(0).view.unit.id
    view.set_year(2014)
    assert view.year() == 2014 and view.model().rowCount() > 0
    view.store = store  # what the main window does after opening another file
    assert view.year() is None and view.model().rowCount() == 0 and not view.rates_chart.has_data()
    view.set_year(2015)  # the chosen group stays
    assert view.model().rowCount() == sum(1 for v in store.year_overview(2015) if v.unit.group == "区直部门")


# -- charts on their own ----------------------------------------------------------------------------------------


def test_charts_paint_in_every_state(qtbot: QtBot) -> None:
    rules = rule_set()
    targets = default_targets(2015, rules)
    busy = Figures(40, 38, 1000, 760, 350, 10, 5, 2, 1, 3)
    idle = Figures(40, 40, 0, 0, 0, 0, 0, 0, 0, 0)  # no cases: acceptance and completion undefined
    rates = RatesChart()
    trend = TrendChart()
    for chart in (rates, trend):
        qtbot.addWidget(chart)
        chart.resize(520, 300)
        assert not chart.grab().isNull()  # empty: the prompt to choose a unit
    rates.set_unit("区民政局", score_unit(busy, targets, rules), score_unit(idle, targets, rules), targets)
    assert rates.groups()[1].values[1] is None
    assert not rates.grab().isNull()
    rates.set_unit("区民政局", None, None, targets)
    assert not rates.has_data()
    rates.grab()
    trend.set_series(
        "区民政局",
        [
            YearTotals(2014, Decimal("99.64"), None),
            YearTotals(2015, None, Decimal("41.25")),
            YearTotals(2016, None, None),
        ],
        [("优秀", Decimal(90)), ("良好", Decimal(70)), ("合格", Decimal(60)), ("不合格", Decimal(0))],
    )
    assert trend.has_data()
    for size in ((360, 240), (900, 500), (200, 120)):  # below the minimum too: nothing may overlap or fail
        trend.resize(*size)
        rates.resize(*size)
        assert not trend.grab().isNull() and not rates.grab().isNull()
    trend.set_series("区民政局", [YearTotals(2014, Decimal("116.00"), Decimal("116.00"))])
    trend.grab()
    trend.clear()
    rates.clear()
    assert not trend.has_data() and not rates.has_data()
