"""Annual targets (标准值) in percent: defaults by year from the rule set, and per-unit overrides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from yc_desktop.core.rules import RATE_ITEMS, RuleSet

TARGET_LABELS: dict[str, str] = {
    "onboarding": "网上进驻率目标",
    "acceptance": "网上受理率目标",
    "completion": "网上办结率目标",
}


class TargetError(ValueError):
    """A target that is not a number in [0, 100]; `field` is the rate key, the message Chinese."""

    def __init__(self, field: str, message_zh: str) -> None:
        super().__init__(message_zh)
        self.field = field
        self.message_zh = message_zh


@dataclass(frozen=True, slots=True)
class Targets:
    """Targets in percent, exact."""

    onboarding: Fraction
    acceptance: Fraction
    completion: Fraction

    def get(self, item: str) -> Fraction:
        value: Fraction = getattr(self, item)
        return value

    def as_dict(self) -> dict[str, Fraction]:
        return {item: self.get(item) for item in RATE_ITEMS}


def default_targets(year: int, rules: RuleSet) -> Targets:
    """The year's default targets: base-year values plus the yearly increase, capped.

    Years before the rule set's base year get the base-year values (the notice sets nothing earlier).
    """
    defaults = rules.targets
    years_on = max(0, year - defaults.base_year)
    values = {
        item: min(defaults.cap, defaults.base[item] + defaults.yearly_increase[item] * years_on) for item in RATE_ITEMS
    }
    return Targets(**values)


def exact_target(field: str, value: object) -> Fraction:
    """One target value as an exact Fraction in [0, 100]; floats are refused so none slips onto the path."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, Fraction)):
        raise TargetError(field, f"{TARGET_LABELS.get(field, field)}必须是数字,收到的是 {value!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise TargetError(field, f"{TARGET_LABELS.get(field, field)}必须是有限的数字")
    exact = Fraction(value)
    if not 0 <= exact <= 100:
        raise TargetError(field, f"{TARGET_LABELS.get(field, field)}必须在 0 到 100 之间(收到 {value})")
    return exact


def with_overrides(base: Targets, overrides: Mapping[str, object]) -> Targets:
    """`base` with some targets replaced (a partial mapping); unknown keys are refused."""
    for key in overrides:
        if key not in RATE_ITEMS:
            raise TargetError(str(key), f"未知的目标项「{key}」,应为 onboarding、acceptance 或 completion")
    changes = {key: exact_target(key, value) for key, value in overrides.items()}
    return replace(base, **changes)
