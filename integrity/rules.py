"""The decisions behind each flag, over plain values; the queries that feed them live in models."""

import math
from datetime import datetime, time, timedelta

from integrity.thresholds import Thresholds


def too_soon_after_invite(opened_at: datetime, rated_at: datetime, t: Thresholds) -> bool:
    """Say whether a phone rating came too soon after its invite to be a citizen's.

    Policy: ``invite_min_seconds`` or fewer between the officer opening the visit and the
    rating arriving (a clock that runs backwards counts as too soon).
    """
    return (rated_at - opened_at).total_seconds() <= t.invite_min_seconds


def invites_allowed(served: int, t: Thresholds) -> int:
    """Return how many officer invites a counter may make in an hour it served ``served``
    visits by other means: ``invite_base_per_hour + ⌊invite_per_served × served⌋``."""
    return t.invite_base_per_hour + math.floor(t.invite_per_served * max(0, served))


def burst_limit(visits: int, t: Thresholds) -> int:
    """Return how many ratings a counter may take in one burst window: the visits opened
    there in the window plus ``burst_allowance``."""
    return max(0, visits) + t.burst_allowance


def outside_opening_hours(local: datetime, opens: time, closes: time, t: Thresholds) -> bool:
    """Say whether a local moment lies outside the site's opening hours.

    Policy: on a weekday the site does not open (``open_weekdays``), or earlier than
    ``hours_grace_minutes`` before opening, or later than that after closing. The grace is
    counted on the local day, so it never wraps past midnight.
    """
    if local.weekday() not in t.open_weekdays:
        return True
    day = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)
    grace = timedelta(minutes=t.hours_grace_minutes)
    start = datetime.combine(local.date(), opens, tzinfo=local.tzinfo) - grace
    end = datetime.combine(local.date(), closes, tzinfo=local.tzinfo) + grace
    return local < max(start, day) or local > min(end, day + timedelta(days=1))


def top_share_z(k: int, n: int, p: float | None) -> float | None:
    """Return the binomial z-score of ``k`` top ratings in ``n`` against the rate ``p``.

    ``z = (k − n·p) / √(n·p·(1 − p))``. None when it says nothing: no ratings, no rate to
    compare with, or a rate of 0 or 1 (no spread). Requires ``0 ≤ k ≤ n``.
    """
    if n <= 0 or p is None or not 0.0 < p < 1.0:
        return None
    return (k - n * p) / math.sqrt(n * p * (1.0 - p))


def top_share_improbable(k: int, n: int, p: float | None, t: Thresholds) -> bool:
    """Say whether an officer's share of top ratings is improbably far above the site's.

    Policy: at least ``top_share_min_ratings`` counted ratings and ``z > top_share_z``
    (one-sided: only a share *above* the site's is suspicious here; a low share is what
    the scores themselves already show).
    """
    z = top_share_z(k, n, p)
    return n >= t.top_share_min_ratings and z is not None and z > t.top_share_z
