"""From the store to the exports: one FormRecord per unit of a year, with the store's ranks."""

from __future__ import annotations

from collections.abc import Collection

from yc_desktop.exchange.form_data import FormRecord
from yc_desktop.store.service import Store


def form_records(store: Store, year: int, unit_names: Collection[str] | None = None) -> list[FormRecord]:
    """The year's forms in display order (active units), optionally only the named ones."""
    rules = store.rules_for(year)
    records = []
    for view in store.year_overview(year):
        if unit_names is not None and view.unit.name not in unit_names:
            continue
        records.append(
            FormRecord(
                unit_name=view.unit.name,
                group=view.unit.group,
                year=year,
                rules=rules,
                targets=view.targets,
                self_score=view.self_score,
                assessor_score=view.assessor_score,
                rank=view.rank,
                group_rank=view.group_rank,
            )
        )
    return records
