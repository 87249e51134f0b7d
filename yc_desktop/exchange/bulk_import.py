"""Bulk figures: a CSV or .xlsx with one row per unit and Chinese column headers, as the hall's system exports.

Headers are matched by name (several common spellings each), so column order does not matter. Every row is
validated by the core; one bad row refuses the whole file, and nothing is written before the user has seen
the preview. Writing goes through `Store.load_batch` (one transaction, audit-logged, source 导入).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from yc_desktop.core.batch import Batch, BatchUnit
from yc_desktop.core.figures import FIELD_NAMES, Figures, check_figures
from yc_desktop.core.units import check_unit_group, check_unit_name
from yc_desktop.exchange.import_plan import FieldChange, figure_changes
from yc_desktop.exchange.input_limits import InputFileError, check_input_file
from yc_desktop.store.service import Store

NAME, GROUP = "name", "group"
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    NAME: ("单位", "单位名称", "部门", "部门名称", "镇街/部门"),
    GROUP: ("类别", "单位类别", "类型"),
    "items_required": ("应进驻事项数", "应进驻事项", "应进驻数"),
    "items_onboarded": ("已进驻事项数", "已进驻事项", "进驻事项数", "已进驻数"),
    "cases_total": ("总业务量", "总办件数", "总业务量(总办件数)", "总办件量", "业务总量"),
    "cases_online_accepted": ("网上受理业务量", "网上受理量", "网上受理数", "网上受理件数"),
    "cases_online_completed": ("网上办结业务量", "网上办结量", "网上办结数", "网上办结件数"),
    "sms_very_satisfied": ("非常满意次数", "非常满意", "短信非常满意"),
    "sms_satisfied": ("满意次数", "满意", "短信满意"),
    "sms_basically_satisfied": ("基本满意次数", "基本满意", "短信基本满意"),
    "sms_unsatisfied": ("不满意次数", "不满意", "短信不满意"),
    "complaints": ("投诉办件数", "投诉件数", "投诉数", "投诉办件"),
}
MAX_ROWS = 20000


def _normalise(header: object) -> str:
    text = "" if header is None else str(header)
    return "".join(text.split()).replace("(", "(").replace(")", ")")


@dataclass(slots=True)
class BulkRow:
    line: int
    name: str
    group: str | None
    figures: Figures
    changes: list[FieldChange] = field(default_factory=list)
    new_unit: bool = False


@dataclass(slots=True)
class BulkPlan:
    path: Path
    year: int
    side: str
    rows: list[BulkRow] = field(default_factory=list)
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    def summary(self) -> str:
        side = "自评" if self.side == "self" else "考核"
        if self.problem:
            return f"{self.path.name}:拒绝 — {self.problem}"
        changed = [row for row in self.rows if row.changes]
        lines = [f"{self.path.name}:{self.year} 年度{side}数据,{len(self.rows)} 个单位,其中 {len(changed)} 个有变化"]
        for row in changed:
            mark = "(新单位)" if row.new_unit else ""
            detail = ",".join(f"{c.label} {'空' if c.before is None else c.before}→{c.after}" for c in row.changes)
            lines.append(f"    {row.name}{mark}:{detail}")
        return "\n".join(lines)


def _read_table(path: Path) -> list[list[object]]:
    if path.suffix.lower() == ".csv":
        data = path.read_bytes()
        # Excel on Chinese Windows saves CSV in GBK; other tools in UTF-8 (often with a BOM).
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InputFileError(path, "无法识别文件编码(请另存为 UTF-8 或 GBK 编码的 CSV)")
        return [list(row) for row in csv.reader(io.StringIO(text))]
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook raises many kinds; all mean the same to the user
        raise InputFileError(path, f"无法打开此 Excel 文件({type(exc).__name__})") from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1)]
    finally:
        workbook.close()


def _count(value: object) -> object:
    """A cell as a count where it plainly is one ("1,234", 12.0); anything else is left for the core to refuse."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace(",", "")
        if text.lstrip("-").isdigit():  # a sign is kept, so the core can say "negative" rather than "not a number"
            return int(text)
        return None if not text else value
    return value


def read_bulk_rows(path: Path) -> tuple[list[BulkRow], str | None]:
    """The rows of a bulk file, or ([], reason) when the file cannot be used as a whole."""
    try:
        check_input_file(path, (".csv", ".xlsx"))
        table = _read_table(path)
    except InputFileError as exc:
        return [], exc.reason_zh
    if not table:
        return [], "文件是空的"
    headers = [_normalise(h) for h in table[0]]
    columns: dict[str, int] = {}
    for key, aliases in HEADER_ALIASES.items():
        for alias in aliases:
            if _normalise(alias) in headers:
                columns[key] = headers.index(_normalise(alias))
                break
    missing = [HEADER_ALIASES[key][0] for key in (NAME, *FIELD_NAMES) if key not in columns]
    if missing:
        return [], f"缺少列:{'、'.join(missing)}(第一行应为列名)"
    rows: list[BulkRow] = []
    names: set[str] = set()
    for line, cells in enumerate(table[1:], start=2):
        if len(rows) >= MAX_ROWS:
            return [], f"行数过多(上限 {MAX_ROWS} 行)"
        if all(cell in (None, "") for cell in cells):
            continue

        def cell(key: str, cells: Sequence[object] = cells) -> object:
            index = columns[key]
            return cells[index] if index < len(cells) else None

        name = str(cell(NAME) or "").strip()
        problem = check_unit_name(name)
        if problem:
            return [], f"第 {line} 行:{problem}"
        if name in names:
            return [], f"第 {line} 行:单位「{name}」重复出现"
        names.add(name)
        group = str(cell(GROUP)).strip() if GROUP in columns and cell(GROUP) not in (None, "") else None
        if group is not None and (problem := check_unit_group(group)):
            return [], f"第 {line} 行「{name}」:{problem}"
        raw = {key: _count(cell(key)) for key in FIELD_NAMES}
        problems = check_figures(raw)
        if problems:
            return [], f"第 {line} 行「{name}」:{problems[0].message_zh}"
        rows.append(BulkRow(line, name, group, Figures(**raw)))  # type: ignore[arg-type]
    if not rows:
        return [], "文件中没有数据行"
    return rows, None


def plan_bulk_import(store: Store, path: Path, year: int, side: str) -> BulkPlan:
    plan = BulkPlan(Path(path), year, side)
    rows, problem = read_bulk_rows(plan.path)
    if problem:
        plan.problem = problem
        return plan
    known_year = year in store.years()
    for row in rows:
        unit = store.unit_by_name(row.name)
        if unit is None:
            if row.group is None:
                plan.problem = f"第 {row.line} 行:数据库中没有单位「{row.name}」,且文件没有“类别”列,无法新建"
                return plan
            row.new_unit = True
            row.changes = figure_changes(None, row.figures)
            continue
        if row.group is not None and row.group != unit.group:
            plan.problem = f"第 {row.line} 行:「{row.name}」的类别为「{row.group}」,与数据库中的「{unit.group}」不一致"
            return plan
        row.group = unit.group
        before = store.figures(unit.id, year, side) if known_year else None
        row.changes = figure_changes(before, row.figures)
    plan.rows = rows
    return plan


def apply_bulk_import(store: Store, plan: BulkPlan) -> int:
    """Write the whole file in one transaction; returns the number of units written."""
    if not plan.ok:
        raise ValueError(plan.problem)
    if plan.year not in store.years():
        store.ensure_year(plan.year)
    targets = store.year_targets(plan.year)
    units = tuple(BatchUnit(row.name, row.group or "", row.figures, targets) for row in plan.rows)
    return store.load_batch(Batch(plan.year, targets, units), plan.side, year_targets_given=False, source="导入")
