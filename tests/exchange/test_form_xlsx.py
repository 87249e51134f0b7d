"""The filled appendix form in xlsx: every cell that matters, read back with openpyxl."""

import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.exchange.helpers import FORMULA_NAME, RULES, WORKED, files_in, record
from yc_desktop.exchange.form_layout import STYLES
from yc_desktop.exchange.form_xlsx import row_height, wrapped_lines, write_form_workbook, write_unit_form
from yc_desktop.exchange.safe_io import ExportCancelled, ExportError

ITEMS = ("onboarding", "acceptance", "completion")
FIRST_CRITERIA = "以市下达的年度目标为标准值,完成标准值的得标准分;低于标准值的,本项目得分为0分。"


def rows_by_label(sheet: Worksheet) -> dict[str, int]:
    return {str(sheet.cell(row, 1).value): row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value}


def score_cell(sheet: Worksheet, row: int, column: int) -> Decimal | None:
    cell = sheet.cell(row, column)
    if cell.value is None:
        return None
    assert isinstance(cell.value, (int, float)), f"{cell.coordinate} is {cell.value!r}, not a number"
    assert cell.number_format == "0.00"
    return Decimal(str(cell.value)).quantize(Decimal("0.01"))


@pytest.fixture
def form(tmp_path: Path) -> Worksheet:
    path = tmp_path / "区民政局.xlsx"
    write_unit_form(record(), path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["区民政局"]
    return workbook["区民政局"]


def test_title_unit_year_and_headers(form: Worksheet) -> None:
    assert form["A2"].value == "源城分厅建设工作量化评分表(暂行)" == RULES.title
    assert form["A3"].value == "单位:区民政局"
    assert form["D3"].value == "年度:2014年"
    assert [c.value for c in form[4]] == ["考核指标", "标准分值", "评分标准", "自评得分", "考核得分"]


def test_indicators_are_word_for_word_from_the_rule_set(form: Worksheet) -> None:
    rows = rows_by_label(form)
    rules = [*(RULES.items[item] for item in ITEMS), RULES.satisfaction]
    for rule in rules:
        row = rows[rule.label]
        assert form.cell(row, 3).value == rule.criteria
        assert form.cell(row, 3).alignment.wrap_text
    assert [form.cell(rows[rule.label], 2).value for rule in rules] == [10, 35, 45, 10]
    assert form.cell(rows["网上进驻率"], 3).value == FIRST_CRITERIA
    assert form.cell(rows["合计"], 2).value == 100
    note = next(c.value for row in form.iter_rows() for c in row if str(c.value).startswith("注:"))
    assert note == RULES.note


def test_scores_totals_and_grades_as_numbers(form: Worksheet) -> None:
    rows = rows_by_label(form)
    labels = ["网上进驻率", "网上受理率", "网上办结率", "群众满意率", "合计"]
    own = [score_cell(form, rows[label], 4) for label in labels]
    checked = [score_cell(form, rows[label], 5) for label in labels]
    assert own == [Decimal(x) for x in ("10.00", "36.00", "45.00", "8.64", "99.64")]
    assert checked == [Decimal(x) for x in ("10.00", "14.00", "11.25", "6.00", "41.25")]
    assert form.cell(rows["等级"], 4).value == "优秀"
    assert form.cell(rows["等级"], 5).value == "不合格"


def test_signature_block_and_remark(form: Worksheet) -> None:
    texts = [str(c.value) for row in form.iter_rows() for c in row if c.value is not None]
    for label in ("填报单位(盖章):", "填报人:", "审核人:"):
        assert label in texts
    assert any(text.startswith("日期:") for text in texts)
    remark = next(text for text in texts if text.startswith("说明:"))
    assert "网上受理率70%" in remark and "自评:网上进驻率95%" in remark and "满意程度系数0.8641" in remark


def test_page_fonts_and_borders(form: Worksheet) -> None:
    assert form.page_setup.orientation == "landscape"
    assert int(form.page_setup.paperSize) == int(Worksheet.PAPERSIZE_A4)
    assert form.sheet_properties.pageSetUpPr.fitToPage
    assert (form.page_setup.fitToWidth, form.page_setup.fitToHeight) == (1, 1)
    assert form["A2"].font.name == "宋体" and form["A2"].font.b
    assert form["C5"].font.name == "仿宋"
    for cell in form[5]:
        assert cell.border.left.style == cell.border.right.style == cell.border.top.style == "thin"


def test_row_heights_fit_the_wrapped_text(form: Worksheet) -> None:
    for row in range(1, form.max_row + 1):
        height = form.row_dimensions[row].height
        assert height is not None and height >= 20
        for cell in form[row]:
            if isinstance(cell.value, str):
                size = cell.font.sz
                width_px = form.column_dimensions[cell.column_letter].width * 7 + 5
                if cell.coordinate in form.merged_cells:
                    continue  # merged text is checked through row_height below
                assert height >= wrapped_lines(cell.value, width_px, size) * size


def test_wrapping_estimate_grows_with_text() -> None:
    size = STYLES["criteria"].size
    assert wrapped_lines("短", 600, size) == 1
    assert wrapped_lines("长" * 200, 600, size) > wrapped_lines("长" * 50, 600, size) > 1
    assert wrapped_lines("一行\n两行", 600, size) == 2


def test_a_missing_side_leaves_its_column_empty(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    write_unit_form(record(own=None, checked=WORKED), path)
    sheet = openpyxl.load_workbook(path).active
    rows = rows_by_label(sheet)
    for label in ("网上进驻率", "网上受理率", "网上办结率", "群众满意率", "合计", "等级"):
        assert sheet.cell(rows[label], 4).value is None
        assert sheet.cell(rows[label], 4).border.left.style == "thin"
    assert score_cell(sheet, rows["合计"], 5) == Decimal("99.64")


def test_a_formula_like_unit_name_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    write_form_workbook([record(FORMULA_NAME, "村居")], path, with_ranking=True)
    with zipfile.ZipFile(path) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(name) for name in sheets)
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
    form = workbook.worksheets[-1]
    assert form["A3"].value == f"单位:{FORMULA_NAME}"
    named = [c for s in workbook.worksheets for row in s.iter_rows() for c in row if c.value == FORMULA_NAME]
    assert named and all(c.data_type == "s" for c in named)


def test_one_sheet_per_unit_with_valid_unique_names(tmp_path: Path) -> None:
    names = ["城东/城西:联合办", "城东/城西:联合办", "长" * 40, "排名"]
    records = [record(name, "镇街") for name in names]
    path = tmp_path / "all.xlsx"
    write_form_workbook(records, path, with_ranking=True)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[:2] == ["排名", "镇街排名"]
    forms = workbook.sheetnames[2:]
    assert forms == ["城东_城西_联合办", "城东_城西_联合办(2)", "长" * 31, "排名(2)"]
    for sheet_name, unit in zip(forms, names, strict=True):
        assert workbook[sheet_name]["A3"].value == f"单位:{unit}"
    # With the ranking, each form states its rank as on the 排名 sheet (equal totals: all first).
    remark = next(c.value for row in workbook[forms[0]].iter_rows() for c in row if str(c.value).startswith("说明"))
    assert "排名(按考核总分):全区第1名,镇街第1名" in remark


def test_progress_and_cancel(tmp_path: Path) -> None:
    records = [record(f"单位{i}", "镇街") for i in range(5)]
    seen: list[tuple[int, int]] = []
    path = tmp_path / "all.xlsx"
    write_form_workbook(records, path, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, 5) for i in range(1, 6)]

    path.write_bytes(b"previous export")
    calls = 0

    def cancel_after_two() -> bool:
        nonlocal calls
        calls += 1
        return calls > 2

    with pytest.raises(ExportCancelled):
        write_form_workbook(records, path, cancel=cancel_after_two)
    assert path.read_bytes() == b"previous export"
    fresh = tmp_path / "fresh.xlsx"
    with pytest.raises(ExportCancelled):
        write_form_workbook(records, fresh, cancel=lambda: True)
    assert files_in(tmp_path) == ["all.xlsx"]


def test_nothing_to_export(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="没有可导出的单位"):
        write_form_workbook([], tmp_path / "x.xlsx")
    assert files_in(tmp_path) == []


def test_row_height_is_capped_at_excel_limit() -> None:
    from yc_desktop.exchange.form_layout import FormCell, FormRow

    huge = FormRow((FormCell(0, 1, "字" * 5000, "criteria"),), 20)
    assert row_height(huge) == 409
