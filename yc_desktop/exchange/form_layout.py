"""The appendix form as rows of cells, independent of the file format.

form_xlsx and form_pdf both draw exactly these rows, so the workbook and the PDF cannot drift apart. The
table follows the seed's appendix word for word (labels, 评分标准 and 注 come from the rule set); the 说明 row
below it adds what the reader needs to check the figures: the unit's group, the year's targets, the four
rates behind each side's scores, the rank if known, and warnings such as 无业务量.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from yc_desktop.core.rules import RATE_ITEMS
from yc_desktop.core.scoring import ITEM_KEYS, UnitScore
from yc_desktop.exchange.form_data import ASSESSOR_SIDE, SELF_SIDE, FormRecord

# Font families by role; each writer maps them to real fonts (宋体/仿宋/黑体 in Excel, a fallback list in Qt).
SONG = "song"
FANGSONG = "fangsong"
HEI = "hei"

SCORE_FORMAT = "0.00"


@dataclass(frozen=True, slots=True)
class CellStyle:
    font: str
    size: float  # points
    bold: bool = False
    align: str = "center"  # left / center / right
    valign: str = "center"  # top / center / bottom
    boxed: bool = True  # part of the table: thin border all round
    number_format: str | None = None


STYLES: dict[str, CellStyle] = {
    "attachment": CellStyle(HEI, 15, align="left", boxed=False),
    "title": CellStyle(SONG, 22, bold=True, boxed=False),
    "info": CellStyle(FANGSONG, 14, align="left", valign="bottom", boxed=False),
    "info_right": CellStyle(FANGSONG, 14, align="right", valign="bottom", boxed=False),
    "header": CellStyle(HEI, 13),
    "label": CellStyle(FANGSONG, 13, bold=True),
    "weight": CellStyle(FANGSONG, 13),
    "criteria": CellStyle(FANGSONG, 12, align="left"),
    "score": CellStyle(FANGSONG, 13, number_format=SCORE_FORMAT),
    "grade": CellStyle(FANGSONG, 13),
    "note": CellStyle(FANGSONG, 11, align="left", valign="top", boxed=False),
    "signature": CellStyle(FANGSONG, 13, align="left", valign="bottom", boxed=False),
}


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float  # Excel character units; the PDF uses the same proportions


COLUMNS: tuple[Column, ...] = (
    Column("考核指标", 14),
    Column("标准分值", 11),
    Column("评分标准", 88),
    Column("自评得分", 13),
    Column("考核得分", 13),
)
SELF_COLUMN = 3
ASSESSOR_COLUMN = 4


@dataclass(frozen=True, slots=True)
class FormCell:
    column: int  # 0-based first column
    span: int
    value: str | Decimal | int | None
    style: str  # key of STYLES


@dataclass(frozen=True, slots=True)
class FormRow:
    cells: tuple[FormCell, ...]
    min_height: float  # points; writers grow a row to fit its wrapped text


def number(value: Fraction) -> int | Decimal:
    """A rule-set number for a cell: 35 stays an int, a fraction becomes an exact Decimal."""
    if value.denominator == 1:
        return int(value)
    return Decimal(value.numerator) / Decimal(value.denominator)


def display_text(cell: FormCell) -> str:
    """How a value reads on paper: scores with two decimals, everything else as is."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, Decimal) and STYLES[cell.style].number_format == SCORE_FORMAT:
        return f"{value.quantize(Decimal('0.01'))}"
    return str(value)


def _percent(value: Fraction | Decimal | None) -> str:
    if value is None:
        return "—"
    exact = Fraction(value)
    if exact.denominator == 1:
        return f"{int(exact)}%"
    return f"{Decimal(exact.numerator) / Decimal(exact.denominator):.2f}%"


def _rates_line(side: str, record: FormRecord, score: UnitScore) -> str:
    labels = [record.rules.items[item].label for item in RATE_ITEMS]
    rates = "、".join(f"{label}{_percent(score.rates[item])}" for label, item in zip(labels, RATE_ITEMS, strict=True))
    line = f"{side}:{rates},满意程度系数{score.rates['satisfaction_coefficient']}"
    if score.warnings:
        line += f"({'、'.join(score.warnings)})"
    return line + "。"


def remark_text(record: FormRecord) -> str:
    targets = "、".join(f"{record.rules.items[item].label}{_percent(record.targets.get(item))}" for item in RATE_ITEMS)
    lines = [f"说明:单位类别:{record.group}。{record.year}年度标准值:{targets}。"]
    if record.rank is not None:
        rank = f"排名(按{record.ranking_side}总分):全区第{record.rank}名"
        if record.group_rank is not None:
            rank += f",{record.group}第{record.group_rank}名"
        lines[0] += rank + "。"
    for side in (SELF_SIDE, ASSESSOR_SIDE):
        score = record.score(side)
        if score is not None:
            lines.append(_rates_line(side, record, score))
    return "\n".join(lines)


def _score_cells(record: FormRecord, key: str | None) -> tuple[FormCell, FormCell]:
    """The 自评 and 考核 cells of one table row: an item score (key), the total (None); empty if not scored."""
    cells = []
    for column, score in ((SELF_COLUMN, record.self_score), (ASSESSOR_COLUMN, record.assessor_score)):
        value = None if score is None else (score.total if key is None else score.scores[key])
        cells.append(FormCell(column, 1, value, "score"))
    return cells[0], cells[1]


def form_rows(record: FormRecord) -> tuple[FormRow, ...]:
    rules = record.rules
    last = len(COLUMNS)
    rows = [
        FormRow((FormCell(0, last, "附件", "attachment"),), 24),
        FormRow((FormCell(0, last, rules.title, "title"),), 40),
        FormRow(
            (
                FormCell(0, 3, f"单位:{record.unit_name}", "info"),
                FormCell(3, 2, f"年度:{record.year}年", "info_right"),
            ),
            26,
        ),
        FormRow(tuple(FormCell(index, 1, column.header, "header") for index, column in enumerate(COLUMNS)), 30),
    ]
    weights = Fraction(0)
    for key in ITEM_KEYS:
        rule = rules.satisfaction if key == "satisfaction" else rules.items[key]
        weights += rule.weight
        rows.append(
            FormRow(
                (
                    FormCell(0, 1, rule.label, "label"),
                    FormCell(1, 1, number(rule.weight), "weight"),
                    FormCell(2, 1, rule.criteria, "criteria"),
                    *_score_cells(record, key),
                ),
                36,
            )
        )
    grades = []
    for score in (record.self_score, record.assessor_score):
        grades.append(None if score is None else score.grade)
    rows += [
        FormRow(
            (
                FormCell(0, 1, "合计", "label"),
                FormCell(1, 1, number(weights), "weight"),
                FormCell(2, 1, None, "criteria"),
                *_score_cells(record, None),
            ),
            28,
        ),
        FormRow(
            (
                FormCell(0, 1, "等级", "label"),
                FormCell(1, 1, None, "weight"),
                FormCell(2, 1, None, "criteria"),
                FormCell(SELF_COLUMN, 1, grades[0], "grade"),
                FormCell(ASSESSOR_COLUMN, 1, grades[1], "grade"),
            ),
            28,
        ),
        FormRow((FormCell(0, last, rules.note, "note"),), 20),
        FormRow((FormCell(0, last, remark_text(record), "note"),), 20),
        FormRow((FormCell(0, 3, "填报人:", "signature"), FormCell(3, 2, "审核人:", "signature")), 32),
        FormRow(
            (
                FormCell(0, 3, "填报单位(盖章):", "signature"),
                FormCell(3, 2, "日期:    年  月  日", "signature"),
            ),
            32,
        ),
    ]
    return tuple(rows)
