"""Counts behind each role's next actions on the console home (``admin/home/actions.py``)."""

from datetime import datetime

from sqlalchemy import func, select

from models.devices import Tablet
from models.evaluation import EvaluationMonth
from models.org import Officer
from models.queries.fleet import STALE_AFTER
from models.ratings import Rating, RatingContest
from models.visits import ApiKey


def pending_contests(session, *, scope: frozenset[int] | None = None,
                     officer_id: int | None = None) -> int:
    """Return how many contests wait for a decision: in scope, or of one officer."""
    query = select(func.count(RatingContest.id)).where(RatingContest.status == "pending")
    if officer_id is not None:
        query = query.where(RatingContest.officer_id == officer_id)
    if scope is not None:
        query = query.join(Officer, Officer.id == RatingContest.officer_id).where(
            Officer.department_id.in_(sorted(scope)))
    return session.scalar(query) or 0


def officer_ratings_between(session, officer_id: int, start: datetime,
                            end: datetime) -> tuple[int, int]:
    """Return an officer's ratings in [start, end) and how many of them carry a comment."""
    total, commented = session.execute(
        select(func.count(Rating.id),
               func.count(Rating.id).filter(func.length(func.coalesce(Rating.comment, "")) > 0))
        .where(Rating.officer_id == officer_id, Rating.rated_at >= start,
               Rating.rated_at < end)).one()
    return total, commented


def offline_tablets(session, now: datetime) -> int:
    """Return how many paired, unrevoked tablets have not been heard from lately."""
    return session.scalar(
        select(func.count(Tablet.id)).where(
            Tablet.revoked_at.is_(None),
            (Tablet.last_heartbeat_at.is_(None)) | (Tablet.last_heartbeat_at < now - STALE_AFTER)
        )) or 0


def active_api_keys(session) -> int:
    """Return how many integration keys are not revoked."""
    return session.scalar(select(func.count(ApiKey.id)).where(ApiKey.revoked_at.is_(None))) or 0


def month_status(session, period: str) -> str:
    """Return "open" or "closed" (a month never closed has no row: it is open)."""
    row = session.get(EvaluationMonth, period)
    return row.status if row is not None else "open"
