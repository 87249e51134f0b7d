"""Records for the export tests, scored by the real core from the worked examples of SCORING.md."""

from __future__ import annotations

from pathlib import Path

from yc_desktop.core.figures import Figures
from yc_desktop.core.targets import default_targets
from yc_desktop.exchange.form_data import FormRecord
from yc_desktop.resources import rule_set

RULES = rule_set()
TARGETS_2014 = default_targets(2014, RULES)

# SCORING.md, first worked example: 10 / 36 / 45 / 8.64 = 99.64 优秀
WORKED = Figures(40, 38, 1000, 760, 350, 10, 5, 2, 1, 3)
# SCORING.md, second unit: 10 / 14 / 11.25 / 6 = 41.25 不合格
SECOND = Figures(40, 36, 1000, 560, 150, 0, 0, 0, 0, 0)
# 75 % accepted, 31 % completed, all very satisfied: 10 / 36 / 45 / 10 = 101.00 优秀
STRONG = Figures(50, 50, 1000, 750, 310, 20, 0, 0, 0, 0)
FORMULA_NAME = '=HYPERLINK("http://x","点我")'


def record(
    name: str = "区民政局",
    group: str = "区直部门",
    own: Figures | None = WORKED,
    checked: Figures | None = SECOND,
) -> FormRecord:
    return FormRecord.from_figures(name, group, 2014, RULES, TARGETS_2014, own, checked)


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())
