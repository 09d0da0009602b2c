"""Ratings as staff review them: filtered lists, an officer's own list, contests."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from models.org import Counter, Department, Officer, Site
from models.queries.paging import Page, paginate
from models.queries.people import person_name
from models.questionnaires import QuestionItem, QuestionnaireVersion
from models.ratings import Rating, RatingContest, satisfied_rating
from models.staff import User


@dataclass(frozen=True)
class RatingRow:
    """One rating as a list shows it; nothing that could identify the citizen."""

    id: uuid.UUID
    rated_at: datetime
    level: int
    level_vi: str | None
    level_en: str | None
    satisfied: bool
    verified: bool
    source: str
    officer_id: int | None
    officer_name: str | None
    site_name: str
    counter_number: int
    excluded: bool
    excluded_reason: str | None
    reason_text: str | None
    comment: str | None
    #: A flag on it waits for a leader's decision: it counts nowhere meanwhile.
    held: bool = False


@dataclass(frozen=True)
class RatingFilters:
    """What a rating list is limited to."""

    site_id: int | None = None
    department_id: int | None = None
    officer_id: int | None = None
    level: int | None = None
    excluded: bool | None = None
    scope: frozenset[int] | None = None


def _level_item():
    return aliased(QuestionItem)


def _rating_query():
    level = _level_item()
    return (
        select(Rating.id, Rating.rated_at, Rating.level, level.label_vi, level.label_en,
               satisfied_rating(), Rating.verified,
               Rating.source, Rating.officer_id, Officer.full_name, Site.name, Counter.number,
               Rating.excluded, Rating.excluded_reason, Rating.reason_text, Rating.comment,
               Rating.held)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Rating.questionnaire_version_id)
        .join(Site, Site.id == Rating.site_id)
        .join(Counter, Counter.id == Rating.counter_id)
        .outerjoin(Officer, Officer.id == Rating.officer_id)
        .outerjoin(level, and_(level.version_id == Rating.questionnaire_version_id,
                               level.item_group == "overall", level.level == Rating.level))
        .order_by(Rating.rated_at.desc(), Rating.id)
    )


def find_ratings(session, filters: RatingFilters, page: int = 1) -> Page:
    """Return one page of ratings matching filters, newest first."""
    query = _rating_query()
    if filters.scope is not None:
        query = query.where(Officer.department_id.in_(filters.scope))
    for column, value in ((Rating.site_id, filters.site_id),
                          (Officer.department_id, filters.department_id),
                          (Rating.officer_id, filters.officer_id),
                          (Rating.level, filters.level)):
        if value:
            query = query.where(column == value)
    if filters.excluded is not None:
        query = query.where(Rating.excluded.is_(filters.excluded))
    result = paginate(session, query, page, scalars=False)
    return Page([RatingRow(*row) for row in result.items], result.number, result.pages,
                result.total)


def officer_ratings(session, officer_id: int, page: int = 1) -> Page:
    """Return one page of an officer's own ratings with their latest contest status."""
    return find_ratings(session, RatingFilters(officer_id=officer_id), page)


def contest_statuses(session, rating_ids) -> dict:
    """Return {rating id: status of its latest contest} for the given ratings."""
    rows = session.execute(
        select(RatingContest.rating_id, RatingContest.status)
        .where(RatingContest.rating_id.in_(list(rating_ids)))
        .order_by(RatingContest.created_at))
    return {row[0]: row[1] for row in rows}


@dataclass(frozen=True)
class ContestRow:
    """One contest as the leader's list shows it."""

    id: int
    rating_id: uuid.UUID
    created_at: datetime
    officer_name: str
    department_name: str
    reason: str
    status: str
    decided_at: datetime | None
    decided_by: str | None
    decision_note: str | None


def find_contests(session, status: str | None = "pending", scope=None, page: int = 1) -> Page:
    """Return one page of contests (pending first by default), newest first."""
    decider = aliased(User)
    query = (
        select(RatingContest.id, RatingContest.rating_id, RatingContest.created_at,
               Officer.full_name, Department.name, RatingContest.reason, RatingContest.status,
               RatingContest.decided_at, person_name(decider), RatingContest.decision_note)
        .join(Officer, Officer.id == RatingContest.officer_id)
        .join(Department, Department.id == Officer.department_id)
        .outerjoin(decider, decider.id == RatingContest.decided_by_id)
        .order_by(RatingContest.created_at.desc(), RatingContest.id.desc())
    )
    if status:
        query = query.where(RatingContest.status == status)
    if scope is not None:
        query = query.where(Officer.department_id.in_(scope))
    result = paginate(session, query, page, scalars=False)
    return Page([ContestRow(*row) for row in result.items], result.number, result.pages,
                result.total)
