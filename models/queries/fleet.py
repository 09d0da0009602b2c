"""The tablet fleet: what each tablet last reported, and which ones have gone quiet."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from models.base import utcnow
from models.devices import Tablet
from models.org import Counter, Site

#: A tablet not heard from for this long is stale (heartbeats come every minute).
STALE_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class FleetRow:
    """One tablet as the fleet view shows it."""

    id: int
    name: str
    site_name: str | None
    counter_code: str | None
    counter_number: int | None
    paired_at: datetime
    revoked_at: datetime | None
    last_heartbeat_at: datetime | None
    app_version: str
    outbox_length: int
    oldest_unsent_at: datetime | None
    dead_letters: int
    clock_skew_seconds: int
    stale: bool


def list_fleet(session, *, site_id=None, include_revoked=False, now=None) -> list[FleetRow]:
    """Return the tablets, stale ones first, then by site and counter number."""
    now = now or utcnow()
    query = (
        select(Tablet, Counter.code, Counter.number, Site.name)
        .outerjoin(Counter, Counter.id == Tablet.counter_id)
        .outerjoin(Site, Site.id == Counter.site_id)
    )
    if site_id:
        query = query.where(Counter.site_id == site_id)
    if not include_revoked:
        query = query.where(Tablet.revoked_at.is_(None))
    rows = [
        FleetRow(
            tablet.id, tablet.name, site_name, code, number, tablet.paired_at,
            tablet.revoked_at, tablet.last_heartbeat_at, tablet.app_version,
            tablet.outbox_length, tablet.oldest_unsent_at, tablet.dead_letters,
            tablet.clock_skew_seconds, is_stale(tablet, now),
        )
        for tablet, code, number, site_name in session.execute(query)
    ]
    return sorted(rows, key=lambda r: (not r.stale, r.site_name or "", r.counter_number or 0))


def is_stale(tablet: Tablet, now: datetime) -> bool:
    """Say whether an unrevoked tablet has not sent a heartbeat within STALE_AFTER."""
    if tablet.revoked_at is not None:
        return False
    return tablet.last_heartbeat_at is None or now - tablet.last_heartbeat_at > STALE_AFTER
