"""The 排名 sheets: order, shared places, the 自评 fallback, groups, numbers, and speed."""

import time
from copy import copy
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell import Cell
from openpyxl.styles import NamedStyle

from tests.exchange.helpers import FORMULA_NAME, SECOND, STRONG, WORKED, files_in, record
from yc_desktop.core.figures import Figures
from yc_desktop.exchange.form_data import FormRecord
from yc_desktop.exchange.ranking_xlsx import write_ranking_workbook
from yc_desktop.exchange.safe_io import ExportCancelled, ExportError

FIRST_DATA_ROW = 5
HEADER = [
    "名次", "组内名次", "单位", "类别", "网上进驻率(%)", "网上受理率(%)", "网上办结率(%)", "满意程度系数",
    "网上进驻率得分", None, "网上受理率得分", None, "网上办结率得分", None, "群众满意率得分", None,
    "总分", None, "等级", "排名依据",
]  # fmt: skip


def data_rows(path: Path, sheet: str = "排名") -> list[list[object]]:
    worksheet = openpyxl.load_workbook(path)[sheet]
    return [[c.value for c in row] for row in worksheet.iter_rows(min_row=FIRST_DATA_ROW)]


def test_order_ties_and_groups(tmp_path: Path) -> None:
    records = [
        record("甲镇", "镇街", checked=SECOND),  # 41.25
        record("乙局", "区直部门", checked=WORKED),  # 99.64
        record("丙街道", "镇街", checked=WORKED),  # 99.64
        record("丁局", "区直部门", checked=STRONG),  # 101.00
    ]
    path = tmp_path / "排名.xlsx"
    write_ranking_workbook(records, path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["排名", "镇街排名", "区直部门排名"]  # no 村居 units, no 村居 sheet
    overall = workbook["排名"]
    assert overall["A1"].value == "2014年度源城分厅建设工作量化评分表(暂行)排名"
    assert [c.value for c in overall[3]] == HEADER
    assert [c.value for c in overall[4]][8:18] == ["自评", "考核"] * 5
    rows = data_rows(path)
    assert [(r[0], r[1], r[2]) for r in rows] == [(1, 1, "丁局"), (2, 2, "乙局"), (2, 1, "丙街道"), (4, 2, "甲镇")]
    assert [r[17] for r in rows] == [101, 99.64, 99.64, 41.25]
    assert [r[18] for r in rows] == ["优秀", "优秀", "优秀", "不合格"]
    towns = data_rows(path, "镇街排名")
    assert [(r[0], r[1], r[2]) for r in towns] == [(1, 2, "丙街道"), (2, 4, "甲镇")]
    assert workbook["镇街排名"]["A3"].value == "组内名次"


def test_rates_item_scores_and_formats(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_ranking_workbook([record("区民政局", "区直部门", own=WORKED, checked=SECOND)], path)
    sheet = openpyxl.load_workbook(path)["排名"]
    row = list(sheet[FIRST_DATA_ROW])
    values = [c.value for c in row]
    # Rates of the side the rank is based on (考核: the second worked example).
    assert values[4:8] == [90, 56, 15, 0.6]
    assert [Decimal(str(v)).quantize(Decimal("0.01")) for v in values[8:18]] == [
        Decimal(x) for x in ("10", "10", "36", "14", "45", "11.25", "8.64", "6", "99.64", "41.25")
    ]
    assert values[18:] == ["不合格", "考核"]
    assert all(c.number_format == "0.00" for c in row[4:7] + row[8:18])
    assert row[7].number_format == "0.0000"
    assert all(c.data_type == "n" for c in row[4:18])


def test_self_fallback_unscored_last_and_text_names(tmp_path: Path) -> None:
    records = [
        record("未填报", "村居", own=None, checked=None),
        record(FORMULA_NAME, "村居", own=STRONG, checked=None),
        record("已考核", "镇街", own=STRONG, checked=SECOND),
    ]
    path = tmp_path / "r.xlsx"
    write_ranking_workbook(records, path)
    workbook = openpyxl.load_workbook(path)
    assert "村居排名" in workbook.sheetnames
    rows = data_rows(path)
    assert [(r[0], r[2], r[19]) for r in rows] == [
        (1, FORMULA_NAME, "自评"),
        (2, "已考核", "考核"),
        (None, "未填报", "未评分"),
    ]
    assert rows[0][17] is None  # no 考核 total yet
    assert all(v is None for v in rows[2][4:19])
    for sheet in workbook.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f"


def test_cancel_and_empty(tmp_path: Path) -> None:
    records = [record(f"单位{i}", "镇街") for i in range(1200)]
    seen: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelled):
        write_ranking_workbook(
            records,
            tmp_path / "r.xlsx",
            progress=lambda done, total: seen.append((done, total)),
            cancel=lambda: bool(seen),
        )
    assert seen == [(500, 2400)]  # stopped at the first check after some progress
    with pytest.raises(ExportError, match="没有可导出的单位"):
        write_ranking_workbook([], tmp_path / "r.xlsx")
    assert files_in(tmp_path) == []


def _many(count: int) -> list[FormRecord]:
    groups = ("镇街", "区直部门", "村居")
    records = []
    for i in range(count):
        accepted = 500 + i % 400
        own = Figures(40, 30 + i % 11, 1000, accepted, accepted // 2, i % 20, i % 7, i % 5, i % 3, i % 4)
        records.append(record(f"单位{i:05d}", groups[i % 3], own=own, checked=own if i % 5 else None))
    return records


def _raw_write_of_the_same_cells(source: Path, target: Path) -> float:
    """openpyxl alone writing the cells of `source` (values, merges, styles shared per format), timed."""
    workbook = openpyxl.load_workbook(source)
    sheets = []
    for sheet in workbook.worksheets:
        rows = [[(c.value, c.number_format, c.data_type) for c in row] for row in sheet.iter_rows()]
        sheets.append((sheet.title, rows, [str(r) for r in sheet.merged_cells.ranges]))
    start = time.perf_counter()
    raw = openpyxl.Workbook(write_only=True)
    arrays = {}
    for number_format in ("General", "0.00", "0.0000"):
        style = NamedStyle(name=number_format, number_format=number_format)
        raw.add_named_style(style)
        arrays[number_format] = copy(style.as_tuple())
    for title, rows, merges in sheets:
        out = raw.create_sheet(title)
        for merge in merges:
            out.merged_cells.add(merge)
        for row in rows:
            cells = []
            for value, number_format, data_type in row:
                cell = Cell(out, 1, 1, value, arrays[number_format])
                cell.data_type = data_type
                cells.append(cell)
            out.append(cells)
    raw.save(target)
    return time.perf_counter() - start


@pytest.mark.slow
def test_ten_thousand_units_cost_little_more_than_openpyxl_itself(tmp_path: Path) -> None:
    records = _many(10_000)
    ours = []
    for _ in range(2):
        start = time.perf_counter()
        write_ranking_workbook(records, tmp_path / "ours.xlsx")
        ours.append(time.perf_counter() - start)
    raw = [_raw_write_of_the_same_cells(tmp_path / "ours.xlsx", tmp_path / "raw.xlsx") for _ in range(2)]
    print(f"ranking of 10,000 units: ours {min(ours):.2f} s, raw openpyxl {min(raw):.2f} s")
    assert min(ours) <= 1.3 * min(raw)
