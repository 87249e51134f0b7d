"""The only way to change stored data. Each public method is one transaction: validated by the core, checked
against the workflow and the role, and written to the audit log with before and after.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import peewee

from yc_desktop.core.batch import Batch
from yc_desktop.core.figures import FIELD_LABELS, FIELD_NAMES, Figures, check_figures
from yc_desktop.core.rules import RATE_ITEMS, RuleSet
from yc_desktop.core.scoring import ITEM_KEYS, UnitScore, score_unit
from yc_desktop.core.targets import TargetError, Targets, default_targets, exact_target
from yc_desktop.core.units import UNIT_GROUPS, check_unit_group, check_unit_name
from yc_desktop.resources import DEFAULT_RULE_SET, rule_set
from yc_desktop.store.database import open_database
from yc_desktop.store.errors import StoreError, ValidationError, WorkflowError, translated_errors
from yc_desktop.store.models import (
    SIDE_LABELS,
    SIDES,
    AssessmentYear,
    AuditEntry,
    DifferenceReason,
    EvidenceNote,
    FigureRecord,
    Setting,
    TargetOverride,
    Unit,
    UnitYear,
    now_text,
)

LIAISON, ASSESSOR, SYSTEM = "联络员", "考核员", "系统"
DRAFT, SUBMITTED, REVIEWED, FINAL = "草稿", "已提交", "已审核", "已定稿"
INDICATORS: tuple[str, ...] = ITEM_KEYS  # evidence notes per indicator of the form
SOURCES: tuple[str, ...] = ("录入", "导入", "自评文件")
MAX_TEXT = 2000

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: int
    name: str
    group: str
    display_order: int
    active: bool


@dataclass(frozen=True, slots=True)
class UnitYearView:
    """Everything the overview, the form and the ranking show for one unit in one year."""

    unit: UnitInfo
    year: int
    state: str
    targets: Targets
    self_figures: Figures | None
    assessor_figures: Figures | None
    self_score: UnitScore | None
    assessor_score: UnitScore | None
    rank: int | None  # by 考核 total, or 自评 total where no 考核 figures exist; None without figures
    group_rank: int | None

    @property
    def ranking_total(self) -> Decimal | None:
        score = self.assessor_score or self.self_score
        return score.total if score else None


def _unit_info(row: Unit) -> UnitInfo:
    return UnitInfo(row.id, row.name, row.group, row.display_order, bool(row.active))


def fraction_to_decimal(value: Fraction) -> Decimal:
    """Exact decimal of a target; a value like 1/3 has none and is refused rather than rounded."""
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(decimal) != value:
        raise ValidationError(f"目标值 {value} 不能精确表示为小数,请输入有限位小数")
    return decimal


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _clean_text(text: str, what: str) -> str:
    if len(text) > MAX_TEXT:
        raise ValidationError(f"{what}过长(最多 {MAX_TEXT} 字)")
    return text.strip()


class Store:
    """An open database and who is working on it. Every method that changes data is one transaction."""

    def __init__(self, path: Path, actor: str = "", role: str = SYSTEM, backup_dir: Path | None = None) -> None:
        self.path = Path(path)
        self.database = open_database(self.path, backup_dir)
        self.actor = actor or "未署名"
        self.role = role

    def close(self) -> None:
        if not self.database.is_closed():
            self.database.close()

    def activate(self) -> None:
        """Bind the models to this store's database again (after another file failed to open)."""
        from yc_desktop.store.models import database_proxy

        database_proxy.initialize(self.database)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with translated_errors():
            try:
                with self.database.atomic():
                    yield
            except peewee.OperationalError as exc:
                # On SQLITE_FULL or an I/O error SQLite has already rolled back; peewee's own rollback then
                # fails with this message, hiding the real cause, which is what the user must be told.
                cause: BaseException | None = exc
                while cause is not None and "no transaction is active" in str(cause):
                    cause = cause.__context__
                if cause is not None and cause is not exc:
                    raise cause from None
                raise

    def _audit(
        self,
        action: str,
        unit: str = "",
        year: int | None = None,
        field: str = "",
        before: object = None,
        after: object = None,
        reason: str = "",
    ) -> None:
        AuditEntry.create(
            at=now_text(),
            actor=self.actor,
            role=self.role,
            action=action,
            unit=unit,
            year=year,
            field=field,
            before=_text(before),
            after=_text(after),
            reason=reason,
        )

    def _require_role(self, *allowed: str) -> None:
        if self.role not in (*allowed, SYSTEM):
            raise WorkflowError(f"当前身份({self.role})不能进行此操作,需要:{'或'.join(allowed)}")

    def _unit(self, unit_id: int) -> Unit:
        row = Unit.get_or_none(Unit.id == unit_id)
        if row is None:
            raise ValidationError(f"找不到单位(编号 {unit_id})")
        return row

    def _year(self, year: int) -> AssessmentYear:
        row = AssessmentYear.get_or_none(AssessmentYear.year == year)
        if row is None:
            raise ValidationError(f"还没有 {year} 年度的考核,请先新建年度")
        return row

    def _unit_year(self, unit: Unit, year: AssessmentYear) -> UnitYear:
        row, _ = UnitYear.get_or_create(unit=unit, year=year, defaults={"state": DRAFT})
        return row

    def _require_not_final(self, unit: Unit, year: AssessmentYear) -> UnitYear:
        unit_year = self._unit_year(unit, year)
        if unit_year.state == FINAL:
            raise WorkflowError(f"「{unit.name}」{year.year} 年度已定稿,不能修改;如需修改,请先由考核员重新打开")
        return unit_year

    # -- settings -------------------------------------------------------------------------------------------

    def setting(self, key: str, default: str = "") -> str:
        row = Setting.get_or_none(Setting.key == key)
        return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        """A stored preference of this file (not audited: never part of the assessment's results)."""
        with self._transaction():
            Setting.put(key, value)

    def record(self, action: str, reason: str = "") -> None:
        """An audit entry for an event that changes no assessment data (a password set, a login locked)."""
        with self._transaction():
            self._audit(action, reason=reason)

    @property
    def is_sample(self) -> bool:
        return self.setting("sample_district") == "1"

    # -- units ----------------------------------------------------------------------------------------------

    def units(self, include_inactive: bool = False) -> list[UnitInfo]:
        query = Unit.select(Unit.id, Unit.name, Unit.group, Unit.display_order, Unit.active).order_by(
            Unit.display_order, Unit.id
        )
        if not include_inactive:
            query = query.where(Unit.active == True)  # noqa: E712  (peewee expression)
        sql, params = query.sql()  # plain cursor rows: peewee's row processing cost 80 ms for 10,000 units
        return [
            UnitInfo(uid, name, group, order, bool(active))
            for uid, name, group, order, active in self.database.execute_sql(sql, params)
        ]

    def unit_by_name(self, name: str) -> UnitInfo | None:
        row = Unit.get_or_none(Unit.name == name)
        return _unit_info(row) if row else None

    def add_unit(self, name: str, group: str) -> UnitInfo:
        # A liaison's own file starts empty: the liaison may create the one unit it reports for.
        if not (self.role == LIAISON and not Unit.select().exists()):
            self._require_role(ASSESSOR)
        name = name.strip() if isinstance(name, str) else name
        problem = check_unit_name(name) or check_unit_group(group)
        if problem:
            raise ValidationError(problem, "name" if check_unit_name(name) else "group", str(name))
        with self._transaction():
            if Unit.get_or_none(Unit.name == name):
                raise ValidationError(f"已有名为「{name}」的单位", "name", name)
            last = Unit.select(peewee.fn.MAX(Unit.display_order)).scalar() or 0
            row = Unit.create(name=name, group=group, display_order=last + 1)
            self._audit("新增单位", name, after=group)
        return _unit_info(row)

    def rename_unit(self, unit_id: int, new_name: str) -> UnitInfo:
        self._require_role(ASSESSOR)
        new_name = new_name.strip()
        problem = check_unit_name(new_name)
        if problem:
            raise ValidationError(problem, "name", new_name)
        with self._transaction():
            row = self._unit(unit_id)
            if row.name == new_name:
                return _unit_info(row)
            if Unit.get_or_none(Unit.name == new_name):
                raise ValidationError(f"已有名为「{new_name}」的单位", "name", new_name)
            old = row.name
            row.name = new_name
            row.save()
            self._audit("单位改名", new_name, field="name", before=old, after=new_name)
        return _unit_info(row)

    def set_unit_group(self, unit_id: int, group: str) -> UnitInfo:
        self._require_role(ASSESSOR)
        problem = check_unit_group(group)
        if problem:
            raise ValidationError(problem, "group")
        with self._transaction():
            row = self._unit(unit_id)
            old = row.group
            row.group = group
            row.save()
            self._audit("修改单位类别", row.name, field="group", before=old, after=group)
        return _unit_info(row)

    def set_unit_active(self, unit_id: int, active: bool) -> UnitInfo:
        self._require_role(ASSESSOR)
        with self._transaction():
            row = self._unit(unit_id)
            before = bool(row.active)
            row.active = active
            row.save()
            self._audit("启用单位" if active else "停用单位", row.name, field="active", before=before, after=active)
        return _unit_info(row)

    def move_unit(self, unit_id: int, position: int) -> None:
        """Put the unit at `position` (0-based) of the display order, renumbering the others."""
        self._require_role(ASSESSOR)
        with self._transaction():
            rows = list(Unit.select().order_by(Unit.display_order, Unit.id))
            moving = next((r for r in rows if r.id == unit_id), None)
            if moving is None:
                raise ValidationError(f"找不到单位(编号 {unit_id})")
            before = rows.index(moving)
            rows.remove(moving)
            rows.insert(max(0, min(position, len(rows))), moving)
            for order, row in enumerate(rows, start=1):
                if row.display_order != order:
                    row.display_order = order
                    row.save()
            self._audit("调整单位顺序", moving.name, field="display_order", before=before, after=rows.index(moving))

    def delete_unit(self, unit_id: int) -> None:
        """Delete a unit that has no figures; one with data can only be deactivated (never deleted silently)."""
        self._require_role(ASSESSOR)
        with self._transaction():
            row = self._unit(unit_id)
            if FigureRecord.select().where(FigureRecord.unit == row).exists():
                raise WorkflowError(f"「{row.name}」已有考核数据,不能删除;可以“停用”该单位")
            name = row.name
            row.delete_instance(recursive=True)
            self._audit("删除单位", name)

    # -- years and targets ----------------------------------------------------------------------------------

    def years(self) -> list[int]:
        return [row.year for row in AssessmentYear.select(AssessmentYear.year).order_by(AssessmentYear.year)]

    def rules_for(self, year: int) -> RuleSet:
        return rule_set(self._year(year).rule_set)

    def ensure_year(self, year: int, rule_set_name: str = DEFAULT_RULE_SET) -> int:
        """Create the assessment year with the rule set's default targets, if it does not exist."""
        if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
            raise ValidationError(f"年度必须是 2000 到 2100 之间的整数,收到 {year!r}", "year")
        rules = rule_set(rule_set_name)
        with self._transaction():
            if AssessmentYear.get_or_none(AssessmentYear.year == year) is None:
                defaults = default_targets(year, rules)
                AssessmentYear.create(
                    year=year,
                    rule_set=rules.name,
                    **{f"target_{item}": fraction_to_decimal(defaults.get(item)) for item in RATE_ITEMS},
                )
                self._audit("新建年度", year=year, after=f"规则集 {rules.name}")
        return year

    def year_targets(self, year: int) -> Targets:
        row = self._year(year)
        return Targets(*(Fraction(getattr(row, f"target_{item}")) for item in RATE_ITEMS))

    def _year_has_final_units(self, year: AssessmentYear) -> bool:
        return UnitYear.select().where((UnitYear.year == year) & (UnitYear.state == FINAL)).exists()

    def set_year_targets(self, year: int, changes: Mapping[str, object]) -> Targets:
        """Change some of the year's targets (numbers in 0–100; Decimal, int or Fraction, never float)."""
        self._require_role(ASSESSOR)
        exact = self._exact_targets(changes)
        with self._transaction():
            row = self._year(year)
            if self._year_has_final_units(row):
                raise WorkflowError(f"{year} 年度已有单位定稿,不能再修改年度目标")
            for item, value in exact.items():
                before = getattr(row, f"target_{item}")
                if Fraction(before) != value:
                    setattr(row, f"target_{item}", fraction_to_decimal(value))
                    self._audit("修改年度目标", year=year, field=item, before=before, after=fraction_to_decimal(value))
            row.save()
        return self.year_targets(year)

    def _exact_targets(self, changes: Mapping[str, object]) -> dict[str, Fraction]:
        exact: dict[str, Fraction] = {}
        for item, value in changes.items():
            if item not in RATE_ITEMS:
                raise ValidationError(f"未知的目标项「{item}」", item)
            try:
                exact[item] = exact_target(item, value)
            except TargetError as exc:
                raise ValidationError(exc.message_zh, item) from exc
        return exact

    def set_target_override(self, unit_id: int, year: int, item: str, value: object | None) -> Targets:
        """Override one target for one unit (None removes the override)."""
        self._require_role(ASSESSOR)
        with self._transaction():
            unit, year_row = self._unit(unit_id), self._year(year)
            self._require_not_final(unit, year_row)
            after = None if value is None else fraction_to_decimal(self._exact_targets({item: value})[item])
            before = self._put_override(unit, year_row, item, after)
            self._audit(
                "单位目标调整",
                unit.name,
                year,
                item,
                "(年度目标)" if before is None else before,
                "(年度目标)" if after is None else after,
            )
        return self.targets_for(unit_id, year)

    def _put_override(self, unit: Unit, year_row: AssessmentYear, item: str, value: Decimal | None) -> Decimal | None:
        """Set (None: remove) one override; returns the previous value. Portable: no INSERT OR REPLACE."""
        existing = TargetOverride.get_or_none(
            (TargetOverride.unit == unit) & (TargetOverride.year == year_row) & (TargetOverride.item == item)
        )
        before: Decimal | None = existing.value if existing else None
        if value is None:
            if existing:
                existing.delete_instance()
        elif existing:
            existing.value = value
            existing.save()
        else:
            TargetOverride.create(unit=unit, year=year_row, item=item, value=value)
        return before

    def target_overrides(self, year: int) -> dict[tuple[int, str], Fraction]:
        """Every per-unit override of the year: (unit id, item) → target, even one equal to the year's."""
        query = (
            TargetOverride.select(TargetOverride.unit, TargetOverride.item, TargetOverride.value)
            .join(AssessmentYear)
            .where(AssessmentYear.year == year)
            .tuples()
        )
        return {(unit_id, item): Fraction(Decimal(value)) for unit_id, item, value in query}

    def year_has_final_units(self, year: int) -> bool:
        return self._year_has_final_units(self._year(year))

    def audit_units(self) -> list[str]:
        """Every unit name the audit log mentions, renamed and deleted units included."""
        query = AuditEntry.select(AuditEntry.unit).where(AuditEntry.unit != "").distinct().order_by(AuditEntry.unit)
        return [row.unit for row in query]

    def targets_for(self, unit_id: int, year: int) -> Targets:
        base = self.year_targets(year)
        overrides = {
            row.item: Fraction(row.value)
            for row in TargetOverride.select()
            .join(AssessmentYear)
            .where((TargetOverride.unit == unit_id) & (AssessmentYear.year == year))
        }
        return Targets(*(overrides.get(item, base.get(item)) for item in RATE_ITEMS))

    # -- figures --------------------------------------------------------------------------------------------

    def _check_side_permission(self, side: str, source: str) -> None:
        if side not in SIDES:
            raise ValidationError(f"未知的数据类别「{side}」", "side")
        if source not in SOURCES:
            raise ValidationError(f"未知的数据来源「{source}」", "source")
        if side == "assessor":
            self._require_role(ASSESSOR)
        elif self.role == ASSESSOR and source == "录入":
            # An assessor records a unit's own figures only from that unit's files, never by typing them.
            raise WorkflowError("考核员不能直接修改自评数据;自评数据只能由联络员填写或从自评文件导入")

    def save_figures(
        self,
        unit_id: int,
        year: int,
        side: str,
        raw: Mapping[str, object],
        note: str | None = None,
        source: str = "录入",
    ) -> Figures:
        """Validate and store the ten figures of one side; invalid figures are refused and nothing changes."""
        self._check_side_permission(side, source)
        with self._transaction():
            unit, year_row = self._unit(unit_id), self._year(year)
            rules = rule_set(year_row.rule_set)
            problems = check_figures(raw, rules.completed_within_accepted)
            if problems:
                raise ValidationError(f"「{unit.name}」:{problems[0].message_zh}", problems[0].field, unit.name)
            figures = Figures(**{name: raw[name] for name in FIELD_NAMES})  # type: ignore[arg-type]
            self._write_figures(unit, year_row, side, figures, note, source)
        return figures

    def _write_figures(
        self, unit: Unit, year_row: AssessmentYear, side: str, figures: Figures, note: str | None, source: str
    ) -> None:
        unit_year = self._require_not_final(unit, year_row)
        if side == "self" and unit_year.state in (REVIEWED,) and self.role != SYSTEM:
            raise WorkflowError(f"「{unit.name}」已审核,自评数据不能再修改")
        existing = FigureRecord.get_or_none(
            (FigureRecord.unit == unit) & (FigureRecord.year == year_row) & (FigureRecord.side == side)
        )
        values = figures.as_dict()
        action = f"保存{SIDE_LABELS[side]}数据({source})"
        if existing is None:
            FigureRecord.create(
                unit=unit,
                year=year_row,
                side=side,
                note=_clean_text(note or "", "备注"),
                source=source,
                updated_by=self.actor,
                updated_at=now_text(),
                **values,
            )
            changes = [(name, None, values[name]) for name in FIELD_NAMES]
        else:
            changes = []
            for name in FIELD_NAMES:
                before = getattr(existing, name)
                if before != values[name]:
                    setattr(existing, name, values[name])
                    changes.append((name, before, values[name]))
            if note is not None and note.strip() != existing.note:
                changes.append(("note", existing.note, note.strip()))
                existing.note = _clean_text(note, "备注")
            existing.source = source
            existing.updated_by = self.actor
            existing.updated_at = now_text()
            existing.save()
        self._audit_many(action, unit.name, year_row.year, changes)

    def _audit_many(self, action: str, unit: str, year: int, changes: list[tuple[str, object, object]]) -> None:
        """One audit entry per changed field, in one statement: a bulk load writes ten per unit."""
        if changes:
            at = now_text()
            AuditEntry.insert_many(
                [
                    {"at": at, "actor": self.actor, "role": self.role, "action": action, "unit": unit, "year": year,
                     "field": field, "before": _text(before), "after": _text(after), "reason": ""}
                    for field, before, after in changes
                ]
            ).execute()  # fmt: skip

    def save_entry(
        self,
        unit_id: int,
        year: int,
        side: str,
        raw: Mapping[str, object],
        evidence: Mapping[str, str] | None = None,
        reasons: Mapping[str, str] | None = None,
        note: str | None = None,
        source: str = "录入",
    ) -> Figures:
        """What the editor saves for one unit and side — figures, 佐证说明, difference reasons — in one transaction."""
        with self._transaction():
            figures = self.save_figures(unit_id, year, side, raw, note, source)
            for indicator, text in (evidence or {}).items():
                self.set_evidence_note(unit_id, year, side, indicator, text)
            for field, reason in (reasons or {}).items():
                self.set_difference_reason(unit_id, year, field, reason)
        return figures

    def figures(self, unit_id: int, year: int, side: str) -> Figures | None:
        row = (
            FigureRecord.select()
            .join(AssessmentYear)
            .where((FigureRecord.unit == unit_id) & (AssessmentYear.year == year) & (FigureRecord.side == side))
            .first()
        )
        return Figures(**{name: getattr(row, name) for name in FIELD_NAMES}) if row else None

    def figure_note(self, unit_id: int, year: int, side: str) -> str:
        row = (
            FigureRecord.select(FigureRecord.note)
            .join(AssessmentYear)
            .where((FigureRecord.unit == unit_id) & (AssessmentYear.year == year) & (FigureRecord.side == side))
            .first()
        )
        return row.note if row else ""

    def set_difference_reason(self, unit_id: int, year: int, field: str, reason: str) -> None:
        """The assessor's reason for a 考核 figure that differs from the 自评 one ('' removes it)."""
        self._require_role(ASSESSOR)
        if field not in FIELD_LABELS:
            raise ValidationError(f"未知的字段「{field}」", field)
        reason = _clean_text(reason, "差异说明")
        with self._transaction():
            unit, year_row = self._unit(unit_id), self._year(year)
            self._require_not_final(unit, year_row)
            existing = DifferenceReason.get_or_none(
                (DifferenceReason.unit == unit)
                & (DifferenceReason.year == year_row)
                & (DifferenceReason.field == field)
            )
            before = existing.reason if existing else ""
            if before == reason:
                return
            if existing and not reason:
                existing.delete_instance()
            elif existing:
                existing.reason = reason
                existing.save()
            else:
                DifferenceReason.create(unit=unit, year=year_row, field=field, reason=reason)
            self._audit("差异说明", unit.name, year, field, before, reason)

    def difference_reasons(self, unit_id: int, year: int) -> dict[str, str]:
        query = (
            DifferenceReason.select()
            .join(AssessmentYear)
            .where((DifferenceReason.unit == unit_id) & (AssessmentYear.year == year))
        )
        return {row.field: row.reason for row in query}

    def set_evidence_note(self, unit_id: int, year: int, side: str, indicator: str, text: str) -> None:
        """佐证说明 for one indicator ('' removes it)."""
        self._check_side_permission(side, "录入" if side == "assessor" or self.role != ASSESSOR else "自评文件")
        if indicator not in INDICATORS:
            raise ValidationError(f"未知的考核指标「{indicator}」", indicator)
        text = _clean_text(text, "佐证说明")
        with self._transaction():
            unit, year_row = self._unit(unit_id), self._year(year)
            self._require_not_final(unit, year_row)
            existing = EvidenceNote.get_or_none(
                (EvidenceNote.unit == unit)
                & (EvidenceNote.year == year_row)
                & (EvidenceNote.side == side)
                & (EvidenceNote.indicator == indicator)
            )
            before = existing.text if existing else ""
            if before == text:
                return
            if existing and not text:
                existing.delete_instance()
            elif existing:
                existing.text = text
                existing.save()
            else:
                EvidenceNote.create(unit=unit, year=year_row, side=side, indicator=indicator, text=text)
            self._audit(f"{SIDE_LABELS[side]}佐证说明", unit.name, year, indicator, before, text)

    def evidence_notes(self, unit_id: int, year: int, side: str) -> dict[str, str]:
        query = (
            EvidenceNote.select()
            .join(AssessmentYear)
            .where((EvidenceNote.unit == unit_id) & (AssessmentYear.year == year) & (EvidenceNote.side == side))
        )
        return {row.indicator: row.text for row in query}

    # -- workflow -------------------------------------------------------------------------------------------

    def state(self, unit_id: int, year: int) -> str:
        row = (
            UnitYear.select()
            .join(AssessmentYear)
            .where((UnitYear.unit == unit_id) & (AssessmentYear.year == year))
            .first()
        )
        return row.state if row else DRAFT

    def _move(
        self,
        unit_id: int,
        year: int,
        allowed_from: tuple[str, ...],
        to: str,
        action: str,
        *,
        reason: str = "",
        check: Callable[[Unit, AssessmentYear], None] | None = None,
    ) -> str:
        with self._transaction():
            unit, year_row = self._unit(unit_id), self._year(year)
            unit_year = self._unit_year(unit, year_row)
            if unit_year.state not in allowed_from:
                raise WorkflowError(f"「{unit.name}」当前状态为“{unit_year.state}”,不能{action}")
            if check:
                check(unit, year_row)
            before = unit_year.state
            unit_year.state = to
            unit_year.updated_at = now_text()
            if to == FINAL:
                unit_year.snapshot = json.dumps(self._snapshot(unit, year_row), ensure_ascii=False)
            unit_year.save()
            self._audit(action, unit.name, year, "state", before, to, reason)
        return to

    def _require_figures(self, side: str) -> Callable[[Unit, AssessmentYear], None]:
        def check(unit: Unit, year_row: AssessmentYear) -> None:
            if self.figures(unit.id, year_row.year, side) is None:
                raise WorkflowError(f"「{unit.name}」还没有{SIDE_LABELS[side]}数据,不能进行此操作")

        return check

    def submit(self, unit_id: int, year: int) -> str:
        self._require_role(LIAISON)
        return self._move(unit_id, year, (DRAFT,), SUBMITTED, "提交自评", check=self._require_figures("self"))

    def return_to_draft(self, unit_id: int, year: int, reason: str) -> str:
        self._require_role(ASSESSOR, LIAISON)
        if not reason.strip():
            raise WorkflowError("退回需要填写原因")
        return self._move(unit_id, year, (SUBMITTED,), DRAFT, "退回修改", reason=_clean_text(reason, "原因"))

    def review(self, unit_id: int, year: int) -> str:
        self._require_role(ASSESSOR)
        return self._move(unit_id, year, (DRAFT, SUBMITTED), REVIEWED, "审核", check=self._require_figures("assessor"))

    def finalise(self, unit_id: int, year: int) -> str:
        self._require_role(ASSESSOR)
        return self._move(unit_id, year, (REVIEWED,), FINAL, "定稿")

    def reopen(self, unit_id: int, year: int, reason: str) -> str:
        self._require_role(ASSESSOR)
        if not reason.strip():
            raise WorkflowError("重新打开已定稿的考核需要填写原因")
        return self._move(unit_id, year, (FINAL,), REVIEWED, "重新打开", reason=_clean_text(reason, "原因"))

    def snapshot(self, unit_id: int, year: int) -> dict[str, Any] | None:
        """The results frozen when the unit's year was finalised (None if it is not final)."""
        row = (
            UnitYear.select()
            .join(AssessmentYear)
            .where((UnitYear.unit == unit_id) & (AssessmentYear.year == year))
            .first()
        )
        if row is None or row.state != FINAL or not row.snapshot:
            return None
        value: dict[str, Any] = json.loads(row.snapshot)
        return value

    def _snapshot(self, unit: Unit, year_row: AssessmentYear) -> dict[str, Any]:
        rules = rule_set(year_row.rule_set)
        targets = self.targets_for(unit.id, year_row.year)
        result: dict[str, Any] = {
            "unit": unit.name,
            "group": unit.group,
            "year": year_row.year,
            "rule_set": rules.name,
            "targets": {item: str(fraction_to_decimal(targets.get(item))) for item in RATE_ITEMS},
            "finalised_at": now_text(),
            "finalised_by": self.actor,
        }
        for side in SIDES:
            figures = self.figures(unit.id, year_row.year, side)
            if figures is None:
                result[side] = None
                continue
            score = score_unit(figures, targets, rules)
            result[side] = {
                "figures": figures.as_dict(),
                "rates": {k: None if v is None else str(v) for k, v in score.rates.items()},
                "scores": {k: str(v) for k, v in score.scores.items()},
                "total": str(score.total),
                "grade": score.grade,
                "warnings": list(score.warnings),
            }
        return result

    # -- reading results ------------------------------------------------------------------------------------

    def year_overview(self, year: int, include_inactive: bool = False) -> list[UnitYearView]:
        """Every unit's figures, scores, state and ranks for the year, in display order. Few queries, any size."""
        from yc_desktop.core.ranking import competition_ranks, group_ranks

        year_row = self._year(year)
        rules = rule_set(year_row.rule_set)
        base = self.year_targets(year)
        units = self.units(include_inactive)
        figures: dict[tuple[int, str], Figures] = {}
        columns = [FigureRecord.unit, FigureRecord.side, *(getattr(FigureRecord, n) for n in FIELD_NAMES)]
        # Plain rows through the cursor: peewee's per-value conversion doubled the load time of 10,000 units.
        sql, params = FigureRecord.select(*columns).where(FigureRecord.year == year_row).sql()
        for row in self.database.execute_sql(sql, params):
            figures[(row[0], row[1])] = Figures(*row[2:])
        overrides: dict[int, dict[str, Fraction]] = {}
        for unit_id, item, value in (
            TargetOverride.select(TargetOverride.unit, TargetOverride.item, TargetOverride.value)
            .where(TargetOverride.year == year_row)
            .tuples()
        ):
            overrides.setdefault(unit_id, {})[item] = Fraction(Decimal(value))
        states = dict(UnitYear.select(UnitYear.unit, UnitYear.state).where(UnitYear.year == year_row).tuples())
        # Score first, rank, then build each (frozen) view once: building them twice cost a fifth of the load.
        scored = []
        for unit in units:
            unit_overrides = overrides.get(unit.id)
            targets = (
                Targets(*(unit_overrides.get(item, base.get(item)) for item in RATE_ITEMS)) if unit_overrides else base
            )
            own, checked = figures.get((unit.id, "self")), figures.get((unit.id, "assessor"))
            own_score = score_unit(own, targets, rules) if own else None
            checked_score = score_unit(checked, targets, rules) if checked else None
            scored.append((unit, targets, own, checked, own_score, checked_score))
        ranked = [i for i, entry in enumerate(scored) if entry[5] or entry[4]]
        totals = [(scored[i][5] or scored[i][4]).total for i in ranked]  # type: ignore[union-attr]
        ranks: dict[int, tuple[int, int]] = dict(
            zip(
                ranked,
                zip(competition_ranks(totals), group_ranks(totals, [scored[i][0].group for i in ranked]), strict=True),
                strict=True,
            )
        )
        views = [
            UnitYearView(
                unit, year, states.get(unit.id, DRAFT), targets, own, checked, own_score, checked_score,
                *ranks.get(index, (None, None)),
            )
            for index, (unit, targets, own, checked, own_score, checked_score) in enumerate(scored)
        ]  # fmt: skip
        return views

    def unit_view(self, unit_id: int, year: int) -> UnitYearView:
        """One unit's view, without ranks (they depend on every unit: see `rerank`). A few small queries."""
        unit = _unit_info(self._unit(unit_id))
        rules = self.rules_for(year)
        targets = self.targets_for(unit_id, year)
        own, checked = self.figures(unit_id, year, "self"), self.figures(unit_id, year, "assessor")
        return UnitYearView(
            unit, year, self.state(unit_id, year), targets, own, checked,
            score_unit(own, targets, rules) if own else None,
            score_unit(checked, targets, rules) if checked else None,
            None, None,
        )  # fmt: skip

    def audit_entries(
        self, unit: str | None = None, since: str | None = None, until: str | None = None, limit: int | None = None
    ) -> list[AuditEntry]:
        """Audit entries, newest first; `since`/`until` are ISO dates or timestamps (until is inclusive)."""
        query = AuditEntry.select().order_by(AuditEntry.id.desc())
        if unit:
            query = query.where(AuditEntry.unit == unit)
        if since:
            query = query.where(AuditEntry.at >= since)
        if until:
            query = query.where(AuditEntry.at <= until + ("T99" if "T" not in until else ""))
        if limit:
            query = query.limit(limit)
        return list(query)

    # -- batches --------------------------------------------------------------------------------------------

    def load_batch(self, batch: Batch, side: str, year_targets_given: bool, source: str = "导入") -> int:
        """Store a validated batch in one transaction: the year, missing units, targets, figures. All or nothing."""
        self._check_side_permission(side, source)
        if self.role != SYSTEM:
            self._require_role(ASSESSOR)
        self.ensure_year(batch.year)
        with self._transaction():
            year_row = self._year(batch.year)
            rules = rule_set(year_row.rule_set)
            if year_targets_given:
                current = self.year_targets(batch.year)
                if current != batch.targets:
                    if self._year_has_final_units(year_row):
                        raise WorkflowError(f"{batch.year} 年度已有单位定稿,不能再修改年度目标")
                    for item in RATE_ITEMS:
                        if current.get(item) != batch.targets.get(item):
                            value = fraction_to_decimal(batch.targets.get(item))
                            self._audit(
                                "修改年度目标",
                                year=batch.year,
                                field=item,
                                before=getattr(year_row, f"target_{item}"),
                                after=value,
                            )
                            setattr(year_row, f"target_{item}", value)
                    year_row.save()
            for entry in batch.units:
                problems = check_figures(entry.figures.as_dict(), rules.completed_within_accepted)
                if problems:
                    raise ValidationError(f"「{entry.name}」:{problems[0].message_zh}", problems[0].field, entry.name)
                unit = Unit.get_or_none(Unit.name == entry.name)
                if unit is None:
                    if entry.group not in UNIT_GROUPS:
                        raise ValidationError(f"「{entry.name}」的类别无效", "group", entry.name)
                    last = Unit.select(peewee.fn.MAX(Unit.display_order)).scalar() or 0
                    unit = Unit.create(name=entry.name, group=entry.group, display_order=last + 1)
                    self._audit("新增单位", entry.name, after=entry.group)
                for item in RATE_ITEMS:
                    if entry.targets.get(item) != batch.targets.get(item):
                        value = fraction_to_decimal(entry.targets.get(item))
                        before = self._put_override(unit, year_row, item, value)
                        self._audit("单位目标调整", entry.name, batch.year, item, before, value)
                self._write_figures(unit, year_row, side, entry.figures, None, source)
        return len(batch.units)


def rerank(views: Sequence[UnitYearView]) -> list[UnitYearView]:
    """The views with ranks recomputed (after one unit changed); only rows whose rank moved are rebuilt."""
    from yc_desktop.core.ranking import competition_ranks, group_ranks

    ranked = [index for index, view in enumerate(views) if view.ranking_total is not None]
    totals = [views[index].ranking_total for index in ranked]
    overall = competition_ranks(totals)  # type: ignore[arg-type]
    within = group_ranks(totals, [views[index].unit.group for index in ranked])  # type: ignore[arg-type]
    result = list(views)
    positions = dict(zip(ranked, zip(overall, within, strict=True), strict=True))
    for index, view in enumerate(views):
        rank, group_rank = positions.get(index, (None, None))
        if (view.rank, view.group_rank) != (rank, group_rank):
            result[index] = replace(view, rank=rank, group_rank=group_rank)
    return result


__all__ = [
    "ASSESSOR",
    "DRAFT",
    "FINAL",
    "LIAISON",
    "REVIEWED",
    "SUBMITTED",
    "SYSTEM",
    "Store",
    "StoreError",
    "UnitInfo",
    "UnitYearView",
]
