"""Review of ratings: a leader excludes one with a reason (never deletes it); an officer
contests one of their own ratings; a leader accepts or rejects the contest.

Accepting a contest excludes the rating, with the contest named in the exclusion reason,
so the report lists it among the exclusions like any other; rejecting leaves it counted.
"""

from sqlalchemy import select

from models.base import nfc, utcnow
from models.ops.flags import settle_flags
from models.ratings import RatingContest

MAX_REASON_LENGTH = 500
#: Exclusion reason written when a contest is accepted (reports are in Vietnamese).
CONTEST_REASON = "Chấp nhận khiếu nại #{id} của công chức: {reason}"


class ReviewRefused(ValueError):
    """A review step that is not allowed; code says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _reason(text: str | None) -> str:
    text = nfc((text or "").strip())
    if not text:
        raise ReviewRefused("reason_required")
    if len(text) > MAX_REASON_LENGTH:
        raise ReviewRefused("reason_too_long")
    return text


def exclude_rating(session, rating, reason: str, user_id: int, now=None, *,
                   flag_reason: str | None = None) -> None:
    """Exclude a rating from scoring, keeping it and saying why and who; flush only.

    Flags waiting on the rating are decided "excluded" by the same person, with
    ``flag_reason`` (default: the exclusion reason), and its hold ends.

    :raises ReviewRefused: "already_excluded", "reason_required", "reason_too_long".
    """
    if rating.excluded:
        raise ReviewRefused("already_excluded")
    rating.excluded_reason = _reason(reason)[:MAX_REASON_LENGTH]
    rating.excluded = True
    rating.excluded_by_id = user_id
    rating.excluded_at = now or utcnow()
    settle_flags(session, rating, "excluded", flag_reason or rating.excluded_reason, user_id,
                 rating.excluded_at)


def pending_contest(session, rating_id) -> RatingContest | None:
    """Return the rating's contest waiting for a decision, if any."""
    return session.scalar(select(RatingContest).where(
        RatingContest.rating_id == rating_id, RatingContest.status == "pending"))


def contest_rating(session, rating, officer_id: int, reason: str, now=None) -> RatingContest:
    """Record an officer's contest of one of their own ratings; flush only.

    :raises ReviewRefused: "not_yours", "already_excluded", "already_contested",
        "reason_required", "reason_too_long".
    """
    if rating.officer_id != officer_id:
        raise ReviewRefused("not_yours")
    if rating.excluded:
        raise ReviewRefused("already_excluded")
    if pending_contest(session, rating.id) is not None:
        raise ReviewRefused("already_contested")
    contest = RatingContest(rating_id=rating.id, officer_id=officer_id, reason=_reason(reason),
                            created_at=now or utcnow())
    session.add(contest)
    session.flush()
    return contest


def decide_contest(session, contest: RatingContest, accept: bool, note: str, user_id: int,
                   now=None) -> None:
    """Accept (the rating is excluded) or reject (a note is required) a contest; flush only.

    :raises ReviewRefused: "already_decided", "reason_required" for a rejection without a
        note, "reason_too_long".
    """
    if contest.status != "pending":
        raise ReviewRefused("already_decided")
    note = nfc((note or "").strip())
    if not accept:
        note = _reason(note)
    elif len(note) > MAX_REASON_LENGTH:
        raise ReviewRefused("reason_too_long")
    now = now or utcnow()
    contest.status = "accepted" if accept else "rejected"
    contest.decided_by_id = user_id
    contest.decided_at = now
    contest.decision_note = note or None
    if accept and not contest.rating.excluded:
        reason = CONTEST_REASON.format(id=contest.id, reason=note or contest.reason)
        exclude_rating(session, contest.rating, reason[:MAX_REASON_LENGTH], user_id, now)
    session.flush()
