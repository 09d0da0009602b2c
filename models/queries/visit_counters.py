"""Counters and who serves them, as the poster survey, posters and the invite page need them."""

from dataclasses import dataclass

from sqlalchemy import select

from models.devices import OfficerSignIn
from models.org import Counter, Department, Officer, Site, counter_assignments


@dataclass(frozen=True)
class CounterRow:
    """A counter with what its poster and its poster survey show."""

    id: int
    code: str
    number: int
    name: str
    active: bool
    site_id: int
    site_name: str
    cooldown_seconds: int
    department_name: str


def _counter_rows():
    return (
        select(Counter, Site.name, Site.cooldown_seconds, Department.name)
        .join(Site, Site.id == Counter.site_id)
        .outerjoin(Department, Department.id == Counter.department_id)
    )


def _counter(result) -> CounterRow:
    counter, site_name, cooldown, department_name = result
    return CounterRow(counter.id, counter.code, counter.number, counter.name, counter.active,
                      counter.site_id, site_name, cooldown, department_name or "")


def counter_by_code(session, code: str) -> CounterRow | None:
    """Return the counter with this code, or None."""
    result = session.execute(_counter_rows().where(Counter.code == code)).first()
    return _counter(result) if result else None


def active_counters(session, site_id: int | None = None) -> list[CounterRow]:
    """Return the active counters (of one site, or of all), by site name and number."""
    query = _counter_rows().where(Counter.active.is_(True), Site.active.is_(True))
    if site_id is not None:
        query = query.where(Counter.site_id == site_id)
    results = session.execute(query.order_by(Site.name, Site.id, Counter.number, Counter.code))
    return [_counter(result) for result in results]


def counter_by_id(session, counter_id: int) -> CounterRow | None:
    """Return the counter with this id, or None."""
    result = session.execute(_counter_rows().where(Counter.id == counter_id)).first()
    return _counter(result) if result else None


def counters_of_officer(session, officer_id: int) -> list[CounterRow]:
    """Return the active counters an officer is assigned to, by number."""
    results = session.execute(
        _counter_rows()
        .join(counter_assignments, counter_assignments.c.counter_id == Counter.id)
        .where(counter_assignments.c.officer_id == officer_id, Counter.active.is_(True))
        .order_by(Counter.number, Counter.code)
    )
    return [_counter(result) for result in results]


def signed_in_counter_id(session, officer_id: int) -> int | None:
    """Return the counter an officer is signed in at now, or None."""
    return session.scalar(
        select(OfficerSignIn.counter_id)
        .where(OfficerSignIn.officer_id == officer_id, OfficerSignIn.signed_out_at.is_(None))
        .order_by(OfficerSignIn.signed_in_at.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class OfficerRef:
    """An officer's id and name."""

    id: int
    full_name: str


def officer_by_code(session, code: str) -> OfficerRef | None:
    """Return the officer with this staff code, or None."""
    result = session.execute(
        select(Officer.id, Officer.full_name).where(Officer.code == code)
    ).first()
    return OfficerRef(*result) if result else None


def signed_in_officer(session, counter_id: int) -> OfficerRef | None:
    """Return who is signed in at the counter now (the latest sign-in wins), or None."""
    result = session.execute(
        select(Officer.id, Officer.full_name)
        .join(OfficerSignIn, OfficerSignIn.officer_id == Officer.id)
        .where(OfficerSignIn.counter_id == counter_id, OfficerSignIn.signed_out_at.is_(None))
        .order_by(OfficerSignIn.signed_in_at.desc(), OfficerSignIn.id.desc())
        .limit(1)
    ).first()
    return OfficerRef(*result) if result else None
