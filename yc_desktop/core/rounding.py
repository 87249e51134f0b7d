"""Half-up rounding (四舍五入) of exact values to a fixed number of decimals."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def rounded_units(numerator: int, denominator: int, places: int) -> int:
    """numerator / denominator rounded half away from zero, in units of 10^-places (8.645, 2 → 865)."""
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    scale: int = 10**places  # int ** int is typed as Any (a negative exponent would give a float)
    magnitude = (2 * abs(numerator) * scale + denominator) // (2 * denominator)
    return -magnitude if numerator < 0 else magnitude


def units_to_decimal(units: int, places: int) -> Decimal:
    return Decimal(f"{units}e-{places}")  # exact whatever the size, unlike scaleb under the context


def round_ratio_half_up(numerator: int, denominator: int, places: int) -> Decimal:
    """numerator / denominator rounded half away from zero to `places` decimals, as an exact Decimal.

    Pure integer arithmetic: floor(|n|·10^p / d + 1/2) = (2·|n|·10^p + d) // 2d. The scores of 10,000 units are
    rounded on every load, and Fraction arithmetic here cost half of the scoring time.
    """
    return units_to_decimal(rounded_units(numerator, denominator, places), places)


def round_half_up(value: Fraction, places: int) -> Decimal:
    """`value` rounded half away from zero (8.645 → 8.65), computed on the exact value, never on a float."""
    return round_ratio_half_up(value.numerator, value.denominator, places)
