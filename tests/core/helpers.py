from fractions import Fraction

from yc_desktop.core.figures import Figures
from yc_desktop.core.targets import Targets
from yc_desktop.resources import rule_set

RULES = rule_set()
TARGETS_2014 = Targets(Fraction(90), Fraction(70), Fraction(30))

BASE = {
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


def figures(**changes: int) -> Figures:
    return Figures(**{**BASE, **changes})
