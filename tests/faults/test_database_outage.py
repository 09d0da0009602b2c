"""The database goes away: the tablet API answers 503 database_unavailable within a second,
and once the database returns the same uploads are taken, each once."""

import threading
import time
import uuid
from datetime import UTC, datetime

import pytest

from tests.browser.support import LiveServer
from tests.faults.conftest import midday_zone, ratings_by_id
from tests.faults.tablet_sim import SimulatedTablet

pytestmark = pytest.mark.slow

#: The promise: a tablet learns within a second that it must keep its outbox and retry.
ANSWER_WITHIN = 1.0


class TabletClient:
    """The API calls a tablet makes, through a Flask test client, each one timed."""

    def __init__(self, client, duty, questionnaire):
        self.client = client
        self.headers = {"X-Tablet-Key": duty.secret}
        self.duty = duty
        self.questionnaire = questionnaire

    def rating(self, level=3) -> dict:
        """A rating as the tablet's outbox holds it, with a new client-generated id."""
        return {"id": str(uuid.uuid4()), "visit_id": None, "level": level, "answers": {},
                "reported": [], "reasons": [], "reason_text": None, "comment": None,
                "rated_at": datetime.now(UTC).isoformat(),
                **self.duty.rating_fields(self.questionnaire)}

    def timed(self, method, path, body=None):
        started = time.monotonic()
        response = self.client.open(path, method=method, headers=self.headers, json=body)
        return response, time.monotonic() - started

    def upload(self, ratings):
        return self.timed("POST", "/api/v1/kiosk/ratings", {
            "sent_at": datetime.now(UTC).isoformat(), "ratings": ratings})

    def state(self):
        return self.timed("GET", "/api/v1/kiosk/state")

    def heartbeat(self):
        return self.timed("POST", "/api/v1/kiosk/heartbeat", {
            "sent_at": datetime.now(UTC).isoformat(), "app_version": "t", "outbox_length": 2,
            "oldest_unsent_at": None, "dead_letters": 0})


def assert_unavailable(answer) -> None:
    response, elapsed = answer
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == "database_unavailable"
    assert elapsed < ANSWER_WITHIN


def statuses(response) -> list[str]:
    return [result["status"] for result in response.get_json()["results"]]


def test_while_the_database_is_away_the_api_answers_503_fast_and_takes_everything_after(
    app_config, build_app, db, on_duty, questionnaire, outage
):
    duty = on_duty()
    config = {**app_config, **outage.app_config, "TIMEZONE": midday_zone()}
    tablet = TabletClient(build_app(config).test_client(), duty, questionnaire)
    first = tablet.rating()
    response, _ = tablet.upload([first])
    assert statuses(response) == ["created"]  # the app's pool now holds a live connection

    outage.cut()
    held = [tablet.rating(), tablet.rating(level=2)]
    for _ in range(2):  # a tablet tries again after its back-off: the same answer
        assert_unavailable(tablet.upload(held))
        assert_unavailable(tablet.heartbeat())
        if outage.reads_fail:
            assert_unavailable(tablet.state())
        else:  # a held SQLite write lock leaves reads (WAL) working
            assert tablet.state()[0].status_code == 200
    # A worker started during the outage (its first request checks the schema) says the same.
    fresh = TabletClient(build_app({**config, "CHECK_DATABASE_ON_START": False}).test_client(),
                         duty, questionnaire)
    assert_unavailable(fresh.upload(held))
    if outage.reads_fail:
        assert_unavailable(fresh.state())
    assert ratings_by_id(db, [r["id"] for r in held]) == {}

    outage.restore()
    response, _ = tablet.upload(held)
    assert response.status_code == 200 and statuses(response) == ["created", "created"]
    response, _ = fresh.upload([first, *held])
    assert statuses(response) == ["duplicate"] * 3
    assert tablet.state()[0].status_code == 200
    assert tablet.heartbeat()[0].status_code == 200
    ids = [first["id"], *(r["id"] for r in held)]
    assert ratings_by_id(db) == dict.fromkeys(ids, 1)


def test_a_flapping_database_never_gets_a_500_and_every_rating_lands_once(
    app_config, build_app, db, on_duty, questionnaire, outage
):
    """Cuts fall in the middle of transactions: each upload is taken whole or answered 503,
    and the tablets' retries leave every rating stored exactly once.

    Event-driven, not timed: the tablets keep rating until the three cuts are over, and each
    cut lasts until a tablet has been answered 503 during it (so every cut is known to have
    bitten, however slow the machine), then the database comes back.
    """
    app = build_app({**app_config, **outage.app_config, "TIMEZONE": midday_zone()})
    shift_over = threading.Event()
    with LiveServer(app) as server:
        tablets = [SimulatedTablet(server.url, duty.secret, duty.rating_fields(questionnaire))
                   for duty in (on_duty() for _ in range(3))]

        def unavailable() -> int:
            return sum(status == 503 for t in tablets for status in list(t.tally.statuses))

        deadline = time.monotonic() + 120
        threads = [threading.Thread(target=t.run, args=(0, 0.03, deadline, shift_over))
                   for t in tablets]
        for thread in threads:
            thread.start()

        def served() -> int:
            return sum(status == 200 for t in tablets for status in list(t.tally.statuses))

        bitten = []
        for _ in range(3):
            # Uploads are being taken (again) before each cut.
            floor = served() + 3
            assert wait_until(lambda floor=floor: served() >= floor, timeout=30)
            before = unavailable()
            outage.cut()
            bitten.append(wait_until(lambda before=before: unavailable() > before, timeout=30))
            outage.restore()
        shift_over.set()
        for thread in threads:
            thread.join(timeout=max(1.0, deadline - time.monotonic()))
    assert bitten == [True, True, True]
    answers = [status for t in tablets for status in t.tally.statuses]
    assert set(answers) == {200, 503}
    made = made_ids(tablets)
    assert [t.pending() for t in tablets] == [0, 0, 0]
    assert [t.tally.dead for t in tablets] == [{}, {}, {}]
    assert ratings_by_id(db) == dict.fromkeys(made, 1) and len(made) >= 6


def made_ids(tablets) -> list[str]:
    """Every rating id the tablets have made so far."""
    return [rating_id for t in tablets for rating_id in list(t.tally.made)]


def wait_until(condition, *, timeout: float) -> bool:
    """Poll ``condition`` every 10 ms until it holds (True) or ``timeout`` passes (False)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return condition()
