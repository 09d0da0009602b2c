"""What an officer's monthly sheet prints beside the engine's figures: each conduct item, comments.

The engine keeps the "4 xin, 4 luôn" answers as one tally per officer; the sheet also shows
them item by item, and the citizens' comments. Both are read for one officer and one month,
over the same ratings the tally counts.
"""

from datetime import datetime

from sqlalchemy import and_, case, func, or_, select

from evaluation.report import CitizenComment, ItemShare
from models.questionnaires import QuestionItem
from models.ratings import Rating, RatingAnswer

CONDUCT_GROUPS = ("4xin", "4luon")


def _counted(include_unverified: bool):
    """Return the condition for the ratings an officer's tally scores."""
    condition = and_(~Rating.excluded, ~Rating.held)
    return condition if include_unverified else and_(condition, Rating.verified)


def conduct_items(session, officer_id: int, start: datetime, end: datetime, *,
                  include_unverified: bool) -> list[ItemShare]:
    """Return the officer's answers per conduct item for ratings rated in [start, end).

    Counts the ratings the month's conduct tally scores (not excluded; verified only unless
    the rubric scores unverified ratings). Items of several questionnaire versions that share
    a code are counted together, in questionnaire order.
    """
    rows = session.execute(
        select(QuestionItem.code, QuestionItem.item_group, func.min(QuestionItem.label_vi),
               func.min(QuestionItem.position), func.count(),
               func.coalesce(func.sum(case((RatingAnswer.value, 1), else_=0)), 0))
        .select_from(Rating)
        .join(RatingAnswer, RatingAnswer.rating_id == Rating.id)
        .join(QuestionItem, QuestionItem.id == RatingAnswer.item_id)
        .where(Rating.officer_id == officer_id, Rating.rated_at >= start, Rating.rated_at < end,
               _counted(include_unverified), QuestionItem.item_group.in_(CONDUCT_GROUPS))
        .group_by(QuestionItem.code, QuestionItem.item_group)
    ).all()
    rows.sort(key=lambda r: (CONDUCT_GROUPS.index(r[1]), r[3], r[0]))
    return [ItemShare(code, group, label, int(answered), int(yes))
            for code, group, label, _position, answered, yes in rows]


def citizen_comments(session, officer_id: int, start: datetime, end: datetime,
                     limit: int = 200) -> list[CitizenComment]:
    """Return the comments and typed reasons of the officer's ratings in [start, end), oldest first.

    Excluded and held ratings are left out; at most ``limit`` are returned (the newest ones).
    """
    rows = session.execute(
        select(Rating.rated_at, Rating.level, Rating.comment, Rating.reason_text,
               Rating.verified)
        .where(Rating.officer_id == officer_id, Rating.rated_at >= start, Rating.rated_at < end,
               ~Rating.excluded, ~Rating.held,
               or_(Rating.comment.is_not(None), Rating.reason_text.is_not(None)))
        .order_by(Rating.rated_at.desc(), Rating.id).limit(limit)
    ).all()
    comments = [CitizenComment(r.rated_at, r.level,
                               " — ".join(t for t in (r.reason_text, r.comment) if t), r.verified)
                for r in reversed(rows)]
    return [c for c in comments if c.text.strip()]
