"""Properties that must hold for every valid input, and refusal of every invalid one."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.core.helpers import RULES
from yc_desktop.core.figures import FIELD_NAMES, FigureError, Figures, check_figures, figures_from_mapping
from yc_desktop.core.scoring import score_unit
from yc_desktop.core.targets import Targets

counts = st.integers(min_value=0, max_value=5000)
target_values = st.fractions(min_value=0, max_value=100, max_denominator=100)


@st.composite
def valid_figures(draw: st.DrawFn) -> Figures:
    required = draw(st.integers(min_value=1, max_value=500))
    total = draw(counts)
    accepted = draw(st.integers(min_value=0, max_value=total))
    return Figures(
        items_required=required,
        items_onboarded=draw(st.integers(min_value=0, max_value=required)),
        cases_total=total,
        cases_online_accepted=accepted,
        cases_online_completed=draw(st.integers(min_value=0, max_value=accepted)),
        sms_very_satisfied=draw(counts),
        sms_satisfied=draw(counts),
        sms_basically_satisfied=draw(counts),
        sms_unsatisfied=draw(counts),
        complaints=draw(st.integers(min_value=0, max_value=total)),
    )


targets_strategy = st.builds(Targets, target_values, target_values, target_values)


@given(valid_figures(), targets_strategy)
def test_scores_within_bounds_and_total_adds_up(fig: Figures, targets: Targets) -> None:
    result = score_unit(fig, targets, RULES)
    assert 0 <= result.total <= 116
    assert result.total == sum(result.scores.values())
    limits = {"onboarding": 10, "acceptance": 43, "completion": 53, "satisfaction": 10}
    for item, value in result.scores.items():
        assert 0 <= value <= limits[item]
        assert value == value.quantize(Decimal("0.01"))
    assert result.grade == RULES.grade_for(result.total)


@given(valid_figures(), targets_strategy)
def test_bonus_never_above_cap(fig: Figures, targets: Targets) -> None:
    result = score_unit(fig, targets, RULES)
    assert result.scores["acceptance"] - 35 <= 8
    assert result.scores["completion"] - 45 <= 8


@given(valid_figures(), targets_strategy, st.integers(min_value=1, max_value=100))
def test_more_online_accepted_never_lowers_score(fig: Figures, targets: Targets, extra: int) -> None:
    assume(fig.cases_online_accepted + extra <= fig.cases_total)
    before = score_unit(fig, targets, RULES)
    more = Figures(**{**fig.as_dict(), "cases_online_accepted": fig.cases_online_accepted + extra})
    after = score_unit(more, targets, RULES)
    assert after.scores["acceptance"] >= before.scores["acceptance"]
    assert after.total >= before.total


@given(valid_figures(), targets_strategy, st.integers(min_value=1, max_value=100))
def test_more_online_completed_never_lowers_score(fig: Figures, targets: Targets, extra: int) -> None:
    assume(fig.cases_online_completed + extra <= fig.cases_online_accepted)
    before = score_unit(fig, targets, RULES)
    more = Figures(**{**fig.as_dict(), "cases_online_completed": fig.cases_online_completed + extra})
    after = score_unit(more, targets, RULES)
    assert after.scores["completion"] >= before.scores["completion"]
    assert after.total >= before.total


@given(valid_figures(), targets_strategy, st.integers(min_value=1, max_value=50))
def test_more_onboarded_never_lowers_score(fig: Figures, targets: Targets, extra: int) -> None:
    assume(fig.items_onboarded + extra <= fig.items_required)
    before = score_unit(fig, targets, RULES)
    after = score_unit(Figures(**{**fig.as_dict(), "items_onboarded": fig.items_onboarded + extra}), targets, RULES)
    assert after.total >= before.total


@given(valid_figures())
def test_valid_figures_pass_validation(fig: Figures) -> None:
    assert check_figures(fig.as_dict()) == []


bad_values = st.one_of(
    st.integers(max_value=-1),
    st.booleans(),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.none(),
    st.decimals(allow_nan=False, allow_infinity=False, places=1).filter(lambda d: d != d.to_integral_value()),
    st.lists(st.integers(), max_size=2),
)


@given(valid_figures(), st.sampled_from(FIELD_NAMES), bad_values)
def test_every_wrongly_typed_or_negative_field_is_refused(fig: Figures, field: str, value: object) -> None:
    raw: dict[str, object] = {**fig.as_dict(), field: value}
    problems = check_figures(raw)
    assert problems and problems[0].field == field
    with pytest.raises(FigureError) as info:
        figures_from_mapping(raw, unit="测试单位")
    assert info.value.field == field
    assert info.value.unit == "测试单位"


@given(valid_figures(), st.sampled_from(FIELD_NAMES))
def test_missing_field_is_refused(fig: Figures, field: str) -> None:
    raw = fig.as_dict()
    del raw[field]
    assert [p.field for p in check_figures(raw)] == [field]


@given(valid_figures(), st.integers(min_value=1, max_value=1000))
def test_impossible_counts_are_refused(fig: Figures, over: int) -> None:
    d = fig.as_dict()
    cases = [
        ({"items_onboarded": d["items_required"] + over}, "items_onboarded"),
        ({"cases_online_accepted": d["cases_total"] + over}, "cases_online_accepted"),
        ({"cases_online_completed": d["cases_online_accepted"] + over}, "cases_online_completed"),
        ({"complaints": d["cases_total"] + over}, "complaints"),
        ({"items_required": 0, "items_onboarded": 0}, "items_required"),
    ]
    for change, field in cases:
        fields = [p.field for p in check_figures({**d, **change})]
        assert field in fields


def test_decimal_targets_stay_exact() -> None:
    # 72.5 % target, 77.5 % rate: exactly one step
    fig = Figures(40, 40, 1000, 775, 300, 0, 0, 0, 0, 0)
    result = score_unit(fig, Targets(Fraction(90), Fraction("72.5"), Fraction(30)), RULES)
    assert result.scores["acceptance"] == Decimal("36.00")
