"""Fixtures of the fault tests: paired tablets with officers on duty, and a database outage
that a test switches on and off (a TCP proxy on PostgreSQL, a held write lock on SQLite)."""

import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from models import Rating
from tests.conftest import postgres_url
from tests.faults.tcp_proxy import TcpProxy
from tests.kiosk.tablet_support import pair_tablet, signed_in

#: How long an SQLite writer waits for the lock in these tests (the default is 10 s).
SQLITE_BUSY_TIMEOUT_MS = 500


def midday_zone(now: datetime | None = None) -> str:
    """Return a fixed-offset zone whose local time is about noon now.

    A sign-in ends by itself at the site's closing time (at the latest local midnight);
    serving the app in this zone keeps a test that happens to run across midnight in
    Hà Nội from seeing its officers signed out half-way.
    """
    offset = 12 - (now or datetime.now(UTC)).hour  # from +12 down to -11 hours
    if offset == 0:
        return "Etc/GMT"
    return f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"  # POSIX signs are inverted


@dataclass(frozen=True)
class OnDuty:
    """A paired tablet at its own counter, with its officer signed in."""

    tablet_id: int
    secret: str
    officer_id: int
    counter_id: int
    officer_name: str

    def rating_fields(self, questionnaire) -> dict:
        """The fields of every rating this tablet sends, besides id, level and answers."""
        return {"questionnaire_version_id": questionnaire.version_id,
                "officer_id": self.officer_id, "counter_id": self.counter_id}


@pytest.fixture
def site(make_site):
    """A site open all day, without a cool-down between ratings at a counter."""
    return make_site(opens_at=clock(0, 0), closes_at=clock(23, 59, 59), cooldown_seconds=0)


@pytest.fixture
def on_duty(db, site, make_counter, make_officer, questionnaire):
    """Return a maker of tablets, each at a new counter with a new officer signed in."""

    def make() -> OnDuty:
        counter = make_counter(site=site)
        officer = make_officer(counter=counter)
        now = datetime.now(UTC)
        tablet_id, secret = pair_tablet(db, counter, now=now - timedelta(minutes=5))
        signed_in(db, officer, tablet_id, now - timedelta(seconds=10))
        db.commit()
        return OnDuty(tablet_id, secret, officer.id, counter.id, officer.full_name)

    return make


def ratings_by_id(db, ids=None) -> dict[str, int]:
    """Return {rating id: how many rows carry it} from what the server committed."""
    db.rollback()  # end any read transaction, to see the latest commits
    query = select(Rating.id, func.count()).group_by(Rating.id)
    if ids is not None:
        query = query.where(Rating.id.in_([uuid.UUID(i) for i in ids]))
    return {str(rating_id): copies for rating_id, copies in db.execute(query)}


class Outage:
    """The database going away and coming back, as the app under test sees it.

    PostgreSQL: the app's DATABASE_URL points at a TCP proxy; ``cut`` refuses new
    connections and resets live ones. SQLite has no network, so the honest analogue is
    another connection holding the write lock (BEGIN IMMEDIATE) longer than the app's busy
    timeout: every write fails after SQLITE_BUSY_TIMEOUT_MS, while reads (WAL) go on.
    """

    def __init__(self, database_url: str):
        self.database_url = database_url
        self.kind = "network" if postgres_url() else "write_lock"
        self.proxy: TcpProxy | None = None
        self._holder: sqlite3.Connection | None = None
        if self.kind == "network":
            url = make_url(database_url)
            self.proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
            self.app_config = {"DATABASE_URL": url.set(host="127.0.0.1", port=self.proxy.port)
                               .render_as_string(hide_password=False)}
        else:
            self.app_config = {"SQLITE_BUSY_TIMEOUT_MS": SQLITE_BUSY_TIMEOUT_MS}

    @property
    def reads_fail(self) -> bool:
        """Whether reading fails too (a network cut) or only writing (a held SQLite lock)."""
        return self.kind == "network"

    def cut(self) -> None:
        if self.proxy is not None:
            self.proxy.cut()
            return
        path = make_url(self.database_url).database
        # Under a steady stream of writes the lock can take a while to win: wait for it.
        self._holder = sqlite3.connect(path, isolation_level=None, timeout=30)
        self._holder.execute("BEGIN IMMEDIATE")

    def restore(self) -> None:
        if self.proxy is not None:
            self.proxy.restore()
            return
        if self._holder is not None:
            self._holder.execute("ROLLBACK")
            self._holder.close()
            self._holder = None

    def close(self) -> None:
        self.restore()
        if self.proxy is not None:
            self.proxy.close()


@pytest.fixture
def outage(database_url):
    """An outage of the test database to switch on and off (see Outage)."""
    fault = Outage(database_url)
    yield fault
    fault.close()
