"""Excel sheet names from unit names: at most 31 characters, none of []:*?/\\, unique ignoring case."""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
# Excel reserves "History" (change tracking); the ranking sheets must not be taken by a unit either.
_ALWAYS_RESERVED = ("History",)


class SheetNamer:
    """Hands out distinct, valid sheet names in order; a clash gets "(2)", "(3)"… within the length limit."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._taken: set[str] = {name.casefold() for name in (*_ALWAYS_RESERVED, *reserved)}

    def reserve(self, name: str) -> None:
        self._taken.add(name.casefold())

    def name_for(self, wanted: str) -> str:
        base = sanitize_sheet_name(wanted)
        candidate = base
        number = 1
        while candidate.casefold() in self._taken:
            number += 1
            suffix = f"({number})"
            candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        self._taken.add(candidate.casefold())
        return candidate


def sanitize_sheet_name(name: str, fallback: str = "单位") -> str:
    """`name` made acceptable to Excel: forbidden characters become "_", no leading/trailing apostrophe."""
    cleaned = _FORBIDDEN.sub("_", name).strip().strip("'").strip()
    return cleaned[:MAX_SHEET_NAME].rstrip("'") or fallback
