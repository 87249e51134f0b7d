"""Typing counts: what a count field accepts, and turning typed or pasted text into a count.

Chinese input methods in full-width mode send full-width digits (１２３), and figures copied from a spreadsheet
carry thousands separators (1,000); both are normalised rather than refused, so the keystroke is never lost.
"""

from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QWidget

from yc_desktop.core.figures import MAX_COUNT

MAX_COUNT_DIGITS = len(str(MAX_COUNT))
_TO_ASCII = str.maketrans("０１２３４５６７８９", "0123456789", ",\uff0c \u3000")


def normalise_count_text(text: str) -> str:
    """`text` with full-width digits made ASCII and separators (commas, spaces) removed."""
    return text.strip().translate(_TO_ASCII)


def parse_count(text: str) -> int | None:
    """The count typed in `text`; None for an empty field (not yet entered). ValueError if not a count."""
    digits = normalise_count_text(text)
    if not digits:
        return None
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not a count: {text!r}")
    return int(digits)


class CountValidator(QValidator):
    """Accepts only digits (at most as many as MAX_COUNT has); empty is acceptable and means "not entered"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        digits = normalise_count_text(text)
        removed = len(text) - len(digits)
        if digits and (not digits.isascii() or not digits.isdigit() or len(digits) > MAX_COUNT_DIGITS):
            return QValidator.State.Invalid, text, pos
        return QValidator.State.Acceptable, digits, max(0, min(len(digits), pos - removed))
