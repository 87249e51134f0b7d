"""The ten figures of one unit in one period, and their validation.

Validation never clamps: a bad figure is reported with the field it concerns and a Chinese reason, and the
caller refuses the whole input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

FIELD_LABELS: dict[str, str] = {
    "items_required": "应进驻事项数",
    "items_onboarded": "已进驻事项数",
    "cases_total": "总业务量",
    "cases_online_accepted": "网上受理业务量",
    "cases_online_completed": "网上办结业务量",
    "sms_very_satisfied": "非常满意次数",
    "sms_satisfied": "满意次数",
    "sms_basically_satisfied": "基本满意次数",
    "sms_unsatisfied": "不满意次数",
    "complaints": "投诉办件数",
}
FIELD_NAMES: tuple[str, ...] = tuple(FIELD_LABELS)

# Upper bound on any count: far above any real unit, low enough that nothing downstream overflows
# (SQLite integers, spreadsheet cells).
MAX_COUNT = 10**12


@dataclass(frozen=True, slots=True)
class Figures:
    items_required: int
    items_onboarded: int
    cases_total: int
    cases_online_accepted: int
    cases_online_completed: int
    sms_very_satisfied: int
    sms_satisfied: int
    sms_basically_satisfied: int
    sms_unsatisfied: int
    complaints: int

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def sms_total(self) -> int:
        return self.sms_very_satisfied + self.sms_satisfied + self.sms_basically_satisfied + self.sms_unsatisfied


@dataclass(frozen=True, slots=True)
class FigureProblem:
    """One reason a set of figures cannot be scored: the field it belongs to and what to fix, in Chinese."""

    field: str
    message_zh: str


class FigureError(ValueError):
    """Figures of a unit that cannot be scored. `unit` names the unit for people; `field` is the key for code."""

    def __init__(self, unit: str, field: str, message_zh: str) -> None:
        super().__init__(f"{unit}:{message_zh}" if unit else message_zh)
        self.unit = unit
        self.field = field
        self.message_zh = message_zh


def _label(field: str) -> str:
    return f"{FIELD_LABELS[field]}({field})"


def check_count(field: str, value: object) -> FigureProblem | None:
    """Whether one raw value can be a count: an int (not a bool), 0 ≤ value ≤ MAX_COUNT."""
    if value is None:
        return FigureProblem(field, f"缺少{_label(field)}")
    if isinstance(value, bool) or not isinstance(value, int):
        return FigureProblem(field, f"{_label(field)}必须是整数,收到的是 {value!r}")
    if value < 0:
        return FigureProblem(field, f"{_label(field)}不能为负数(收到 {value})")
    if value > MAX_COUNT:
        return FigureProblem(field, f"{_label(field)}过大(收到 {value})")
    return None


def check_figures(raw: Mapping[str, object], completed_within_accepted: bool = True) -> list[FigureProblem]:
    """Every problem with a set of raw figures, in form order; an empty list means they can be scored.

    The UI marks each problem at its field, so all are collected rather than stopping at the first.
    """
    problems: list[FigureProblem] = []
    for name in FIELD_NAMES:
        problem = check_count(name, raw.get(name))
        if problem is not None:
            problems.append(problem)
    if problems:
        return problems
    v: Mapping[str, int] = raw  # type: ignore[assignment]  # every field is a checked int from here on
    if v["items_required"] == 0:
        problems.append(FigureProblem("items_required", f"{_label('items_required')}必须大于0"))
    if v["items_onboarded"] > v["items_required"]:
        problems.append(
            FigureProblem(
                "items_onboarded",
                f"{_label('items_onboarded')}({v['items_onboarded']})不能大于"
                f"{_label('items_required')}({v['items_required']})",
            )
        )
    if v["cases_online_accepted"] > v["cases_total"]:
        problems.append(
            FigureProblem(
                "cases_online_accepted",
                f"{_label('cases_online_accepted')}({v['cases_online_accepted']})不能大于"
                f"{_label('cases_total')}({v['cases_total']})",
            )
        )
    completed_limit = "cases_online_accepted" if completed_within_accepted else "cases_total"
    if v["cases_online_completed"] > v[completed_limit]:
        problems.append(
            FigureProblem(
                "cases_online_completed",
                f"{_label('cases_online_completed')}({v['cases_online_completed']})不能大于"
                f"{_label(completed_limit)}({v[completed_limit]})",
            )
        )
    if v["complaints"] > v["cases_total"]:
        problems.append(
            FigureProblem(
                "complaints",
                f"{_label('complaints')}({v['complaints']})不能大于{_label('cases_total')}({v['cases_total']})",
            )
        )
    return problems


def figures_from_mapping(raw: Mapping[str, object], unit: str = "", completed_within_accepted: bool = True) -> Figures:
    """Validated Figures, or FigureError for the first problem found."""
    problems = check_figures(raw, completed_within_accepted)
    if problems:
        first = problems[0]
        raise FigureError(unit, first.field, first.message_zh)
    return Figures(**{name: raw[name] for name in FIELD_NAMES})  # type: ignore[arg-type]
