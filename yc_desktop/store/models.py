"""peewee models. Portable: no SQLite-only SQL here, so a PostgreSQL server can serve them later.

Scores are never stored as loose numbers: they are computed by the core from the figures, except the frozen
snapshot written when a unit's year is finalised. Exact decimals (targets) are stored as text.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import peewee

database_proxy = peewee.DatabaseProxy()

SIDES: tuple[str, ...] = ("self", "assessor")
SIDE_LABELS: dict[str, str] = {"self": "自评", "assessor": "考核"}
STATES: tuple[str, ...] = ("草稿", "已提交", "已审核", "已定稿")
ROLES: tuple[str, ...] = ("联络员", "考核员", "系统")


def now_text() -> str:
    """Timestamps as ISO text with seconds: sortable, portable, and readable in the audit log."""
    return datetime.now().isoformat(timespec="seconds")


class ExactDecimalField(peewee.TextField):
    """A Decimal kept as its exact text: SQLite's NUMERIC affinity would turn 72.5 into a binary float."""

    def db_value(self, value: Any) -> Any:
        return None if value is None else str(Decimal(value))

    def python_value(self, value: Any) -> Any:
        return None if value is None else Decimal(value)


class BaseModel(peewee.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class Setting(BaseModel):
    key = peewee.CharField(primary_key=True, max_length=100)
    value = peewee.TextField()

    @classmethod
    def put(cls, key: str, value: str) -> None:
        """Upsert without INSERT OR REPLACE, which PostgreSQL lacks; callers hold a transaction."""
        if cls.update(value=value).where(cls.key == key).execute() == 0:
            cls.create(key=key, value=value)


class Unit(BaseModel):
    name = peewee.CharField(unique=True, max_length=100)
    group = peewee.CharField(max_length=20)
    display_order = peewee.IntegerField(default=0, index=True)
    active = peewee.BooleanField(default=True)
    created_at = peewee.CharField(default=now_text)


class AssessmentYear(BaseModel):
    year = peewee.IntegerField(unique=True)
    rule_set = peewee.CharField(max_length=50)
    target_onboarding = ExactDecimalField()
    target_acceptance = ExactDecimalField()
    target_completion = ExactDecimalField()
    state = peewee.CharField(max_length=20, default="进行中")


class TargetOverride(BaseModel):
    unit = peewee.ForeignKeyField(Unit, on_delete="CASCADE")
    year = peewee.ForeignKeyField(AssessmentYear, on_delete="CASCADE")
    item = peewee.CharField(max_length=20)
    value = ExactDecimalField()

    class Meta:
        indexes = ((("unit", "year", "item"), True),)


class UnitYear(BaseModel):
    """The workflow state of one unit in one year, and the frozen results once finalised."""

    unit = peewee.ForeignKeyField(Unit, on_delete="CASCADE")
    year = peewee.ForeignKeyField(AssessmentYear, on_delete="CASCADE")
    state = peewee.CharField(max_length=20, default="草稿")
    snapshot = peewee.TextField(null=True)  # JSON of the results when finalised
    updated_at = peewee.CharField(default=now_text)

    class Meta:
        indexes = ((("unit", "year"), True),)


class FigureRecord(BaseModel):
    """The ten inputs of one unit × year × side (self = 自评, assessor = 考核)."""

    unit = peewee.ForeignKeyField(Unit, on_delete="CASCADE")
    year = peewee.ForeignKeyField(AssessmentYear, on_delete="CASCADE")
    side = peewee.CharField(max_length=10)
    items_required = peewee.BigIntegerField()
    items_onboarded = peewee.BigIntegerField()
    cases_total = peewee.BigIntegerField()
    cases_online_accepted = peewee.BigIntegerField()
    cases_online_completed = peewee.BigIntegerField()
    sms_very_satisfied = peewee.BigIntegerField()
    sms_satisfied = peewee.BigIntegerField()
    sms_basically_satisfied = peewee.BigIntegerField()
    sms_unsatisfied = peewee.BigIntegerField()
    complaints = peewee.BigIntegerField()
    note = peewee.TextField(default="")
    source = peewee.CharField(max_length=20, default="录入")  # schema 2: 录入 / 导入 / 自评文件
    updated_by = peewee.CharField(max_length=100)
    updated_at = peewee.CharField(default=now_text)

    class Meta:
        indexes = ((("unit", "year", "side"), True),)


class DifferenceReason(BaseModel):
    """Why an assessor figure differs from the unit's own figure, shown beside it."""

    unit = peewee.ForeignKeyField(Unit, on_delete="CASCADE")
    year = peewee.ForeignKeyField(AssessmentYear, on_delete="CASCADE")
    field = peewee.CharField(max_length=40)
    reason = peewee.TextField()

    class Meta:
        indexes = ((("unit", "year", "field"), True),)


class EvidenceNote(BaseModel):
    """佐证说明 for one indicator of one unit × year × side."""

    unit = peewee.ForeignKeyField(Unit, on_delete="CASCADE")
    year = peewee.ForeignKeyField(AssessmentYear, on_delete="CASCADE")
    side = peewee.CharField(max_length=10)
    indicator = peewee.CharField(max_length=20)
    text = peewee.TextField()

    class Meta:
        indexes = ((("unit", "year", "side", "indicator"), True),)


class AuditEntry(BaseModel):
    """Append-only: the service only inserts. Unit is kept by name so the entry outlives any rename."""

    at = peewee.CharField(default=now_text, index=True)
    actor = peewee.CharField(max_length=100)
    role = peewee.CharField(max_length=20)
    action = peewee.CharField(max_length=50)
    unit = peewee.CharField(max_length=100, default="", index=True)
    year = peewee.IntegerField(null=True)
    field = peewee.CharField(max_length=60, default="")
    before = peewee.TextField(default="")
    after = peewee.TextField(default="")
    reason = peewee.TextField(default="")

    def save(self, force_insert: bool = False, only: Any = None) -> Any:
        if self._pk is not None and not force_insert:
            raise PermissionError("审计日志只能追加,不能修改")
        return super().save(force_insert=force_insert, only=only)

    def delete_instance(self, recursive: bool = False, delete_nullable: bool = False) -> Any:
        raise PermissionError("审计日志不能删除")


MODELS: tuple[type[BaseModel], ...] = (
    Setting,
    Unit,
    AssessmentYear,
    TargetOverride,
    UnitYear,
    FigureRecord,
    DifferenceReason,
    EvidenceNote,
    AuditEntry,
)
