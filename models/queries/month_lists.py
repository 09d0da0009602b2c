"""The ratings a month's report lists by name: excluded, contested, flagged and late ratings."""

from dataclasses import asdict, dataclass, fields
from datetime import datetime

from sqlalchemy import and_, func, select

from evaluation.report import ContestedRating, ExcludedRating, FlaggedRating, LateRating
from models.flags import RatingFlag
from models.queries.people import person_name
from models.ratings import Rating, RatingContest
from models.staff import User

#: Fields of the listed ratings that hold instants (stored as ISO 8601 text in snapshots).
INSTANTS = {"rated_at", "received_at", "excluded_at", "created_at", "decided_at"}


def excluded_ratings(session, start: datetime, end: datetime) -> tuple[ExcludedRating, ...]:
    """Return the excluded ratings rated in [start, end), by officer then time."""
    rows = session.execute(
        select(Rating.id, Rating.officer_id, Rating.rated_at, Rating.level, Rating.verified,
               Rating.excluded_reason, Rating.excluded_at, person_name(User).label("username"))
        .outerjoin(User, User.id == Rating.excluded_by_id)
        .where(Rating.excluded, Rating.rated_at >= start, Rating.rated_at < end)
        .order_by(Rating.officer_id, Rating.rated_at, Rating.id)
    )
    return tuple(ExcludedRating(str(r.id), r.officer_id, r.rated_at, r.level, r.verified,
                                r.excluded_reason or "", r.excluded_at, r.username)
                 for r in rows)


def contested_ratings(session, start: datetime, end: datetime) -> tuple[ContestedRating, ...]:
    """Return the contests of ratings rated in [start, end), by officer then time.

    Contests are few and ratings many: the outer join with the window in its condition
    keeps SQLite reading contests first and looking each rating up by id.
    """
    rows = session.execute(
        select(RatingContest, Rating.rated_at, Rating.level, Rating.excluded)
        .outerjoin(Rating, and_(Rating.id == RatingContest.rating_id, Rating.rated_at >= start,
                                Rating.rated_at < end))
        .order_by(RatingContest.officer_id, Rating.rated_at, RatingContest.id)
    )
    return tuple(ContestedRating(c.id, str(c.rating_id), c.officer_id, rated_at, level, excluded,
                                 c.status, c.reason, c.created_at, c.decided_at, c.decision_note)
                 for c, rated_at, level, excluded in rows if rated_at is not None)


def flagged_ratings(session, start: datetime, end: datetime) -> tuple[FlaggedRating, ...]:
    """Return the flags on ratings rated in [start, end), by officer, time, then rule.

    Flags are few and ratings many: the flags are read first and each rating looked up by
    id. The window is compared through ``coalesce`` so that SQLite, which has no statistics,
    cannot pick the ratings' time index instead and walk every rating of the month to look
    for its flags (1.3 s for a 200,000-rating month without a single flag).
    """
    rated_at = func.coalesce(Rating.rated_at, Rating.rated_at)
    rows = session.execute(
        select(RatingFlag, Rating.officer_id, Rating.rated_at, Rating.level, Rating.verified,
               person_name(User))
        .join(Rating, and_(Rating.id == RatingFlag.rating_id, rated_at >= start,
                           rated_at < end))
        .outerjoin(User, User.id == RatingFlag.decided_by_id)
        .order_by(Rating.officer_id, Rating.rated_at, RatingFlag.rating_id, RatingFlag.id)
    )
    return tuple(FlaggedRating(f.id, str(f.rating_id), officer_id, rated_at, level, verified,
                               f.rule, f.status, f.created_at, f.decided_at, username,
                               f.decision_reason)
                 for f, officer_id, rated_at, level, verified, username in rows)


@dataclass(frozen=True)
class FlagSummary:
    """How many of an officer's ratings were flagged in a month, and how each was decided."""

    flagged: int = 0
    pending: int = 0
    accepted: int = 0
    excluded: int = 0


def flag_summary(flags) -> dict[int, FlagSummary]:
    """Return ``{officer_id: FlagSummary}`` over flag rows, counting ratings, not flags.

    Policy: a rating with any flag waiting is pending; otherwise excluded if a flag on it was
    excluded, else accepted.
    """
    states: dict[tuple[int, str], set[str]] = {}
    for flag in flags:
        if flag.officer_id is not None:
            states.setdefault((flag.officer_id, flag.rating_id), set()).add(flag.status)
    counts: dict[int, list[int]] = {}
    for (officer_id, _rating), statuses in states.items():
        row = counts.setdefault(officer_id, [0, 0, 0, 0])
        row[0] += 1
        state = ("pending" if "pending" in statuses
                 else "excluded" if "excluded" in statuses else "accepted")
        row[("pending", "accepted", "excluded").index(state) + 1] += 1
    return {officer_id: FlagSummary(*row) for officer_id, row in counts.items()}


def late_ratings(session, start: datetime, end: datetime) -> tuple[LateRating, ...]:
    """Return the ratings of [start, end) that arrived while their month was closed."""
    rows = session.execute(
        select(Rating.id, Rating.officer_id, Rating.rated_at, Rating.received_at, Rating.level,
               Rating.verified, Rating.excluded)
        .where(Rating.late, Rating.rated_at >= start, Rating.rated_at < end)
        .order_by(Rating.officer_id, Rating.rated_at, Rating.id)
    )
    return tuple(LateRating(str(r.id), r.officer_id, r.rated_at, r.received_at, r.level,
                            r.verified, r.excluded) for r in rows)


def row_to_plain(row) -> dict:
    """Return a listed rating as JSON-ready data (instants as ISO 8601 text)."""
    return {key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in asdict(row).items()}


def row_from_plain(cls, data: dict):
    """Rebuild a listed rating of type ``cls`` from ``row_to_plain`` output."""
    values = {item.name: data[item.name] for item in fields(cls)}
    for name in INSTANTS & values.keys():
        if values[name] is not None:
            values[name] = datetime.fromisoformat(values[name])
    return cls(**values)
