"""Take in a rating exactly once: validate it against its questionnaire, store it, raise alerts."""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from evaluation.periods import month_of_instant
from models.alerts import Alert
from models.base import nfc, utcnow
from models.engine import run
from models.evaluation import EvaluationMonth
from models.queries.questionnaires import QuestionnaireView
from models.ratings import MAX_TEXT_LENGTH, RATING_SOURCES, Rating, RatingAnswer
from models.visits import Visit

#: A client clock further off than this is not trusted; its times are corrected.
MAX_CLOCK_SKEW = timedelta(minutes=10)


class RatingRejected(ValueError):
    """A rating that cannot be stored, with a stable code and an English message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class RatingSubmission:
    """What the citizen gave: the overall level and the optional details, by item code."""

    id: uuid.UUID
    source: str
    level: int
    #: "4 xin, 4 luôn" answers: item code → True for Có, False for Không; unanswered: absent.
    answers: Mapping[str, bool] = field(default_factory=dict)
    #: Codes of the "5 không" behaviours the citizen says they met.
    reported: Sequence[str] = ()
    #: Codes of the listed reasons chosen for dissatisfaction.
    reasons: Sequence[str] = ()
    reason_text: str | None = None
    comment: str | None = None
    #: The client's clock at the moment of rating (tablets); None means "now" (phone forms).
    client_rated_at: datetime | None = None


@dataclass(frozen=True)
class RatingContext:
    """Where the rating was given and whom it rates, as resolved by the caller."""

    site_id: int
    counter_id: int
    officer_id: int | None
    tablet_id: int | None = None
    visit_id: int | None = None
    #: Client clock minus server clock, as measured by the caller (tablet batches).
    clock_skew: timedelta | None = None
    #: (rated_at, clock corrected) when the caller already fixed the moment with
    #: ``effective_time`` for its own checks; the stored rating then carries that moment.
    moment: tuple[datetime, bool] | None = None


@dataclass(frozen=True)
class RecordOutcome:
    """The result for one rating: created, duplicate or rejected (with code and message)."""

    id: uuid.UUID
    status: str
    code: str | None = None
    message: str | None = None


#: Prebuilt (models.engine.run): every rating asks and writes these.
_RATING_EXISTS = select(Rating.id).where(Rating.id == bindparam("rating_id"))
_MONTH_STATUS = (select(EvaluationMonth.status)
                 .where(EvaluationMonth.period == bindparam("period"))
                 .with_for_update(read=True))
_INSERT_RATING = insert(Rating.__table__)
_INSERT_ANSWERS = insert(RatingAnswer.__table__)
_INSERT_ALERTS = insert(Alert.__table__)


def validate_submission(questionnaire: QuestionnaireView, submission: RatingSubmission) -> None:
    """Check a submission against its questionnaire version.

    :raises RatingRejected: on an unknown source, level or item, a missing reason for a
        dissatisfied rating, or text longer than MAX_TEXT_LENGTH.
    """
    if submission.source not in RATING_SOURCES:
        raise RatingRejected("unknown_source", f"unknown source {submission.source!r}")
    if submission.level not in {item.level for item in questionnaire.levels}:
        raise RatingRejected("invalid_level", f"level {submission.level!r} is not on the scale")
    items = questionnaire.by_code()
    _check_codes(items, submission.answers, ("4xin", "4luon"), "answers")
    _check_codes(items, submission.reported, ("5khong",), "reported")
    _check_codes(items, submission.reasons, ("reason",), "reasons")
    for name in ("reason_text", "comment"):
        text = getattr(submission, name)
        if text is not None and len(text) > MAX_TEXT_LENGTH:
            raise RatingRejected("text_too_long", f"{name} is longer than {MAX_TEXT_LENGTH}")
    has_reason = bool(submission.reasons) or bool((submission.reason_text or "").strip())
    if questionnaire.needs_reason(submission.level) and not has_reason:
        raise RatingRejected("reason_required", "a dissatisfied rating needs a reason")


def _check_codes(items, codes, groups, name) -> None:
    for code in codes:
        item = items.get(code)
        if item is None or item.group not in groups:
            raise RatingRejected("unknown_item", f"{name}: unknown item {code!r}")


def effective_time(submission, clock_skew: timedelta | None,
                   now: datetime) -> tuple[datetime, bool]:
    """Return when the rating happened, on the server's clock, and whether that needed a
    correction worth flagging. The one policy for a rating's moment: the sign-in and
    cool-down checks and the stored ``rated_at`` all use it.

    Policy: a phone form has no clock of its own, so it is "now". A tablet's time has the
    skew measured for its batch taken off (client clock minus ours): a tablet whose clock
    was moved moves its ``sent_at`` too, so the estimate stays on our clock. A skew beyond
    MAX_CLOCK_SKEW is flagged as a correction; so is a time still in the future by more
    than that, which is clamped to now (as is any time in the future).
    """
    if submission.client_rated_at is None:
        return now, False
    rated_at = submission.client_rated_at
    corrected = False
    if clock_skew is not None:
        rated_at -= clock_skew
        corrected = abs(clock_skew) > MAX_CLOCK_SKEW
    if rated_at > now + MAX_CLOCK_SKEW:
        corrected = True
    return min(rated_at, now), corrected


def record_rating(
    session,
    questionnaire: QuestionnaireView,
    submission: RatingSubmission,
    context: RatingContext,
    *,
    zone: str,
    now: datetime | None = None,
) -> RecordOutcome:
    """Store a rating once, with its answers and alerts, inside a savepoint.

    A repeated id is a duplicate (the first copy wins); a visit already rated is
    rejected. Everything about one rating is written or nothing is. Flushes, never
    commits. ``zone`` is the IANA zone whose calendar months the evaluation uses.
    """
    try:
        validate_submission(questionnaire, submission)
    except RatingRejected as exc:
        return RecordOutcome(submission.id, "rejected", exc.code, exc.message)
    now = now or utcnow()
    try:
        with session.begin_nested():
            _insert(session, questionnaire, submission, context, now, zone)
    except IntegrityError:
        if rating_exists(session, submission.id):
            return RecordOutcome(submission.id, "duplicate")
        return RecordOutcome(
            submission.id, "rejected", "visit_already_rated", "this visit was already rated"
        )
    return RecordOutcome(submission.id, "created")


def rating_exists(session, rating_id: uuid.UUID) -> bool:
    """Say whether a rating with this id is stored (reads the key only, not the row)."""
    return run(session, _RATING_EXISTS, {"rating_id": rating_id}).scalar() is not None


def _insert(session, questionnaire, submission, context, now, zone) -> None:
    """Insert the rating, its answers and its alerts (Core statements: this is the hot path)."""
    rated_at, corrected = context.moment or effective_time(submission, context.clock_skew, now)
    items = questionnaire.by_code()
    rating = {
        "id": submission.id,
        "source": submission.source,
        "site_id": context.site_id,
        "counter_id": context.counter_id,
        "officer_id": context.officer_id,
        "tablet_id": context.tablet_id,
        "visit_id": context.visit_id,
        "verified": context.visit_id is not None,
        "questionnaire_version_id": questionnaire.version_id,
        "level": submission.level,
        "rated_at": rated_at,
        "client_rated_at": submission.client_rated_at,
        "received_at": now,
        "clock_corrected": corrected,
        "late": is_month_closed(session, str(month_of_instant(rated_at, zone))),
        "reason_text": _clean(submission.reason_text),
        "comment": _clean(submission.comment),
        "conduct_answered": len(submission.answers),
        "conduct_yes": sum(1 for value in submission.answers.values() if value),
    }
    answers = [
        {"rating_id": submission.id, "item_id": items[code].id, "value": value}
        for code, value in submission.answers.items()
    ] + [
        {"rating_id": submission.id, "item_id": items[code].id, "value": True}
        for code in sorted({*submission.reported, *submission.reasons})
    ]
    run(session, _INSERT_RATING, [rating])
    if answers:
        run(session, _INSERT_ANSWERS, answers)
    _raise_alerts(session, questionnaire, rating, submission, items, now)


def _raise_alerts(session, questionnaire, rating, submission, items, now) -> None:
    """Open an alert for a dissatisfied rating and one per reported "5 không" behaviour."""
    base = {"rating_id": rating["id"], "officer_id": rating["officer_id"],
            "site_id": rating["site_id"], "created_at": now}
    alerts = [{"kind": "dissatisfied", "item_id": None, **base}] if questionnaire.needs_reason(
        rating["level"]) else []
    alerts += [{"kind": "misconduct", "item_id": items[code].id, **base}
               for code in sorted(set(submission.reported))]
    if alerts:
        run(session, _INSERT_ALERTS, alerts)


def _clean(text: str | None) -> str | None:
    """Return trimmed NFC text, or None for nothing."""
    text = nfc(text.strip()) if text else None
    return text or None


def is_month_closed(session, period: str) -> bool:
    """Say whether the month is closed (a rating for it arrives late).

    The read is FOR SHARE so that closing a month (``models.ops.months.close_month``)
    waits for this rating's transaction, or this one for the closing: never both missed.
    """
    return run(session, _MONTH_STATUS, {"period": period}).scalar() == "closed"


def record_visit_rating(
    session,
    questionnaire: QuestionnaireView,
    submission: RatingSubmission,
    context: RatingContext,
    *,
    zone: str,
    now: datetime,
) -> RecordOutcome:
    """Claim context's visit and record its one rating in one savepoint; undo both unless
    the rating is created.

    Claiming is a conditional UPDATE (used_at IS NULL) and ratings.visit_id is unique, so of
    two simultaneous submissions exactly one is created. Resending the rating that already
    used this visit is a duplicate; any other rating of a used visit is rejected, and so is
    a rating id already taken by another rating. Flushes only.
    """
    savepoint = session.begin_nested()
    try:
        if visit_claimed(session, context.visit_id, now):
            outcome = record_rating(session, questionnaire, submission, context,
                                    zone=zone, now=now)
            if outcome.status == "duplicate":
                outcome = RecordOutcome(submission.id, "rejected", "rating_id_taken",
                                        "this rating id belongs to another rating")
        else:
            outcome = _used_visit_outcome(session, context.visit_id, submission.id)
    except BaseException:
        savepoint.rollback()
        raise
    if outcome.status == "created":
        savepoint.commit()
    else:
        savepoint.rollback()
    return outcome


def _used_visit_outcome(session, visit_id: int, rating_id: uuid.UUID) -> RecordOutcome:
    earlier = session.get(Rating, rating_id)
    if earlier is not None and earlier.visit_id == visit_id:
        return RecordOutcome(rating_id, "duplicate")
    return RecordOutcome(rating_id, "rejected", "visit_already_rated",
                         "this visit was already rated")


def visit_claimed(session, visit_id: int, now: datetime) -> bool:
    """Mark a visit used; False if it was used already (call in the rating's transaction)."""
    result = session.execute(
        update(Visit)
        .where(Visit.id == visit_id, Visit.used_at.is_(None))
        .values(used_at=now)
    )
    return result.rowcount == 1


def last_unbound_rating_at(session, counter_id: int) -> datetime | None:
    """Return when the counter last took a rating with no visit (for the cool-down)."""
    return session.scalar(
        select(func.max(Rating.rated_at)).where(
            Rating.counter_id == counter_id, Rating.visit_id.is_(None)
        )
    )
