"""Evaluation periods (months and quarters) of a time zone's calendar, as UTC instants."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"

#: Period kinds a rubric may evaluate by (NĐ 335/2025: "hằng tháng hoặc quý").
MONTHLY = "month"
QUARTERLY = "quarter"
PERIOD_KINDS = (MONTHLY, QUARTERLY)

_MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})")
_QUARTER_PATTERN = re.compile(r"(\d{4})-Q([1-4])")


class PeriodError(ValueError):
    """A month text, year or instant that cannot be used as a period."""


@dataclass(frozen=True, order=True)
class Month:
    """One calendar month; ``str(month)`` gives the ``YYYY-MM`` key."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise PeriodError(f"Year must be between 1 and 9999; got {self.year}.")
        if not 1 <= self.month <= 12:
            raise PeriodError(f"Month must be between 01 and 12; got {self.month:02d}.")

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def kind(self) -> str:
        """Return ``"month"``."""
        return MONTHLY

    @property
    def months(self) -> tuple[Month, ...]:
        """Return the months the period covers: itself."""
        return (self,)

    @property
    def first_day(self) -> date:
        """Return the period's first calendar day."""
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """Return the period's last calendar day."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])


@dataclass(frozen=True, order=True)
class Quarter:
    """One calendar quarter; ``str(quarter)`` gives the ``YYYY-Qn`` key (e.g. ``2026-Q4``)."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise PeriodError(f"Year must be between 1 and 9999; got {self.year}.")
        if not 1 <= self.quarter <= 4:
            raise PeriodError(f"A quarter is Q1 to Q4; got Q{self.quarter}.")

    def __str__(self) -> str:
        return f"{self.year:04d}-Q{self.quarter}"

    @property
    def kind(self) -> str:
        """Return ``"quarter"``."""
        return QUARTERLY

    @property
    def months(self) -> tuple[Month, ...]:
        """Return the quarter's three months, in order."""
        first = 3 * self.quarter - 2
        return tuple(Month(self.year, first + step) for step in range(3))

    @property
    def first_day(self) -> date:
        """Return the quarter's first calendar day."""
        return self.months[0].first_day

    @property
    def last_day(self) -> date:
        """Return the quarter's last calendar day."""
        return self.months[-1].last_day


#: An evaluation period: a month or a quarter.
Period = Month | Quarter


def parse_month(text: str) -> Month:
    """Parse a ``YYYY-MM`` key such as ``2026-10``.

    :raises PeriodError: when the text is not exactly four digits, a dash and two digits,
        or the month is not 01-12.
    """
    match = _MONTH_PATTERN.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise PeriodError(f"A month must look like YYYY-MM, for example 2026-10; got {text!r}.")
    return Month(int(match.group(1)), int(match.group(2)))


def parse_period(text: str) -> Period:
    """Parse a period key: a month ``YYYY-MM`` or a quarter ``YYYY-Qn``.

    :raises PeriodError: when the text is neither.
    """
    match = _QUARTER_PATTERN.fullmatch(text) if isinstance(text, str) else None
    if match is not None:
        return Quarter(int(match.group(1)), int(match.group(2)))
    if isinstance(text, str) and _MONTH_PATTERN.fullmatch(text):
        return parse_month(text)
    raise PeriodError("A period is a month YYYY-MM (e.g. 2026-10) or a quarter YYYY-Qn "
                      f"(e.g. 2026-Q4); got {text!r}.")


def period_of(month: Month, kind: str) -> Period:
    """Return the period of ``kind`` ("month" or "quarter") that contains ``month``."""
    if kind == QUARTERLY:
        return Quarter(month.year, (month.month - 1) // 3 + 1)
    return month


def period_window_utc(period: Period, tz: str = DEFAULT_TIMEZONE) -> tuple[datetime, datetime]:
    """Return ``(start, end)`` of a month or quarter in UTC; the end is exclusive."""
    return month_start_utc(period.months[0], tz), month_end_utc(period.months[-1], tz)


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise PeriodError(f"Unknown IANA time zone {tz!r}.") from exc


def next_month(month: Month) -> Month:
    """Return the month after ``month``."""
    if month.month == 12:
        return Month(month.year + 1, 1)
    return Month(month.year, month.month + 1)


def previous_month(month: Month) -> Month:
    """Return the month before ``month``."""
    if month.month == 1:
        return Month(month.year - 1, 12)
    return Month(month.year, month.month - 1)


def months_of_year(year: int) -> tuple[Month, ...]:
    """Return the twelve months of ``year``, January first."""
    return tuple(Month(year, number) for number in range(1, 13))


def month_start_utc(month: Month, tz: str = DEFAULT_TIMEZONE) -> datetime:
    """Return local midnight of the first day of ``month`` in ``tz``, as an aware UTC datetime."""
    local = datetime(month.year, month.month, 1, tzinfo=_zone(tz))
    return local.astimezone(UTC)


def month_end_utc(month: Month, tz: str = DEFAULT_TIMEZONE) -> datetime:
    """Return the exclusive end of ``month``: local midnight starting the next month, in UTC.

    An instant ``t`` belongs to the month when ``start <= t < end``.
    """
    if month == Month(9999, 12):
        raise PeriodError("The month after 9999-12 cannot be represented.")
    return month_start_utc(next_month(month), tz)


def month_window_utc(month: Month, tz: str = DEFAULT_TIMEZONE) -> tuple[datetime, datetime]:
    """Return ``(start, end)`` of ``month`` in UTC; the end is exclusive."""
    return month_start_utc(month, tz), month_end_utc(month, tz)


def month_of_instant(instant: datetime, tz: str = DEFAULT_TIMEZONE) -> Month:
    """Return the local calendar month in ``tz`` that the aware ``instant`` falls in.

    :raises PeriodError: when ``instant`` is naive (its zone would be a guess).
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise PeriodError("The instant must carry a time zone (naive datetimes are ambiguous).")
    local = instant.astimezone(_zone(tz))
    return Month(local.year, local.month)


def counted_periods(keys) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Return the closed periods a year counts, in order, and the months left out.

    Policy (local choice, docs/legal.md row 42): a month is counted once. When a closed
    quarter and a closed month of it coexist (the rubric turned quarterly mid-quarter, or a
    quarter was closed while one of its months had been closed under another rubric), the
    quarter counts — it was signed later and its figures already cover the month — and the
    month is left out, returned as ``(month, quarter)``. Periods are ordered by their first
    day. Every key must parse (``parse_period``); duplicate keys count once.

    :raises PeriodError: for a key that is neither a month nor a quarter.
    """
    periods = sorted({parse_period(key) for key in keys}, key=lambda p: (p.first_day, p.kind))
    quarter_of = {month: quarter for quarter in periods if quarter.kind == QUARTERLY
                  for month in quarter.months}
    counted = tuple(str(p) for p in periods if p.kind == QUARTERLY or p not in quarter_of)
    superseded = tuple((str(p), str(quarter_of[p])) for p in periods
                       if p.kind == MONTHLY and p in quarter_of)
    return counted, superseded
