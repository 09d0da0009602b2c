"""What a counter tablet needs to know: who it is, its counter, who may sign in, the open visit."""

import unicodedata
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import and_, bindparam, func, null, or_, select
from sqlalchemy.orm import aliased

from evaluation.collation import person_name_sort_key
from models.devices import OfficerSignIn, PinLockout, Tablet
from models.engine import run
from models.org import Counter, Department, Officer, Site, counter_assignments
from models.visits import Visit


@dataclass(frozen=True)
class TabletIdentity:
    """The tablet a device secret belongs to."""

    id: int
    counter_id: int | None
    revoked: bool
    #: The tablet's open sign-in (at most one), when it began and its site's closing time.
    open_signed_in_at: datetime | None = None
    open_closes_at: time | None = None


@dataclass(frozen=True)
class CounterView:
    """A counter as the tablet shows it, with its site's opening hours and cool-down."""

    id: int
    code: str
    number: int
    name: str
    site_id: int
    site_name: str
    department_id: int | None
    department_name: str
    opens_at: time
    closes_at: time
    cooldown_seconds: int


@dataclass(frozen=True)
class OfficerCard:
    """An officer as the sign-in grid and the standby screen show them."""

    id: int
    code: str
    full_name: str
    title: str
    department_name: str
    has_photo: bool
    #: Set while wrong PINs keep the officer locked out of this tablet.
    locked_until: datetime | None = None
    #: Locked out of this tablet until a leader unlocks.
    locked_for_good: bool = False

    @property
    def initials(self) -> str:
        """Return the family name's and the given name's first letters, e.g. "NA"."""
        words = unicodedata.normalize("NFC", self.full_name).split()
        letters = [words[0][0], words[-1][0]] if len(words) > 1 else [w[0] for w in words]
        return "".join(letters).upper()


@dataclass(frozen=True)
class OpenSignIn:
    """The officer signed in at a tablet now."""

    id: int
    officer_id: int
    counter_id: int
    signed_in_at: datetime


@dataclass(frozen=True)
class OpenVisit:
    """A visit open at a counter, waiting for its rating."""

    id: int
    officer_id: int
    ticket_number: str | None
    dossier_code: str | None
    opened_at: datetime


#: Prebuilt (models.engine.run): every tablet call looks its device and counter up.
_COUNTER_COLUMNS = (Counter.id.label("counter_id"), Counter.code, Counter.number, Counter.name,
                    Site.id.label("site_id"), Site.name.label("site_name"),
                    Counter.department_id, Department.name.label("department_name"),
                    Site.opens_at, Site.closes_at, Site.cooldown_seconds)
_OPEN_COUNTER, _OPEN_SITE = aliased(Counter), aliased(Site)
_TABLET_BY_SECRET = (
    select(Tablet.id, Tablet.counter_id.label("tablet_counter_id"), Tablet.revoked_at,
           *_COUNTER_COLUMNS, OfficerSignIn.signed_in_at.label("open_signed_in_at"),
           _OPEN_SITE.closes_at.label("open_closes_at"))
    .outerjoin(Counter, Counter.id == Tablet.counter_id)
    .outerjoin(Site, Site.id == Counter.site_id)
    .outerjoin(Department, Department.id == Counter.department_id)
    # At most one open sign-in per tablet (uq_officer_sign_ins_one_open_per_tablet), at the
    # counter it was made at (which may since have moved to another site).
    .outerjoin(OfficerSignIn, and_(OfficerSignIn.tablet_id == Tablet.id,
                                   OfficerSignIn.signed_out_at.is_(None)))
    .outerjoin(_OPEN_COUNTER, _OPEN_COUNTER.id == OfficerSignIn.counter_id)
    .outerjoin(_OPEN_SITE, _OPEN_SITE.id == _OPEN_COUNTER.site_id)
    .where(Tablet.secret_hash == bindparam("secret_hash"))
)
_COUNTER_VIEW = (
    select(*_COUNTER_COLUMNS)
    .join(Site, Site.id == Counter.site_id)
    .outerjoin(Department, Department.id == Counter.department_id)
    .where(Counter.id == bindparam("counter_id"))
)


def tablet_by_secret(session, secret_hash: str) -> tuple[TabletIdentity, CounterView | None] | None:
    """Return the tablet whose secret has this hash, revoked or not, with its counter (None
    when it has none) and its open sign-in's closing; or None. One statement: every tablet
    call asks it."""
    row = run(session, _TABLET_BY_SECRET, {"secret_hash": secret_hash}).first()
    if row is None:
        return None
    tablet = TabletIdentity(row.id, row.tablet_counter_id, row.revoked_at is not None,
                            row.open_signed_in_at, row.open_closes_at)
    return tablet, (_counter(row) if row.counter_id is not None and row.site_id is not None
                    else None)


def counter_view(session, counter_id: int) -> CounterView | None:
    """Return the counter with its site and department names, or None."""
    row = run(session, _COUNTER_VIEW, {"counter_id": counter_id}).first()
    return None if row is None else _counter(row)


def _counter(row) -> CounterView:
    return CounterView(
        id=row.counter_id, code=row.code, number=row.number, name=row.name,
        site_id=row.site_id, site_name=row.site_name, department_id=row.department_id,
        department_name=row.department_name or "", opens_at=row.opens_at,
        closes_at=row.closes_at, cooldown_seconds=row.cooldown_seconds,
    )


def _eligible(counter: CounterView):
    """Officers who may sign in at the counter: active, same site, and assigned to the
    counter or working in the department the counter serves."""
    assigned = select(counter_assignments.c.officer_id).where(
        counter_assignments.c.counter_id == counter.id
    )
    serves = [Officer.id.in_(assigned)]
    if counter.department_id is not None:
        serves.append(Officer.department_id == counter.department_id)
    return Officer.active.is_(True), Officer.site_id == counter.site_id, or_(*serves)


def _card_query(tablet_id: int | None):
    has_photo = func.coalesce(func.length(Officer.photo), 0) > 0
    query = select(
        Officer.id, Officer.code, Officer.full_name, Officer.title,
        Department.name.label("department_name"), has_photo.label("has_photo"),
    ).join(Department, Department.id == Officer.department_id)
    if tablet_id is None:
        return query.add_columns(null().label("locked"), null().label("for_good"))
    return query.add_columns(PinLockout.locked_until.label("locked"),
                             PinLockout.needs_unlock.label("for_good")).outerjoin(
        PinLockout, (PinLockout.officer_id == Officer.id) & (PinLockout.tablet_id == tablet_id)
    )


def _card(row, now: datetime | None) -> OfficerCard:
    locked = row.locked if row.locked is not None and now and row.locked > now else None
    return OfficerCard(row.id, row.code, row.full_name, row.title or "", row.department_name,
                       bool(row.has_photo), locked, bool(row.for_good))


def officers_for_counter(
    session, counter: CounterView, tablet_id: int, now: datetime
) -> list[OfficerCard]:
    """Return the officers who may sign in at the counter, in Vietnamese name order."""
    rows = session.execute(_card_query(tablet_id).where(*_eligible(counter))).all()
    cards = [_card(row, now) for row in rows]
    return sorted(cards, key=lambda card: person_name_sort_key(card.full_name))


def officer_for_counter(session, counter: CounterView, officer_id: int) -> OfficerCard | None:
    """Return one officer if they may sign in at the counter, else None."""
    row = session.execute(
        _card_query(None).where(Officer.id == officer_id, *_eligible(counter))
    ).first()
    return _card(row, None) if row else None


def officer_photo(session, counter: CounterView, officer_id: int) -> bytes | None:
    """Return the photo of an officer who may sign in at the counter, or None."""
    photo = session.scalar(
        select(Officer.photo).where(Officer.id == officer_id, *_eligible(counter))
    )
    return photo or None


def officer_pin_hash(session, officer_id: int) -> str | None:
    """Return the stored hash of an officer's PIN, or None when no PIN is set."""
    return session.scalar(select(Officer.pin_hash).where(Officer.id == officer_id))


def open_sign_in(session, tablet_id: int) -> OpenSignIn | None:
    """Return the sign-in still open at the tablet, or None."""
    row = session.execute(
        select(
            OfficerSignIn.id, OfficerSignIn.officer_id, OfficerSignIn.counter_id,
            OfficerSignIn.signed_in_at,
        ).where(OfficerSignIn.tablet_id == tablet_id, OfficerSignIn.signed_out_at.is_(None))
    ).first()
    return OpenSignIn(*row) if row else None


def open_visit_at_counter(
    session, counter_id: int, officer_id: int, now: datetime
) -> OpenVisit | None:
    """Return the officer's newest visit open at the counter, not yet rated, token alive."""
    row = session.execute(
        select(
            Visit.id, Visit.officer_id, Visit.ticket_number, Visit.dossier_code,
            Visit.opened_at,
        )
        .where(
            Visit.counter_id == counter_id,
            Visit.officer_id == officer_id,
            Visit.closed_at.is_(None),
            Visit.used_at.is_(None),
            Visit.token_expires_at > now,
        )
        .order_by(Visit.opened_at.desc(), Visit.id.desc())
        .limit(1)
    ).first()
    return OpenVisit(*row) if row else None
