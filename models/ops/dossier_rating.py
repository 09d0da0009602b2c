"""Rate a dossier of the register once, by the code on its receipt (and a second factor).

A returned dossier can be rated within its site's window (``sites.dossier_rating_days``
after the day its result was handed back), for its receiving officer. When the register
holds a keyed hash of the last four digits of the applicant's phone or ID number and the
site asks for it, those digits must match; a wrong pair is answered exactly like an
unknown code (``find_dossier`` returns None for both). The first rating opens the
dossier's visit and claims the dossier in the same transaction: one dossier, one visit,
one rating (and the queue system's visits for the same code and officer are used up).
"""

import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from models.base import utcnow
from models.ops.ratings import RatingContext, RecordOutcome, record_visit_rating
from models.ops.register_rows import second_factor_hash
from models.ops.visits import new_token_nonce, token_hash
from models.org import Counter, Officer, Site, counter_assignments
from models.ratings import Rating
from models.register import Dossier
from models.visits import Visit

_FOUR_DIGITS = re.compile(r"\d{4}")


@dataclass(frozen=True)
class RatableDossier:
    """A dossier found by its code, as the survey shows it, with whether it can be rated.

    ``state``: "open"; "not_returned" (its result is not handed back yet); "expired" (the
    window has passed); "rated"; "no_officer" (the register names no receiving officer, or
    the officer serves at no counter of the site).
    """

    id: int
    code: str
    site_id: int
    site_name: str
    officer_id: int | None
    officer_name: str | None
    returned_on: date | None
    #: The end of the rating window (exclusive), in UTC; None before the return.
    closes_at: datetime | None
    counter_id: int | None
    #: The rating bound to the dossier's visit, if any.
    rating_id: object
    state: str


def digits_given(text: str | None) -> str | None:
    """Return four digits typed by the citizen (spaces ignored), or None."""
    digits = "".join((text or "").split())
    return digits if _FOUR_DIGITS.fullmatch(digits) else None


def find_dossier(session, code: str, digits: str | None, *, key: bytes, zone: str,
                 now: datetime | None = None) -> RatableDossier | None:
    """Return the dossier a typed code (and four digits) lead to, or None.

    None means "no dossier with this code" and, when the second factor is asked and the
    digits do not match either stored hash, the same: nothing tells the two apart.
    """
    now = now or utcnow()
    row = session.execute(
        select(Dossier, Site.name, Site.dossier_rating_days, Site.dossier_second_factor,
               Officer.full_name)
        .join(Site, Site.id == Dossier.site_id)
        .outerjoin(Officer, Officer.id == Dossier.officer_id)
        .where(Dossier.code == code)).first()
    if row is None:
        _factor_matches(Dossier(code=code), digits, key)  # the same work as for a real one
        return None
    dossier, site_name, days, ask_factor, officer_name = row
    if ask_factor and (dossier.phone_hash or dossier.id_hash) \
            and not _factor_matches(dossier, digits, key):
        return None
    return _ratable(session, dossier, site_name, officer_name, days, zone, now)


def register_has_code(session, code: str) -> bool:
    """Say whether the register holds a dossier with this code (then a typed code never
    falls back to a queue system's visit, which would skip the second factor)."""
    return session.scalar(select(Dossier.id).where(Dossier.code == code)) is not None


def dossier_by_id(session, dossier_id: int, *, zone: str,
                  now: datetime | None = None) -> RatableDossier | None:
    """Return a dossier already found by its code (its id kept in the citizen's session)."""
    row = session.execute(
        select(Dossier, Site.name, Site.dossier_rating_days, Officer.full_name)
        .join(Site, Site.id == Dossier.site_id)
        .outerjoin(Officer, Officer.id == Dossier.officer_id)
        .where(Dossier.id == dossier_id)).first()
    if row is None:
        return None
    dossier, site_name, days, officer_name = row
    return _ratable(session, dossier, site_name, officer_name, days, zone, now or utcnow())


def _factor_matches(dossier: Dossier, digits: str | None, key: bytes) -> bool:
    """Compare the digits with both stored hashes in constant time (both are computed)."""
    if digits is None:
        digits = "----"
    phone = second_factor_hash(key, dossier.code, "phone", digits)
    identity = second_factor_hash(key, dossier.code, "id", digits)
    found = hmac.compare_digest(phone, dossier.phone_hash or "")
    found |= hmac.compare_digest(identity, dossier.id_hash or "")
    return found and digits != "----"


def window_end(returned_on: date, days: int, zone: str) -> datetime:
    """Return the instant (UTC) the rating window closes: local midnight after the last day."""
    last = returned_on + timedelta(days=days)
    return datetime.combine(last + timedelta(days=1), time(), ZoneInfo(zone)).astimezone(
        ZoneInfo("UTC"))


def rating_counter(session, officer_id: int, site_id: int) -> int | None:
    """Return the counter a dossier's rating is recorded at: one the officer serves at the
    site (an active one in the officer's department first, then the lowest number)."""
    officer_department = select(Officer.department_id).where(Officer.id == officer_id) \
        .scalar_subquery()
    return session.scalar(
        select(Counter.id)
        .join(counter_assignments, counter_assignments.c.counter_id == Counter.id)
        .where(counter_assignments.c.officer_id == officer_id, Counter.site_id == site_id)
        .order_by(Counter.active.desc(),
                  (Counter.department_id == officer_department).desc(), Counter.number)
        .limit(1))


def _ratable(session, dossier, site_name, officer_name, days, zone, now) -> RatableDossier:
    counter_id = (rating_counter(session, dossier.officer_id, dossier.site_id)
                  if dossier.officer_id else None)
    closes_at = window_end(dossier.returned_on, days, zone) if dossier.returned_on else None
    rating_id = (session.scalar(select(Rating.id).where(Rating.visit_id == dossier.visit_id))
                 if dossier.visit_id else None)
    if dossier.visit_id is not None or _rated_by_queue_visit(session, dossier):
        state = "rated"
    elif dossier.officer_id is None or counter_id is None:
        state = "no_officer"
    elif dossier.returned_on is None:
        state = "not_returned"
    elif now >= closes_at:
        state = "expired"
    else:
        state = "open"
    return RatableDossier(dossier.id, dossier.code, dossier.site_id, site_name,
                          dossier.officer_id, officer_name, dossier.returned_on, closes_at,
                          counter_id, rating_id, state)


def _rated_by_queue_visit(session, dossier: Dossier) -> bool:
    """Say whether a visit for the same code and officer (a queue system's) took a rating."""
    if dossier.officer_id is None:
        return False
    return session.scalar(
        select(Visit.id).join(Rating, Rating.visit_id == Visit.id)
        .where(Visit.dossier_code == dossier.code, Visit.officer_id == dossier.officer_id,
               Visit.site_id == dossier.site_id).limit(1)) is not None


def rate_dossier(session, questionnaire, found: RatableDossier, submission, *, zone: str,
                 now: datetime | None = None) -> RecordOutcome:
    """Open the dossier's visit, claim the dossier and store its one rating; flush only.

    The caller opens the write transaction first (``web.db.write_session``). Of two
    simultaneous ratings of one dossier exactly one is created: the claim is a conditional
    UPDATE (visit_id IS NULL) and ``dossiers.visit_id`` is unique. The caller rolls back
    unless the outcome is created.
    """
    now = now or utcnow()
    if found.state != "open":
        return RecordOutcome(submission.id, "rejected", "visit_already_rated"
                             if found.state == "rated" else "token_expired", found.state)
    visit = Visit(site_id=found.site_id, counter_id=found.counter_id,
                  officer_id=found.officer_id, dossier_code=found.code, opened_at=now,
                  closed_at=now, opened_via="register", token_nonce=None,
                  # No link to this visit is ever given: the hash of a token nobody holds.
                  token_hash=token_hash(new_token_nonce()), token_expires_at=found.closes_at)
    session.add(visit)
    session.flush()
    claimed = session.execute(update(Dossier).where(Dossier.id == found.id,
                                                    Dossier.visit_id.is_(None))
                              .values(visit_id=visit.id)).rowcount == 1
    if not claimed:
        return RecordOutcome(submission.id, "rejected", "visit_already_rated",
                             "this dossier was already rated")
    session.execute(update(Visit).where(Visit.dossier_code == found.code,
                                        Visit.officer_id == found.officer_id,
                                        Visit.site_id == found.site_id,
                                        Visit.id != visit.id, Visit.used_at.is_(None))
                    .values(used_at=now))
    context = RatingContext(site_id=found.site_id, counter_id=found.counter_id,
                            officer_id=found.officer_id, visit_id=visit.id)
    return record_visit_rating(session, questionnaire, submission, context, zone=zone, now=now)
