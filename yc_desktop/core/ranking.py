"""Competition ranking (1, 2, 2, 4): by total, highest first, overall and within each group."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


def competition_ranks(totals: Sequence[Decimal]) -> list[int]:
    """Rank of each total in input order: 1 + how many totals are strictly higher. Equal totals share a rank."""
    ordered = sorted(totals, reverse=True)
    first_position: dict[Decimal, int] = {}
    for position, total in enumerate(ordered, start=1):
        first_position.setdefault(total, position)
    return [first_position[total] for total in totals]


def group_ranks(totals: Sequence[Decimal], groups: Sequence[Key]) -> list[int]:
    """Rank of each total among the totals of the same group, in input order."""
    if len(totals) != len(groups):
        raise ValueError("totals and groups differ in length")
    members: dict[Key, list[int]] = {}
    for index, group in enumerate(groups):
        members.setdefault(group, []).append(index)
    ranks = [0] * len(totals)
    for indices in members.values():
        for index, rank in zip(indices, competition_ranks([totals[i] for i in indices]), strict=True):
            ranks[index] = rank
    return ranks
