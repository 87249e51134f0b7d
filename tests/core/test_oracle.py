"""The fast integer-ratio core agrees with the plain Fraction reading (reference_scoring.py) on everything:
random figures, targets and rule sets, to the last printed digit."""

from dataclasses import replace
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from tests.core.helpers import RULES
from tests.core.reference_scoring import reference_score
from tests.core.test_properties import targets_strategy, valid_figures
from yc_desktop.core.figures import Figures
from yc_desktop.core.rules import RateItemRule, RuleSet
from yc_desktop.core.scoring import _compute_score
from yc_desktop.core.targets import Targets

fractions_0_1 = st.fractions(min_value=0, max_value=1, max_denominator=20)
small = st.fractions(min_value=0, max_value=20, max_denominator=10)


@st.composite
def rate_rules(draw: st.DrawFn, base: RateItemRule) -> RateItemRule:
    return replace(
        base,
        weight=draw(st.fractions(min_value=0, max_value=60, max_denominator=4)),
        bonus_step=draw(small),
        bonus_cap=draw(small),
        below_target_factor=draw(fractions_0_1),
    )


@st.composite
def rule_sets(draw: st.DrawFn) -> RuleSet:
    satisfaction = replace(
        RULES.satisfaction,
        weight=draw(st.fractions(min_value=0, max_value=20, max_denominator=4)),
        no_evaluation_index=draw(fractions_0_1),
        sms_weights={key: draw(fractions_0_1) for key in RULES.satisfaction.sms_weights},
    )
    return replace(
        RULES,
        items={key: draw(rate_rules(rule)) for key, rule in RULES.items.items()},
        satisfaction=satisfaction,
        score_places=draw(st.integers(min_value=0, max_value=4)),
        rate_places=draw(st.integers(min_value=0, max_value=4)),
        coefficient_places=draw(st.integers(min_value=0, max_value=6)),
    )


def agree(fig: Figures, targets: Targets, rules: RuleSet) -> None:
    fast, slow = _compute_score(fig, targets, rules), reference_score(fig, targets, rules)
    assert (fast.rates, fast.scores, fast.total, fast.grade, fast.warnings) == (
        slow.rates,
        slow.scores,
        slow.total,
        slow.grade,
        slow.warnings,
    )
    assert all(str(fast.scores[k]) == str(slow.scores[k]) for k in fast.scores)  # same printed digits


@given(valid_figures(), targets_strategy)
def test_agrees_with_the_reference_on_the_shipped_rules(fig: Figures, targets: Targets) -> None:
    agree(fig, targets, RULES)


@given(valid_figures(), targets_strategy, rule_sets())
def test_agrees_with_the_reference_on_any_rule_set(fig: Figures, targets: Targets, rules: RuleSet) -> None:
    agree(fig, targets, rules)


def test_agrees_at_the_boundaries() -> None:
    for accepted in (0, 1, 699, 700, 749, 750, 1000):
        for completed in (0, 299, 300, 400):
            fig = Figures(40, 36, 1000, accepted, min(completed, accepted), 1, 0, 0, 1, 5)
            for t in (
                Targets(Fraction(90), Fraction(70), Fraction(30)),
                Targets(Fraction(0), Fraction(0), Fraction(0)),
            ):
                agree(fig, t, RULES)
