from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yc_desktop.core.rounding import round_half_up


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction("2.675"), 2, "2.68"),  # float 2.675 would round to 2.67
        (Fraction("0.125"), 2, "0.13"),  # banker's would give 0.12
        (Fraction("0.135"), 2, "0.14"),
        (Fraction("17.475"), 2, "17.48"),
        (Fraction("-1.005"), 2, "-1.01"),
        (Fraction(2, 3), 4, "0.6667"),
        (Fraction(0), 2, "0.00"),
        (Fraction(10), 2, "10.00"),
    ],
)
def test_half_up(value: Fraction, places: int, expected: str) -> None:
    result = round_half_up(value, places)
    assert result == Decimal(expected)
    assert str(result) == expected


@given(st.fractions(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=6))
def test_rounding_error_is_at_most_half_a_unit(value: Fraction, places: int) -> None:
    rounded = Fraction(round_half_up(value, places))
    unit = Fraction(1, 10**places)
    assert -unit / 2 < rounded - value <= unit / 2
