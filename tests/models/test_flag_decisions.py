"""A held rating counts nowhere until a leader decides; a month with one does not close."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from evaluation import month_window_utc, parse_month
from models import Alert, Rating, RatingFlag
from models.ops.flags import FlagDecisionRefused, decide_flags, raise_flags
from models.ops.months import MonthStateError, close_month
from models.ops.reviews import contest_rating, decide_contest, exclude_rating
from models.ops.screening import Finding
from models.queries.month_inputs import confirmed_reports, rating_tallies
from tests.monthdata import with_rubric
from tests.visits_support import ZONE

#: 09:00 local on Monday 2 November 2026; the month closes after it.
T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
WINDOW = month_window_utc(parse_month("2026-11"), ZONE)


@pytest.fixture
def held(db, make_officer, make_user, make_rating):
    """An officer with two counted kiosk ratings and one held for a burst."""
    officer = make_officer()
    for _ in range(2):
        make_rating(officer, client_rated_at=T0)
    outcome = make_rating(officer, client_rated_at=T0, reported=["KHONG_QUAN_LIEU"])
    raise_flags(db, outcome.id, [Finding("burst", {"ratings": 7}),
                                 Finding("outside_hours", {})], T0)
    leader = make_user("leader")
    return officer, db.get(Rating, outcome.id), leader


def counted(db, officer) -> int:
    tally = rating_tallies(db, *WINDOW)[officer.id][0]
    return tally.unverified


def test_a_held_rating_counts_nowhere_not_even_its_confirmed_report(db, held):
    officer, rating, leader = held
    db.execute(update(Alert).where(Alert.kind == "misconduct").values(status="confirmed"))
    assert rating.held and counted(db, officer) == 2
    assert confirmed_reports(db, *WINDOW) == {}
    decide_flags(db, rating, True, "Người dân xác nhận", leader.id, T0)
    assert confirmed_reports(db, *WINDOW) == {officer.id: 1}


def test_accepting_counts_it_and_records_who_and_why(db, held):
    officer, rating, leader = held
    decided = decide_flags(db, rating, True, "Đã gọi điện xác minh", leader.id, T0)
    assert {f.status for f in decided} == {"accepted"} and len(decided) == 2
    assert not rating.held and counted(db, officer) == 3
    flag = db.scalar(select(RatingFlag).limit(1))
    assert (flag.decided_by_id, flag.decision_reason) == (leader.id, "Đã gọi điện xác minh")
    with pytest.raises(FlagDecisionRefused) as refused:
        decide_flags(db, rating, False, "again", leader.id, T0)
    assert refused.value.code == "nothing_pending"


@pytest.mark.parametrize("reason, code", [("", "reason_required"), ("  ", "reason_required"),
                                          ("x" * 501, "reason_too_long")])
def test_a_decision_needs_a_reason(db, held, reason, code):
    _officer, rating, leader = held
    with pytest.raises(FlagDecisionRefused) as refused:
        decide_flags(db, rating, True, reason, leader.id, T0)
    assert refused.value.code == code and rating.held


def test_excluding_goes_through_the_exclusion_and_names_the_flags(db, held):
    officer, rating, leader = held
    decide_flags(db, rating, False, "Cán bộ tự đánh giá", leader.id, T0)
    assert rating.excluded and not rating.held and counted(db, officer) == 2
    assert "nhiều phiếu dồn dập" in rating.excluded_reason
    assert rating.excluded_reason.endswith("Cán bộ tự đánh giá")
    assert {f.decision_reason for f in db.scalars(select(RatingFlag))} == {"Cán bộ tự đánh giá"}


def test_an_exclusion_from_the_rating_page_or_a_contest_settles_the_flags(db, held,
                                                                           make_rating):
    officer, rating, leader = held
    exclude_rating(db, rating, "Trùng phiếu", leader.id, T0)
    assert {f.status for f in db.scalars(select(RatingFlag))} == {"excluded"}
    other = db.get(Rating, make_rating(officer, client_rated_at=T0).id)
    raise_flags(db, other.id, [Finding("burst", {})], T0)
    contest = contest_rating(db, other, officer.id, "Không phải tôi phục vụ", T0)
    decide_contest(db, contest, True, "", leader.id, T0)
    assert other.excluded and not other.held


def test_a_flag_is_not_raised_twice_and_never_holds_an_excluded_rating(db, held):
    _officer, rating, leader = held
    assert raise_flags(db, rating.id, [Finding("burst", {})], T0) == 0
    exclude_rating(db, rating, "Trùng phiếu", leader.id, T0)
    assert raise_flags(db, rating.id, [Finding("same_phone", {})], T0) == 1
    db.refresh(rating)
    assert not rating.held


def test_a_month_with_a_held_rating_does_not_close_until_it_is_decided(db, held):
    _officer, rating, leader = held
    with_rubric(db)  # the local plan: no self-assessments to approve, only the flag stands
    after = WINDOW[1] + timedelta(hours=1)
    with pytest.raises(MonthStateError) as refused:
        close_month(db, "2026-11", zone=ZONE, user_id=leader.id, now=after)
    assert (refused.value.code, refused.value.count) == ("flags_pending", 1)
    decide_flags(db, rating, True, "Đúng là người dân đánh giá", leader.id, T0)
    report = close_month(db, "2026-11", zone=ZONE, user_id=leader.id, now=after)
    assert {f.status for f in report.flags} == {"accepted"}
    assert report.officer_inputs(rating.officer_id).ratings.unverified == 3


def test_unknown_ids_are_ignored(db):
    assert raise_flags(db, uuid.uuid4(), [], T0) == 0
