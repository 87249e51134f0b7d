"""The form preview: the rule set's text word for word, both score columns, 合计 and 等级, the 注."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from tests.worked_example import WORKED_EXAMPLE
from yc_desktop.core.figures import Figures
from yc_desktop.core.rules import RuleSet
from yc_desktop.core.scoring import UnitScore, score_unit
from yc_desktop.core.targets import default_targets
from yc_desktop.ui.form_preview import FormPreview, form_html

pytestmark = pytest.mark.qt_log_level_fail("WARNING")


def scored(rules: RuleSet, **changes: int) -> UnitScore:
    figures = Figures(**{**WORKED_EXAMPLE, **changes})  # type: ignore[arg-type]
    return score_unit(figures, default_targets(2014, rules), rules)


@pytest.fixture
def preview(qtbot: QtBot) -> FormPreview:
    widget = FormPreview()
    qtbot.addWidget(widget)
    return widget


def test_form_carries_the_rule_text_word_for_word(preview: FormPreview, rules: RuleSet) -> None:
    preview.set_form("区民政局", 2014, rules, scored(rules), None, default_targets(2014, rules))
    text = preview.plain_text()
    assert rules.title in text
    for item in rules.items.values():
        assert item.label in text and item.criteria in text
    assert rules.satisfaction.criteria in text
    assert rules.note in text
    for header in ("考核指标", "标准分值", "评分标准", "自评得分", "考核得分", "合计", "等级"):
        assert header in text
    assert "单位:区民政局" in text and "考核年度:2014 年" in text
    assert "网上进驻率 90%、网上受理率 70%、网上办结率 30%" in text


def test_both_score_columns_and_the_totals(preview: FormPreview, rules: RuleSet) -> None:
    own, checked = scored(rules), scored(rules, cases_online_accepted=560, cases_online_completed=150)
    assert checked.total == Decimal("43.89")  # 10 + 14 + 11.25 + 8.64
    preview.set_form("区民政局", 2014, rules, own, checked)
    lines = [line.strip() for line in preview.plain_text().splitlines() if line.strip()]
    total_at = lines.index("合计")
    assert lines[total_at : total_at + 4] == ["合计", "100", "99.64", "43.89"]
    grade_at = lines.index("等级")
    assert lines[grade_at : grade_at + 3] == ["等级", "优秀", "不合格"]
    for value in ("10.00", "36.00", "45.00", "8.64", "14.00", "11.25"):
        assert value in lines


def test_a_side_without_score_prints_blank(preview: FormPreview, rules: RuleSet) -> None:
    preview.set_form("区民政局", 2014, rules)
    text = preview.plain_text()
    assert "99.64" not in text and "优秀" not in text.replace(rules.note, "")


def test_text_is_escaped_and_no_cases_is_explained(rules: RuleSet) -> None:
    html = form_html(
        "A&B<局>",
        2014,
        rules,
        scored(rules, cases_total=0, cases_online_accepted=0, cases_online_completed=0, complaints=0),
    )
    assert "A&amp;B&lt;局&gt;" in html
    assert "说明:自评数据无业务量" in html


def test_document_is_there_for_printing(preview: FormPreview, rules: RuleSet) -> None:
    preview.set_form("区民政局", 2014, rules, scored(rules))
    assert preview.document().toPlainText() == preview.plain_text()
    assert preview.html().startswith("<html>")
    preview.clear()
    assert preview.plain_text() == "" and preview.html() == ""
