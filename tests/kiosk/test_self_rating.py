"""The self-rating round, end to end over HTTP: an officer invites at their own counter,
scans the QR and rates from the same browser. The rating is held: it is not in the
officer's scored count, nor in the site's rate, until a leader accepts it."""

import time as clock
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from evaluation import month_of_instant, month_window_utc
from models import AuditEntry, Officer, Rating, RatingFlag
from models.defaults import install_default_rubric
from models.engine import begin_write
from models.queries.month import compute_month
from models.queries.month_inputs import rating_tallies
from tests.factories import PASSWORD
from tests.render.test_posters import decoded_qr_codes
from tests.visits_support import ZONE, open_test_visit


@pytest.fixture
def app_config(app_config):
    """Every hour of every day is within opening hours, so the clock the test runs at never
    adds a flag of its own."""
    return {**app_config, "TRUST_OPEN_WEEKDAYS": "0,1,2,3,4,5,6"}


@pytest.fixture
def officer_at_counter(db, login, questionnaire):
    """An officer signed in to the console, at a counter of a site open all day."""
    user = login("officer")
    officer = db.get(Officer, user.officer_id)
    officer.site.opens_at, officer.site.closes_at = time(0, 0), time(23, 59, 59)
    install_default_rubric(db)
    db.commit()
    return user, officer


def scored(db, officer) -> int:
    """Return the officer's verified, counted ratings of the current month."""
    db.rollback()
    start, end = month_window_utc(month_of_instant(datetime.now(UTC), ZONE), ZONE)
    tally = rating_tallies(db, start, end).get(officer.id)
    return tally[0].verified if tally else 0


def invite_and_scan(client, db, officer, tmp_path) -> str:
    """Open a visit from the invite page; return the survey path its printed QR holds."""
    counter = officer.counters[0]
    opened = client.post("/admin/invite", data={"counter": counter.id})
    visit_id = int(opened.headers["Location"].rsplit("/", 1)[1])
    slip = client.get(f"/admin/visits/{visit_id}/slip.pdf").get_data()
    [url] = decoded_qr_codes(slip, tmp_path, dpi=200)
    return urlsplit(url).path


def rate(client, path, level="3"):
    client.get(path)
    return client.post(path, data={"level": level})


def test_the_self_rating_round_leaves_the_score_unchanged_until_a_leader_accepts(
    app, client, db, officer_at_counter, make_user, tmp_path
):
    user, officer = officer_at_counter
    citizen_visit = open_test_visit(db, officer, now=datetime.now(UTC) - timedelta(minutes=5))
    db.commit()
    phone = app.test_client()
    phone.environ_base["REMOTE_ADDR"] = "203.0.113.7"  # the citizen's own network
    assert rate(phone, f"/s/{citizen_visit.survey_token}").status_code == 303
    assert scored(db, officer) == 1  # a citizen's rating counts at once

    path = invite_and_scan(client, db, officer, tmp_path)
    assert rate(client, path).status_code == 303  # thanked like anyone: nothing to learn
    db.rollback()
    rating = db.scalar(select(Rating).where(Rating.visit_id != citizen_visit.id))
    assert rating.held and rating.verified and rating.officer_id == officer.id
    flags = {f.rule: f.details for f in db.scalars(select(RatingFlag))}
    assert flags["staff_session"] == {"username": user.username, "live": True, "own": True}
    assert flags["fast_after_invite"]["seconds"] <= 15
    assert "staff_address" in flags
    assert scored(db, officer) == 1  # unchanged
    month = compute_month(db, month_of_instant(datetime.now(UTC), ZONE), zone=ZONE)
    assert month.officer_inputs(officer.id).ratings.verified == 1
    assert [f.rating_id for f in month.flags] == [str(rating.id)] * len(flags)

    db.rollback()  # end the read snapshot before writing
    begin_write(db)
    leader = make_user("leader")
    db.commit()
    desk = app.test_client()
    desk.post("/admin/login", data={"username": leader.username, "password": PASSWORD})
    queue = desk.get("/admin/flags").get_data(as_text=True)
    assert "chính tài khoản của cán bộ được đánh giá" in queue and officer.full_name in queue
    refused = desk.post(f"/admin/flags/{rating.id}/decide", data={"decision": "accept"})
    assert refused.status_code == 302 and scored(db, officer) == 1  # a reason is required
    desk.post(f"/admin/flags/{rating.id}/decide",
              data={"decision": "accept", "reason": "Đã xác minh với người dân qua điện thoại"})
    assert scored(db, officer) == 2
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "flag.decide"))
    assert entry.after["status"] == "accepted" and entry.user_id == leader.id
    assert set(entry.before["rules"]) == set(flags)


def test_signing_out_first_does_not_help(app, client, db, officer_at_counter, tmp_path):
    _user, officer = officer_at_counter
    path = invite_and_scan(client, db, officer, tmp_path)
    client.post("/admin/logout")
    clock.sleep(0.01)
    assert rate(client, path).status_code == 303
    db.rollback()
    flag = db.scalar(select(RatingFlag).where(RatingFlag.rule == "staff_session"))
    assert flag.details["live"] is False and scored(db, officer) == 0


def test_a_leader_who_excludes_lists_the_rating_with_the_reason(
    app, client, db, officer_at_counter, make_user, tmp_path
):
    _user, officer = officer_at_counter
    rate(client, invite_and_scan(client, db, officer, tmp_path))
    db.rollback()  # end the read snapshot before writing
    begin_write(db)
    leader = make_user("leader")
    db.commit()
    desk = app.test_client()
    desk.post("/admin/login", data={"username": leader.username, "password": PASSWORD})
    rating_id = db.scalar(select(Rating.id))
    desk.post(f"/admin/flags/{rating_id}/decide",
              data={"decision": "exclude", "reason": "Cán bộ tự đánh giá"})
    db.rollback()
    rating = db.get(Rating, rating_id)
    assert rating.excluded and not rating.held
    assert "Cán bộ tự đánh giá" in rating.excluded_reason
    assert {f.status for f in db.scalars(select(RatingFlag))} == {"excluded"}
    month = compute_month(db, month_of_instant(datetime.now(UTC), ZONE), zone=ZONE)
    assert [r.rating_id for r in month.exclusions] == [str(rating_id)]
    assert scored(db, officer) == 0
