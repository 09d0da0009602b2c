"""A month's dashboard figures for pages and `hailong dashboard refresh`: stored, or computed."""

from datetime import UTC, datetime, timedelta

from flask import current_app

from admin.people.scope import department_scope
from evaluation import Month, month_window_utc
from evaluation.periods import previous_month
from models.ops.dashboards import figures_for, store_figures
from models.queries.dashboard import StoredFigures, is_outdated, month_states, stored_figures
from models.queries.month import compute_month
from models.queries.overview import Scope
from models.queries.rubrics import NoRubricInForce
from web.db import write_session

#: Default seconds after which a page computes an open month's figures again itself.
DEFAULT_MAX_AGE = 600


def refresh_month(session, month: Month, zone: str) -> StoredFigures | None:
    """Compute a month's figures and store them (commits); None when no rubric is in force.

    The computation reads in its own transaction; only the short upsert takes the write
    lock, so rating intake is never held up by it.
    """
    try:
        report = compute_month(session, month, zone=zone)
    except NoRubricInForce:
        return None
    values = figures_for(session, report)
    write_session(session)
    store_figures(session, values)
    session.commit()
    return StoredFigures(values["period"], values["computed_at"], values["status"],
                         values["closed_at"], values["summary"], values["details"])


def month_figures(session, month: Month, zone: str, max_age: timedelta,
                  now: datetime | None = None) -> StoredFigures | None:
    """Return a month's figures with details, computing them first when outdated."""
    period = str(month)
    now = now or datetime.now(UTC)
    stored = stored_figures(session, [period], details_for=[period]).get(period)
    state = month_states(session, [period]).get(period)
    if is_outdated(stored, state, now, max_age, month_window_utc(month, zone)[1]):
        return refresh_month(session, month, zone) or stored
    return stored


def trend_months(month: Month, count: int = 12) -> list[Month]:
    """Return ``count`` months ending with ``month``, oldest first."""
    months = [month]
    while len(months) < count:
        months.append(previous_month(months[-1]))
    return months[::-1]


def refresh_outdated(session, latest: Month, zone: str, max_age: timedelta, count: int = 12,
                     now: datetime | None = None, progress=None) -> list[str]:
    """Compute the outdated figures of ``count`` months ending with ``latest``; return them.

    :param progress: called as ``progress(done, total)`` with the months looked at so far.
    """
    now = now or datetime.now(UTC)
    months = trend_months(latest, count)
    periods = [str(m) for m in months]
    stored, states = stored_figures(session, periods), month_states(session, periods)
    done = []
    for index, month in enumerate(months):
        if progress:
            progress(index, len(months))
        period = str(month)
        end = month_window_utc(month, zone)[1]
        if is_outdated(stored.get(period), states.get(period), now, max_age, end) \
                and refresh_month(session, month, zone) is not None:
            done.append(period)
    if progress:
        progress(len(months), len(months))
    return done


def max_age() -> timedelta:
    """Return how old an open month's figures may be before a page computes them again."""
    return timedelta(seconds=current_app.config.get("DASHBOARD_MAX_AGE_SECONDS",
                                                    DEFAULT_MAX_AGE))


def staff_scope() -> Scope:
    """Return what the signed-in staff member may see (a liaison: their departments)."""
    scope = department_scope()
    return Scope(departments=None if scope is None else frozenset(scope))
