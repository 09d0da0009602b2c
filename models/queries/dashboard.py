"""Read the stored dashboard figures of months, and say when they must be computed again."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import defer

from models.dashboards import DashboardMonth
from models.evaluation import EvaluationMonth


@dataclass(frozen=True)
class StoredFigures:
    """A month's stored figures; ``details`` is None when only the summary was read."""

    period: str
    computed_at: datetime
    status: str
    closed_at: datetime | None
    summary: dict
    details: dict | None


def month_states(session, periods) -> dict[str, tuple[str, datetime | None]]:
    """Return ``{period: (status, closed_at)}`` of the months that have a lifecycle row."""
    rows = session.execute(select(EvaluationMonth.period, EvaluationMonth.status,
                                  EvaluationMonth.closed_at)
                           .where(EvaluationMonth.period.in_(list(periods))))
    return {row.period: (row.status, row.closed_at) for row in rows}


def stored_figures(session, periods, *, details_for=()) -> dict[str, StoredFigures]:
    """Return the stored figures of ``periods``; details only for the months in details_for."""
    rows = session.scalars(select(DashboardMonth).options(defer(DashboardMonth.details))
                           .where(DashboardMonth.period.in_(list(periods))))
    found = {}
    for row in rows:
        details = row.details if row.period in details_for else None
        found[row.period] = StoredFigures(row.period, row.computed_at, row.status,
                                          row.closed_at, row.summary, details)
    return found


def is_outdated(stored: StoredFigures | None, state: tuple[str, datetime | None] | None,
                now: datetime, max_age: timedelta, month_end: datetime) -> bool:
    """Say whether a month's stored figures must be computed again.

    Policy: missing figures, figures of a month closed or reopened since, or figures of an
    open month older than ``max_age`` — unless the month had ended and was over before
    they were computed, which keeps a past month's figures for a day. A closed month's
    figures stay until the month is closed again (its results are frozen).
    """
    status, closed_at = state or ("open", None)
    if stored is None or stored.status != status:
        return True
    if status == "closed":
        return stored.closed_at != closed_at
    if stored.computed_at >= month_end:
        return now - stored.computed_at > max(max_age, timedelta(days=1))
    return now - stored.computed_at > max_age
