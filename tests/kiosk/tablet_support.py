"""Helpers shared by the tablet tests: a paired tablet, a signed-in officer, a rating payload.

Fixtures are named with a ``_fixture`` suffix and registered under their short name, so a test
module imports them without shadowing the argument names its tests use.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.security import check_password_hash

from models import Officer, OfficerSignIn, Visit
from models.ops.devices import issue_pairing_code, redeem_pairing_code
from models.queries.devices import counter_view


def pair_tablet(db, counter, now=None):
    """Pair a new tablet with counter; return (tablet id, device secret)."""
    now = now or datetime.now(UTC)
    paired = redeem_pairing_code(db, issue_pairing_code(db, counter, now=now).code, now=now)
    return paired.tablet_id, paired.secret


def view_of(db, counter):
    """Return the counter as the tablet code sees it."""
    return counter_view(db, counter.id)


def verify_pin(pin_hash, pin):
    """The PIN check the API uses."""
    return check_password_hash(pin_hash, pin)


def signed_in(db, officer, tablet_id, at, until=None, reason=None):
    """Record a sign-in directly (the API and the operations are tested elsewhere)."""
    row = OfficerSignIn(officer_id=officer.id, tablet_id=tablet_id,
                        counter_id=officer.counters[0].id, signed_in_at=at,
                        signed_out_at=until, sign_out_reason=reason)
    db.add(row)
    db.flush()
    return row


def open_visit(db, officer, now=None, **fields):
    """Open a visit at the officer's counter."""
    now = now or datetime.now(UTC)
    visit = Visit(**{
        "site_id": officer.site_id, "counter_id": officer.counters[0].id,
        "officer_id": officer.id, "opened_via": "api", "ticket_number": "A-017",
        "token_hash": uuid.uuid4().hex, "opened_at": now - timedelta(minutes=3),
        "token_expires_at": now + timedelta(days=7), **fields,
    })
    db.add(visit)
    db.flush()
    return visit


def rating_item(questionnaire, officer, **fields):
    """Return one rating as the tablet sends it."""
    return {
        "id": str(uuid.uuid4()),
        "questionnaire_version_id": questionnaire.version_id,
        "officer_id": officer.id,
        "counter_id": officer.counters[0].id,
        "visit_id": None,
        "level": 3,
        "answers": {},
        "reported": [],
        "reasons": [],
        "reason_text": None,
        "comment": None,
        "rated_at": datetime.now(UTC).isoformat(),
        **fields,
    }


#: 09:00 in Hà Nội on a Monday: the API tests run at this moment whatever the real time.
NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Paired:
    """A tablet paired with an officer's counter, with the headers it sends."""

    tablet_id: int
    secret: str
    officer: Officer
    headers: dict


@pytest.fixture(name="frozen_now")
def frozen_now_fixture(app):
    """Make every tablet call happen at NOW (sign-ins close at the site's closing time),
    through the app's clock (web/clock.py)."""
    app.config["CLOCK"] = lambda: NOW
    return NOW


@pytest.fixture(name="paired")
def paired_fixture(db, make_officer, questionnaire, frozen_now):
    """A paired tablet at a new officer's counter; nobody signed in yet."""
    officer = make_officer(full_name="Nguyễn Thị Hồng Anh", title="Chuyên viên")
    tablet_id, secret = pair_tablet(db, officer.counters[0], now=NOW - timedelta(days=1))
    db.commit()
    return Paired(tablet_id, secret, officer, {"X-Tablet-Key": secret})
