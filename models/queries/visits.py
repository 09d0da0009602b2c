"""Read visits for the phone survey, the tablet and integrations; counters for posters."""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from models.org import Counter, Officer, Site
from models.ratings import Rating
from models.visits import Visit

#: How a rating was tied to the citizen's visit, from its source and whether it has a visit.
RATING_TIES = {
    ("kiosk", True): "tablet_visit",
    ("kiosk", False): "tablet_without_visit",
    ("qr_visit", True): "qr_visit",
    ("dossier_code", True): "dossier_code",
    ("qr_counter", False): "counter_poster",
}


def rating_tie(source: str, visit_id: int | None) -> str:
    """Name how a rating was tied: tablet_visit, tablet_without_visit, qr_visit, dossier_code
    or counter_poster. Only the ties with a visit are verified."""
    return RATING_TIES[(source, visit_id is not None)]


@dataclass(frozen=True)
class VisitRow:
    """A visit as the survey, the tablet and the API show it."""

    id: int
    site_id: int
    counter_id: int
    officer_id: int
    #: What the survey token is derived from (models.ops.visits.survey_token); None for a
    #: visit opened before tokens were derived, whose link cannot be shown again.
    token_nonce: str | None
    token_expires_at: datetime
    opened_at: datetime
    closed_at: datetime | None
    used_at: datetime | None
    #: The rating bound to the visit, if any.
    rating_id: uuid.UUID | None
    ticket_number: str | None
    dossier_code: str | None
    officer_code: str
    officer_name: str
    counter_number: int
    counter_code: str
    site_name: str

    def is_used(self) -> bool:
        """Say whether the visit already took its one rating."""
        return self.used_at is not None or self.rating_id is not None

    def is_expired(self, now: datetime) -> bool:
        """Say whether its survey token has expired."""
        return now >= self.token_expires_at

    def state(self, now: datetime) -> str:
        """Return "rated", "expired" or "open" (open = can still be rated)."""
        if self.is_used():
            return "rated"
        return "expired" if self.is_expired(now) else "open"


def _visit_rows():
    rating = aliased(Rating)
    return (
        select(Visit, Officer.code, Officer.full_name, Counter.number, Counter.code, Site.name,
               rating.id)
        .join(Officer, Officer.id == Visit.officer_id)
        .join(Counter, Counter.id == Visit.counter_id)
        .join(Site, Site.id == Visit.site_id)
        .outerjoin(rating, rating.visit_id == Visit.id)
    )


def _row(result) -> VisitRow | None:
    if result is None:
        return None
    visit, officer_code, officer_name, number, counter_code, site_name, rating_id = result
    return VisitRow(
        visit.id, visit.site_id, visit.counter_id, visit.officer_id, visit.token_nonce,
        visit.token_expires_at, visit.opened_at, visit.closed_at, visit.used_at,
        rating_id, visit.ticket_number, visit.dossier_code, officer_code,
        officer_name, number, counter_code, site_name,
    )


def visit_by_id(session, visit_id: int) -> VisitRow | None:
    """Return the visit with this id, or None."""
    return _row(session.execute(_visit_rows().where(Visit.id == visit_id)).first())


def visit_by_token(session, token: str) -> VisitRow | None:
    """Return the visit whose survey token is token, or None (found by the token's hash)."""
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
    return _row(session.execute(_visit_rows().where(Visit.token_hash == digest)).first())


def visit_by_dossier_code(session, code: str, now: datetime) -> VisitRow | None:
    """Return the visit a typed dossier code leads to, or None when no visit has that code.

    Policy: a dossier may have several visits (hand-in, then hand-back of the result);
    the newest one that can still be rated wins, else the newest one, so the citizen is
    told plainly that it was already rated or has expired.
    """
    results = session.execute(
        _visit_rows()
        .where(Visit.dossier_code == code)
        .order_by(Visit.opened_at.desc(), Visit.id.desc())
        .limit(20)
    ).all()
    rows = [_row(result) for result in results]
    open_rows = [row for row in rows if row.state(now) == "open"]
    return (open_rows or rows or [None])[0]


def open_visit_at_counter(session, counter_id: int, now: datetime) -> VisitRow | None:
    """Return the counter's current visit (the newest open one) if it can still be rated.

    The tablet shows it and binds its rating to it.
    """
    row = _row(
        session.execute(
            _visit_rows()
            .where(Visit.counter_id == counter_id, Visit.closed_at.is_(None))
            .order_by(Visit.opened_at.desc(), Visit.id.desc())
            .limit(1)
        ).first()
    )
    return row if row is not None and row.state(now) == "open" else None


def recent_visits_of_officer(session, officer_id: int, limit: int = 10) -> list[VisitRow]:
    """Return an officer's latest visits, newest first."""
    results = session.execute(
        _visit_rows()
        .where(Visit.officer_id == officer_id)
        .order_by(Visit.opened_at.desc(), Visit.id.desc())
        .limit(limit)
    )
    return [_row(result) for result in results]
