"""`FormRecord`: everything one filled form shows, and the ranking rule the exports share.

The database layer produces these; exports only read them. Ranking is by the 考核 (assessor) total; a unit
that has no assessor figures yet is ranked by its 自评 (self) total, and a unit with neither is listed last
without a rank. The ranking sheet shows which side each rank was based on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from yc_desktop.core.figures import Figures
from yc_desktop.core.ranking import competition_ranks, group_ranks
from yc_desktop.core.rules import RuleSet
from yc_desktop.core.scoring import UnitScore, score_unit
from yc_desktop.core.targets import Targets
from yc_desktop.core.units import check_unit_group, check_unit_name

SELF_SIDE = "自评"
ASSESSOR_SIDE = "考核"


@dataclass(frozen=True, slots=True)
class FormRecord:
    """One unit's form for one year. A side without figures yet is None and leaves its column empty."""

    unit_name: str
    group: str  # 镇街 / 区直部门 / 村居
    year: int
    rules: RuleSet
    targets: Targets
    self_score: UnitScore | None = None
    assessor_score: UnitScore | None = None
    rank: int | None = None
    group_rank: int | None = None

    def __post_init__(self) -> None:
        problem = check_unit_name(self.unit_name) or check_unit_group(self.group)
        if problem:
            raise ValueError(problem)

    @classmethod
    def from_figures(
        cls,
        unit_name: str,
        group: str,
        year: int,
        rules: RuleSet,
        targets: Targets,
        self_figures: Figures | None = None,
        assessor_figures: Figures | None = None,
    ) -> FormRecord:
        """A record scored by the core from validated figures (either side may be missing)."""
        return cls(
            unit_name,
            group,
            year,
            rules,
            targets,
            None if self_figures is None else score_unit(self_figures, targets, rules),
            None if assessor_figures is None else score_unit(assessor_figures, targets, rules),
        )

    @property
    def ranking_side(self) -> str | None:
        """Which side the rank is based on: 考核 when scored, else 自评, else None (not rankable)."""
        if self.assessor_score is not None:
            return ASSESSOR_SIDE
        if self.self_score is not None:
            return SELF_SIDE
        return None

    @property
    def ranking_score(self) -> UnitScore | None:
        return self.assessor_score if self.assessor_score is not None else self.self_score

    def score(self, side: str) -> UnitScore | None:
        return self.self_score if side == SELF_SIDE else self.assessor_score


def rank_records(records: Sequence[FormRecord]) -> list[FormRecord]:
    """The records with `rank` and `group_rank` set by the shared rule (1, 2, 2, 4), in input order.

    Units without any score get no rank (None) and do not take a place from the others.
    """
    rankable = [index for index, record in enumerate(records) if record.ranking_score is not None]
    totals: list[Decimal] = []
    for index in rankable:
        score = records[index].ranking_score
        assert score is not None
        totals.append(score.total)
    overall = competition_ranks(totals)
    within = group_ranks(totals, [records[index].group for index in rankable])
    places: dict[int, tuple[int, int]] = dict(zip(rankable, zip(overall, within, strict=True), strict=True))
    return [
        replace(record, rank=places[index][0], group_rank=places[index][1])
        if index in places
        else replace(record, rank=None, group_rank=None)
        for index, record in enumerate(records)
    ]


def ranking_order(records: Sequence[FormRecord]) -> list[FormRecord]:
    """Ranked records sorted best first (ties keep input order); unranked units last, in input order."""
    ranked = rank_records(records)
    unranked_place = len(ranked) + 1
    return sorted(ranked, key=lambda record: record.rank or unranked_place)
