"""One officer's ratings of a month, page by page: the ratings behind the tally."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select, true

from models.questionnaires import QuestionItem
from models.ratings import Rating

#: Which ratings a list shows: a name → the condition on ratings.
RATING_FILTERS = {
    "all": true,
    "scored": lambda: and_(Rating.verified, ~Rating.excluded, ~Rating.held),
    "unverified": lambda: and_(~Rating.verified, ~Rating.excluded, ~Rating.held),
    "excluded": lambda: Rating.excluded,
    "held": lambda: Rating.held,
    "late": lambda: Rating.late,
}
PAGE_SIZE = 100


@dataclass(frozen=True)
class RatingLine:
    """One rating as the list shows it; nothing here identifies the citizen."""

    id: str
    rated_at: datetime
    source: str
    questionnaire_version_id: int
    level: int
    verified: bool
    conduct_yes: int
    conduct_answered: int
    reason_text: str | None
    comment: str | None
    excluded: bool
    excluded_reason: str | None
    late: bool
    held: bool = False


@dataclass(frozen=True)
class RatingPage:
    """A page of ratings and the total number matching."""

    lines: tuple[RatingLine, ...]
    total: int
    page: int
    pages: int


def officer_month_ratings(session, officer_id: int, start: datetime, end: datetime, *,
                          kind: str = "all", page: int = 1) -> RatingPage:
    """Return one page of an officer's ratings rated in [start, end), newest first.

    :raises KeyError: for a ``kind`` not in RATING_FILTERS.
    """
    condition = and_(Rating.officer_id == officer_id, Rating.rated_at >= start,
                     Rating.rated_at < end, RATING_FILTERS[kind]())
    total = session.scalar(select(func.count(Rating.id)).where(condition))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = session.execute(
        select(Rating.id, Rating.rated_at, Rating.source, Rating.questionnaire_version_id,
               Rating.level, Rating.verified,
               Rating.conduct_yes, Rating.conduct_answered, Rating.reason_text, Rating.comment,
               Rating.excluded, Rating.excluded_reason, Rating.late, Rating.held)
        .where(condition)
        .order_by(Rating.rated_at.desc(), Rating.id)
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    )
    lines = tuple(RatingLine(str(r.id), *r[1:]) for r in rows)
    return RatingPage(lines, total, page, pages)


def level_labels(session) -> dict[tuple[int, int], tuple[str, str]]:
    """Return ``{(questionnaire version id, level): (Vietnamese, English label)}``."""
    rows = session.execute(
        select(QuestionItem.version_id, QuestionItem.level, QuestionItem.label_vi,
               QuestionItem.label_en).where(QuestionItem.item_group == "overall"))
    return {(r.version_id, r.level): (r.label_vi, r.label_en) for r in rows}
