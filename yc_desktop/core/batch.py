"""The `yc-desktop score` contract: a batch of units as parsed JSON in, the scored batch as JSON-ready data out.

Parsing is all-or-nothing: the first problem raises BatchError naming the unit (by position and name) and
the field, and nothing is scored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from yc_desktop.core.figures import FIELD_NAMES, Figures, check_figures
from yc_desktop.core.ranking import competition_ranks, group_ranks
from yc_desktop.core.rules import RATE_ITEMS, RuleSet
from yc_desktop.core.scoring import ITEM_KEYS, UnitScore, score_unit
from yc_desktop.core.targets import TargetError, Targets, default_targets, with_overrides
from yc_desktop.core.units import check_unit_group, check_unit_name

MIN_YEAR = 2000
MAX_YEAR = 2100


class BatchError(ValueError):
    """Input that cannot be scored. `unit_index` is 1-based (None for the batch itself)."""

    def __init__(
        self, message_zh: str, field: str | None = None, unit_index: int | None = None, unit: str = ""
    ) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh
        self.field = field
        self.unit_index = unit_index
        self.unit = unit


@dataclass(frozen=True, slots=True)
class BatchUnit:
    name: str
    group: str
    figures: Figures
    targets: Targets


@dataclass(frozen=True, slots=True)
class Batch:
    year: int
    targets: Targets
    units: tuple[BatchUnit, ...]


def _unit_label(index: int, name: object) -> str:
    return f"第 {index} 个单位「{name}」" if isinstance(name, str) and name else f"第 {index} 个单位"


def _targets(raw: object, base: Targets, where: str, unit_index: int | None = None, unit: str = "") -> Targets:
    if not isinstance(raw, Mapping):
        raise BatchError(f"{where}targets 必须是对象", "targets", unit_index, unit)
    try:
        return with_overrides(base, raw)
    except TargetError as exc:
        raise BatchError(f"{where}{exc.message_zh}", f"targets.{exc.field}", unit_index, unit) from exc


def parse_batch(data: object, rules: RuleSet) -> Batch:
    if not isinstance(data, Mapping):
        raise BatchError("输入必须是一个 JSON 对象")
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise BatchError(f"year(考核年度)必须是 {MIN_YEAR} 到 {MAX_YEAR} 之间的整数,收到的是 {year!r}", "year")
    targets = default_targets(year, rules)
    if "targets" in data:
        targets = _targets(data["targets"], targets, "")
    raw_units = data.get("units")
    if not isinstance(raw_units, list):
        raise BatchError("units(单位列表)必须是数组", "units")
    units: list[BatchUnit] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_units, start=1):
        if not isinstance(raw, Mapping):
            raise BatchError(f"第 {index} 个单位必须是对象", None, index)
        name = raw.get("name")
        label = _unit_label(index, name)
        shown_name = name if isinstance(name, str) else ""
        problem = check_unit_name(name)
        if problem:
            raise BatchError(f"{label}:{problem}", "name", index, shown_name)
        assert isinstance(name, str)
        if name in seen:
            raise BatchError(f"{label}:单位名称重复", "name", index, name)
        seen.add(name)
        problem = check_unit_group(raw.get("group"))
        if problem:
            raise BatchError(f"{label}:{problem}", "group", index, name)
        problems = check_figures(raw, rules.completed_within_accepted)
        if problems:
            raise BatchError(f"{label}:{problems[0].message_zh}", problems[0].field, index, name)
        unit_targets = targets
        if "targets" in raw:
            unit_targets = _targets(raw["targets"], targets, f"{label}:", index, name)
        figures = Figures(**{field: raw[field] for field in FIELD_NAMES})
        units.append(BatchUnit(name, str(raw["group"]), figures, unit_targets))
    return Batch(year, targets, tuple(units))


@dataclass(frozen=True, slots=True)
class ScoredUnit:
    unit: BatchUnit
    score: UnitScore
    rank: int
    group_rank: int


def score_batch(batch: Batch, rules: RuleSet) -> list[ScoredUnit]:
    scores = [score_unit(unit.figures, unit.targets, rules) for unit in batch.units]
    totals = [score.total for score in scores]
    overall = competition_ranks(totals)
    within = group_ranks(totals, [unit.group for unit in batch.units])
    return [
        ScoredUnit(unit, score, rank, group_rank)
        for unit, score, rank, group_rank in zip(batch.units, scores, overall, within, strict=True)
    ]


def json_number(value: Decimal | Fraction | None) -> int | float | None:
    """A rounded Decimal as a JSON number (95.00 → 95.0); an integral target stays an int (90)."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(Decimal(value.numerator) / Decimal(value.denominator))
    return float(value)


def _targets_json(targets: Targets) -> dict[str, Any]:
    return {item: json_number(targets.get(item)) for item in RATE_ITEMS}


def batch_result_json(batch: Batch, scored: list[ScoredUnit]) -> dict[str, Any]:
    units = [
        {
            "name": entry.unit.name,
            "group": entry.unit.group,
            "rates": {key: json_number(value) for key, value in entry.score.rates.items()},
            "scores": {key: json_number(entry.score.scores[key]) for key in ITEM_KEYS},
            "total": json_number(entry.score.total),
            "grade": entry.score.grade,
            "rank": entry.rank,
            "group_rank": entry.group_rank,
            "warnings": list(entry.score.warnings),
        }
        for entry in scored
    ]
    return {"year": batch.year, "targets": _targets_json(batch.targets), "units": units}
