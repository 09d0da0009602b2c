"""Rates: raw and adjusted shares, and the conversion of a rate into points."""

from __future__ import annotations

import functools
import math
from fractions import Fraction

BAYES = "bayes"
WILSON = "wilson"
ADJUSTMENT_METHODS = (BAYES, WILSON)


def raw_rate(k: int, n: int) -> float | None:
    """Return ``k / n``, or None when there are no answers."""
    return k / n if n > 0 else None


def adjusted_rate(k: int, n: int, p0: float, m: float) -> float:
    """Return the Bayesian average ``(k + m·p0) / (n + m)`` of ``k`` successes in ``n``.

    It pulls a small sample toward the site's rate ``p0``; ``m`` is the prior weight
    (how many answers the site's rate is worth). With no answers the result is ``p0``.
    """
    if n == 0:
        return p0
    return (k + m * p0) / (n + m)


def wilson_lower_bound(k: int, n: int, z: float = 1.96) -> float:
    """Return the lower bound of the Wilson score interval for ``k`` successes in ``n``.

    ``z`` = 1.96 gives the 95% interval. Requires ``n > 0``.
    """
    p = k / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, (centre - margin) / (1 + z2 / n))


def estimate_rate(k: int, n: int, p0: float, method: str, m: float, z: float) -> float:
    """Return the adjusted rate by ``method`` ("bayes" or "wilson").

    Policy: an officer with no answers gets the site's rate ``p0`` under either method.
    Under "wilson" this makes the first answer a step away from ``p0`` (one satisfied answer
    gives a lower bound of about 0.21), so "bayes" is the default.
    """
    if n == 0:
        return p0
    if method == WILSON:
        return wilson_lower_bound(k, n, z)
    return adjusted_rate(k, n, p0, m)


def points_for_rate(rate: float, target: float, max_points: float) -> float:
    """Return ``max_points`` when ``rate >= target``, else ``max_points × rate / target``.

    This is the target conversion of QĐ 766/QĐ-TTg; the result never exceeds ``max_points``.
    """
    if rate >= target:
        return max_points
    return min(max_points, max(0.0, max_points * rate / target))


def pooled_rate(pairs: list[tuple[int, int]]) -> float | None:
    """Return the pooled share ``Σk / Σn`` of ``(k, n)`` pairs, or None when ``Σn`` is 0."""
    total_k = sum(k for k, _ in pairs)
    total_n = sum(n for _, n in pairs)
    return raw_rate(total_k, total_n)


def exact_fraction(value: float | Fraction) -> Fraction:
    """Return a decimal from a document or a share as the fraction it was written as.

    ``0.2`` is 1/5, not the binary float's 3602879701896397/18014398509481984: shares and
    weights are written in decimals, and compared as such.
    """
    if isinstance(value, Fraction):
        return value
    return _decimal_fraction(float(value))


@functools.lru_cache(maxsize=65536)
def _decimal_fraction(value: float) -> Fraction:
    # Parsing the decimal costs a good part of a month's scoring; the same values recur.
    return Fraction(repr(value))


def exact_estimate(k: int, n: int, p0: Fraction, method: str, m: float,
                   z: float) -> Fraction:
    """Return ``estimate_rate`` exactly, so that equal rates compare equal when ranking.

    Policy: the Bayesian average is computed in fractions: 2 of 3 and 10 of 15 at a site
    rate of 12/18 (m = 10) are both exactly 2/3. The Wilson bound involves a square root;
    it is rounded to 12 decimal places, the documented precision at which it compares.
    """
    if n == 0:
        return p0
    if method == WILSON:
        return Fraction(f"{wilson_lower_bound(k, n, z):.12f}")
    weight = exact_fraction(m)
    return (k + weight * p0) / (n + weight)
