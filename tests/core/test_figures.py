from tests.core.helpers import BASE
from yc_desktop.core.figures import check_figures


def test_messages_are_chinese_and_name_the_field() -> None:
    problems = check_figures({**BASE, "cases_online_accepted": 1001})
    assert len(problems) == 1
    assert problems[0].field == "cases_online_accepted"
    assert "网上受理业务量" in problems[0].message_zh
    assert "不能大于" in problems[0].message_zh


def test_all_type_problems_are_collected() -> None:
    problems = check_figures({**BASE, "complaints": -1, "sms_satisfied": "5"})
    assert [p.field for p in problems] == ["sms_satisfied", "complaints"]


def test_completed_may_exceed_accepted_when_rule_set_allows() -> None:
    raw = {**BASE, "cases_online_completed": 800}
    assert [p.field for p in check_figures(raw, completed_within_accepted=True)] == ["cases_online_completed"]
    assert check_figures(raw, completed_within_accepted=False) == []


def test_exactly_equal_limits_are_valid() -> None:
    raw = {
        **BASE,
        "items_onboarded": 40,
        "cases_online_accepted": 1000,
        "cases_online_completed": 1000,
        "complaints": 1000,
    }
    assert check_figures(raw) == []
