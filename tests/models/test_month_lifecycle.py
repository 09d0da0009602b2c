"""Closing freezes a month exactly; reopening needs a leader and a reason; late ratings stay out."""

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from evaluation import evaluate_month
from models import (
    BreachEntry,
    DossierStat,
    EvaluationMonth,
    LeaderAssessment,
    MonthEvent,
    Officer,
    Rating,
)
from models.engine import begin_write
from models.ops.months import MonthStateError, close_month, reopen_month
from models.queries.month import compute_month
from models.queries.year import compute_year
from tests.monthdata import AFTER_OCTOBER, ZONE, local, rate, with_rubric


@pytest.fixture
def month(db, questionnaire, make_officer, make_user):
    """Two officers rated in October 2026, with dossier figures and a leader's score."""
    officers = [make_officer(full_name="Lê Văn An"), make_officer(full_name="Đỗ Thị Bình")]
    for day in range(1, 6):
        rate(db, questionnaire, officers[0], local(2026, 10, day), 3)
        rate(db, questionnaire, officers[1], local(2026, 10, day), 2 if day % 2 else 1)
    db.add(DossierStat(officer_id=officers[0].id, period="2026-10", received=20,
                       resolved_early=10, resolved_on_time=8, resolved_late=2, digitised=20))
    db.add(LeaderAssessment(officer_id=officers[1].id, period="2026-10", score=9))
    with_rubric(db)
    leader = make_user("leader")
    db.commit()
    return {"officers": officers, "leader": leader}


def close(db, user=None, now=AFTER_OCTOBER):
    db.commit()  # end any read transaction: closing starts a write transaction
    begin_write(db)
    report = close_month(db, "2026-10", zone=ZONE, user_id=user.id if user else None, now=now)
    db.commit()
    return report


def test_a_closed_month_reproduces_exactly_after_ratings_and_inputs_change(
        db, month, questionnaire):
    live = compute_month(db, "2026-10", zone=ZONE)
    close(db, month["leader"])
    an, binh = month["officers"]
    for rating in db.scalars(select(Rating).where(Rating.officer_id == binh.id)):
        rating.level = 3
    db.get(LeaderAssessment, 1).score = 2
    db.add(BreachEntry(officer_id=an.id, period="2026-10", occurred_on=date(2026, 10, 3),
                       kind="Đi muộn"))
    db.commit()
    frozen = compute_month(db, "2026-10", zone=ZONE)
    assert frozen.frozen and frozen.status == "closed"
    assert frozen.result == live.result and frozen.inputs == live.inputs
    assert frozen.rubric.document == live.rubric.document
    assert frozen.closed_by == month["leader"].username
    assert evaluate_month(frozen.rubric.rubric, frozen.inputs) == frozen.result


def test_a_rating_arriving_after_closing_is_kept_flagged_and_listed_not_added(
        db, month, questionnaire):
    before = close(db)
    an = month["officers"][0]
    late = rate(db, questionnaire, an, local(2026, 10, 30), 1,
                now=datetime(2026, 11, 3, tzinfo=UTC))
    db.commit()
    assert late.late is True
    report = compute_month(db, "2026-10", zone=ZONE)
    assert [row.rating_id for row in report.late] == [str(late.id)]
    assert report.result == before.result


def test_reopening_counts_late_ratings_again_and_lists_them(db, month, questionnaire):
    close(db)
    an = month["officers"][0]
    rate(db, questionnaire, an, local(2026, 10, 30), 1, now=datetime(2026, 11, 3, tzinfo=UTC))
    db.commit()
    summary = reopen_month(db, "2026-10", reason="Bổ sung phiếu đến muộn",
                           user_id=month["leader"].id)
    db.commit()
    assert summary["totals"][an.code][1] is not None
    report = compute_month(db, "2026-10", zone=ZONE)
    assert report.status == "open" and not report.frozen and len(report.late) == 1
    assert report.officer_inputs(an.id).ratings.verified == 6


def test_closing_records_the_event_and_the_rubric(db, month):
    close(db, month["leader"])
    row = db.get(EvaluationMonth, "2026-10")
    assert (row.status, row.rubric_version_id, row.closed_by_id) == (
        "closed", 1, month["leader"].id)
    events = db.scalars(select(MonthEvent.action)).all()
    assert events == ["close"]


def test_a_month_cannot_be_closed_before_it_ends_or_twice(db, month):
    with pytest.raises(MonthStateError) as early:
        close(db, now=local(2026, 10, 31, 23, 0))
    assert early.value.code == "not_ended"
    db.rollback()
    close(db)
    with pytest.raises(MonthStateError) as twice:
        close(db)
    assert twice.value.code == "already_closed"


@pytest.mark.parametrize("role, reason, code", [
    ("leader", "   ", "reason_required"),
    ("hr", "Sai số liệu", "leader_required"),
    ("liaison", "Sai số liệu", "leader_required"),
])
def test_reopening_needs_a_leader_and_a_reason(db, month, make_user, role, reason, code):
    close(db)
    user = make_user(role)
    with pytest.raises(MonthStateError) as refused:
        reopen_month(db, "2026-10", reason=reason, user_id=user.id)
    assert refused.value.code == code
    db.rollback()
    assert db.get(EvaluationMonth, "2026-10").status == "closed"


def test_reopening_an_open_month_is_refused(db, month):
    with pytest.raises(MonthStateError) as refused:
        reopen_month(db, "2026-10", reason="x", user_id=month["leader"].id)
    assert refused.value.code == "not_closed"


def test_closing_again_after_reopening_freezes_the_new_figures(db, month, questionnaire):
    first = close(db)
    reopen_month(db, "2026-10", reason="Sửa điểm lãnh đạo", user_id=month["leader"].id)
    db.get(LeaderAssessment, 1).score = 4
    db.commit()
    second = close(db)
    binh = month["officers"][1].id
    assert first.officer_result(binh).total != second.officer_result(binh).total
    assert compute_month(db, "2026-10", zone=ZONE).result == second.result
    actions = db.scalars(select(MonthEvent.action).order_by(MonthEvent.id)).all()
    assert actions == ["close", "reopen", "close"]


def test_closing_waits_for_a_rating_being_taken_in_so_none_slips_between(
        db, month, questionnaire):
    """A rating in flight when the month closes is either counted or flagged late: here,
    closing waits for it and counts it (BEGIN IMMEDIATE on SQLite, FOR SHARE / EXCLUSIVE
    locks on PostgreSQL)."""
    engine = db.get_bind()
    intake = Session(engine, expire_on_commit=False)
    begin_write(intake)
    an = intake.get(Officer, month["officers"][0].id)
    in_flight = rate(intake, questionnaire, an, local(2026, 10, 31, 16), 3,
                     now=local(2026, 10, 31, 16, 1))
    outcome = {}

    def close_elsewhere():
        with Session(engine, expire_on_commit=False) as closer:
            begin_write(closer)
            outcome["report"] = close_month(closer, "2026-10", zone=ZONE, now=AFTER_OCTOBER)
            closer.commit()

    thread = threading.Thread(target=close_elsewhere)
    thread.start()
    try:
        thread.join(0.5)
        waited = thread.is_alive()
        intake.commit()
    finally:
        intake.close()
        thread.join(10)
    assert waited, "closing must wait for the rating's transaction"
    assert not in_flight.late
    assert outcome["report"].officer_inputs(an.id).ratings.verified == 6


def test_the_year_rolls_up_closed_months_only_and_names_the_others(db, month):
    empty = compute_year(db, 2026, zone=ZONE, now=AFTER_OCTOBER)
    assert empty.result is None and empty.open_months[-1] == "2026-10"
    october = close(db)
    year = compute_year(db, 2026, zone=ZONE, now=AFTER_OCTOBER)
    assert year.closed_months == ("2026-10",) and "2026-10" not in year.open_months
    an = month["officers"][0].id
    rolled = next(o for o in year.result.officers if o.officer_id == an)
    assert rolled.mean_total_rounded == october.officer_result(an).total_rounded
