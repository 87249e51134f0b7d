"""The straightforward Fraction reading of SCORING.md, kept as the oracle the fast core is checked against.

It is the first implementation of the core, verbatim: every value a Fraction, rounded only for the form.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from yc_desktop.core.figures import Figures
from yc_desktop.core.rules import RATE_ITEMS, RateItemRule, RuleSet
from yc_desktop.core.scoring import NO_CASES_WARNING
from yc_desktop.core.targets import Targets


def round_half_up(value: Fraction, places: int) -> Decimal:
    """The first, Fraction-only half-up rounding (independent of the core's integer version)."""
    scale = 10**places
    magnitude = math.floor(abs(value) * scale + Fraction(1, 2))
    signed = -magnitude if value < 0 else magnitude
    return Decimal(signed).scaleb(-places)


@dataclass(frozen=True, slots=True)
class ExactRates:
    onboarding: Fraction
    acceptance: Fraction | None
    completion: Fraction | None
    sms_index: Fraction
    satisfaction_coefficient: Fraction

    def rate(self, item: str) -> Fraction | None:
        value: Fraction | None = getattr(self, item)
        return value


@dataclass(frozen=True, slots=True)
class ReferenceScore:
    rates: dict[str, Decimal | None]
    scores: dict[str, Decimal]
    total: Decimal
    grade: str
    warnings: tuple[str, ...]


def percent(part: int, whole: int) -> Fraction | None:
    return None if whole == 0 else Fraction(100 * part, whole)


def exact_rates(figures: Figures, rules: RuleSet) -> ExactRates:
    sms_weights = rules.satisfaction.sms_weights
    if figures.sms_total == 0:
        sms_index = rules.satisfaction.no_evaluation_index
    else:
        weighted = (
            figures.sms_very_satisfied * sms_weights["very_satisfied"]
            + figures.sms_satisfied * sms_weights["satisfied"]
            + figures.sms_basically_satisfied * sms_weights["basically_satisfied"]
            + figures.sms_unsatisfied * sms_weights["unsatisfied"]
        )
        sms_index = weighted / figures.sms_total
    # No cases at all: nobody can have complained about one, so the complaint ratio is 0.
    complaint_ratio = Fraction(0) if figures.cases_total == 0 else Fraction(figures.complaints, figures.cases_total)
    onboarding = percent(figures.items_onboarded, figures.items_required)
    assert onboarding is not None  # items_required > 0 is part of validation
    return ExactRates(
        onboarding=onboarding,
        acceptance=percent(figures.cases_online_accepted, figures.cases_total),
        completion=percent(figures.cases_online_completed, figures.cases_total),
        sms_index=sms_index,
        satisfaction_coefficient=sms_index * (1 - complaint_ratio),
    )


def rate_item_score(rate: Fraction | None, target: Fraction, rule: RateItemRule) -> Fraction:
    """Score of a rate item: full weight plus whole-step bonus (capped) at or above target, else a share.

    An undefined rate (no cases) scores 0. A target of 0 is always met.
    """
    if rate is None:
        return Fraction(0)
    if rate >= target:
        bonus = Fraction(0)
        if rule.bonus_step > 0 and rule.bonus_cap > 0:
            bonus = min(rule.bonus_cap, Fraction(math.floor((rate - target) / rule.bonus_step)))
        return rule.weight + bonus
    return rule.weight * (rate / target) * rule.below_target_factor


def reference_score(figures: Figures, targets: Targets, rules: RuleSet) -> ReferenceScore:
    rates = exact_rates(figures, rules)
    exact_scores = {
        item: rate_item_score(rates.rate(item), targets.get(item), rules.items[item]) for item in RATE_ITEMS
    }
    exact_scores["satisfaction"] = rules.satisfaction.weight * rates.satisfaction_coefficient
    scores = {item: round_half_up(value, rules.score_places) for item, value in exact_scores.items()}
    total = sum(scores.values(), Decimal(0)).quantize(Decimal(1).scaleb(-rules.score_places))
    shown_rates: dict[str, Decimal | None] = {}
    for item in RATE_ITEMS:
        value = rates.rate(item)
        shown_rates[item] = None if value is None else round_half_up(value, rules.rate_places)
    shown_rates["satisfaction_coefficient"] = round_half_up(rates.satisfaction_coefficient, rules.coefficient_places)
    warnings = (NO_CASES_WARNING,) if figures.cases_total == 0 else ()
    return ReferenceScore(
        rates=shown_rates,
        scores=scores,
        total=total,
        grade=rules.grade_for(total),
        warnings=warnings,
    )
