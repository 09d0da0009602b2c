"""Criterion points as printed: two decimals that add up to the printed total."""

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

from .scoring import round_total

_CENT = Decimal("0.01")


def _clean(value: float) -> Decimal:
    """Return a float as the decimal it stands for (float noise below 1e-9 dropped)."""
    return Decimal(repr(round(value, 9)))


def printed_points(points: Sequence[float], maxima: Sequence[float] | None = None) -> list[Decimal]:
    """Return ``points`` rounded to cents so that they add up to ``round_total(sum(points))``.

    Policy (largest remainder): every value is first rounded down to the cent; the cents
    still missing to reach the printed total go, one each, to the values with the largest
    remainder (ties: the earlier criterion first), never above its maximum. So each printed
    value is its exact value rounded down or up — within 0,01 of it — and the printed
    criteria always add up to the printed total, which is itself computed from the unrounded
    points (``round_total``). Values must not be negative.
    """
    exact = [_clean(value) for value in points]
    tops = [_clean(value) for value in maxima] if maxima is not None else [None] * len(exact)
    floors = [value.quantize(_CENT, rounding=ROUND_FLOOR) for value in exact]
    target = Decimal(repr(round_total(sum(points)))) if points else Decimal("0.00")
    missing = int((target - sum(floors, Decimal(0))) / _CENT)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    printed = list(floors)
    for i in order:
        if missing <= 0:
            break
        if tops[i] is not None and printed[i] + _CENT > tops[i]:
            continue
        printed[i] += _CENT
        missing -= 1
    return [value.quantize(_CENT) for value in printed]
