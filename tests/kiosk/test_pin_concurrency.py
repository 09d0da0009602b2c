"""Guessing PINs in parallel checks no more PINs than the lock allows, across two app hosts.

Two apps with their own engines stand for two hosts (or workers) sharing the database;
twelve wrong PINs start at one barrier. The count lives in the database and each attempt
counts itself and checks the lock in one statement, so exactly the five attempts before
the lock are checked: four answer wrong_pin, the fifth locks, the other seven are refused
unchecked. A count kept per process, or read and written back in two steps, lets more
through.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sqlalchemy import func, select

from models import AuditEntry, PinLockout, PinLockoutEvent
from tests.kiosk.tablet_support import pair_tablet

ATTEMPTS = 12


def _guess(client, headers, officer_id, barrier):
    barrier.wait(timeout=20)
    response = client.post("/api/v1/kiosk/sign-in", headers=headers,
                           json={"officer_id": officer_id, "pin": "0000"})
    return response.status_code, response.json["error"]["code"]


def test_parallel_wrong_pins_on_two_hosts_check_exactly_five(
    app_config, build_app, db, make_officer
):
    officer = make_officer()
    tablet_id, secret = pair_tablet(db, officer.counters[0], now=datetime.now(UTC))
    db.commit()
    hosts = [build_app(dict(app_config)) for _ in range(2)]
    clients = [host.test_client() for host in hosts]
    headers = {"X-Tablet-Key": secret}
    barrier = threading.Barrier(ATTEMPTS)
    with ThreadPoolExecutor(ATTEMPTS) as pool:
        futures = [pool.submit(_guess, clients[i % 2], headers, officer.id, barrier)
                   for i in range(ATTEMPTS)]
        answers = sorted(f.result() for f in futures)
    assert answers == sorted([(403, "wrong_pin")] * 4 + [(423, "officer_locked")] * 8)
    db.rollback()
    lock = db.get(PinLockout, (officer.id, tablet_id))
    assert lock.failures == 5 and lock.locked_until is not None
    assert db.scalar(select(func.count(PinLockoutEvent.id))) == 1
    assert db.scalar(select(func.count(AuditEntry.id))
                     .where(AuditEntry.action == "pin.lockout")) == 1
