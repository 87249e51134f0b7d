"""The filled appendix form as xlsx: one sheet per unit, A4 landscape, fitted to one page.

The layout is built in code from form_layout rather than loaded from a template file: row heights have to be
computed from the rule set's text anyway (openpyxl cannot autofit), the PDF draws the same rows, and a binary
template would be a second copy of the layout to keep in step with it. openpyxl is imported inside the
functions, so importing this module costs the application's start-up nothing.
"""

from __future__ import annotations

import gc
import os
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from yc_desktop.exchange.form_data import FormRecord, rank_records
from yc_desktop.exchange.form_layout import COLUMNS, FANGSONG, HEI, SONG, STYLES, FormRow, form_rows
from yc_desktop.exchange.safe_io import (
    CancelCallback,
    ExportError,
    ProgressCallback,
    atomic_write,
    check_cancel,
    report,
    save_workbook,
    set_text,
)
from yc_desktop.exchange.sheet_names import SheetNamer

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# The names Chinese Excel and WPS write; Windows resolves them in any locale.
XLSX_FONTS = {SONG: "宋体", FANGSONG: "仿宋", HEI: "黑体"}
STYLE_PREFIX = "评分表-"
GC_FREEZE_EVERY = 25  # sheets

# Row-height estimate. Excel measures column widths in the default font's digit width (Calibri 11: 7 px at
# 96 dpi, plus 5 px of margin). Wide (CJK) characters take one em, others about half; line spacing is taken
# generously (CJK fonts such as Noto run to 1.45 em) so that no wrapped line is ever cut off, at the cost of a
# little air in Excel with SimSun.
_DIGIT_PX = 7
_COLUMN_MARGIN_PX = 5
_CELL_PADDING_PX = 8
_WRAP_SLACK = 0.94  # Excel avoids breaking before punctuation, so lines fill a little less than the width
_LINE_SPACING = 1.45
_ROW_PADDING_PT = 8
_MAX_ROW_HEIGHT_PT = 409  # Excel's limit


def _column_pixels(first: int, span: int) -> float:
    return sum(COLUMNS[index].width * _DIGIT_PX + _COLUMN_MARGIN_PX for index in range(first, first + span))


def _char_em(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.55


@lru_cache(maxsize=1024)  # the same criteria and note texts recur on every form
def wrapped_lines(text: str, width_px: float, size_pt: float) -> int:
    """How many lines `text` takes when wrapped in a cell `width_px` wide (character-level greedy wrap)."""
    em_px = size_pt * 96 / 72
    available = max((width_px - _CELL_PADDING_PX) * _WRAP_SLACK, em_px)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for char in paragraph:
            advance = em_px * _char_em(char)
            if used + advance > available:
                lines += 1
                used = advance
            else:
                used += advance
    return lines


def row_height(row: FormRow) -> float:
    """The row's height in points: its minimum, or more if a cell's wrapped text needs it."""
    height = row.min_height
    for cell in row.cells:
        if isinstance(cell.value, str) and cell.value:
            size = STYLES[cell.style].size
            lines = wrapped_lines(cell.value, _column_pixels(cell.column, cell.span), size)
            height = max(height, lines * size * _LINE_SPACING + _ROW_PADDING_PT)
    return min(round(height, 1), _MAX_ROW_HEIGHT_PT)


def register_styles(workbook: Workbook) -> None:
    """One named style per cell role, registered once: assigning a name is much cheaper than four objects."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    thin = Side(style="thin", color="000000")
    for key, style in STYLES.items():
        named = NamedStyle(name=STYLE_PREFIX + key)
        named.font = Font(name=XLSX_FONTS[style.font], size=style.size, bold=style.bold, charset=134)
        named.alignment = Alignment(horizontal=style.align, vertical=style.valign, wrap_text=True)
        if style.boxed:
            named.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        if style.number_format:
            named.number_format = style.number_format
        workbook.add_named_style(named)


def _set_up_page(sheet: Worksheet, last_row: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.55, bottom=0.55, header=0.3, footer=0.3)
    sheet.print_options.horizontalCentered = True
    sheet.print_area = f"A1:{get_column_letter(len(COLUMNS))}{last_row}"
    sheet.sheet_view.showGridLines = False


def fill_form_sheet(sheet: Worksheet, record: FormRecord) -> None:
    """Write one unit's form into an empty sheet of a workbook prepared by `register_styles`."""
    from openpyxl.utils import get_column_letter

    rows = form_rows(record)
    for row_index, row in enumerate(rows, start=1):
        for form_cell in row.cells:
            column = form_cell.column + 1
            style = STYLE_PREFIX + form_cell.style
            cell = sheet.cell(row=row_index, column=column)
            if isinstance(form_cell.value, str):
                set_text(cell, form_cell.value)
            else:
                cell.value = form_cell.value
            cell.style = style
            if form_cell.span > 1:
                # Registered directly: Worksheet.merge_cells re-derives borders cell by cell and costs more than
                # the rest of the form. Cells inside the range carry the style so a border runs along it.
                last = column + form_cell.span - 1
                for extra in range(column + 1, last + 1):
                    sheet.cell(row=row_index, column=extra).style = style
                sheet.merged_cells.add(f"{get_column_letter(column)}{row_index}:{get_column_letter(last)}{row_index}")
        sheet.row_dimensions[row_index].height = row_height(row)
    _set_up_page(sheet, len(rows))


def new_form_workbook() -> Workbook:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    register_styles(workbook)
    workbook.properties.creator = "yc-desktop"
    return workbook


def write_form_workbook(
    records: Sequence[FormRecord],
    path: str | os.PathLike[str],
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
    with_ranking: bool = False,
) -> None:
    """One workbook, one form sheet per unit (in the order given); with_ranking puts the 排名 sheets first.

    progress(done, total) is called after each unit; cancel() is polled before each unit and before saving,
    and a cancelled export raises ExportCancelled and leaves no file. With the ranking, every form's 说明 row
    shows the unit's rank as on the 排名 sheet.
    """
    if not records:
        raise ExportError("没有可导出的单位。")
    with atomic_write(path) as temp:
        workbook = new_form_workbook()
        workbook.properties.title = records[0].rules.title
        namer = SheetNamer()
        if with_ranking:
            from yc_desktop.exchange.ranking_xlsx import add_ranking_sheets

            records = rank_records(records)
            for sheet in add_ranking_sheets(workbook, records, cancel=cancel):
                namer.reserve(sheet.title)
        total = len(records)
        try:
            for done, record in enumerate(records, start=1):
                check_cancel(cancel)
                fill_form_sheet(workbook.create_sheet(namer.name_for(record.unit_name)), record)
                report(progress, done, total)
                if done % GC_FREEZE_EVERY == 0:
                    # Full collections re-traverse the whole growing workbook while holding the GIL, pausing the
                    # window for 100–300 ms each; frozen objects are skipped (unfrozen again below).
                    gc.freeze()
            check_cancel(cancel)
            workbook.active = 0
            save_workbook(workbook, temp, cancel)
        finally:
            gc.unfreeze()  # the workbook's cycles become collectable again once it is dropped


def write_unit_form(record: FormRecord, path: str | os.PathLike[str]) -> None:
    """A workbook holding one unit's form."""
    write_form_workbook([record], path)
