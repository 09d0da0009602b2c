"""What a counter tablet sends: its ratings from the outbox, and its heartbeat."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select

from models.devices import Tablet
from models.engine import lock_row, run
from models.ops.flags import screen_and_flag
from models.ops.ratings import (
    RatingContext,
    RatingSubmission,
    RecordOutcome,
    effective_time,
    rating_exists,
    record_rating,
    record_visit_rating,
)
from models.ops.screening import Screening
from models.ops.signins import sign_in_covering
from models.org import Counter, Officer
from models.queries.questionnaires import QuestionnaireView, load_questionnaire
from models.questionnaires import QuestionnaireVersion
from models.ratings import Rating
from models.visits import Visit

#: The database keeps the skew in a 32-bit integer; a clock decades off is clamped.
MAX_REPORTED_SKEW_SECONDS = 2**31 - 1


@dataclass(frozen=True)
class TabletRating:
    """One rating from a tablet's outbox: what was given, and whom and where it rates."""

    submission: RatingSubmission
    questionnaire_version_id: int
    officer_id: int
    counter_id: int
    visit_id: int | None = None


@dataclass(frozen=True)
class Heartbeat:
    """What a tablet reports about itself every minute."""

    sent_at: datetime
    app_version: str
    outbox_length: int
    oldest_unsent_at: datetime | None
    dead_letters: int


class QuestionnaireCache:
    """Questionnaire versions a batch refers to, loaded once each; drafts count as unknown.

    ``frozen`` is a dict shared across requests (the app keeps one per database): a version
    once activated can never change again (models/ops/questionnaires.py edits drafts only),
    so its view is loaded once per process. Drafts are looked up again every time.
    """

    def __init__(self, session, frozen: dict[int, QuestionnaireView] | None = None):
        self.session = session
        self.frozen = {} if frozen is None else frozen
        self.unusable: set[int] = set()  # unknown or draft, for this batch only

    def get(self, version_id: int) -> QuestionnaireView | None:
        """Return the active or retired version with this id, or None."""
        view = self.frozen.get(version_id)
        if view is None:
            if version_id in self.unusable:
                return None
            status = self.session.scalar(
                select(QuestionnaireVersion.status).where(QuestionnaireVersion.id == version_id)
            )
            if status not in ("active", "retired"):
                self.unusable.add(version_id)
                return None
            view = self.frozen[version_id] = load_questionnaire(self.session, version_id)
        return view


#: Prebuilt (models.engine.run): asked for every upload and every rating without a visit.
_LOCK_TABLET = select(Tablet.id).where(Tablet.id == bindparam("tablet_id")).with_for_update()
_LOCK_COUNTER = select(Counter.id).where(Counter.id == bindparam("counter_id")).with_for_update()
_COOLDOWN_NEIGHBOUR = select(Rating.id).where(
    Rating.counter_id == bindparam("counter_id"),
    Rating.source == "kiosk",
    Rating.visit_id.is_(None),
    Rating.rated_at > bindparam("after"),
    Rating.rated_at < bindparam("before"),
).limit(1)


def _rejected(item: TabletRating, code: str, message: str) -> RecordOutcome:
    return RecordOutcome(item.submission.id, "rejected", code, message)


def lock_tablet(session, tablet_id: int) -> None:
    """Make concurrent uploads of one tablet take turns (PostgreSQL: lock its row).

    A tablet whose upload timed out sends the same ratings again while the first upload
    may still be storing them; without a turn the two transactions can wait on each
    other's new ratings and deadlock. SQLite has one writer at a time already.
    """
    lock_row(session, _LOCK_TABLET, {"tablet_id": tablet_id})


def take_tablet_rating(
    session,
    tablet_id: int,
    item: TabletRating,
    questionnaires: QuestionnaireCache,
    *,
    clock_skew: timedelta | None,
    cooldown_seconds: int,
    zone: str,
    now: datetime,
    screening: Screening | None = None,
) -> RecordOutcome:
    """Check a tablet rating against who was signed in, the visit and the cool-down, then
    store it once (``record_rating``). Writes for one rating happen together or not at all.

    Checks, in order: a known id is a duplicate; the questionnaire version, counter and
    officer must exist; the officer must have been signed in at this tablet, at this
    counter, at the rating's moment; a visit must be at this counter and not yet rated;
    without a visit, no other tablet rating may lie within the cool-down of this one (the
    counter row is locked for the look, so two tablets at one counter cannot both pass).
    A rating once stored is run through the flag rules (``screening``) and held for a
    leader when one fires.
    """
    submission = item.submission
    if rating_exists(session, submission.id):
        return RecordOutcome(submission.id, "duplicate")
    questionnaire = questionnaires.get(item.questionnaire_version_id)
    if questionnaire is None:
        return _rejected(item, "unknown_questionnaire_version",
                         f"unknown questionnaire version {item.questionnaire_version_id}")
    moment = effective_time(submission, clock_skew, now)  # once: checks and storage share it
    covering = sign_in_covering(session, tablet_id, item.officer_id, moment[0])
    if covering is None:
        return _unknown_reference(session, item) or _rejected(
            item, "officer_not_signed_in",
            "the officer was not signed in at this tablet at that moment")
    if covering.counter_id != item.counter_id:
        return _unknown_reference(session, item) or _rejected(
            item, "counter_mismatch", "the officer was signed in at another counter")
    context = RatingContext(site_id=covering.site_id, counter_id=item.counter_id,
                            officer_id=item.officer_id, tablet_id=tablet_id,
                            visit_id=item.visit_id, clock_skew=clock_skew, moment=moment)
    refusal = _check_visit_or_cooldown(session, item, context, cooldown_seconds, now)
    if refusal is not None:
        return refusal
    outcome = _store(session, questionnaire, item, context, zone, now)
    if outcome.status == "created" and screening is not None:
        screen_and_flag(session, submission.id, screening, now)
    return outcome


def _unknown_reference(session, item) -> RecordOutcome | None:
    """Name the counter or officer that does not exist, when one does not (a refusal's cause).

    Only asked once a rating is refused: a covering sign-in proves both exist.
    """
    if session.get(Counter, item.counter_id) is None:
        return _rejected(item, "unknown_counter", f"unknown counter {item.counter_id}")
    if session.get(Officer, item.officer_id) is None:
        return _rejected(item, "unknown_officer", f"unknown officer {item.officer_id}")
    return None


def _check_visit_or_cooldown(session, item, context, cooldown_seconds, now):
    if item.visit_id is not None:
        visit = session.get(Visit, item.visit_id)
        if visit is None:
            return _rejected(item, "unknown_visit", f"unknown visit {item.visit_id}")
        if (visit.counter_id, visit.officer_id) != (item.counter_id, item.officer_id):
            return _rejected(item, "visit_mismatch",
                             "the visit was at another counter or with another officer")
        return None
    # Lock the counter's row (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises) so
    # that of two tablets at this counter uploading at once, the second waits and then sees
    # the first one's rating: the look below and the insert after it act as one step.
    # Visits and poster ratings (models/ops/visits.py) take the same lock first.
    lock_row(session, _LOCK_COUNTER, {"counter_id": item.counter_id})
    rated_at = context.moment[0]
    window = timedelta(seconds=cooldown_seconds)
    neighbour = run(session, _COOLDOWN_NEIGHBOUR, {
        "counter_id": item.counter_id, "after": rated_at - window, "before": rated_at + window,
    }).scalar()
    if neighbour is not None:
        return _rejected(item, "cooldown",
                         f"another rating at this counter within {cooldown_seconds} s")
    return None


def _store(session, questionnaire, item, context, zone, now) -> RecordOutcome:
    """Record the rating, claiming its visit in the same savepoint when it has one."""
    if item.visit_id is None:
        return record_rating(session, questionnaire, item.submission, context, zone=zone, now=now)
    return record_visit_rating(session, questionnaire, item.submission, context,
                               zone=zone, now=now)


def record_heartbeat(session, tablet_id: int, beat: Heartbeat, now: datetime) -> int:
    """Store what a tablet reported about itself; return its clock skew in seconds."""
    skew = round((beat.sent_at - now).total_seconds())
    skew = max(-MAX_REPORTED_SKEW_SECONDS, min(MAX_REPORTED_SKEW_SECONDS, skew))
    tablet = session.get(Tablet, tablet_id)
    tablet.last_heartbeat_at = now
    tablet.app_version = beat.app_version
    tablet.outbox_length = beat.outbox_length
    tablet.oldest_unsent_at = beat.oldest_unsent_at
    tablet.dead_letters = beat.dead_letters
    tablet.clock_skew_seconds = skew
    session.flush()
    return skew
