"""The appendix form (评分表) of one unit as it will print, in a read-only QTextBrowser over an HTML table.

A text document rather than a table view, because the form is a document: a title, the unit line, a bordered
table whose criteria cells wrap long sentences and grow to fit, merged cells, and the 注 paragraph under it.
QTextDocument lays that out like a page, selects and copies like one, and the same document can be handed to
QPrinter or QPdfWriter (`document().print_(printer)`), so what is previewed is what prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from html import escape

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from yc_desktop.core.rounding import round_half_up
from yc_desktop.core.rules import RATE_ITEMS, RuleSet
from yc_desktop.core.scoring import ITEM_KEYS, NO_CASES_WARNING, UnitScore
from yc_desktop.core.targets import Targets
from yc_desktop.ui.figures_rows import format_percent, item_criteria, item_labels

HEADERS: tuple[tuple[str, str], ...] = (  # (header, column width) as on the appendix
    ("考核指标", "13%"),
    ("标准分值", "9%"),
    ("评分标准", "54%"),
    ("自评得分", "12%"),
    ("考核得分", "12%"),
)
_BORDER = "#404040"
_HEADER_BACKGROUND = "#eef0f3"


def _number(value: Fraction) -> str:
    return f"{round_half_up(value, 2).normalize():f}"


def _cell(text: str, *, align: str = "center", bold: bool = False, span: int = 1) -> str:
    content = f"<b>{escape(text)}</b>" if bold and text else escape(text)
    colspan = f' colspan="{span}"' if span > 1 else ""
    return f'<td align="{align}" valign="middle"{colspan}>{content}</td>'


def _row(cells: Iterable[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def form_html(
    unit_name: str,
    year: int,
    rules: RuleSet,
    self_score: UnitScore | None = None,
    assessor_score: UnitScore | None = None,
    targets: Targets | None = None,
) -> str:
    """The filled form as HTML for QTextDocument. Criteria and note are the rule set's text, word for word."""
    scores = (self_score, assessor_score)
    labels = item_labels(rules)
    weights = {item: rules.items[item].weight for item in RATE_ITEMS} | {"satisfaction": rules.satisfaction.weight}
    header = "".join(
        f'<th width="{width}" bgcolor="{_HEADER_BACKGROUND}" valign="middle">{escape(title)}</th>'
        for title, width in HEADERS
    )
    rows = [f"<tr>{header}</tr>"]
    for item in ITEM_KEYS:
        side_cells = [_cell("" if s is None else f"{s.scores[item]:f}") for s in scores]
        criteria = _cell(item_criteria(rules, item), align="left")
        rows.append(_row([_cell(labels[item]), _cell(_number(weights[item])), criteria, *side_cells]))
    totals = [_cell("" if s is None else f"{s.total:f}", bold=True) for s in scores]
    full_marks = _number(sum(weights.values(), Fraction(0)))
    rows.append(_row([_cell("合计", bold=True), _cell(full_marks), _cell(""), *totals]))
    grades = [_cell("" if s is None else s.grade, bold=True) for s in scores]
    rows.append(_row([_cell("等级", bold=True), _cell("", span=2), *grades]))

    unit_line = (
        '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'<td>单位:{escape(unit_name)}</td><td align="right">考核年度:{year} 年</td></tr></table>'
    )
    parts = [
        f'<p align="center" style="font-size: 16pt; font-weight: bold; margin-bottom: 14px">{escape(rules.title)}</p>',
        unit_line,
    ]
    if targets is not None:
        target_text = "、".join(f"{labels[item]} {format_percent(targets.get(item))}" for item in RATE_ITEMS)
        parts.append(f'<p style="margin-top: 4px">标准值(年度目标):{escape(target_text)}</p>')
    parts.append(
        f'<table border="1" cellspacing="0" cellpadding="7" width="100%" '
        f'style="border-collapse: collapse; border-color: {_BORDER}; margin-top: 8px">{"".join(rows)}</table>'
    )
    for side_name, score in zip(("自评", "考核"), scores, strict=True):
        if score is not None and NO_CASES_WARNING in score.warnings:
            parts.append(f"<p>说明:{side_name}数据{NO_CASES_WARNING},网上受理率、网上办结率两项计 0 分。</p>")
    parts.append(f'<p style="margin-top: 10px; line-height: 150%">{escape(rules.note)}</p>')
    return "<html><body>" + "".join(parts) + "</body></html>"


class FormPreview(QWidget):
    """Read-only preview of one unit's filled form; `document()` is what a printer would get."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._browser = QTextBrowser(self)
        self._browser.setOpenLinks(False)
        self._browser.document().setDocumentMargin(28)
        self._browser.setStyleSheet("QTextBrowser { background: white; }")
        self._html = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._browser)

    def set_form(
        self,
        unit_name: str,
        year: int,
        rules: RuleSet,
        self_score: UnitScore | None = None,
        assessor_score: UnitScore | None = None,
        targets: Targets | None = None,
    ) -> None:
        """Show the form for one unit; a side without a score (not entered, or invalid) prints blank."""
        self._html = form_html(unit_name, year, rules, self_score, assessor_score, targets)
        self._browser.setHtml(self._html)

    def clear(self) -> None:
        self._html = ""
        self._browser.clear()

    def html(self) -> str:
        return self._html

    def document(self) -> QTextDocument:
        return self._browser.document()

    def plain_text(self) -> str:
        return self._browser.toPlainText()
