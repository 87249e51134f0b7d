"""The 排名 (ranking) sheets: every unit overall, then one sheet per group (镇街, 区直部门, 村居 if any).

Ranks follow form_data.rank_records: by the 考核 total, or the 自评 total for a unit with no assessor figures
yet (the 排名依据 column says which), ties sharing a place (1, 2, 2, 4); units without any score come last,
unranked. The rates shown are those of the side the rank is based on.

Written row by row with `append` so the same code serves a streaming (write-only) workbook for the ranking
on its own and a normal one for the whole-year export. Speed matters (10,000 units): cells share one style
array per kind, prepared once, and plain text and integers are appended as bare values.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from contextlib import suppress
from copy import copy
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from yc_desktop.core.rules import RATE_ITEMS
from yc_desktop.core.scoring import ITEM_KEYS
from yc_desktop.core.units import UNIT_GROUPS
from yc_desktop.exchange.form_data import ASSESSOR_SIDE, SELF_SIDE, FormRecord, ranking_order
from yc_desktop.exchange.safe_io import (
    CancelCallback,
    ExportError,
    ProgressCallback,
    atomic_write,
    check_cancel,
    report,
    set_text,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
    from openpyxl.worksheet.worksheet import Worksheet

    Sheet = Worksheet | WriteOnlyWorksheet

OVERALL_SHEET = "排名"
STYLE_PREFIX = "排名-"
UNRANKED = "未评分"
REMARK = "排名依据:考核总分;尚无考核数据的单位按自评总分排名(见“排名依据”列);总分相同者名次并列。"
_PROGRESS_EVERY = 500  # rows between progress reports

# style key: (font size, bold, horizontal alignment, border, number format). Only headings wrap: a wrapped
# data cell would need a computed row height, and 10,000 of them cost time for nothing.
_STYLE_SPECS: dict[str, tuple[float, bool, str, bool, str | None]] = {
    "title": (16, True, "center", False, None),
    "remark": (10, False, "left", False, None),
    "header": (10, True, "center", True, None),
    "text": (10, False, "left", True, None),
    "center": (10, False, "center", True, None),
    "score": (10, False, "right", True, "0.00"),
    "coefficient": (10, False, "right", True, "0.0000"),
}
_WRAPPED = {"title", "header"}


def group_sheet_name(group: str) -> str:
    return f"{group}排名"


def groups_present(records: Sequence[FormRecord]) -> list[str]:
    """The groups that have units, in the form's order (镇街, 区直部门, 村居)."""
    present = {record.group for record in records}
    return [group for group in UNIT_GROUPS if group in present]


def ranking_sheet_names(records: Sequence[FormRecord]) -> list[str]:
    return [OVERALL_SHEET, *(group_sheet_name(group) for group in groups_present(records))]


def _register_styles(workbook: Workbook) -> dict[str, StyleArray]:
    """Named styles for the ranking sheets, and one style array per kind for cells to share."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    thin = Side(style="thin", color="000000")
    arrays: dict[str, StyleArray] = {}
    for key, (size, bold, horizontal, boxed, number_format) in _STYLE_SPECS.items():
        named = NamedStyle(name=STYLE_PREFIX + key)
        named.font = Font(name="宋体", size=size, bold=bold, charset=134)
        named.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=key in _WRAPPED)
        if boxed:
            named.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        if number_format:
            named.number_format = number_format
        workbook.add_named_style(named)
        arrays[key] = copy(named.as_tuple())
    return arrays


class _RowWriter:
    """Turns records into rows of values and styled cells for one sheet."""

    def __init__(self, sheet: Sheet, styles: dict[str, StyleArray], group_first: bool) -> None:
        from openpyxl.cell import Cell

        self.sheet = sheet
        self.styles = styles
        self.group_first = group_first
        self._cell = Cell

    def cell(self, value: Any, style: str) -> Any:
        # Cells are never restyled after this, so sharing the style array between them is safe.
        return self._cell(self.sheet, 1, 1, value, self.styles[style])

    def number(self, value: Decimal | int | None, style: str = "score") -> Any:
        return self.cell(value, "center" if value is None else style)

    def row(self, record: FormRecord) -> list[Any]:
        basis = record.ranking_score
        ranks = [record.rank, record.group_rank]
        if self.group_first:
            ranks.reverse()
        values: list[Any] = [self.cell(rank, "center") for rank in ranks]
        name = self.cell(None, "text")
        set_text(name, record.unit_name)
        values.append(name)
        values.append(self.cell(record.group, "center"))
        for item in RATE_ITEMS:
            values.append(self.number(None if basis is None else basis.rates[item]))
        values.append(self.number(None if basis is None else basis.rates["satisfaction_coefficient"], "coefficient"))
        sides = (record.self_score, record.assessor_score)
        for key in ITEM_KEYS:
            values.extend(self.number(None if score is None else score.scores[key]) for score in sides)
        values.extend(self.number(None if score is None else score.total) for score in sides)
        values.append(self.cell(None if basis is None else basis.grade, "center"))
        values.append(self.cell(record.ranking_side or UNRANKED, "center"))
        return values


def _headers(records: Sequence[FormRecord], group_first: bool) -> tuple[list[str], list[str], int]:
    """The two header rows and how many leading columns span both rows."""
    rules = records[0].rules
    ranks = ["名次", "组内名次"] if not group_first else ["组内名次", "全区名次"]
    single = [*ranks, "单位", "类别"]
    single += [f"{rules.items[item].label}(%)" for item in RATE_ITEMS] + ["满意程度系数"]
    labels = [rules.items[item].label for item in RATE_ITEMS] + [rules.satisfaction.label]
    top = single + [part for label in labels for part in (f"{label}得分", "")] + ["总分", "", "等级", "排名依据"]
    bottom = [""] * len(single) + [SELF_SIDE, ASSESSOR_SIDE] * (len(labels) + 1) + ["", ""]
    return top, bottom, len(single)


_WIDTHS = [7, 9, 32, 10, 11, 11, 11, 12] + [8] * 10 + [8, 9]


def _set_up_sheet(sheet: Sheet, width: int) -> None:
    """Sheet-level settings; a streaming sheet writes its head with the first row, so this comes first."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    for index, column_width in enumerate(_WIDTHS[:width], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width
    for row, height in ((1, 30), (2, 18), (3, 30), (4, 18)):
        sheet.row_dimensions[row].height = height
    sheet.freeze_panes = "E5"
    sheet.print_title_rows = "3:4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True


def _fill_sheet(
    sheet: Sheet,
    records: Sequence[FormRecord],
    title: str,
    group_first: bool,
    styles: dict[str, StyleArray],
    tick: Callable[[], None],
) -> None:
    from openpyxl.utils import get_column_letter

    top, bottom, single = _headers(records, group_first)
    width = len(top)
    _set_up_sheet(sheet, width)
    writer = _RowWriter(sheet, styles, group_first)
    sheet.append([writer.cell(title, "title")] + [writer.cell(None, "title")] * (width - 1))
    sheet.append([writer.cell(REMARK, "remark")])
    sheet.append([writer.cell(text, "header") for text in top])
    sheet.append([writer.cell(text or None, "header") for text in bottom])
    last = get_column_letter(width)
    merges = [f"A1:{last}1", f"A2:{last}2"]
    pairs = range(single + 1, width - 2, 2)  # 自评/考核 column pairs under one heading
    merges += [f"{get_column_letter(column)}3:{get_column_letter(column + 1)}3" for column in pairs]
    merges += [
        f"{get_column_letter(column)}3:{get_column_letter(column)}4"
        for column in (*range(1, single + 1), width - 1, width)
    ]
    for merge in merges:
        sheet.merged_cells.add(merge)
    for record in records:
        sheet.append(writer.row(record))
        tick()


def add_ranking_sheets(
    workbook: Workbook,
    records: Sequence[FormRecord],
    title: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> list[Sheet]:
    """Add the 排名 sheet and one sheet per group, in front of any sheets already there; returns them."""
    if not records:
        raise ExportError("没有可导出的单位。")
    ordered = ranking_order(records)
    heading = title or f"{records[0].year}年度{records[0].rules.title}排名"
    styles = _register_styles(workbook)
    groups = groups_present(ordered)
    total = 2 * len(ordered)  # every unit is written twice: overall and in its group's sheet
    done = 0

    def tick() -> None:  # called once per row written
        nonlocal done
        done += 1
        if done % _PROGRESS_EVERY == 0:
            check_cancel(cancel)
            report(progress, done, total)

    sheets: list[Sheet] = []
    overall = workbook.create_sheet(OVERALL_SHEET, 0)
    _fill_sheet(overall, ordered, heading, False, styles, tick)
    sheets.append(overall)
    for position, group in enumerate(groups, start=1):
        members = [record for record in ordered if record.group == group]
        sheet = workbook.create_sheet(group_sheet_name(group), position)
        _fill_sheet(sheet, members, f"{heading}({group})", True, styles, tick)
        sheets.append(sheet)
    report(progress, total, total)
    return sheets


def write_ranking_workbook(
    records: Sequence[FormRecord],
    path: str | os.PathLike[str],
    title: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> None:
    """The ranking on its own (for the 通报), streamed: a write-only workbook keeps 10,000 units fast."""
    from openpyxl import Workbook

    with atomic_write(path) as temp:
        workbook = Workbook(write_only=True)
        workbook.properties.creator = "yc-desktop"
        try:
            add_ranking_sheets(workbook, records, title, progress, cancel)
            check_cancel(cancel)
        except BaseException:
            # A streaming workbook keeps its sheets in open temporary files until it is saved; saving what there
            # is (into the file atomic_write then discards) is the public way to close and remove them.
            with suppress(Exception):
                workbook.save(temp)
            raise
        workbook.save(temp)
