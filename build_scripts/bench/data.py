"""A district of 10,000 units with realistic figures, for the benchmark's database.

Figures follow the sample district's shapes (yc_desktop.store.sample) scaled to many units: 60 镇街, 400 区直部门,
the rest 村居; every unit has 自评 figures, about 80 % also 考核 figures that differ a little, as after review.
Two years, so the window can switch between them. Every figure passes the core's validation (parse_batch);
the rows are written with bulk inserts, or through Store.load_batch on request (see store_paths for why).
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from yc_desktop.core.batch import parse_batch
from yc_desktop.resources import rule_set
from yc_desktop.store.service import ASSESSOR, SYSTEM, Store

YEARS = (2014, 2015)
TOWNS, DEPARTMENTS = 60, 400
ASSESSED_SHARE = 0.8


def unit_group(index: int) -> str:
    return "镇街" if index < TOWNS else "区直部门" if index < TOWNS + DEPARTMENTS else "村居"


def unit_name(index: int) -> str:
    group = unit_group(index)
    suffix = {"镇街": "街道", "区直部门": "局", "村居": "村委会"}[group]
    return f"测试{group}{index + 1:05d}{suffix}"


def figures(rng: random.Random, strength: float) -> dict[str, int]:
    required = rng.randint(5, 150)
    total = rng.randint(0, 6000) if rng.random() > 0.01 else 0  # a few units without any cases (无业务量)
    accepted = min(total, int(total * min(1.0, strength * rng.uniform(0.5, 1.05))))
    completed = min(accepted, int(total * min(1.0, strength * rng.uniform(0.1, 0.55))))
    return {
        "items_required": required,
        "items_onboarded": min(required, int(required * min(1.0, strength * rng.uniform(0.8, 1.1)))),
        "cases_total": total,
        "cases_online_accepted": accepted,
        "cases_online_completed": completed,
        "sms_very_satisfied": rng.randint(0, 80),
        "sms_satisfied": rng.randint(0, 40),
        "sms_basically_satisfied": rng.randint(0, 12),
        "sms_unsatisfied": rng.randint(0, 6),
        "complaints": rng.randint(0, max(0, total // 150)),
    }


def checked(rng: random.Random, own: dict[str, int]) -> dict[str, int]:
    """The assessor's verified figures: mostly the unit's own, sometimes fewer online cases."""
    result = dict(own)
    if rng.random() < 0.4:
        result["cases_online_accepted"] = max(
            result["cases_online_completed"], result["cases_online_accepted"] - rng.randint(1, 60)
        )
    return result


def batches(count: int, year: int, seed: int = 2014) -> tuple[dict[str, Any], dict[str, Any]]:
    """The score-JSON inputs (self, assessor) for one year; the same units every year."""
    rng = random.Random(seed + year)
    own_units, checked_units = [], []
    for index in range(count):
        strength = rng.uniform(0.65, 1.3)
        own = figures(rng, strength)
        base = {"name": unit_name(index), "group": unit_group(index)}
        own_units.append({**base, **own})
        if rng.random() < ASSESSED_SHARE:
            checked_units.append({**base, **checked(rng, own)})
    return {"year": year, "units": own_units}, {"year": year, "units": checked_units}


def create_database_bulk(path: Path, count: int) -> None:
    """`count` units × both years × both sides, validated by the core, written with bulk inserts in one transaction.

    Store.load_batch (the store's own batch path) costs ~3 ms per unit and side, mostly eleven audit rows per
    unit written one by one: about 100 s for this database. The benchmark measures that on a sample (see
    store_paths) and writes the data itself: same tables, same validation, no audit rows.
    """
    from peewee import chunked

    from yc_desktop.core.figures import FIELD_NAMES
    from yc_desktop.store.models import AssessmentYear, FigureRecord, Unit, UnitYear, now_text

    rules = rule_set()
    with Store(path, actor="基准测试", role=SYSTEM) as store:
        for year in YEARS:
            store.ensure_year(year)
        stamp = now_text()
        with store.database.atomic():
            rows = [{"name": unit_name(i), "group": unit_group(i), "display_order": i + 1} for i in range(count)]
            for chunk in chunked(rows, 500):
                Unit.insert_many(chunk).execute()
            ids = dict(Unit.select(Unit.name, Unit.id).tuples())
            rng = random.Random(7)
            for year in YEARS:
                year_id = AssessmentYear.get(AssessmentYear.year == year).id
                states = [
                    {"unit": ids[unit_name(i)], "year": year_id, "state": rng.choice(("草稿", "已提交", "已审核"))}
                    for i in range(count)
                ]
                for chunk in chunked(states, 500):
                    UnitYear.insert_many(chunk).execute()
                for side, data in zip(("self", "assessor"), batches(count, year), strict=True):
                    batch = parse_batch(data, rules)  # the core's validation, as on every real path
                    records = [
                        {
                            "unit": ids[unit.name],
                            "year": year_id,
                            "side": side,
                            "source": "导入",
                            "note": "",
                            "updated_by": "基准测试",
                            "updated_at": stamp,
                            **unit.figures.as_dict(),
                        }
                        for unit in batch.units
                    ]
                    assert all(name in records[0] for name in FIELD_NAMES)
                    for chunk in chunked(records, 500):
                        FigureRecord.insert_many(chunk).execute()


def store_paths(folder: Path, count: int) -> dict[str, float]:
    """Seconds per unit and side through the store's own paths, measured on `count` units (self side only)."""
    per_unit = per_unit_path(folder / "per-unit.db", count)
    own, _ = batches(count, YEARS[0])
    with Store(folder / "load-batch.db", actor="基准测试", role=SYSTEM) as store:
        started = time.perf_counter()
        store.load_batch(parse_batch(own, rule_set()), "self", year_targets_given=False)
        batch = time.perf_counter() - started
    bulk_started = time.perf_counter()
    create_database_bulk(folder / "bulk.db", count)
    bulk = (time.perf_counter() - bulk_started) / (len(YEARS) * 2)  # both years, both sides
    return {"per_unit": per_unit / count, "load_batch": batch / count, "bulk": bulk / count}


def create_database(path: Path, count: int) -> dict[str, float]:
    """Write `count` units × both years × both sides through Store.load_batch; returns seconds per step."""
    timings: dict[str, float] = {}
    rules = rule_set()
    with Store(path, actor="基准测试", role=SYSTEM) as store:
        for year in YEARS:
            own, verified = batches(count, year)
            started = time.perf_counter()
            store.load_batch(parse_batch(own, rules), "self", year_targets_given=False)
            store.role = ASSESSOR
            store.load_batch(parse_batch(verified, rules), "assessor", year_targets_given=False)
            store.role = SYSTEM
            timings[f"load_batch {year}"] = time.perf_counter() - started
    return timings


def per_unit_path(path: Path, count: int) -> float:
    """Seconds for `count` units through the per-unit calls (add_unit + save_figures, one transaction each)."""
    own, _ = batches(count, YEARS[0])
    with Store(path, actor="基准测试", role=SYSTEM) as store:
        store.ensure_year(YEARS[0])
        started = time.perf_counter()
        for entry in own["units"]:
            unit = store.add_unit(entry["name"], entry["group"])
            store.save_figures(
                unit.id, YEARS[0], "self", {k: v for k, v in entry.items() if k not in ("name", "group")}
            )
        return time.perf_counter() - started
