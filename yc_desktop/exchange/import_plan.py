"""Importing liaisons' self-evaluation files: plan (what would change, or why a file is refused), then apply.

Only 自评 figures and 自评 佐证说明 of the unit named in the file are ever written — never 考核 figures, never
another unit — each file in one transaction (all or nothing), audit-logged by the store with source 自评文件.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from yc_desktop.core.figures import FIELD_LABELS, FIELD_NAMES, Figures
from yc_desktop.exchange.input_limits import InputFileError
from yc_desktop.exchange.selfeval import SelfEvaluation, read_selfeval
from yc_desktop.store.errors import StoreError
from yc_desktop.store.service import FINAL, REVIEWED, Store


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    label: str
    before: int | None
    after: int


@dataclass(slots=True)
class ImportPlan:
    path: Path
    evaluation: SelfEvaluation | None = None
    unit_id: int | None = None
    changes: list[FieldChange] = field(default_factory=list)
    evidence_changes: dict[str, str] = field(default_factory=dict)
    problem: str | None = None  # why the file is refused; None when it can be imported

    @property
    def ok(self) -> bool:
        return self.problem is None

    def summary(self) -> str:
        if self.problem:
            return f"{self.path.name}:拒绝 — {self.problem}"
        assert self.evaluation is not None
        lines = [
            f"{self.path.name}:「{self.evaluation.unit}」{self.evaluation.year} 年度自评,{len(self.changes)} 项变化"
        ]
        for change in self.changes:
            before = "(空)" if change.before is None else change.before
            lines.append(f"    {change.label}:{before} → {change.after}")
        if self.evidence_changes:
            lines.append(f"    佐证说明更新 {len(self.evidence_changes)} 项")
        return "\n".join(lines)


def figure_changes(before: Figures | None, after: Figures) -> list[FieldChange]:
    old = before.as_dict() if before else {}
    new = after.as_dict()
    return [
        FieldChange(name, FIELD_LABELS[name], old.get(name), new[name])
        for name in FIELD_NAMES
        if old.get(name) != new[name]
    ]


def plan_selfeval_import(
    store: Store,
    paths: Sequence[Path],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[ImportPlan]:
    """One plan per file, in order; refused files carry the reason. Reads files, writes nothing.

    `cancelled()` is polled before each file; when it answers True the plans made so far are returned.
    """
    plans: list[ImportPlan] = []
    seen: dict[tuple[str, int], Path] = {}
    for done, path in enumerate(paths, start=1):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(done - 1, len(paths))
        plan = ImportPlan(Path(path))
        plans.append(plan)
        try:
            evaluation = read_selfeval(plan.path)
        except InputFileError as exc:
            plan.problem = exc.reason_zh
            continue
        plan.evaluation = evaluation
        key = (evaluation.unit, evaluation.year)
        if key in seen:
            plan.problem = f"与「{seen[key].name}」是同一单位同一年度的自评文件(重复),只导入前一个"
            continue
        seen[key] = plan.path
        plan.problem = _check_against_store(store, plan, evaluation)
    return plans


def _check_against_store(store: Store, plan: ImportPlan, evaluation: SelfEvaluation) -> str | None:
    unit = store.unit_by_name(evaluation.unit)
    if unit is None:
        return f"数据库中没有单位「{evaluation.unit}」;请先在“单位管理”中添加,或核对文件是否发错"
    if unit.group != evaluation.group:
        return f"单位类别不一致:文件为「{evaluation.group}」,数据库为「{unit.group}」"
    if evaluation.year not in store.years():
        return f"数据库中没有 {evaluation.year} 年度的考核"
    if evaluation.rule_set and evaluation.rule_set != store.rules_for(evaluation.year).name:
        return f"评分规则不一致:文件为「{evaluation.rule_set}」,该年度为「{store.rules_for(evaluation.year).name}」"
    state = store.state(unit.id, evaluation.year)
    if state in (REVIEWED, FINAL):
        return f"「{unit.name}」{evaluation.year} 年度{state},自评数据不能再修改"
    plan.unit_id = unit.id
    plan.changes = figure_changes(store.figures(unit.id, evaluation.year, "self"), evaluation.figures)
    stored_notes = store.evidence_notes(unit.id, evaluation.year, "self")
    plan.evidence_changes = {k: v for k, v in evaluation.evidence.items() if stored_notes.get(k, "") != v}
    if not plan.changes and not plan.evidence_changes:
        return "与数据库中已有的自评数据完全相同(可能已导入过),无需导入"
    return None


def apply_selfeval_import(
    store: Store, plans: Sequence[ImportPlan], progress: Callable[[int, int], None] | None = None
) -> list[ImportPlan]:
    """Write every acceptable plan, each in one transaction; returns those written. A plan the store refuses now
    (the data changed since planning) gets the reason and is skipped; the others still go in."""
    written = []
    todo = [plan for plan in plans if plan.ok]
    for done, plan in enumerate(todo, start=1):
        evaluation = plan.evaluation
        assert evaluation is not None and plan.unit_id is not None
        try:
            store.save_entry(
                plan.unit_id, evaluation.year, "self", evaluation.figures.as_dict(), evidence=plan.evidence_changes,
                source="自评文件",
            )  # fmt: skip
        except StoreError as exc:
            plan.problem = exc.message_zh
        else:
            written.append(plan)
        if progress:
            progress(done, len(todo))
    return written
