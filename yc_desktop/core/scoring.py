"""The four item scores, total and grade of one unit — exact until the printed rounding.

Every quantity is an exact ratio of integers until it is rounded half-up for the form; the total is the sum of
the rounded item scores so that the printed column adds up. The formulas are SCORING.md's, written over integer
numerators and denominators rather than Fraction objects (whose normalisation made a 10,000-unit year slow to
load); tests/core/reference_scoring.py keeps the plain Fraction reading and the two are checked to agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from yc_desktop.core.figures import Figures
from yc_desktop.core.rounding import round_ratio_half_up, rounded_units, units_to_decimal
from yc_desktop.core.rules import RATE_ITEMS, SMS_KEYS, RateItemRule, RuleSet
from yc_desktop.core.targets import Targets

NO_CASES_WARNING = "无业务量"
ITEM_KEYS: tuple[str, ...] = (*RATE_ITEMS, "satisfaction")
Ratio = tuple[int, int]  # (numerator, denominator > 0)


@dataclass(frozen=True, slots=True)
class UnitScore:
    """What the form shows for one unit: rounded rates, rounded item scores, total, grade, warnings."""

    rates: dict[str, Decimal | None]  # onboarding/acceptance/completion in percent, satisfaction_coefficient
    scores: dict[str, Decimal]  # onboarding/acceptance/completion/satisfaction
    total: Decimal
    grade: str
    warnings: tuple[str, ...]


def _ratio(value: Fraction) -> Ratio:
    return value.numerator, value.denominator


@dataclass(frozen=True, slots=True)
class _RateItemInts:
    weight: Ratio
    step: Ratio | None  # None: no bonus
    cap: Ratio
    below_factor: Ratio

    @classmethod
    def of(cls, rule: RateItemRule) -> _RateItemInts:
        has_bonus = rule.bonus_step > 0 and rule.bonus_cap > 0
        return cls(
            _ratio(rule.weight),
            _ratio(rule.bonus_step) if has_bonus else None,
            _ratio(rule.bonus_cap),
            _ratio(rule.below_target_factor),
        )


@dataclass(frozen=True, slots=True)
class _CompiledRules:
    """A rule set's numbers as integer ratios, made once per rule set: scoring then never builds a Fraction."""

    items: dict[str, _RateItemInts]
    satisfaction_weight: Ratio
    no_evaluation_index: Ratio
    sms_numerators: tuple[int, ...]  # the SMS weights over one common denominator, in SMS_KEYS order
    sms_denominator: int
    grades: tuple[tuple[str, int, int], ...]  # (name, threshold numerator, denominator), highest first

    @classmethod
    def of(cls, rules: RuleSet) -> _CompiledRules:
        weights = [rules.satisfaction.sms_weights[key] for key in SMS_KEYS]
        common = math.lcm(*(w.denominator for w in weights))
        return cls(
            items={key: _RateItemInts.of(rule) for key, rule in rules.items.items()},
            satisfaction_weight=_ratio(rules.satisfaction.weight),
            no_evaluation_index=_ratio(rules.satisfaction.no_evaluation_index),
            sms_numerators=tuple(w.numerator * (common // w.denominator) for w in weights),
            sms_denominator=common,
            grades=tuple((g.name, g.min_total.numerator, g.min_total.denominator) for g in rules.grades),
        )

    def grade_for(self, total: Decimal) -> str:
        numerator, denominator = total.as_integer_ratio()
        for name, grade_n, grade_d in self.grades:
            if numerator * grade_d >= grade_n * denominator:
                return name
        return self.grades[-1][0]


_COMPILED: dict[int, tuple[RuleSet, _CompiledRules]] = {}


def _compiled(rules: RuleSet) -> _CompiledRules:
    cached = _COMPILED.get(id(rules))
    if cached is None or cached[0] is not rules:  # identity check: an id may be reused after a rule set is freed
        cached = (rules, _CompiledRules.of(rules))
        _COMPILED[id(rules)] = cached
    return cached[1]


def rate_item_ratio(part: int, whole: int, target: Fraction, rule: _RateItemInts) -> Ratio:
    """Score of a rate item as an exact ratio. Rate r = 100·part/whole percent, target t.

    r ≥ t → weight + min(cap, ⌊(r − t)/step⌋);  r < t → weight · (r/t) · below_target_factor;
    no cases (whole = 0) → 0; a target of 0 is always met.
    """
    if whole == 0:
        return 0, 1
    tn, td = target.numerator, target.denominator
    rate_side, target_side = 100 * part * td, tn * whole  # r ≥ t  ⇔  100·part·td ≥ tn·whole
    wn, wd = rule.weight
    if rate_side >= target_side:
        if rule.step is None:
            return wn, wd
        sn, sd = rule.step
        steps = (rate_side - target_side) * sd // (whole * td * sn)  # ⌊(r − t)/step⌋, whole steps only
        cn, cd = rule.cap
        bn, bd = (steps, 1) if steps * cd < cn else (cn, cd)  # min(cap, steps)
        return wn * bd + bn * wd, wd * bd
    fn, fd = rule.below_factor
    return wn * rate_side * fn, wd * target_side * fd  # r/t = rate_side/target_side


def satisfaction_coefficient_ratio(figures: Figures, rules: _CompiledRules) -> Ratio:
    """满意程度系数 = 短信评价指数 × (1 − complaints/cases); the index is 0.6 (rule set) without evaluations,
    and the complaint ratio 0 without cases."""
    counts = (
        figures.sms_very_satisfied,
        figures.sms_satisfied,
        figures.sms_basically_satisfied,
        figures.sms_unsatisfied,
    )
    evaluations = sum(counts)
    if evaluations == 0:
        index_n, index_d = rules.no_evaluation_index
    else:
        index_n = sum(c * w for c, w in zip(counts, rules.sms_numerators, strict=True))
        index_d = rules.sms_denominator * evaluations
    if figures.cases_total == 0:
        return index_n, index_d
    return index_n * (figures.cases_total - figures.complaints), index_d * figures.cases_total


def score_unit(figures: Figures, targets: Targets, rules: RuleSet) -> UnitScore:
    """The unit's score. Memoised: figures and targets are immutable values and a rule set never changes once
    loaded, so after one edit only the edited unit is computed again when the whole year is re-ranked.
    """
    # Integers hash and compare far faster than Fractions: 10,000 lookups per re-rank.
    o, a, c = targets.onboarding, targets.acceptance, targets.completion
    key = (figures, o.numerator, o.denominator, a.numerator, a.denominator, c.numerator, c.denominator, id(rules))
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is rules:  # the identity check guards against a recycled id of a freed rule set
        return hit[1]
    score = _compute_score(figures, targets, rules)
    if len(_MEMO) >= _MEMO_LIMIT:
        _MEMO.clear()
    _MEMO[key] = (rules, score)
    return score


_MEMO: dict[tuple[object, ...], tuple[RuleSet, UnitScore]] = {}
_MEMO_LIMIT = 100_000


def _compute_score(figures: Figures, targets: Targets, rules: RuleSet) -> UnitScore:
    compiled = _compiled(rules)
    places = rules.score_places
    parts = {
        "onboarding": (figures.items_onboarded, figures.items_required),
        "acceptance": (figures.cases_online_accepted, figures.cases_total),
        "completion": (figures.cases_online_completed, figures.cases_total),
    }
    units: dict[str, int] = {}  # scores in 10^-places, so the total is an integer sum
    rates: dict[str, Decimal | None] = {}
    for item in RATE_ITEMS:
        part, whole = parts[item]
        units[item] = rounded_units(*rate_item_ratio(part, whole, targets.get(item), compiled.items[item]), places)
        rates[item] = None if whole == 0 else round_ratio_half_up(100 * part, whole, rules.rate_places)
    coefficient_n, coefficient_d = satisfaction_coefficient_ratio(figures, compiled)
    weight_n, weight_d = compiled.satisfaction_weight
    units["satisfaction"] = rounded_units(weight_n * coefficient_n, weight_d * coefficient_d, places)
    rates["satisfaction_coefficient"] = round_ratio_half_up(coefficient_n, coefficient_d, rules.coefficient_places)
    scores = {item: units_to_decimal(value, places) for item, value in units.items()}
    total = units_to_decimal(sum(units.values()), places)
    return UnitScore(
        rates=rates,
        scores=scores,
        total=total,
        grade=compiled.grade_for(total),
        warnings=(NO_CASES_WARNING,) if figures.cases_total == 0 else (),
    )
