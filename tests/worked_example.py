"""The first worked example of SCORING.md, shared by the tests: 95 % / 76 % / 35 %, coefficient 0.8641,
scores 10 / 36 / 45 / 8.64, total 99.64, 优秀 (targets 90 / 70 / 30)."""

WORKED_EXAMPLE: dict[str, int] = {
    "items_required": 40,
    "items_onboarded": 38,
    "cases_total": 1000,
    "cases_online_accepted": 760,
    "cases_online_completed": 350,
    "sms_very_satisfied": 10,
    "sms_satisfied": 5,
    "sms_basically_satisfied": 2,
    "sms_unsatisfied": 1,
    "complaints": 3,
}
