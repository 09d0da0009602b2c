"""Local weekday and hour of rating instants, grouped in SQL on SQLite and PostgreSQL.

A zone's offset from UTC is constant between its transitions (Vietnam has none since 1975;
zones with daylight saving change twice a year). A window is split into spans of constant
offset; within a span the local weekday and hour are those of the UTC instant shifted by
that offset, which both databases compute from the stored UTC value.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, cast, func, literal_column

STEP = timedelta(hours=1)


def _offset(instant: datetime, zone: ZoneInfo) -> int:
    return int(instant.astimezone(zone).utcoffset().total_seconds())


def _transition(low: datetime, high: datetime, zone: ZoneInfo) -> datetime:
    """Return the first second in (low, high] whose offset differs from low's."""
    before = _offset(low, zone)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _offset(middle, zone) == before:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def offset_spans(start: datetime, end: datetime, zone: str) -> list[tuple[datetime, datetime, int]]:
    """Return ``[(span_start, span_end, offset_seconds)]`` covering [start, end) in UTC."""
    tz = ZoneInfo(zone)
    spans, span_start, offset = [], start, _offset(start, tz)
    probe = start
    while probe < end:
        following = min(probe + STEP, end)
        check = following if following < end else end - timedelta(seconds=1)
        if check > probe and _offset(check, tz) != offset:
            change = _transition(probe, check, tz)
            spans.append((span_start, change, offset))
            span_start, offset = change, _offset(change, tz)
        probe = following
    spans.append((span_start, end, offset))
    return spans


def local_weekday_hour(column, offset_seconds: int, dialect: str):
    """Return SQL expressions (weekday 0 = Sunday … 6, hour 0–23) of a UTC instant column."""
    if dialect == "sqlite":
        shift = f"+{offset_seconds} seconds" if offset_seconds >= 0 else f"{offset_seconds} seconds"
        return (cast(func.strftime("%w", column, shift), Integer),
                cast(func.strftime("%H", column, shift), Integer))
    interval = literal_column(f"interval '{int(offset_seconds)} seconds'")
    shifted = func.timezone("UTC", column) + interval
    return (cast(func.extract("dow", shifted), Integer),
            cast(func.extract("hour", shifted), Integer))
