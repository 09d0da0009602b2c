"""The alerts inbox: filtered pages, what is new since a given alert, and one alert in full."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from models.alerts import Alert, AlertEvent
from models.org import Counter, Department, Officer, Site
from models.queries.paging import Page, paginate
from models.questionnaires import QuestionItem
from models.ratings import Rating, RatingAnswer
from models.staff import User

OPEN_STATUSES = ("new", "verifying")


@dataclass(frozen=True)
class AlertFilters:
    """What the inbox is limited to; status "open" means new or being verified."""

    site_id: int | None = None
    department_id: int | None = None
    officer_id: int | None = None
    status: str | None = "open"
    kind: str | None = None
    scope: frozenset[int] | None = None


@dataclass(frozen=True)
class AlertRow:
    """One alert as the inbox lists it."""

    id: int
    kind: str
    status: str
    created_at: datetime
    rating_id: uuid.UUID
    site_name: str
    officer_id: int | None
    officer_name: str | None
    department_name: str | None
    counter_number: int
    behaviour_vi: str | None
    behaviour_en: str | None


def _query(filters: AlertFilters):
    query = (
        select(Alert.id, Alert.kind, Alert.status, Alert.created_at, Alert.rating_id,
               Site.name, Alert.officer_id, Officer.full_name, Department.name, Counter.number,
               QuestionItem.label_vi, QuestionItem.label_en)
        .join(Site, Site.id == Alert.site_id)
        .join(Rating, Rating.id == Alert.rating_id)
        .join(Counter, Counter.id == Rating.counter_id)
        .outerjoin(Officer, Officer.id == Alert.officer_id)
        .outerjoin(Department, Department.id == Officer.department_id)
        .outerjoin(QuestionItem, QuestionItem.id == Alert.item_id)
        .order_by(Alert.id.desc())
    )
    if filters.scope is not None:
        query = query.where(Officer.department_id.in_(filters.scope))
    if filters.site_id:
        query = query.where(Alert.site_id == filters.site_id)
    if filters.department_id:
        query = query.where(Officer.department_id == filters.department_id)
    if filters.officer_id:
        query = query.where(Alert.officer_id == filters.officer_id)
    if filters.kind:
        query = query.where(Alert.kind == filters.kind)
    if filters.status == "open":
        query = query.where(Alert.status.in_(OPEN_STATUSES))
    elif filters.status:
        query = query.where(Alert.status == filters.status)
    return query


def find_alerts(session, filters: AlertFilters, page: int = 1) -> Page:
    """Return one page of alerts matching filters, newest first."""
    result = paginate(session, _query(filters), page, scalars=False)
    return Page([AlertRow(*row) for row in result.items], result.number, result.pages,
                result.total)


def alerts_since(session, filters: AlertFilters, after_id: int, limit: int = 50):
    """Return the alerts matching filters with an id above after_id, newest first."""
    rows = session.execute(_query(filters).where(Alert.id > after_id).limit(limit))
    return [AlertRow(*row) for row in rows]


def count_open(session, scope=None) -> int:
    """Return how many alerts (in scope) wait for a decision."""
    query = select(func.count(Alert.id)).where(Alert.status.in_(OPEN_STATUSES))
    if scope is not None:
        query = query.join(Officer, Officer.id == Alert.officer_id).where(
            Officer.department_id.in_(scope))
    return session.scalar(query)


@dataclass(frozen=True)
class EventRow:
    """One step of an alert's follow-up."""

    at: datetime
    user_name: str | None
    from_status: str
    to_status: str
    note: str


def alert_history(session, alert_id: int) -> list[EventRow]:
    """Return an alert's follow-up steps, oldest first."""
    rows = session.execute(
        select(AlertEvent.at, func.coalesce(func.nullif(User.full_name, ""), User.username),
               AlertEvent.from_status, AlertEvent.to_status, AlertEvent.note)
        .outerjoin(User, User.id == AlertEvent.user_id)
        .where(AlertEvent.alert_id == alert_id).order_by(AlertEvent.at, AlertEvent.id))
    return [EventRow(*row) for row in rows]


def rating_items(session, rating_id) -> list[tuple[str, str, str, bool]]:
    """Return (group, Vietnamese label, English label, value) of a rating's answers."""
    rows = session.execute(
        select(QuestionItem.item_group, QuestionItem.label_vi, QuestionItem.label_en,
               RatingAnswer.value)
        .join(RatingAnswer, RatingAnswer.item_id == QuestionItem.id)
        .where(RatingAnswer.rating_id == rating_id).order_by(QuestionItem.position))
    return [tuple(row) for row in rows]


def level_label(session, rating: Rating) -> tuple[str, str]:
    """Return the (Vietnamese, English) label of a rating's overall level."""
    row = session.execute(
        select(QuestionItem.label_vi, QuestionItem.label_en).where(
            QuestionItem.version_id == rating.questionnaire_version_id,
            QuestionItem.item_group == "overall", QuestionItem.level == rating.level)
    ).first()
    return tuple(row) if row else (str(rating.level), str(rating.level))
