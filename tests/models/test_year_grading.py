"""Grading the year: from the opening day, on the periods closed then; late needs a reason."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from evaluation.annual_deadline import DeadlineError
from models import YearGrading
from models.engine import begin_write
from models.ops.months import reopen_month
from models.ops.year_grading import YearGradingError, grade_year, save_calendar
from models.queries.year import StaleGrading, compute_year
from models.queries.year_grading import latest_grading, load_calendar, window_of
from tests.monthdata import ZONE, october_and_november_closed

ON_TIME = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
#: 23:59 on 15 December in Hanoi: the last minute on time.
LAST_MINUTE = datetime(2026, 12, 15, 16, 59, tzinfo=UTC)
#: 00:30 on 16 December in Hanoi.
LATE = datetime(2026, 12, 15, 17, 30, tzinfo=UTC)


@pytest.fixture
def year(db, questionnaire, make_officer, make_user):
    """October and November 2026 closed under NĐ 335; December still open."""
    return october_and_november_closed(db, questionnaire, make_officer, make_user)


def graded(db, user, now, reason=""):
    db.commit()
    begin_write(db)
    result = grade_year(db, 2026, zone=ZONE, user=user, reason=reason, now=now)
    db.commit()
    return result


def refused(db, user, now, reason="", year=2026):
    db.commit()
    begin_write(db)
    with pytest.raises(YearGradingError) as caught:
        grade_year(db, year, zone=ZONE, user=user, reason=reason, now=now)
    db.rollback()
    return caught.value.code


def test_the_year_is_graded_on_time_on_the_closed_months_december_left_out(db, year):
    result = graded(db, year["leader"], ON_TIME)
    grading = result.grading
    assert grading.periods == ["2026-10", "2026-11"]
    assert grading.not_counted[-1] == "2026-12" and "2026-10" not in grading.not_counted
    assert not grading.late and grading.reason == "" and grading.deadline == date(2026, 12, 15)
    officer = result.report.result.officers[0]
    assert grading.summary == {officer.code: [officer.mean_total_rounded, officer.grade.value]}
    # December is left out, not counted as zero: the mean is that of October and November.
    assert officer.mean_total == pytest.approx(sum(officer.monthly_totals) / 2)


def test_the_last_minute_of_15_december_is_on_time(db, year):
    assert not graded(db, year["leader"], LAST_MINUTE).grading.late


def test_after_the_deadline_a_reason_is_required_and_stored(db, year):
    assert refused(db, year["leader"], LATE) == "reason_required"
    assert refused(db, year["leader"], LATE, reason="   ") == "reason_required"
    assert db.scalar(select(func.count(YearGrading.id))) == 0
    grading = graded(db, year["leader"], LATE, reason="  Chờ kết luận thanh tra  ").grading
    assert grading.late and grading.reason == "Chờ kết luận thanh tra"
    assert refused(db, year["leader"], LATE, reason="x" * 1001) == "reason_too_long"


def test_before_the_opening_day_the_year_cannot_be_graded(db, year):
    # 30 November 23:00 in Hanoi.
    assert refused(db, year["leader"], datetime(2026, 11, 30, 16, 0, tzinfo=UTC)) == "not_open"


@pytest.mark.parametrize("role", ["hr", "officer"])
def test_only_a_leader_grades_the_year(db, year, make_user, role):
    assert refused(db, make_user(role), ON_TIME) == "leader_required"
    assert refused(db, None, ON_TIME) == "leader_required"


def test_an_inactive_leader_cannot_grade(db, year):
    year["leader"].active = False
    db.commit()
    assert refused(db, year["leader"], ON_TIME) == "leader_required"


def test_a_year_without_a_closed_period_is_not_graded(db, year):
    assert refused(db, year["leader"], datetime(2025, 12, 7, 3, tzinfo=UTC),
                   year=2025) == "nothing_closed"


def test_grading_again_keeps_the_history_and_the_latest_is_the_grade(db, year):
    first = graded(db, year["leader"], ON_TIME).grading
    second = graded(db, year["leader"], LATE, reason="Bổ sung tháng 12").grading
    assert latest_grading(db, 2026).id == second.id != first.id
    assert db.scalar(select(func.count(YearGrading.id))) == 2


def test_a_grading_reproduces_from_its_periods_until_one_is_reopened(db, year):
    grading = graded(db, year["leader"], ON_TIME).grading
    again = compute_year(db, 2026, zone=ZONE, only=tuple(grading.periods))
    assert again.closed_months == ("2026-10", "2026-11")
    db.commit()
    begin_write(db)
    reopen_month(db, "2026-11", reason="Sửa số liệu", user_id=year["leader"].id)
    db.commit()
    with pytest.raises(StaleGrading) as caught:
        compute_year(db, 2026, zone=ZONE, only=tuple(grading.periods))
    assert caught.value.periods == ("2026-11",)


def test_the_calendar_is_a_setting_with_the_decree_s_default(db, year):
    assert load_calendar(db) == {"opens": (1, 12), "deadline": (15, 12)}
    before, after = save_calendar(db, "25/11", "10/12", year["leader"].id)
    db.commit()
    assert before == {"opens": "01/12", "deadline": "15/12"}
    assert after == {"opens": "25/11", "deadline": "10/12"}
    assert window_of(db, 2026).deadline == date(2026, 12, 10)
    assert save_calendar(db, "25/11", "10/12", year["leader"].id) == ({}, {})
    # 7 December is before the new deadline (10 December): on time.
    assert not graded(db, year["leader"], ON_TIME).grading.late


@pytest.mark.parametrize("opens, deadline, code", [
    ("1/12", "", "bad_format"), ("31/11", "15/12", "bad_day"),
    ("16/12", "15/12", "opens_after_deadline"),
])
def test_a_bad_calendar_is_refused_and_nothing_is_saved(db, year, opens, deadline, code):
    with pytest.raises(DeadlineError) as caught:
        save_calendar(db, opens, deadline, year["leader"].id)
    assert caught.value.code == code
    db.rollback()
    assert load_calendar(db) == {"opens": (1, 12), "deadline": (15, 12)}


def test_the_cli_prints_the_year_as_graded_late_with_its_reason(runner, db, year):
    graded(db, year["leader"], LATE, reason="Chờ kết luận thanh tra")
    result = runner.invoke(args=["month", "annual", "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert "2026: months 2026-10, 2026-11" in result.output
    assert "not counted as zero): 2026-01" in result.output and "2026-12" in result.output
    assert "Graded after the deadline 2026-12-15; reason: Chờ kết luận thanh tra" in result.output
