"""The leaders' review queue: flagged ratings, improbable officers, PIN lock-outs."""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from integrity import Thresholds, top_share_improbable, top_share_z
from models.devices import LockoutAlert, PinLockout, Tablet
from models.flags import RatingFlag
from models.org import Counter, Department, Officer, Site
from models.queries.paging import Page, paginate
from models.queries.people import person_name
from models.questionnaires import QuestionItem, QuestionnaireVersion
from models.ratings import Rating
from models.staff import User


@dataclass(frozen=True)
class FlagFilters:
    """What the queue is limited to; status None lists every decision."""

    status: str | None = "pending"
    rule: str | None = None
    site_id: int | None = None
    department_id: int | None = None
    officer_id: int | None = None
    #: Rated in [start, end), when given.
    window: tuple[datetime, datetime] | None = None
    scope: frozenset[int] | None = None


@dataclass(frozen=True)
class FlagLine:
    """One flag on a rating: the rule, why, and the decision."""

    id: int
    rule: str
    details: dict
    status: str
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decision_reason: str | None


@dataclass(frozen=True)
class FlaggedRow:
    """A flagged rating as the queue shows it; nothing that identifies the citizen."""

    rating_id: uuid.UUID
    rated_at: datetime
    received_at: datetime
    level: int
    level_vi: str | None
    level_en: str | None
    source: str
    verified: bool
    held: bool
    excluded: bool
    officer_id: int | None
    officer_name: str | None
    department_name: str | None
    site_name: str
    counter_number: int
    flags: tuple[FlagLine, ...]

    @property
    def pending(self) -> bool:
        """Say whether a flag on the rating waits for a decision."""
        return any(flag.status == "pending" for flag in self.flags)


def _flag_condition(filters: FlagFilters):
    """Ratings with a flag matching filters: an IN list read from the few flags, so the
    many ratings are looked up by key rather than scanned."""
    condition = []
    if filters.status:
        condition.append(RatingFlag.status == filters.status)
    if filters.rule:
        condition.append(RatingFlag.rule == filters.rule)
    return Rating.id.in_(select(RatingFlag.rating_id).where(*condition))


def find_flagged(session, filters: FlagFilters, page: int = 1) -> Page:
    """Return one page of flagged ratings matching filters, oldest pending first.

    Policy: pending ratings are listed oldest first (the longest wait is decided first);
    decided ones newest first.
    """
    level = aliased(QuestionItem)
    order = (Rating.rated_at.asc() if filters.status == "pending" else Rating.rated_at.desc())
    query = (
        select(Rating.id, Rating.rated_at, Rating.received_at, Rating.level, level.label_vi,
               level.label_en, Rating.source, Rating.verified, Rating.held, Rating.excluded,
               Rating.officer_id, Officer.full_name, Department.name, Site.name,
               Counter.number)
        .join(Site, Site.id == Rating.site_id)
        .join(Counter, Counter.id == Rating.counter_id)
        .outerjoin(Officer, Officer.id == Rating.officer_id)
        .outerjoin(Department, Department.id == Officer.department_id)
        .outerjoin(level, and_(level.version_id == Rating.questionnaire_version_id,
                               level.item_group == "overall", level.level == Rating.level))
        .where(_flag_condition(filters))
        .order_by(order, Rating.id)
    )
    if filters.scope is not None:
        query = query.where(Officer.department_id.in_(filters.scope))
    for column, value in ((Rating.site_id, filters.site_id),
                          (Officer.department_id, filters.department_id),
                          (Rating.officer_id, filters.officer_id)):
        if value:
            query = query.where(column == value)
    if filters.window is not None:
        query = query.where(Rating.rated_at >= filters.window[0],
                            Rating.rated_at < filters.window[1])
    result = paginate(session, query, page, scalars=False)
    lines = flag_lines(session, [row[0] for row in result.items])
    rows = [FlaggedRow(*row, flags=tuple(lines.get(row[0], ()))) for row in result.items]
    return Page(rows, result.number, result.pages, result.total)


def flag_lines(session, rating_ids) -> dict[uuid.UUID, list[FlagLine]]:
    """Return every flag of the given ratings, by rating, in the order raised."""
    found: dict[uuid.UUID, list[FlagLine]] = defaultdict(list)
    if not rating_ids:
        return found
    rows = session.execute(
        select(RatingFlag, person_name(User))
        .outerjoin(User, User.id == RatingFlag.decided_by_id)
        .where(RatingFlag.rating_id.in_(list(rating_ids)))
        .order_by(RatingFlag.id))
    for flag, username in rows:
        found[flag.rating_id].append(FlagLine(
            flag.id, flag.rule, flag.details or {}, flag.status, flag.created_at,
            flag.decided_at, username, flag.decision_reason))
    return found


def pending_count(session, scope: frozenset[int] | None = None) -> int:
    """Return how many ratings wait for a decision on a flag (within scope)."""
    # ``held = 1`` (not ``held IS 1``) lets SQLite read the partial index ix_ratings_held_rated.
    query = select(func.count(Rating.id)).where(Rating.held)
    if scope is not None:
        query = query.join(Officer, Officer.id == Rating.officer_id).where(
            Officer.department_id.in_(scope))
    return session.scalar(query) or 0


@dataclass(frozen=True)
class TopShareRow:
    """An officer whose share of top ratings in a month is improbably far above the site's."""

    officer_id: int
    full_name: str
    department_name: str
    site_name: str
    ratings: int
    top: int
    share: float
    site_share: float
    z: float


def improbable_top_shares(session, start: datetime, end: datetime, thresholds: Thresholds,
                          scope: frozenset[int] | None = None) -> list[TopShareRow]:
    """Return the officers whose top-rating share in [start, end) is improbably high.

    Counts the ratings that count (not excluded, not held; verified or not). "Top" is the
    highest level of the rating's own scale. Policy: each officer is compared with the rest
    of their site (the officer's own ratings left out of the site's share), by the binomial
    test of ``integrity.top_share_improbable``; highest z first.
    """
    top = func.coalesce(func.sum(
        case((Rating.level == QuestionnaireVersion.scale_max, 1), else_=0)), 0)
    rows = session.execute(
        select(Rating.officer_id, Officer.site_id, func.count(Rating.id), top)
        .join(Officer, Officer.id == Rating.officer_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Rating.questionnaire_version_id)
        .where(Rating.rated_at >= start, Rating.rated_at < end, Rating.excluded.is_(False),
               ~Rating.held)
        .group_by(Rating.officer_id, Officer.site_id)
    ).all()
    site_totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for _officer, site_id, n, k in rows:
        site_totals[site_id][0] += n
        site_totals[site_id][1] += int(k)
    found = {}
    for officer_id, site_id, n, k in rows:
        rest_n, rest_k = site_totals[site_id][0] - n, site_totals[site_id][1] - int(k)
        p = rest_k / rest_n if rest_n else None
        if top_share_improbable(int(k), n, p, thresholds):
            found[officer_id] = (n, int(k), p, top_share_z(int(k), n, p))
    if not found:
        return []
    query = (select(Officer.id, Officer.full_name, Department.name, Site.name,
                    Officer.department_id)
             .join(Department, Department.id == Officer.department_id)
             .join(Site, Site.id == Officer.site_id).where(Officer.id.in_(found)))
    result = []
    for officer_id, name, department, site, department_id in session.execute(query):
        if scope is not None and department_id not in scope:
            continue
        n, k, p, z = found[officer_id]
        result.append(TopShareRow(officer_id, name, department, site, n, k, k / n, p, z))
    return sorted(result, key=lambda row: -row.z)


@dataclass(frozen=True)
class LockedOfficer:
    """An officer locked out of a tablet now: until when, or until a leader unlocks."""

    officer_id: int
    full_name: str
    tablet_id: int
    tablet_name: str
    counter_number: int | None
    site_id: int | None
    failures: int
    locked_until: datetime | None
    needs_unlock: bool


def locked_officers(session, now: datetime, site_ids=None) -> list[LockedOfficer]:
    """Return the PIN locks in force, those a leader must lift first."""
    query = (
        select(PinLockout.officer_id, Officer.full_name, PinLockout.tablet_id, Tablet.name,
               Counter.number, Counter.site_id, PinLockout.failures, PinLockout.locked_until,
               PinLockout.needs_unlock)
        .join(Officer, Officer.id == PinLockout.officer_id)
        .join(Tablet, Tablet.id == PinLockout.tablet_id)
        .outerjoin(Counter, Counter.id == Tablet.counter_id)
        .where(or_(PinLockout.needs_unlock.is_(True), PinLockout.locked_until > now))
        .order_by(PinLockout.needs_unlock.desc(), PinLockout.locked_until.desc())
    )
    if site_ids is not None:
        query = query.where(Counter.site_id.in_(site_ids))
    return [LockedOfficer(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class LockoutAlertRow:
    """An open alert: repeated lock-outs at one tablet."""

    id: int
    tablet_id: int
    tablet_name: str
    counter_number: int | None
    site_name: str | None
    raised_at: datetime
    last_lockout_at: datetime
    lockouts: int


def open_lockout_alerts(session) -> list[LockoutAlertRow]:
    """Return the open lock-out alerts, newest first."""
    rows = session.execute(
        select(LockoutAlert.id, LockoutAlert.tablet_id, Tablet.name, Counter.number, Site.name,
               LockoutAlert.raised_at, LockoutAlert.last_lockout_at, LockoutAlert.lockouts)
        .join(Tablet, Tablet.id == LockoutAlert.tablet_id)
        .outerjoin(Counter, Counter.id == LockoutAlert.counter_id)
        .outerjoin(Site, Site.id == LockoutAlert.site_id)
        .where(LockoutAlert.status == "open")
        .order_by(LockoutAlert.last_lockout_at.desc()))
    return [LockoutAlertRow(*row) for row in rows]
