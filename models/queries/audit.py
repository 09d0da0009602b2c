"""The audit log viewer: filtered pages of entries, newest first."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from models.audit import AuditEntry
from models.queries.paging import Page, paginate


@dataclass(frozen=True)
class AuditFilters:
    """What the viewer is limited to; days are local calendar days, both included."""

    action: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None


def local_midnight(day: date, zone: str) -> datetime:
    """Return the instant a local day starts."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone))


def find_audit_entries(session, filters: AuditFilters, zone: str, page: int = 1) -> Page:
    """Return one page of audit entries matching filters, newest first.

    An action filter ending in "." matches every action of that family ("user.").
    """
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if filters.action.endswith("."):
        query = query.where(AuditEntry.action.startswith(filters.action))
    elif filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.actor:
        query = query.where(AuditEntry.actor == filters.actor)
    if filters.object_type:
        query = query.where(AuditEntry.object_type == filters.object_type)
    if filters.object_id:
        query = query.where(AuditEntry.object_id == filters.object_id)
    if filters.since:
        query = query.where(AuditEntry.at >= local_midnight(filters.since, zone))
    if filters.until:
        query = query.where(
            AuditEntry.at < local_midnight(filters.until + timedelta(days=1), zone))
    return paginate(session, query, page)


def audit_actions(session) -> list[str]:
    """Return the distinct actions recorded, for the filter's list."""
    return list(session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
