"""Rule sets: every number of the scoring form as versioned data.

A rule set is parsed from TOML text with decimals read exactly (``parse_float=Decimal``), then checked as a
whole; a malformed file is refused with a Chinese message naming the file and the key. Reading the files
from disk is the caller's business (`yc_desktop.resources`), so this module stays pure.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

RATE_ITEMS: tuple[str, ...] = ("onboarding", "acceptance", "completion")
SMS_KEYS: tuple[str, ...] = ("very_satisfied", "satisfied", "basically_satisfied", "unsatisfied")


class RuleSetError(ValueError):
    """A rule file that cannot be used; the message is Chinese and names the file and key."""


@dataclass(frozen=True, slots=True)
class RateItemRule:
    label: str
    weight: Fraction
    bonus_step: Fraction  # 0 means no bonus
    bonus_cap: Fraction
    below_target_factor: Fraction
    criteria: str


@dataclass(frozen=True, slots=True)
class SatisfactionRule:
    label: str
    weight: Fraction
    no_evaluation_index: Fraction
    sms_weights: dict[str, Fraction]
    criteria: str


@dataclass(frozen=True, slots=True)
class Grade:
    name: str
    min_total: Fraction


@dataclass(frozen=True, slots=True)
class TargetDefaults:
    base_year: int
    cap: Fraction
    base: dict[str, Fraction]
    yearly_increase: dict[str, Fraction]


@dataclass(frozen=True, slots=True)
class RuleSet:
    name: str
    title: str
    note: str
    score_places: int
    rate_places: int
    coefficient_places: int
    items: dict[str, RateItemRule]
    satisfaction: SatisfactionRule
    grades: tuple[Grade, ...]  # highest threshold first
    targets: TargetDefaults
    completed_within_accepted: bool

    @property
    def max_total(self) -> Fraction:
        return sum((item.weight + item.bonus_cap for item in self.items.values()), self.satisfaction.weight)

    def grade_for(self, total: Fraction | Decimal) -> str:
        value = Fraction(total)
        for grade in self.grades:
            if value >= grade.min_total:
                return grade.name
        return self.grades[-1].name


class _Reader:
    """Typed access to one table of the parsed TOML, raising RuleSetError with the dotted key."""

    def __init__(self, origin: str, table: Any, path: str = "") -> None:
        self.origin = origin
        self.path = path
        if not isinstance(table, dict):
            self.fail(path or "(根)", "应为一个表")
        self.table: dict[str, Any] = table

    def fail(self, key: str, reason: str) -> Any:
        raise RuleSetError(f"规则文件「{self.origin}」中 {key} {reason}")

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def raw(self, name: str) -> Any:
        if name not in self.table:
            self.fail(self.key(name), "缺失")
        return self.table[name]

    def text(self, name: str) -> str:
        value = self.raw(name)
        if not isinstance(value, str) or not value.strip():
            self.fail(self.key(name), "应为非空文字")
        return str(value)

    def integer(self, name: str, low: int, high: int) -> int:
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(self.key(name), f"应为 {low} 到 {high} 之间的整数")
        return int(value)

    def number(self, name: str, low: Fraction, high: Fraction) -> Fraction:
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.fail(self.key(name), "应为数字")
        if isinstance(value, Decimal) and not value.is_finite():
            self.fail(self.key(name), "应为有限的数字")
        exact = Fraction(value)
        if not low <= exact <= high:
            self.fail(self.key(name), f"应在 {low} 到 {high} 之间")
        return exact

    def boolean(self, name: str) -> bool:
        value = self.raw(name)
        if not isinstance(value, bool):
            self.fail(self.key(name), "应为 true 或 false")
        return bool(value)

    def sub(self, name: str) -> _Reader:
        return _Reader(self.origin, self.raw(name), self.key(name))


_HUNDRED = Fraction(100)
_ZERO = Fraction(0)
_ONE = Fraction(1)


def _rate_item(reader: _Reader) -> RateItemRule:
    return RateItemRule(
        label=reader.text("label"),
        weight=reader.number("weight", _ZERO, _HUNDRED),
        bonus_step=reader.number("bonus_step", _ZERO, _HUNDRED),
        bonus_cap=reader.number("bonus_cap", _ZERO, _HUNDRED),
        below_target_factor=reader.number("below_target_factor", _ZERO, _ONE),
        criteria=reader.text("criteria"),
    )


def _grades(reader: _Reader) -> tuple[Grade, ...]:
    raw = reader.raw("grades")
    if not isinstance(raw, list) or not raw:
        reader.fail("grades", "应为至少一项的列表")
    grades = []
    for index, entry in enumerate(raw):
        item = _Reader(reader.origin, entry, f"grades[{index}]")
        grades.append(Grade(item.text("name"), item.number("min_total", _ZERO, Fraction(1000))))
    thresholds = [g.min_total for g in grades]
    if thresholds != sorted(thresholds, reverse=True) or len(set(thresholds)) != len(thresholds):
        reader.fail("grades", "的分数线应从高到低排列且互不相同")
    if thresholds[-1] != 0:
        reader.fail("grades", "的最后一档分数线应为 0,使每个总分都有等级")
    return tuple(grades)


def _targets(reader: _Reader) -> TargetDefaults:
    cap = reader.number("cap", _ZERO, _HUNDRED)
    base_reader = reader.sub("base")
    step_reader = reader.sub("yearly_increase")
    return TargetDefaults(
        base_year=reader.integer("base_year", 1990, 2200),
        cap=cap,
        base={item: base_reader.number(item, _ZERO, _HUNDRED) for item in RATE_ITEMS},
        yearly_increase={item: step_reader.number(item, _ZERO, _HUNDRED) for item in RATE_ITEMS},
    )


def parse_rule_set(text: str, origin: str) -> RuleSet:
    """The rule set in `text` (TOML), or RuleSetError naming `origin` and the offending key."""
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(f"规则文件「{origin}」格式错误:{exc}") from exc
    root = _Reader(origin, data)
    rounding = root.sub("rounding")
    items = root.sub("items")
    satisfaction = root.sub("satisfaction")
    sms = satisfaction.sub("sms_weights")
    decisions = root.sub("decisions")
    return RuleSet(
        name=root.text("name"),
        title=root.text("title"),
        note=root.text("note"),
        score_places=rounding.integer("score_places", 0, 6),
        rate_places=rounding.integer("rate_places", 0, 6),
        coefficient_places=rounding.integer("coefficient_places", 0, 8),
        items={name: _rate_item(items.sub(name)) for name in RATE_ITEMS},
        satisfaction=SatisfactionRule(
            label=satisfaction.text("label"),
            weight=satisfaction.number("weight", _ZERO, _HUNDRED),
            no_evaluation_index=satisfaction.number("no_evaluation_index", _ZERO, _ONE),
            sms_weights={key: sms.number(key, _ZERO, _ONE) for key in SMS_KEYS},
            criteria=satisfaction.text("criteria"),
        ),
        grades=_grades(root),
        targets=_targets(root.sub("targets")),
        completed_within_accepted=decisions.boolean("completed_within_accepted"),
    )
