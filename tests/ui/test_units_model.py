"""The overview model and proxy: Qt's model tester, formatting, marks, sorting and filtering."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from yc_desktop.store.sample import create_sample_database
from yc_desktop.store.service import Store, UnitYearView
from yc_desktop.ui.units_model import (
    ASSESSOR_TOTAL,
    DIFFERENCE,
    GRADE,
    NAME,
    RANK,
    SORT_ROLE,
    UnitsFilterProxy,
    UnitsTableModel,
)


@pytest.fixture(scope="module")
def sample_views(tmp_path_factory: pytest.TempPathFactory) -> list[UnitYearView]:
    path = create_sample_database(Path(tmp_path_factory.mktemp("sample")) / "示例数据.db")
    with Store(path) as store:
        return store.year_overview(2015)


def test_models_pass_qt_model_tester(qtmodeltester: ModelTester, sample_views: list[UnitYearView]) -> None:
    model = UnitsTableModel()
    model.set_rows(sample_views)
    qtmodeltester.check(model)
    proxy = UnitsFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_group("镇街")
    proxy.sort(ASSESSOR_TOTAL, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)


def test_cells_show_the_store_results(sample_views: list[UnitYearView]) -> None:
    model = UnitsTableModel()
    model.set_rows(sample_views)
    assert model.rowCount() == len(sample_views)
    for row, view in enumerate(sample_views):
        score = view.assessor_score or view.self_score
        assert score is not None
        assert model.data(model.index(row, NAME)) == view.unit.name
        assert model.data(model.index(row, GRADE)) == score.grade
        assert model.data(model.index(row, RANK)) == str(view.rank)
        if view.assessor_score is None:
            assert model.data(model.index(row, ASSESSOR_TOTAL)) == "—"


def test_large_differences_are_marked(sample_views: list[UnitYearView]) -> None:
    model = UnitsTableModel()
    model.set_rows(sample_views)
    marked = [
        r for r in range(model.rowCount()) if model.data(model.index(r, DIFFERENCE), Qt.ItemDataRole.ForegroundRole)
    ]
    model.set_margin(model.margin * 0 + 1000)
    assert not any(
        model.data(model.index(r, DIFFERENCE), Qt.ItemDataRole.ForegroundRole) for r in range(model.rowCount())
    )
    model.set_margin(model.margin * 0)
    again = [
        r for r in range(model.rowCount()) if model.data(model.index(r, DIFFERENCE), Qt.ItemDataRole.ForegroundRole)
    ]
    assert set(marked) <= set(again)
    assert again, "the sample has units whose 考核 differs from 自评"


def test_sort_by_total_is_exact_and_filters_combine(sample_views: list[UnitYearView]) -> None:
    model = UnitsTableModel()
    model.set_rows(sample_views)
    proxy = UnitsFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(RANK, Qt.SortOrder.AscendingOrder)
    ranks = [proxy.data(proxy.index(r, RANK), SORT_ROLE) for r in range(proxy.rowCount())]
    assert ranks == sorted(ranks)
    proxy.set_group("区直部门")
    assert proxy.rowCount() == sum(1 for v in sample_views if v.unit.group == "区直部门")
    proxy.set_text("区监察")
    assert proxy.rowCount() == 1
    assert proxy.data(proxy.index(0, NAME)) == "区监察局"
    proxy.set_group(None)
    proxy.set_text("")
    assert proxy.rowCount() == len(sample_views)
