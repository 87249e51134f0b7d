"""Half-up rounding (四舍五入) of exact values to a fixed number of decimals."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction


def round_half_up(value: Fraction, places: int) -> Decimal:
    """`value` rounded half away from zero to `places` decimals, as an exact Decimal (e.g. 8.645 → 8.65).

    Works on the Fraction itself, so a value like 2.675 is not first mangled by binary floating point.
    """
    scale = 10**places
    magnitude = math.floor(abs(value) * scale + Fraction(1, 2))
    signed = -magnitude if value < 0 else magnitude
    return Decimal(signed).scaleb(-places)
