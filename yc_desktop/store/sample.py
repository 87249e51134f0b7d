"""The 示例数据 district: the offices named in the 2014 notice and a few towns, with plausible figures.

Kept in its own clearly named file so sample figures never mix with real ones.
"""

from __future__ import annotations

import random
from pathlib import Path

from yc_desktop.store.service import SYSTEM, Store

SAMPLE_MARKER = "sample_district"
SAMPLE_FILE_NAME = "示例数据.db"
DEPARTMENTS = (
    "区府办",
    "区监察局",
    "区编办",
    "区社工委",
    "区行政服务中心",
    "区法制局",
    "区发改局",
    "区经济和信息化局",
    "区信息中心",
)
TOWNS = ("上城街道", "新江街道", "东埔街道", "源西街道", "高埔岗街道", "埔前镇", "源南镇")
SAMPLE_YEARS = (2014, 2015)


def _figures(rng: random.Random, strength: float) -> dict[str, int]:
    required = rng.randint(20, 120)
    total = rng.randint(200, 5000)
    accepted = min(total, int(total * min(1.0, strength * rng.uniform(0.55, 1.05))))
    completed = min(accepted, int(total * min(1.0, strength * rng.uniform(0.15, 0.55))))
    sms = [rng.randint(0, 60), rng.randint(0, 30), rng.randint(0, 10), rng.randint(0, 5)]
    return {
        "items_required": required,
        "items_onboarded": min(required, int(required * min(1.0, strength * rng.uniform(0.85, 1.1)))),
        "cases_total": total,
        "cases_online_accepted": accepted,
        "cases_online_completed": completed,
        "sms_very_satisfied": sms[0],
        "sms_satisfied": sms[1],
        "sms_basically_satisfied": sms[2],
        "sms_unsatisfied": sms[3],
        "complaints": rng.randint(0, max(0, total // 200)),
    }


def _adjusted(rng: random.Random, own: dict[str, int]) -> dict[str, int]:
    """The assessor's verified figures: mostly the unit's own, sometimes fewer online cases."""
    checked = dict(own)
    if rng.random() < 0.4:
        checked["cases_online_accepted"] = max(
            checked["cases_online_completed"], checked["cases_online_accepted"] - rng.randint(1, 60)
        )
    if rng.random() < 0.2:
        checked["complaints"] = min(checked["cases_total"], checked["complaints"] + rng.randint(1, 5))
    return checked


def fill_sample_district(store: Store, seed: int = 2014) -> None:
    """Units, both years' figures for both sides, and a few workflow states. Deterministic for a seed."""
    rng = random.Random(seed)
    units = [store.add_unit(name, "区直部门") for name in DEPARTMENTS] + [store.add_unit(n, "镇街") for n in TOWNS]
    strengths = {unit.id: rng.uniform(0.7, 1.25) for unit in units}
    for year in SAMPLE_YEARS:
        store.ensure_year(year)
        for unit in units:
            own = _figures(rng, strengths[unit.id] + (year - 2014) * 0.1)
            store.save_figures(unit.id, year, "self", own, note="示例数据")
            if year == SAMPLE_YEARS[0] or rng.random() < 0.7:
                store.save_figures(unit.id, year, "assessor", _adjusted(rng, own), note="示例数据")
    first = SAMPLE_YEARS[0]
    for unit in units[:5]:
        store.review(unit.id, first)
        store.finalise(unit.id, first)
    for unit in units[5:9]:
        store.submit(unit.id, SAMPLE_YEARS[-1])


def create_sample_database(path: Path) -> Path:
    """A new sample database at `path` (refusing to touch an existing file)."""
    if path.exists() and path.stat().st_size > 0:
        raise FileExistsError(f"「{path}」已存在,示例数据不会覆盖已有文件")
    with Store(path, actor="示例数据", role=SYSTEM) as store:
        fill_sample_district(store)
        store.set_setting(SAMPLE_MARKER, "1")
    return path
