"""The period a console page is about: the month (or quarter) asked for, in the centre's zone."""

from datetime import UTC, datetime

from flask import abort, current_app, request

from evaluation import Month, PeriodError, month_of_instant
from evaluation.periods import Period, parse_period, period_window_utc, previous_month


def zone() -> str:
    """Return the IANA zone whose calendar months are evaluated."""
    return current_app.config["TIMEZONE"]


def default_month(now: datetime | None = None) -> Month:
    """Return the latest month that has ended: the one before the current local month."""
    return previous_month(month_of_instant(now or datetime.now(UTC), zone()))


def requested_month() -> Period:
    """Return the period asked for by ``?month=YYYY-MM`` (or a quarter, ``YYYY-Qn``, under a
    quarterly rubric); default: the latest ended month.

    A malformed period is a 400 with the usual error page.
    """
    text = request.values.get("month", "").strip()
    if not text:
        return default_month()
    try:
        return parse_period(text)
    except PeriodError:
        abort(400)


def requested_calendar_month() -> Month:
    """Return ``?month=YYYY-MM`` for pages that work month by month (inputs, dashboards);
    a quarter is a 400 there."""
    period = requested_month()
    if not isinstance(period, Month):
        abort(400)
    return period


def has_ended(month: Period) -> bool:
    """Say whether the month (or quarter) is over, local time."""
    return datetime.now(UTC) >= period_window_utc(month, zone())[1]
