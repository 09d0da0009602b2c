"""Master data: sites, departments, counters and officers, and who serves which counter."""

from sqlalchemy import select

from models.base import utcnow
from models.ops.snapshots import snapshot
from models.org import Counter, Department, Officer, Site

SITE_FIELDS = ("code", "name", "kind", "address", "opens_at", "closes_at", "cooldown_seconds",
               "token_ttl_days", "dossier_rating_days", "dossier_second_factor", "active")
DEPARTMENT_FIELDS = ("code", "name", "land_group", "active")
COUNTER_FIELDS = ("code", "site_id", "number", "department_id", "name", "active")
OFFICER_FIELDS = ("code", "full_name", "title", "site_id", "department_id", "active")


class OrgError(ValueError):
    """A change that breaks a rule of the organisation; field names the input at fault."""

    def __init__(self, field: str, code: str, message: str):
        super().__init__(message)
        self.field = field
        self.code = code
        self.message = message


def officer_snapshot(officer: Officer) -> dict:
    """Return the audited values of an officer, with the counters served."""
    values = snapshot(officer, OFFICER_FIELDS)
    values["counter_ids"] = sorted(counter.id for counter in officer.counters)
    return values


def _code_taken(session, model, code: str, own_id: int | None) -> bool:
    query = select(model.id).where(model.code == code)
    if own_id is not None:
        query = query.where(model.id != own_id)
    return session.scalar(query) is not None


def save_site(session, site: Site, values: dict) -> Site:
    """Create or change a site from values (SITE_FIELDS); flush only.

    :raises OrgError: on a taken code or opening hours that end before they start.
    """
    if _code_taken(session, Site, values["code"], site.id):
        raise OrgError("code", "code_taken", "this code is already used by another site")
    if values["opens_at"] >= values["closes_at"]:
        raise OrgError("closes_at", "closes_before_opening", "closing time is not after opening")
    return _assign(session, site, values, SITE_FIELDS)


def save_department(session, department: Department, values: dict) -> Department:
    """Create or change a department; flush only.

    :raises OrgError: on a taken code.
    """
    if _code_taken(session, Department, values["code"], department.id):
        raise OrgError("code", "code_taken", "this code is already used by another department")
    return _assign(session, department, values, DEPARTMENT_FIELDS)


def save_counter(session, counter: Counter, values: dict) -> Counter:
    """Create or change a counter; flush only.

    :raises OrgError: on a taken code, an unknown site, or a number another active counter of
        the site already shows.
    """
    if _code_taken(session, Counter, values["code"], counter.id):
        raise OrgError("code", "code_taken", "this code is already used by another counter")
    if session.get(Site, values["site_id"]) is None:
        raise OrgError("site_id", "unknown_site", "unknown site")
    same_number = select(Counter.id).where(
        Counter.site_id == values["site_id"], Counter.number == values["number"],
        Counter.active.is_(True),
    )
    if counter.id is not None:
        same_number = same_number.where(Counter.id != counter.id)
    if values["active"] and session.scalar(same_number) is not None:
        raise OrgError("number", "number_taken", "another counter of the site has this number")
    return _assign(session, counter, values, COUNTER_FIELDS)


def save_officer(session, officer: Officer, values: dict) -> Officer:
    """Create or change an officer; moving to another site drops the old site's counters.

    :raises OrgError: on a taken code.
    """
    if _code_taken(session, Officer, values["code"], officer.id):
        raise OrgError("code", "code_taken", "this code is already used by another officer")
    if officer.id is not None and officer.site_id != values["site_id"]:
        officer.counters = []
    return _assign(session, officer, values, OFFICER_FIELDS)


def set_officer_counters(session, officer: Officer, counter_ids) -> None:
    """Set the counters the officer serves (only counters of the officer's site); flush only.

    :raises OrgError: when a counter belongs to another site or does not exist.
    """
    wanted = set(counter_ids)
    counters = list(session.scalars(select(Counter).where(Counter.id.in_(wanted)))) if wanted \
        else []
    if len(counters) != len(wanted) or any(c.site_id != officer.site_id for c in counters):
        raise OrgError("counter_ids", "counter_elsewhere", "a counter of another site was given")
    officer.counters = counters
    session.flush()


def set_officer_pin_hash(session, officer: Officer, pin_hash: str) -> None:
    """Store the hash of the officer's new tablet PIN; flush only."""
    officer.pin_hash = pin_hash
    session.flush()


def set_officer_photo(session, officer: Officer, jpeg: bytes) -> None:
    """Store the officer's photo (already checked and re-encoded); flush only."""
    officer.photo = jpeg
    officer.photo_updated_at = utcnow()
    session.flush()


def _assign(session, entity, values: dict, fields):
    for name in fields:
        setattr(entity, name, values[name])
    if entity.id is None:
        session.add(entity)
    session.flush()
    return entity
