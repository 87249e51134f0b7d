"""What the rows of the figures editor show: the two sides, each side evaluated by the core, the computed rows.

No widgets here: the model, the editor and the form preview all read the same definitions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from yc_desktop.core.figures import FIELD_NAMES, FigureProblem, Figures, check_count, check_figures
from yc_desktop.core.rounding import round_half_up
from yc_desktop.core.rules import RATE_ITEMS, RuleSet
from yc_desktop.core.scoring import ITEM_KEYS, UnitScore, score_unit
from yc_desktop.core.targets import Targets


class Side(StrEnum):
    SELF = "self"  # 自评: entered by the unit's liaison
    ASSESSOR = "assessor"  # 考核: entered by the assessor from verified figures


SIDE_LABELS: dict[Side, str] = {Side.SELF: "自评", Side.ASSESSOR: "考核"}
INPUT_ROW_COUNT = len(FIELD_NAMES)

_FIELD_KEY_IN_MESSAGE = re.compile(r"\([a-z_]+\)")


def readable_problem(message_zh: str) -> str:
    """The core's reason without the code names of fields ("总业务量(cases_total)" → "总业务量"), for people."""
    return _FIELD_KEY_IN_MESSAGE.sub("", message_zh)


def format_percent(value: Fraction) -> str:
    """A target in percent as people write it: 90%, 72.5%."""
    return f"{round_half_up(value, 2).normalize():f}%"


def item_labels(rules: RuleSet) -> dict[str, str]:
    """The four indicators (考核指标) by item key, in form order."""
    return {item: rules.items[item].label for item in RATE_ITEMS} | {"satisfaction": rules.satisfaction.label}


def item_criteria(rules: RuleSet, item: str) -> str:
    return rules.satisfaction.criteria if item == "satisfaction" else rules.items[item].criteria


@dataclass(frozen=True, slots=True)
class SideResult:
    """One side evaluated by the core: its problems, the fields not yet entered, and its score when valid."""

    problems: tuple[FigureProblem, ...]
    missing: tuple[str, ...]
    score: UnitScore | None

    @property
    def is_empty(self) -> bool:
        return len(self.missing) == INPUT_ROW_COUNT

    def problem_for(self, field: str) -> str | None:
        messages = [readable_problem(p.message_zh) for p in self.problems if p.field == field]
        return ";".join(messages) if messages else None


def evaluate_side(values: Mapping[str, int | None], targets: Targets, rules: RuleSet) -> SideResult:
    """Validate and score one side with the core.

    While some fields are still empty only the entered values are checked, one by one: the relations between
    fields are the core's to judge on a complete set, and an unfinished set is not an error.
    """
    missing = tuple(field for field in FIELD_NAMES if values.get(field) is None)
    if missing:
        problems = (check_count(field, values.get(field)) for field in FIELD_NAMES if field not in missing)
        return SideResult(tuple(p for p in problems if p is not None), missing, None)
    found = check_figures(values, rules.completed_within_accepted)
    if found:
        return SideResult(tuple(found), (), None)
    counts: dict[str, Any] = dict(values)
    return SideResult((), (), score_unit(Figures(**counts), targets, rules))


@dataclass(frozen=True, slots=True)
class ComputedRow:
    key: str  # "rate:<item>", "coefficient", "score:<item>", "total", "grade"
    label: str

    @property
    def is_result(self) -> bool:
        return self.key in {"total", "grade"}


def computed_rows(rules: RuleSet) -> tuple[ComputedRow, ...]:
    labels = item_labels(rules)
    return (
        *(ComputedRow(f"rate:{item}", labels[item]) for item in RATE_ITEMS),
        ComputedRow("coefficient", "满意程度系数"),
        *(ComputedRow(f"score:{item}", labels[item] + "得分") for item in ITEM_KEYS),
        ComputedRow("total", "合计"),
        ComputedRow("grade", "等级"),
    )


def computed_text(key: str, score: UnitScore) -> str:
    """A computed row's value as the form prints it (already rounded by the core): 95.00%, 0.8641, 8.64, 优秀."""
    kind, _, item = key.partition(":")
    if kind == "rate":
        rate = score.rates[item]
        return "—" if rate is None else f"{rate:f}%"
    if kind == "coefficient":
        return f"{score.rates['satisfaction_coefficient']:f}"
    if kind == "score":
        return f"{score.scores[item]:f}"
    if kind == "total":
        return f"{score.total:f}"
    return score.grade
