"""The figures model on its own: Qt's model tester in every state, roles, flags and what setData accepts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoStack
from pytestqt.modeltest import ModelTester

from tests.worked_example import WORKED_EXAMPLE
from yc_desktop.core.figures import FIELD_LABELS, FIELD_NAMES
from yc_desktop.core.rules import RuleSet
from yc_desktop.core.targets import default_targets
from yc_desktop.ui.figures_model import (
    COLUMN_COUNT,
    PROBLEM_ROLE,
    REASON_COLUMN,
    REASON_PLACEHOLDER,
    SIDE_COLUMNS,
    FiguresModel,
    Side,
)
from yc_desktop.ui.figures_rows import evaluate_side, format_percent, readable_problem

pytestmark = pytest.mark.qt_log_level_fail("WARNING")


@pytest.fixture
def model(rules: RuleSet) -> FiguresModel:
    return FiguresModel(rules, default_targets(2014, rules), QUndoStack())


def cell(model: FiguresModel, field: str, column: int) -> QModelIndex:
    return model.index(FIELD_NAMES.index(field), column)


def test_model_passes_the_model_testers_in_every_state(qtmodeltester: ModelTester, model: FiguresModel) -> None:
    qtmodeltester.check(model)  # Qt's C++ QAbstractItemModelTester: failures are Qt warnings, which fail here
    qtmodeltester.check(model, force_py=True)
    model.load_figures(Side.SELF, WORKED_EXAMPLE)
    model.load_figures(Side.ASSESSOR, {**WORKED_EXAMPLE, "cases_online_accepted": 1200, "complaints": None})
    model.load_reasons({"cases_online_accepted": "核减"})
    model.set_side_editable(Side.SELF, False)
    model.set_side_visible(Side.ASSESSOR, False)
    model.set_side_visible(Side.ASSESSOR, True)
    qtmodeltester.check(model, force_py=True)


def test_shape_and_headers(model: FiguresModel) -> None:
    assert model.rowCount() == 20
    assert model.columnCount() == COLUMN_COUNT
    headers = [model.headerData(column, Qt.Orientation.Horizontal) for column in range(COLUMN_COUNT)]
    assert headers == ["自评", "考核", "差异说明"]
    labels = [model.headerData(row, Qt.Orientation.Vertical) for row in range(model.rowCount())]
    assert labels[:10] == [FIELD_LABELS[field] for field in FIELD_NAMES]
    assert labels[10:] == [
        "网上进驻率",
        "网上受理率",
        "网上办结率",
        "满意程度系数",
        "网上进驻率得分",
        "网上受理率得分",
        "网上办结率得分",
        "群众满意率得分",
        "合计",
        "等级",
    ]


def test_counts_show_grouped_and_edit_as_ints(model: FiguresModel) -> None:
    model.load_figures(Side.SELF, {**WORKED_EXAMPLE, "cases_total": 1234567})
    index = cell(model, "cases_total", SIDE_COLUMNS[Side.SELF])
    assert index.data() == "1,234,567"
    assert index.data(Qt.ItemDataRole.EditRole) == 1234567
    assert cell(model, "cases_total", SIDE_COLUMNS[Side.ASSESSOR]).data() == ""


def test_set_data_accepts_counts_and_refuses_anything_else(model: FiguresModel) -> None:
    index = cell(model, "cases_total", SIDE_COLUMNS[Side.SELF])
    assert model.setData(index, "1,000")
    assert model.value(Side.SELF, "cases_total") == 1000
    assert model.setData(index, "")
    assert model.value(Side.SELF, "cases_total") is None
    for bad in (-1, 2.5, True, "12a", "-3"):
        assert not model.setData(index, bad)
    assert not model.setData(model.index(15, 0), 3)  # a computed row
    assert not model.setData(index, 5, Qt.ItemDataRole.DisplayRole)


def test_too_large_a_count_is_the_cores_call(model: FiguresModel) -> None:
    model.setData(cell(model, "cases_total", 0), 10**13)
    problem = cell(model, "cases_total", 0).data(PROBLEM_ROLE)
    assert problem is not None and "过大" in problem


def test_reason_cell_only_for_a_difference_with_placeholder(model: FiguresModel) -> None:
    model.load_figures(Side.SELF, WORKED_EXAMPLE)
    model.load_figures(Side.ASSESSOR, {**WORKED_EXAMPLE, "complaints": 4})
    differing = cell(model, "complaints", REASON_COLUMN)
    same = cell(model, "cases_total", REASON_COLUMN)
    assert differing.flags() & Qt.ItemFlag.ItemIsEditable
    assert not same.flags() & Qt.ItemFlag.ItemIsEditable
    assert differing.data() == REASON_PLACEHOLDER
    assert differing.data(Qt.ItemDataRole.EditRole) == ""
    assert model.setData(differing, "  多计 1 件 ")
    assert differing.data() == "多计 1 件"
    model.load_figures(Side.ASSESSOR, WORKED_EXAMPLE)  # no longer differs: the reason is not shown
    assert differing.data() == ""


def test_evaluation_checks_entered_fields_only_until_all_are_there(rules: RuleSet) -> None:
    targets = default_targets(2014, rules)
    partial = dict.fromkeys(FIELD_NAMES) | {"cases_total": 10, "cases_online_accepted": 20}
    result = evaluate_side(partial, targets, rules)
    assert result.problems == () and result.score is None and len(result.missing) == 8
    complete = {**WORKED_EXAMPLE, "cases_online_accepted": 2000}
    result = evaluate_side(complete, targets, rules)
    assert [p.field for p in result.problems] == ["cases_online_accepted"]


def test_helpers_for_people() -> None:
    from fractions import Fraction

    assert readable_problem("总业务量(cases_total)必须是整数") == "总业务量必须是整数"
    assert format_percent(Fraction(90)) == "90%"
    assert format_percent(Fraction(145, 2)) == "72.5%"
