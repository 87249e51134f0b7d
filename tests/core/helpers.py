from fractions import Fraction

from tests.worked_example import WORKED_EXAMPLE
from yc_desktop.core.figures import Figures
from yc_desktop.core.targets import Targets
from yc_desktop.resources import rule_set

RULES = rule_set()
TARGETS_2014 = Targets(Fraction(90), Fraction(70), Fraction(30))

BASE = WORKED_EXAMPLE


def figures(**changes: int) -> Figures:
    return Figures(**{**BASE, **changes})
