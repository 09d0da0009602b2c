"""The counter tablet while its server is down behind a reverse proxy (gunicorn killed or
restarting: the proxy answers 502 to everything): a reload still shows the tablet, and the
ratings given meanwhile are sent once the server is back."""

import time

import pytest
from playwright.sync_api import expect

from tests.browser.support import LiveServer, wait_until_controlled
from tests.faults.conftest import midday_zone, ratings_by_id
from tests.faults.test_database_outage_tablet import rate_and_be_thanked

pytestmark = [pytest.mark.slow, pytest.mark.browser]


class BadGateway:
    """The proxy answering 502 to everything; counts the rating uploads it turned away."""

    def __init__(self):
        self.uploads_refused = 0

    def __call__(self, route):
        if route.request.method == "POST" and "/api/v1/kiosk/ratings" in route.request.url:
            self.uploads_refused += 1
        route.fulfill(status=502, content_type="text/html", body="<h1>502 Bad Gateway</h1>")


def test_a_tablet_reloaded_while_the_server_is_down_still_rates_and_sends_later(
    app_config, build_app, page, db, on_duty
):
    duty = on_duty()
    app = build_app({**app_config, "TIMEZONE": midday_zone(), "KIOSK_THANKS_SECONDS": 1,
                     "KIOSK_RETRY_BASE_SECONDS": 1, "KIOSK_RETRY_MAX_SECONDS": 2})
    with LiveServer(app) as server:
        page.goto(f"{server.url}/kiosk/")
        page.evaluate("key => localStorage.setItem('hailong.tablet.key', key)", duty.secret)
        page.reload()
        expect(page.locator("#screen-standby")).to_contain_text(duty.officer_name)
        wait_until_controlled(page)

        bad_gateway = BadGateway()
        page.context.route("**/*", bad_gateway)  # every request now meets the proxy's 502
        page.reload()
        expect(page.locator("#screen-standby")).to_contain_text(duty.officer_name)
        rate_and_be_thanked(page, "Rất hài lòng")
        expect(page.get_by_text("Phiếu chờ gửi: 1")).to_be_visible()
        held = [record["id"] for record in page.evaluate("HailongOutbox.readAll()")["outbox"]]
        # Two uploads met the 502 (the first try and a retry): the rating is still held.
        deadline = time.monotonic() + 30
        while bad_gateway.uploads_refused < 2 and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        assert bad_gateway.uploads_refused >= 2
        held_now = page.evaluate("HailongOutbox.readAll()")
        assert held_now["dead"] == [] and [r["id"] for r in held_now["outbox"]] == held

        page.context.unroute("**/*", bad_gateway)
        expect(page.get_by_text("Phiếu chờ gửi")).to_be_hidden()
    assert ratings_by_id(db) == dict.fromkeys(held, 1) and len(held) == 1
