"""Two tablets at one counter uploading at the same moment: the cool-down lets one through.

Two app instances (two hosts sharing the database) each take the upload of one tablet,
started at one barrier, for several rounds. Without a lock, both read "no rating in the
cool-down" before either inserts (PostgreSQL let both through in 2 of 3 tries); the
counter's row is now locked before the look, so the second upload sees the first rating.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from models import Rating
from tests.kiosk.tablet_support import pair_tablet, rating_item, signed_in

ROUNDS = 5
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def _sign_in_moment() -> datetime:
    """Return a sign-in moment on today's local date at least 6 minutes before now.

    A sign-in ends at its site's closing time on the local day it began (the tablet API signs
    officers out then), so the sign-in and every rating must fall on one local day whatever
    the wall clock says: just after local midnight the test waits a few minutes, just before
    it a few seconds, rather than depend on the hour it runs at.
    """
    local = datetime.now(ZONE)
    if local.time() >= clock(23, 59, 30):
        time.sleep((datetime.combine(local.date() + timedelta(days=1), clock(0, 0, 1),
                                     tzinfo=ZONE) - local).total_seconds())
    local = datetime.now(ZONE)
    if local.time() < clock(0, 6):
        time.sleep((datetime.combine(local.date(), clock(0, 6), tzinfo=ZONE)
                    - local).total_seconds())
    now = datetime.now(UTC)
    midnight = datetime.combine(now.astimezone(ZONE).date(), clock(0, 0), tzinfo=ZONE)
    return max(now - timedelta(hours=1), midnight.astimezone(UTC) + timedelta(seconds=1))


def _upload(client, secret, item, barrier):
    barrier.wait(timeout=20)
    response = client.post("/api/v1/kiosk/ratings", headers={"X-Tablet-Key": secret},
                           json={"sent_at": datetime.now(UTC).isoformat(), "ratings": [item]})
    [result] = response.json["results"]
    return result["status"], result.get("code")


def test_two_tablets_at_one_counter_cannot_both_rate_inside_the_cooldown(
    app_config, build_app, db, make_officer, questionnaire
):
    first = make_officer()
    counter = first.counters[0]
    second = make_officer(counter=counter)
    counter.site.cooldown_seconds = 20
    counter.site.opens_at, counter.site.closes_at = clock(0, 0), clock(23, 59, 59)
    signed_at = _sign_in_moment()
    tablets = [pair_tablet(db, counter, now=signed_at - timedelta(minutes=1))
               for _ in range(2)]
    for officer, (tablet_id, _secret) in zip((first, second), tablets, strict=True):
        signed_in(db, officer, tablet_id, signed_at)
    db.commit()
    clients = [build_app(dict(app_config)).test_client() for _ in range(2)]
    for round_ in range(ROUNDS):
        moment = (signed_at + timedelta(seconds=30 + 61 * round_)).isoformat()
        items = [rating_item(questionnaire, officer, rated_at=moment)
                 for officer in (first, second)]
        barrier = threading.Barrier(2)
        with ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(_upload, clients[i], tablets[i][1], items[i], barrier)
                       for i in range(2)]
            outcomes = sorted(f.result() for f in futures)
        assert outcomes == [("created", None), ("rejected", "cooldown")], round_
    db.rollback()
    assert db.scalar(select(func.count(Rating.id))) == ROUNDS
