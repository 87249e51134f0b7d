"""FormRecord and the ranking rule every export shares."""

from decimal import Decimal

import pytest

from tests.exchange.helpers import RULES, SECOND, STRONG, TARGETS_2014, WORKED, record
from yc_desktop.exchange.form_data import FormRecord, rank_records, ranking_order


def test_scores_come_from_the_core() -> None:
    unit = record()
    assert unit.self_score is not None and unit.assessor_score is not None
    assert [unit.self_score.scores[key] for key in ("onboarding", "acceptance", "completion", "satisfaction")] == [
        Decimal("10.00"),
        Decimal("36.00"),
        Decimal("45.00"),
        Decimal("8.64"),
    ]
    assert unit.self_score.total == Decimal("99.64") and unit.self_score.grade == "优秀"
    assert unit.assessor_score.total == Decimal("41.25") and unit.assessor_score.grade == "不合格"


def test_invalid_group_or_name_is_refused() -> None:
    with pytest.raises(ValueError, match="单位类别"):
        FormRecord("区民政局", "乡镇", 2014, RULES, TARGETS_2014)
    with pytest.raises(ValueError, match="单位名称"):
        FormRecord("  ", "镇街", 2014, RULES, TARGETS_2014)


def test_ranks_by_assessor_total_with_shared_places() -> None:
    records = [
        record("甲", "镇街", checked=SECOND),  # 41.25
        record("乙", "镇街", checked=WORKED),  # 99.64
        record("丙", "区直部门", checked=WORKED),  # 99.64
        record("丁", "区直部门", checked=STRONG),  # 101.00
    ]
    ranked = rank_records(records)
    assert [(r.unit_name, r.rank, r.group_rank) for r in ranked] == [
        ("甲", 4, 2),
        ("乙", 2, 1),
        ("丙", 2, 2),
        ("丁", 1, 1),
    ]
    assert [r.unit_name for r in ranking_order(records)] == ["丁", "乙", "丙", "甲"]


def test_self_total_stands_in_until_assessed_and_unscored_units_come_last() -> None:
    records = [
        record("未填", own=None, checked=None),
        record("仅自评", own=STRONG, checked=None),  # 101.00 by 自评
        record("已考核", own=STRONG, checked=WORKED),  # 99.64 by 考核, although its 自评 is higher
    ]
    ordered = ranking_order(records)
    assert [(r.unit_name, r.rank, r.ranking_side) for r in ordered] == [
        ("仅自评", 1, "自评"),
        ("已考核", 2, "考核"),
        ("未填", None, None),
    ]
