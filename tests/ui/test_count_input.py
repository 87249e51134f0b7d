"""What a count field lets through, and how typed or pasted text becomes a count."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QValidator

from yc_desktop.ui.count_input import CountValidator, parse_count


@pytest.mark.parametrize(
    ("text", "count"),
    [("", None), ("  ", None), ("0", 0), ("1,000", 1000), ("１２３", 123), ("1 000 000", 1000000), ("007", 7)],
)
def test_parse_count(text: str, count: int | None) -> None:
    assert parse_count(text) == count


@pytest.mark.parametrize("text", ["-1", "1.5", "1e3", "十", "²", "١٢"])
def test_parse_count_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="not a count"):
        parse_count(text)


def test_validator_normalises_and_refuses(qapp: object) -> None:
    validator = CountValidator()
    assert validator.validate("１，２００", 5) == (QValidator.State.Acceptable, "1200", 4)
    assert validator.validate("", 0)[0] == QValidator.State.Acceptable
    assert validator.validate("12a", 3)[0] == QValidator.State.Invalid
    assert validator.validate("9" * 14, 14)[0] == QValidator.State.Invalid
    assert validator.validate("9" * 13, 13)[0] == QValidator.State.Acceptable
