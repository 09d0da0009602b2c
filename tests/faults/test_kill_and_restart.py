"""kill -9 of gunicorn, master and workers at once, in the middle of a burst of tablet uploads:
after a restart the tablets' retries leave every rating stored exactly once."""

import threading
import time

import pytest
from sqlalchemy import func, select

from models import Rating
from tests.faults.conftest import midday_zone, ratings_by_id
from tests.faults.gunicorn_server import Gunicorn
from tests.faults.tablet_sim import SimulatedTablet

pytestmark = pytest.mark.slow

TABLETS = 6
RATINGS_EACH = 80
#: Seconds between two citizens at one tablet: the burst lasts RATINGS_EACH * EVERY.
EVERY = 0.02


@pytest.fixture
def server(database_url, tmp_path):
    """The real app under gunicorn with 4 workers on the test database (not started yet)."""
    gunicorn = Gunicorn({
        "DATABASE_URL": database_url,
        "SECRET_KEY": "fault-test-secret-0123456789abcdefghij",
        "HAILONG_INSTANCE_PATH": str(tmp_path / "instance"),
        "HAILONG_TIMEZONE": midday_zone(),
        "RATELIMIT_STORAGE_URI": "memory://",
    }, tmp_path / "gunicorn.log", workers=4)
    yield gunicorn
    gunicorn.stop()


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.01)


def test_killing_every_gunicorn_process_mid_burst_loses_and_doubles_nothing(
    server, db, on_duty, questionnaire
):
    duty = [on_duty() for _ in range(TABLETS)]
    server.start()
    tablets = [SimulatedTablet(server.url, d.secret, d.rating_fields(questionnaire))
               for d in duty]
    deadline = time.monotonic() + 90
    threads = [threading.Thread(target=t.run, args=(RATINGS_EACH, EVERY, deadline))
               for t in tablets]
    for thread in threads:
        thread.start()

    def acknowledged() -> set[str]:
        found = set()
        for tablet in tablets:
            with tablet.lock:
                found |= set(tablet.tally.acknowledged)
        return found

    total = TABLETS * RATINGS_EACH
    wait_until(lambda: len(acknowledged()) >= total // 4, 20, "a quarter is acknowledged")
    acknowledged_before_kill = acknowledged()
    killed = server.kill9()
    made_before_kill = sum(len(t.tally.made) for t in tablets)
    failed_before_restart = sum(t.tally.failed_uploads for t in tablets)
    wait_until(lambda: sum(t.tally.failed_uploads for t in tablets) > failed_before_restart,
               10, "a tablet meets the dead server")
    server.start()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic()))

    # The fault hit the burst: every process died while tablets were still rating.
    assert killed >= 5  # the master and its 4 workers
    assert made_before_kill < total
    assert all(not thread.is_alive() for thread in threads), server.log()
    # Every tablet emptied its outbox; the server refused nothing.
    made = [rating_id for t in tablets for rating_id in t.tally.made]
    assert len(made) == len(set(made)) == total
    assert [t.pending() for t in tablets] == [0] * TABLETS
    assert [t.tally.dead for t in tablets] == [{}] * TABLETS
    assert acknowledged() == set(made)
    # The database holds each rating once: none lost (acknowledged before the kill
    # included), none doubled.
    stored = ratings_by_id(db)
    assert set(stored) == set(made) and set(stored.values()) == {1}
    assert acknowledged_before_kill <= set(stored)
    assert db.scalar(select(func.count()).select_from(Rating)) == total
    per_tablet = dict(db.execute(
        select(Rating.tablet_id, func.count()).group_by(Rating.tablet_id)).all())
    assert per_tablet == {d.tablet_id: RATINGS_EACH for d in duty}
