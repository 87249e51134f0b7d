from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from yc_desktop.core.ranking import competition_ranks, group_ranks


def test_ties_share_and_skip() -> None:
    totals = [Decimal(x) for x in ("80.00", "99.64", "80.00", "41.25", "80")]
    assert competition_ranks(totals) == [2, 1, 2, 5, 2]


def test_group_ranks() -> None:
    totals = [Decimal(x) for x in ("50", "90", "70", "90", "10")]
    groups = ["镇街", "区直部门", "镇街", "镇街", "区直部门"]
    assert group_ranks(totals, groups) == [3, 1, 2, 1, 2]


def test_empty() -> None:
    assert competition_ranks([]) == []


@given(st.lists(st.decimals(min_value=0, max_value=116, places=2), max_size=40))
def test_rank_is_one_plus_count_strictly_higher(totals: list[Decimal]) -> None:
    ranks = competition_ranks(totals)
    for total, rank in zip(totals, ranks, strict=True):
        assert rank == 1 + sum(1 for other in totals if other > total)
