"""The real tablet page in Chromium while the database is away: citizens are still thanked,
the outbox in IndexedDB keeps every rating, and it drains completely when the database
returns."""

import time

import pytest
from playwright.sync_api import expect

from tests.browser.support import LiveServer, wait_until_controlled
from tests.faults.conftest import midday_zone, ratings_by_id

pytestmark = [pytest.mark.slow, pytest.mark.browser]

RATINGS_API = "/api/v1/kiosk/ratings"


def wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("the condition was not met in time")


def rate_and_be_thanked(page, level):
    page.get_by_role("button", name=level, exact=True).click()
    expect(page.locator("#screen-details")).to_be_visible()
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_role("heading", name="Xin cảm ơn Ông/Bà!")).to_be_visible()
    expect(page.locator("#screen-standby")).to_be_visible()


def test_the_tablet_keeps_its_outbox_through_a_database_outage_and_drains_it_after(
    app_config, build_app, page, db, on_duty, outage, monkeypatch
):
    duty = on_duty()
    # The server trusts a good schema check for 10 s; this outage is to outlast that.
    monkeypatch.setattr("web.db.SCHEMA_CHECK_TTL", 0.5)
    # Short timers: the page polls, beats and retries every second or two.
    app = build_app({**app_config, **outage.app_config, "TIMEZONE": midday_zone(),
                     "KIOSK_THANKS_SECONDS": 1, "KIOSK_STATE_POLL_SECONDS": 1,
                     "KIOSK_DRAIN_SECONDS": 1, "KIOSK_HEARTBEAT_SECONDS": 1,
                     "KIOSK_RETRY_BASE_SECONDS": 1, "KIOSK_RETRY_MAX_SECONDS": 2})
    answers = []
    page.on("response", lambda r: answers.append(r.status) if RATINGS_API in r.url else None)
    with LiveServer(app) as server:
        page.goto(f"{server.url}/kiosk/")
        page.evaluate("key => localStorage.setItem('hailong.tablet.key', key)", duty.secret)
        page.reload()
        expect(page.locator("#screen-standby")).to_contain_text(duty.officer_name)
        rate_and_be_thanked(page, "Rất hài lòng")
        wait_for(lambda: len(ratings_by_id(db)) == 1)

        wait_until_controlled(page)
        outage.cut()
        for level in ("Hài lòng", "Rất hài lòng"):
            rate_and_be_thanked(page, level)
        # Reloaded mid-outage (a crash, a restart of the kiosk launcher), once both ratings
        # are in the outbox: still the tablet.
        wait_for(lambda: len(page.evaluate("HailongOutbox.readAll()")["outbox"]) == 2)
        page.reload()
        expect(page.locator("#screen-standby")).to_contain_text(duty.officer_name)
        expect(page.get_by_text("Phiếu chờ gửi: 2")).to_be_visible()
        rate_and_be_thanked(page, "Hài lòng")
        expect(page.get_by_text("Phiếu chờ gửi: 3")).to_be_visible()
        wait_for(lambda: answers.count(503) >= 2)  # it tried, was refused, tried again
        kept = page.evaluate("HailongOutbox.readAll()")
        held = [record["id"] for record in kept["outbox"]]
        assert len(held) == 3 and kept["dead"] == []
        assert ratings_by_id(db, held) == {}

        outage.restore()
        wait_for(lambda: len(ratings_by_id(db, held)) == 3)
        expect(page.get_by_text("Phiếu chờ gửi")).to_be_hidden()
        kept = page.evaluate("HailongOutbox.readAll()")
        assert kept == {"outbox": [], "dead": []}
    stored = ratings_by_id(db)
    assert len(stored) == 4 and set(held) <= set(stored) and set(stored.values()) == {1}
    assert 200 in answers[answers.index(503):]  # the outbox drained through the API
