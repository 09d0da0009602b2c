"""`hailong flags scan` and `list`, and the false-positive check on the demo data."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from models import AuditEntry, Rating, RatingFlag


def test_the_demo_data_raises_flags_on_fewer_than_one_rating_in_a_hundred(runner, db):
    seeded = runner.invoke(args=["seed-demo"])
    assert seeded.exit_code == 0, seeded.output
    periods = sorted(set(re.findall(r"\b\d{4}-\d{2}\b", seeded.output)))
    assert periods
    for period in periods:
        scanned = runner.invoke(args=["flags", "scan", "--month", period])
        assert scanned.exit_code == 0, scanned.output
    ratings = db.scalar(select(func.count(Rating.id)))
    flagged = db.scalar(select(func.count(func.distinct(RatingFlag.rating_id))))
    assert ratings > 5000
    print(f"demo: {flagged} of {ratings} ratings flagged ({flagged / ratings:.3%})")
    assert flagged / ratings < 0.01, (flagged, ratings)
    assert db.scalar(select(func.count(AuditEntry.id))
                     .where(AuditEntry.action == "flags.scan")) == len(periods)


def test_a_scan_holds_a_burst_and_list_shows_it(runner, db, make_officer, make_rating):
    officer = make_officer()
    start = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
    for n in range(7):
        make_rating(officer, client_rated_at=start + timedelta(minutes=n))
    db.commit()
    scanned = runner.invoke(args=["flags", "scan", "--month", "2026-11"])
    assert "7 ratings looked at; 2 new flags; 2 ratings wait" in scanned.output
    listed = runner.invoke(args=["flags", "list", "--month", "2026-11"])
    assert listed.output.count("nhiều phiếu dồn dập") == 2
    assert listed.output.endswith("2 flagged ratings.\n")
    again = runner.invoke(args=["flags", "scan", "--month", "2026-11"])
    assert "0 new flags" in again.output


def test_a_closed_month_is_not_scanned(runner, db):
    from models import EvaluationMonth

    db.add(EvaluationMonth(period="2026-10", status="closed", snapshot={}))
    db.commit()
    result = runner.invoke(args=["flags", "scan", "--month", "2026-10"])
    assert result.exit_code == 1 and "is closed" in result.output
    bad = runner.invoke(args=["flags", "scan", "--month", "2026-13"])
    assert bad.exit_code == 1
