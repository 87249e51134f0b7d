"""Half-up rounding (四舍五入) of exact values to a fixed number of decimals."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def round_half_up(value: Fraction, places: int) -> Decimal:
    """`value` rounded half away from zero to `places` decimals, as an exact Decimal (e.g. 8.645 → 8.65).

    Works on the Fraction itself, so a value like 2.675 is not first mangled by binary floating point. Pure
    integer arithmetic: floor(|n|·10^p / d + 1/2) = (2·|n|·10^p + d) // 2d — the scores of 10,000 units are
    rounded on every edit, and Fraction arithmetic here cost half the scoring time.
    """
    numerator, denominator = value.numerator, value.denominator
    magnitude = (2 * abs(numerator) * 10**places + denominator) // (2 * denominator)
    sign = "-" if numerator < 0 and magnitude else ""
    return Decimal(f"{sign}{magnitude}e-{places}")  # exact whatever the size, unlike scaleb under the context
