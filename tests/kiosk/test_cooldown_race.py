"""Two tablets at one counter uploading at the same moment: the cool-down lets one through.

Two app instances (two hosts sharing the database) each take the upload of one tablet,
started at one barrier, for several rounds. Without a lock, both read "no rating in the
cool-down" before either inserts (PostgreSQL let both through in 2 of 3 tries); the
counter's row is now locked before the look, so the second upload sees the first rating.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from models import Rating
from tests.kiosk.tablet_support import pair_tablet, rating_item, signed_in

ROUNDS = 5


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
    now = datetime.now(UTC)
    tablets = [pair_tablet(db, counter, now=now - timedelta(hours=2)) for _ in range(2)]
    for officer, (tablet_id, _secret) in zip((first, second), tablets, strict=True):
        signed_in(db, officer, tablet_id, now - timedelta(hours=1))
    db.commit()
    clients = [build_app(dict(app_config)).test_client() for _ in range(2)]
    for round_ in range(ROUNDS):
        moment = (now - timedelta(minutes=50) + timedelta(minutes=round_)).isoformat()
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
