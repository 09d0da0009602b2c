"""The evaluation months as the console lists them, and each month's close/reopen history."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from models.evaluation import EvaluationMonth, MonthEvent, RubricVersion
from models.queries.people import person_name
from models.staff import User


@dataclass(frozen=True)
class MonthRow:
    """One month: open or closed, when and by whom, under which rubric."""

    period: str
    status: str
    closed_at: datetime | None
    closed_by: str | None
    rubric: str | None


@dataclass(frozen=True)
class MonthEventRow:
    """One close or reopen."""

    action: str
    at: datetime
    by: str | None
    reason: str


def list_months(session, recent: list[str]) -> list[MonthRow]:
    """Return the months in ``recent`` and every month ever closed, newest first.

    A month without a row has never been closed: it is open.
    """
    closer = aliased(User)
    rows = session.execute(
        select(EvaluationMonth, person_name(closer), RubricVersion.name, RubricVersion.version)
        .outerjoin(closer, closer.id == EvaluationMonth.closed_by_id)
        .outerjoin(RubricVersion, RubricVersion.id == EvaluationMonth.rubric_version_id)
    ).all()
    found = {
        month.period: MonthRow(month.period, month.status, month.closed_at, username,
                               f"{name} v{version}" if name else None)
        for month, username, name, version in rows
    }
    for period in recent:
        found.setdefault(period, MonthRow(period, "open", None, None, None))
    return sorted(found.values(), key=lambda row: row.period, reverse=True)


def month_events(session, period: str) -> list[MonthEventRow]:
    """Return a month's closes and reopens, oldest first."""
    rows = session.execute(
        select(MonthEvent, person_name(User)).outerjoin(User, User.id == MonthEvent.user_id)
        .where(MonthEvent.period == period).order_by(MonthEvent.at, MonthEvent.id))
    return [MonthEventRow(event.action, event.at, username, event.reason)
            for event, username in rows]
