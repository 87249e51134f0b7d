"""The liaison's self-evaluation file: the filled form a person reads, plus the figures a program reads.

The figures travel as canonical JSON in a very hidden, protected sheet, with a SHA-256 checksum over that JSON,
so that a file edited by hand (or damaged on the way) is recognised and refused rather than imported. The
visible form is never read back: only the hidden data counts.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from yc_desktop import __version__
from yc_desktop.core.figures import FIELD_NAMES, Figures, check_figures
from yc_desktop.core.scoring import ITEM_KEYS
from yc_desktop.core.units import check_unit_group, check_unit_name
from yc_desktop.exchange.input_limits import InputFileError, check_input_file
from yc_desktop.exchange.records import form_records
from yc_desktop.exchange.safe_io import ExportError, atomic_write, set_text
from yc_desktop.exchange.sheet_names import SheetNamer
from yc_desktop.store.service import Store

DATA_SHEET = "自评数据"
FORMAT = "yc-desktop-selfeval"
FORMAT_VERSION = 1
MAX_NOTE = 2000


@dataclass(frozen=True, slots=True)
class SelfEvaluation:
    unit: str
    group: str
    year: int
    rule_set: str
    figures: Figures
    evidence: dict[str, str]
    exported_by: str
    exported_at: str


def canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_selfeval(store: Store, unit_id: int, year: int, path: str | os.PathLike[str]) -> Path:
    """The unit's form with its 自评 figures (no 考核 column: it is the unit's own file) and the hidden data."""
    from openpyxl.worksheet.protection import SheetProtection

    from yc_desktop.exchange.form_xlsx import fill_form_sheet, new_form_workbook

    view = store.unit_view(unit_id, year)
    if view.self_figures is None:
        raise ExportError(f"「{view.unit.name}」{year} 年度还没有自评数据,无法导出自评文件。")
    (record,) = form_records(store, year, {view.unit.name})
    record = replace(record, assessor_score=None, rank=None, group_rank=None)
    payload = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "unit": view.unit.name,
        "group": view.unit.group,
        "year": year,
        "rule_set": store.rules_for(year).name,
        "figures": view.self_figures.as_dict(),
        "evidence": {k: v for k, v in store.evidence_notes(unit_id, year, "self").items() if v},
        "exported_by": store.actor,
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        "app_version": __version__,
    }
    text = canonical(payload)
    target = Path(path)
    with atomic_write(target) as temp:
        workbook = new_form_workbook()
        form_sheet = workbook.create_sheet(SheetNamer().name_for(view.unit.name))
        fill_form_sheet(form_sheet, record)
        data = workbook.create_sheet(DATA_SHEET)
        set_text(data["A1"], text)
        set_text(data["A2"], checksum(text))
        set_text(data["A3"], "此工作表由程序读取,请勿修改;修改后文件将被拒绝导入。")
        data.sheet_state = "veryHidden"
        data.protection = SheetProtection(sheet=True, selectLockedCells=True, selectUnlockedCells=True)
        workbook.active = 0
        workbook.save(temp)
    return target


def read_selfeval(path: Path) -> SelfEvaluation:
    """The checked contents of a self-evaluation file, or InputFileError with the reason it is refused."""
    check_input_file(path, (".xlsx",))
    from openpyxl import load_workbook

    try:
        # read_only: streamed, nothing evaluated; data_only: a formula is never taken for data.
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; all mean the same to the user
        raise InputFileError(path, f"无法打开此 Excel 文件({type(exc).__name__})") from exc
    try:
        if DATA_SHEET not in workbook.sheetnames:
            raise InputFileError(path, "不是本程序导出的自评文件(缺少自评数据)")
        sheet = workbook[DATA_SHEET]
        cells = [row[0] for row in sheet.iter_rows(min_row=1, max_row=2, max_col=1, values_only=True)]
    finally:
        workbook.close()
    if len(cells) != 2 or not all(isinstance(value, str) for value in cells):
        raise InputFileError(path, "自评数据不完整或已损坏")
    text, stated = str(cells[0]), str(cells[1])
    if checksum(text) != stated.strip():
        raise InputFileError(path, "校验失败:文件中的自评数据被修改过或已损坏,已拒绝导入")
    return _parse_payload(path, text)


def _parse_payload(path: Path, text: str) -> SelfEvaluation:
    try:
        payload = json.loads(text)
    except ValueError as exc:
        raise InputFileError(path, "自评数据格式错误") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise InputFileError(path, "不是本程序导出的自评文件")
    if payload.get("version") != FORMAT_VERSION:
        raise InputFileError(path, f"自评文件版本 {payload.get('version')!r} 不受支持,请用相同版本的程序导出")
    unit, group, year = payload.get("unit"), payload.get("group"), payload.get("year")
    problem = check_unit_name(unit) or check_unit_group(group)
    if problem:
        raise InputFileError(path, problem)
    if isinstance(year, bool) or not isinstance(year, int):
        raise InputFileError(path, "自评文件中的年度无效")
    raw = payload.get("figures")
    if not isinstance(raw, dict):
        raise InputFileError(path, "自评文件中缺少数据")
    problems = check_figures(raw)
    if problems:
        raise InputFileError(path, f"「{unit}」:{problems[0].message_zh}")
    evidence = payload.get("evidence") or {}
    if not isinstance(evidence, dict) or any(
        key not in ITEM_KEYS or not isinstance(value, str) or len(value) > MAX_NOTE for key, value in evidence.items()
    ):
        raise InputFileError(path, "自评文件中的佐证说明格式错误")
    return SelfEvaluation(
        unit=str(unit),
        group=str(group),
        year=year,
        rule_set=str(payload.get("rule_set", "")),
        figures=Figures(**{name: raw[name] for name in FIELD_NAMES}),
        evidence={str(k): str(v) for k, v in evidence.items()},
        exported_by=str(payload.get("exported_by", "")),
        exported_at=str(payload.get("exported_at", "")),
    )
