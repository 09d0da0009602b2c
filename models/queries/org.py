"""Lists of the organisation's master data, limited to a liaison's departments when asked."""

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from models.org import Counter, Department, Officer, Site
from models.queries.paging import Page, paginate


def list_sites(session) -> list[Site]:
    """Return every site, active first, by name."""
    return list(session.scalars(select(Site).order_by(Site.active.desc(), Site.name)))


def list_departments(session, scope=None) -> list[Department]:
    """Return the departments (only those in scope when given), active first, by name."""
    query = select(Department).order_by(Department.active.desc(), Department.name)
    if scope is not None:
        query = query.where(Department.id.in_(scope))
    return list(session.scalars(query))


def list_counters(session, site_id: int | None = None) -> list[Counter]:
    """Return the counters (of one site when given) with their site and department."""
    query = (
        select(Counter)
        .join(Site, Site.id == Counter.site_id)
        .options(selectinload(Counter.site), selectinload(Counter.department),
                 selectinload(Counter.officers))
        .order_by(Site.name, Counter.number, Counter.code)
    )
    if site_id:
        query = query.where(Counter.site_id == site_id)
    return list(session.scalars(query))


def find_officers(session, *, scope=None, site_id=None, department_id=None, text="",
                  page=1) -> Page:
    """Return one page of officers matching the filters, by name."""
    query = (
        select(Officer)
        .options(selectinload(Officer.site), selectinload(Officer.department),
                 selectinload(Officer.counters))
        .order_by(Officer.active.desc(), Officer.full_name, Officer.code)
    )
    if scope is not None:
        query = query.where(Officer.department_id.in_(scope))
    if site_id:
        query = query.where(Officer.site_id == site_id)
    if department_id:
        query = query.where(Officer.department_id == department_id)
    if text:
        pattern = f"%{text}%"
        query = query.where(or_(Officer.full_name.ilike(pattern), Officer.code.ilike(pattern)))
    return paginate(session, query, page)


def site_choices(session) -> list[tuple[int, str]]:
    """Return (id, name) of the active sites, for a select."""
    rows = session.execute(select(Site.id, Site.name).where(Site.active).order_by(Site.name))
    return [(row.id, row.name) for row in rows]


def department_choices(session, scope=None) -> list[tuple[int, str]]:
    """Return (id, name) of the active departments (in scope when given), for a select."""
    query = select(Department.id, Department.name).where(Department.active)
    if scope is not None:
        query = query.where(Department.id.in_(scope))
    return [(row.id, row.name) for row in session.execute(query.order_by(Department.name))]


def officer_choices(session, scope=None) -> list[tuple[int, str]]:
    """Return (id, "name (code)") of the active officers, for a select."""
    query = select(Officer.id, Officer.full_name, Officer.code).where(Officer.active)
    if scope is not None:
        query = query.where(Officer.department_id.in_(scope))
    rows = session.execute(query.order_by(Officer.full_name))
    return [(row.id, f"{row.full_name} ({row.code})") for row in rows]
