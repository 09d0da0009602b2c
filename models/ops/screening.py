"""Run the flag rules on one stored rating: load what each rule needs, return what fired.

The same function runs when a rating arrives and when ``hailong flags scan`` looks at a
month again, so both reach the same findings. Windows are measured from the rating's own
moments (given, received), never from the time the check runs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, distinct, func, select

from integrity import (
    Thresholds,
    burst_limit,
    invites_allowed,
    outside_opening_hours,
    too_soon_after_invite,
)
from models.audit import AuditEntry
from models.engine import run
from models.flags import RatingOrigin, SurveyLookup
from models.org import Site
from models.ratings import Rating
from models.staff import User
from models.visits import Visit

#: Ratings sent from a phone (the browser's origin is known), and given at the counter.
PHONE_SOURCES = ("qr_visit", "dossier_code", "qr_counter")
COUNTER_SOURCES = ("kiosk", "qr_counter")
VISIT_SOURCES = ("qr_visit", "dossier_code")


@dataclass(frozen=True)
class Finding:
    """One rule that fired, and why (plain data the review queue turns into a sentence)."""

    rule: str
    details: dict


@dataclass(frozen=True)
class Screening:
    """What the rules need besides the database: thresholds, the zone, the address hash."""

    thresholds: Thresholds
    zone: str
    #: The keyed hash the web layer gave a sender's address (to compare with console ones).
    hash_address: Callable[[str], str]


@dataclass(frozen=True)
class Facts:
    """One rating with its visit, site hours and origin, loaded in one query."""

    id: object
    source: str
    site_id: int
    counter_id: int
    officer_id: int | None
    rated_at: datetime
    received_at: datetime
    visit_opened_at: datetime | None
    opened_via: str | None
    opens_at: time
    closes_at: time
    staff_user_id: int | None
    staff_session: bool | None
    address_hash: str | None
    phone_hash: str | None


#: Prebuilt (models.engine.run): every stored rating is screened.
_FACTS = (
    select(Rating.id, Rating.source, Rating.site_id, Rating.counter_id, Rating.officer_id,
           Rating.rated_at, Rating.received_at, Visit.opened_at, Visit.opened_via,
           Site.opens_at, Site.closes_at, RatingOrigin.staff_user_id,
           RatingOrigin.staff_session, RatingOrigin.address_hash, RatingOrigin.phone_hash)
    .join(Site, Site.id == Rating.site_id)
    .outerjoin(Visit, Visit.id == Rating.visit_id)
    .outerjoin(RatingOrigin, RatingOrigin.rating_id == Rating.id)
    .where(Rating.id == bindparam("rating_id"))
)


def load_facts(session, rating_id) -> Facts | None:
    """Return what the rules need to know about a rating, or None when it does not exist."""
    row = run(session, _FACTS, {"rating_id": rating_id}).first()
    return Facts(*row) if row else None


def screen_rating(session, rating_id, screening: Screening) -> list[Finding]:
    """Return the findings of every rule that fires on the stored rating (reads only)."""
    facts = load_facts(session, rating_id)
    if facts is None:
        return []
    findings = (check(session, facts, screening) for check in CHECKS)
    return [finding for finding in findings if finding is not None]


def _staff_session(session, facts: Facts, _screening) -> Finding | None:
    if facts.staff_user_id is None:
        return None
    user = session.get(User, facts.staff_user_id)
    own = user is not None and facts.officer_id is not None and user.officer_id == facts.officer_id
    return Finding("staff_session", {"username": user.username if user else None,
                                     "live": bool(facts.staff_session), "own": own})


def _staff_address(session, facts: Facts, screening: Screening) -> Finding | None:
    """The sender's address matches one the rated officer's console account used lately."""
    if facts.source not in PHONE_SOURCES or facts.officer_id is None or not facts.address_hash:
        return None
    minutes = screening.thresholds.staff_address_minutes
    users = select(User.id).where(User.officer_id == facts.officer_id)
    rows = session.execute(
        select(AuditEntry.ip, func.max(AuditEntry.at))
        .where(AuditEntry.user_id.in_(users), AuditEntry.ip.is_not(None),
               AuditEntry.at >= facts.received_at - timedelta(minutes=minutes),
               AuditEntry.at <= facts.received_at)
        .group_by(AuditEntry.ip)
    ).all()
    for ip, at in rows:
        if screening.hash_address(ip) == facts.address_hash:
            return Finding("staff_address", {"minutes": minutes, "console_at": at.isoformat()})
    return None


def _fast_after_invite(_session, facts: Facts, screening: Screening) -> Finding | None:
    if facts.source not in VISIT_SOURCES or facts.opened_via != "officer":
        return None
    if not too_soon_after_invite(facts.visit_opened_at, facts.received_at, screening.thresholds):
        return None
    seconds = int((facts.received_at - facts.visit_opened_at).total_seconds())
    return Finding("fast_after_invite", {"seconds": seconds,
                                         "threshold": screening.thresholds.invite_min_seconds})


def _count(session, statement) -> int:
    return session.scalar(statement) or 0


@dataclass(frozen=True)
class InviteUsage:
    """A counter's officer invites in the hour up to a moment, against what it served."""

    invites: int
    served: int
    allowed: int

    @property
    def over(self) -> bool:
        """Say whether the invites passed what the counter's service allows."""
        return self.invites > self.allowed


def invite_usage(session, counter_id: int, at: datetime, thresholds: Thresholds) -> InviteUsage:
    """Count the officer invites at a counter in the hour up to ``at`` and what it served.

    Served: visits the queue system or the tablet opened there, and tablet ratings without
    a visit (each is a citizen who was at the counter).
    """
    start = at - timedelta(hours=1)
    at_counter = and_(Visit.counter_id == counter_id, Visit.opened_at >= start,
                      Visit.opened_at <= at)
    invites = _count(session, select(func.count(Visit.id))
                     .where(at_counter, Visit.opened_via == "officer"))
    served = _count(session, select(func.count(Visit.id))
                    .where(at_counter, Visit.opened_via.in_(("api", "tablet"))))
    served += _count(session, select(func.count(Rating.id)).where(
        Rating.counter_id == counter_id, Rating.source == "kiosk",
        Rating.visit_id.is_(None), Rating.rated_at >= start, Rating.rated_at <= at))
    return InviteUsage(invites, served, invites_allowed(served, thresholds))


def _invite_cap(session, facts: Facts, screening: Screening) -> Finding | None:
    """The officer invites at the counter in the hour up to this one, against what it served."""
    if facts.source not in VISIT_SOURCES or facts.opened_via != "officer":
        return None
    usage = invite_usage(session, facts.counter_id, facts.visit_opened_at, screening.thresholds)
    if not usage.over:
        return None
    return Finding("invite_cap", {"invites": usage.invites, "served": usage.served,
                                  "allowed": usage.allowed})


#: Prebuilt (models.engine.run): the burst rule runs for every rating given at a counter.
_BURST_VISITS = select(func.count(Visit.id)).where(
    Visit.counter_id == bindparam("counter_id"), Visit.opened_at > bindparam("start"),
    Visit.opened_at <= bindparam("end"))
# Count no further than one past the limit: a flood at a counter then costs this check
# a few index rows per rating, not the whole flood (it runs for every tablet rating).
_BURST_RATINGS = select(func.count()).select_from(
    select(Rating.id).where(
        Rating.counter_id == bindparam("counter_id"), Rating.source.in_(COUNTER_SOURCES),
        Rating.rated_at > bindparam("start"), Rating.rated_at <= bindparam("end"))
    .limit(bindparam("enough")).subquery())


def _burst(session, facts: Facts, screening: Screening) -> Finding | None:
    """More ratings given at the counter in the window than visits opened there allow."""
    if facts.source not in COUNTER_SOURCES:
        return None
    minutes = screening.thresholds.burst_window_minutes
    window = {"counter_id": facts.counter_id,
              "start": facts.rated_at - timedelta(minutes=minutes), "end": facts.rated_at}
    visits = run(session, _BURST_VISITS, window).scalar() or 0
    limit = burst_limit(visits, screening.thresholds)
    ratings = run(session, _BURST_RATINGS, {**window, "enough": limit + 1}).scalar() or 0
    if ratings <= limit:
        return None
    return Finding("burst", {"ratings": ratings, "visits": visits, "limit": limit,
                             "minutes": minutes})


def _outside_hours(_session, facts: Facts, screening: Screening) -> Finding | None:
    """Given (or, for a rating by a visit's link, the visit opened) outside opening hours.

    A citizen may rate a visit from home in the evening; the visit itself happened at the
    counter, so its opening moment is what must fall within the hours.
    """
    moment = facts.visit_opened_at if facts.source in VISIT_SOURCES else facts.rated_at
    local = moment.astimezone(ZoneInfo(screening.zone))
    if not outside_opening_hours(local, facts.opens_at, facts.closes_at, screening.thresholds):
        return None
    return Finding("outside_hours", {"local": local.isoformat(timespec="minutes"),
                                     "opens": facts.opens_at.strftime("%H:%M"),
                                     "closes": facts.closes_at.strftime("%H:%M")})


def _same_phone(session, facts: Facts, screening: Screening) -> Finding | None:
    """The same phone rated the same officer more than allowed within the window before."""
    if facts.source not in PHONE_SOURCES or not facts.phone_hash or facts.officer_id is None:
        return None
    days = screening.thresholds.same_phone_days
    earlier = _count(session, select(func.count(Rating.id))
                     .join(RatingOrigin, RatingOrigin.rating_id == Rating.id)
                     .where(RatingOrigin.phone_hash == facts.phone_hash,
                            Rating.officer_id == facts.officer_id, Rating.id != facts.id,
                            Rating.rated_at >= facts.rated_at - timedelta(days=days),
                            Rating.rated_at <= facts.rated_at))
    if earlier < screening.thresholds.same_phone_max:
        return None
    return Finding("same_phone", {"earlier": earlier, "days": days})


def _code_probing(session, facts: Facts, screening: Screening) -> Finding | None:
    """The client that found this dossier code tried many codes just before."""
    if facts.source != "dossier_code" or not facts.phone_hash:
        return None
    minutes = screening.thresholds.probe_window_minutes
    window = and_(SurveyLookup.client_hash == facts.phone_hash,
                  SurveyLookup.at >= facts.received_at - timedelta(minutes=minutes),
                  SurveyLookup.at <= facts.received_at)
    codes = _count(session, select(func.count(distinct(SurveyLookup.code_hash))).where(window))
    if codes < screening.thresholds.probe_codes:
        return None
    misses = _count(session, select(func.count(SurveyLookup.id))
                    .where(window, SurveyLookup.found.is_(False)))
    return Finding("code_probing", {"codes": codes, "not_found": misses, "minutes": minutes})


#: Every rule, in the order integrity.RULES lists them.
CHECKS = (_staff_session, _staff_address, _fast_after_invite, _invite_cap, _burst,
          _outside_hours, _same_phone, _code_probing)
