"""The worked examples of SCORING.md and the boundaries of every rule, to the cent."""

from decimal import Decimal
from fractions import Fraction

import pytest

from tests.core.helpers import RULES, TARGETS_2014, figures
from yc_desktop.core.scoring import NO_CASES_WARNING, score_unit
from yc_desktop.core.targets import Targets


def D(text: str) -> Decimal:
    return Decimal(text)


def test_first_worked_example() -> None:
    result = score_unit(figures(), TARGETS_2014, RULES)
    assert result.rates == {
        "onboarding": D("95.00"),
        "acceptance": D("76.00"),
        "completion": D("35.00"),
        "satisfaction_coefficient": D("0.8641"),
    }
    assert result.scores == {
        "onboarding": D("10.00"),
        "acceptance": D("36.00"),
        "completion": D("45.00"),
        "satisfaction": D("8.64"),
    }
    assert result.total == D("99.64")
    assert result.grade == "优秀"
    assert result.warnings == ()


def test_second_worked_example() -> None:
    result = score_unit(
        figures(
            items_onboarded=36,
            cases_online_accepted=560,
            cases_online_completed=150,
            sms_very_satisfied=0,
            sms_satisfied=0,
            sms_basically_satisfied=0,
            sms_unsatisfied=0,
            complaints=0,
        ),
        TARGETS_2014,
        RULES,
    )
    assert result.scores == {
        "onboarding": D("10.00"),
        "acceptance": D("14.00"),
        "completion": D("11.25"),
        "satisfaction": D("6.00"),
    }
    assert result.total == D("41.25")
    assert result.grade == "不合格"


@pytest.mark.parametrize(
    ("onboarded", "expected"),
    [(36, "10.00"), (35, "0.00"), (40, "10.00"), (0, "0.00")],
)
def test_onboarding_is_all_or_nothing(onboarded: int, expected: str) -> None:
    assert score_unit(figures(items_onboarded=onboarded), TARGETS_2014, RULES).scores["onboarding"] == D(expected)


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [
        (700, "35.00"),  # exactly the target
        (699, "17.48"),  # one case under: 35 × 69.9/70 × 0.5 = 17.475 → half-up 17.48
        (749, "35.00"),  # 74.9 %: no whole step
        (750, "36.00"),  # exactly 5 points over (no float error may cost this point)
        (799, "36.00"),
        (800, "37.00"),
        (1000, "41.00"),  # 30 points over: 6 steps
        (0, "0.00"),
    ],
)
def test_acceptance_steps(accepted: int, expected: str) -> None:
    result = score_unit(figures(cases_online_accepted=accepted, cases_online_completed=0), TARGETS_2014, RULES)
    assert result.scores["acceptance"] == D(expected)


def test_acceptance_bonus_capped_at_eight() -> None:
    low_target = Targets(Fraction(90), Fraction(10), Fraction(30))
    # 100 % against 10 %: 90 points over = 18 steps, capped at 8
    result = score_unit(figures(cases_online_accepted=1000), low_target, RULES)
    assert result.scores["acceptance"] == D("43.00")
    # exactly 8 steps (50 %) and one step short of the cap
    assert score_unit(figures(cases_online_accepted=500), low_target, RULES).scores["acceptance"] == D("43.00")
    assert score_unit(figures(cases_online_accepted=499), low_target, RULES).scores["acceptance"] == D("42.00")


@pytest.mark.parametrize(
    ("completed", "expected"),
    [
        (300, "45.00"),
        (399, "45.00"),
        (400, "46.00"),  # exactly 10 points over
        (299, "22.43"),  # 45 × 29.9/30 × 0.5 = 22.425 → half-up 22.43 (banker's would give 22.42)
        (150, "11.25"),
        (0, "0.00"),
    ],
)
def test_completion_steps(completed: int, expected: str) -> None:
    result = score_unit(figures(cases_online_accepted=1000, cases_online_completed=completed), TARGETS_2014, RULES)
    assert result.scores["completion"] == D(expected)


def test_completion_bonus_cap() -> None:
    zero = Targets(Fraction(0), Fraction(0), Fraction(0))
    result = score_unit(figures(cases_online_accepted=1000, cases_online_completed=1000), zero, RULES)
    assert result.scores["completion"] == D("53.00")  # 10 steps → capped at 8
    assert result.scores["acceptance"] == D("43.00")
    assert result.scores["onboarding"] == D("10.00")


def test_target_zero_is_always_met() -> None:
    zero = Targets(Fraction(0), Fraction(0), Fraction(0))
    result = score_unit(figures(items_onboarded=0, cases_online_accepted=0, cases_online_completed=0), zero, RULES)
    assert result.scores["onboarding"] == D("10.00")
    assert result.scores["acceptance"] == D("35.00")
    assert result.scores["completion"] == D("45.00")


def test_no_cases_scores_zero_and_warns() -> None:
    result = score_unit(
        figures(cases_total=0, cases_online_accepted=0, cases_online_completed=0, complaints=0), TARGETS_2014, RULES
    )
    assert result.rates["acceptance"] is None
    assert result.rates["completion"] is None
    assert result.scores["acceptance"] == D("0.00")
    assert result.scores["completion"] == D("0.00")
    # complaint ratio 0: coefficient is the SMS index (10+4+1.2+0.4)/18 = 0.866666…
    assert result.rates["satisfaction_coefficient"] == D("0.8667")
    assert result.scores["satisfaction"] == D("8.67")
    assert result.warnings == (NO_CASES_WARNING,)


def test_no_cases_even_with_zero_targets_scores_zero() -> None:
    zero = Targets(Fraction(0), Fraction(0), Fraction(0))
    result = score_unit(
        figures(cases_total=0, cases_online_accepted=0, cases_online_completed=0, complaints=0), zero, RULES
    )
    assert result.scores["acceptance"] == D("0.00")


def test_no_sms_uses_index_point_six() -> None:
    result = score_unit(
        figures(sms_very_satisfied=0, sms_satisfied=0, sms_basically_satisfied=0, sms_unsatisfied=0, complaints=100),
        TARGETS_2014,
        RULES,
    )
    assert result.rates["satisfaction_coefficient"] == D("0.5400")  # 0.6 × 0.9
    assert result.scores["satisfaction"] == D("5.40")


def test_satisfaction_half_up_at_third_decimal() -> None:
    # 1 very + 1 unsatisfied: index 0.7; complaints 5/1000 → 0.7 × 0.995 = 0.6965 → score 6.965 → 6.97
    result = score_unit(
        figures(sms_very_satisfied=1, sms_satisfied=0, sms_basically_satisfied=0, sms_unsatisfied=1, complaints=5),
        TARGETS_2014,
        RULES,
    )
    assert result.rates["satisfaction_coefficient"] == D("0.6965")
    assert result.scores["satisfaction"] == D("6.97")


def test_all_unsatisfied_and_every_case_complained_scores_zero() -> None:
    result = score_unit(
        figures(sms_very_satisfied=0, sms_satisfied=0, sms_basically_satisfied=0, sms_unsatisfied=7, complaints=1000),
        TARGETS_2014,
        RULES,
    )
    assert result.scores["satisfaction"] == D("0.00")


def test_total_is_sum_of_rounded_items() -> None:
    # acceptance 17.475 → 17.48, completion 22.425 → 22.43: the exact sum 39.90 would print as 39.90,
    # but the form's column adds the printed figures.
    result = score_unit(figures(cases_online_accepted=699, cases_online_completed=299), TARGETS_2014, RULES)
    assert result.scores["acceptance"] + result.scores["completion"] == D("39.91")
    assert result.total == sum(result.scores.values())


@pytest.mark.parametrize(
    ("total_case", "grade"),
    [
        ("90.00", "优秀"),
        ("89.99", "良好"),
        ("70.00", "良好"),
        ("69.99", "合格"),
        ("60.00", "合格"),
        ("59.99", "不合格"),
        ("0.00", "不合格"),
        ("116.00", "优秀"),
    ],
)
def test_grade_thresholds(total_case: str, grade: str) -> None:
    assert RULES.grade_for(Decimal(total_case)) == grade


def test_maximum_is_116() -> None:
    assert RULES.max_total == 116


def test_rates_are_rounded_half_up_for_display() -> None:
    # 1/8 = 12.5 %… use 2/3 of items: 66.666… → 66.67; 1 accepted of 8 = 12.5 % exactly
    result = score_unit(
        figures(
            items_required=3,
            items_onboarded=2,
            cases_total=8,
            cases_online_accepted=1,
            cases_online_completed=1,
            complaints=0,
        ),
        TARGETS_2014,
        RULES,
    )
    assert result.rates["onboarding"] == D("66.67")
    assert result.rates["acceptance"] == D("12.50")
