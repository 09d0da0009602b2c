"""Demo data: every rating falls within opening hours, whenever the demo is seeded."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from models import Rating
from models.demo import DemoOptions, seed_demo
from tests.factories import FAST_HASH

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize("local_now", ["2026-12-08 00:25", "2026-12-08 09:10",
                                       "2026-12-01 06:00"])
def test_no_demo_rating_is_dated_outside_opening_hours_or_after_now(db, local_now):
    now = datetime.strptime(local_now, "%Y-%m-%d %H:%M").replace(tzinfo=ZONE).astimezone(UTC)
    seed_demo(db, DemoOptions(officers=6, months=2, ratings_per_officer=20, now=now),
              password_hash=generate_password_hash("x" * 12, method=FAST_HASH),
              pin_hash=generate_password_hash("1234", method=FAST_HASH))
    moments = db.scalars(select(Rating.rated_at)).all()
    assert moments and max(moments) < now
    local = [m.astimezone(ZONE) for m in moments]
    assert all(m.weekday() < 5 and (7, 30) <= (m.hour, m.minute) < (17, 0) for m in local)
