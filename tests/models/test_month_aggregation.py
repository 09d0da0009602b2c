"""The month's inputs, aggregated in SQL, equal a fixture counted by hand."""

from datetime import date

import pytest

from evaluation import Breach, ConductTally, DossierStats, RatingTally
from models import BreachEntry, DisciplineDecision, DossierStat, LeaderAssessment
from models.queries.month import compute_month
from models.queries.rubrics import NoRubricInForce
from tests.monthdata import (
    ZONE,
    conduct,
    exclude,
    five_level_questionnaire,
    local,
    rate,
    set_alerts,
    with_rubric,
)


@pytest.fixture
def october(db, questionnaire, make_site, make_department, make_counter, make_officer, make_user):
    """A hand-counted October 2026 at two sites; returns the officers by letter."""
    leader = make_user("leader")
    s1, s2 = make_site(), make_site()
    d1, d2 = make_department(), make_department(land_group=True)
    a = make_officer(counter=make_counter(site=s1), department=d1, full_name="Lê Văn An")
    b = make_officer(counter=make_counter(site=s1), department=d1, full_name="Trần Thị Bình")
    c = make_officer(counter=make_counter(site=s2), department=d2, full_name="Phạm Văn Cường")
    idle = make_officer(counter=make_counter(site=s1), department=d1)
    gone = make_officer(counter=make_counter(site=s2), department=d2, active=False)
    q = questionnaire
    # A, verified and counted: levels 3 3 3 2 1, and one in the last second of the month.
    first = rate(db, q, a, local(2026, 10, 1, 8), 3, answers=conduct(6, 2))
    for day, level in ((2, 3), (5, 3), (6, 2)):
        rate(db, q, a, local(2026, 10, day), level)
    unhappy = rate(db, q, a, local(2026, 10, 7), 1, reported=["KHONG_CUA_QUYEN"])
    set_alerts(db, unhappy, "confirmed")
    doubtful = rate(db, q, a, local(2026, 10, 8), 1, reported=["KHONG_QUAN_LIEU"])
    set_alerts(db, doubtful, "not_confirmed")
    exclude(db, doubtful, leader)
    rate(db, q, a, local(2026, 10, 31, 23, 59, 59), 3)
    # A, unverified (poster QR): 3 3 1; the Không hài lòng one with a confirmed report.
    rate(db, q, a, local(2026, 10, 9), 3, verified=False, answers=conduct(4, 0))
    rate(db, q, a, local(2026, 10, 10), 3, verified=False)
    poster = rate(db, q, a, local(2026, 10, 11), 1, verified=False, reported=["KHONG_XU_NINH"])
    set_alerts(db, poster, "confirmed")
    # A, excluded: a confirmed report on it does not count either.
    excluded = rate(db, q, a, local(2026, 10, 12), 1, answers=conduct(0, 8),
                    reported=["KHONG_THAM_NHUNG"])
    set_alerts(db, excluded, "confirmed")
    exclude(db, excluded, leader)
    # A, outside October by a second on either side.
    rate(db, q, a, local(2026, 9, 30, 23, 59, 59), 1)
    rate(db, q, a, local(2026, 11, 1, 0, 0, 0), 1)
    # C: two Hài lòng on the 3-level scale, then 3 and 4 on a 5-level one (satisfied from 4).
    rate(db, q, c, local(2026, 10, 3), 2)
    rate(db, q, c, local(2026, 10, 4), 2)
    sipas = five_level_questionnaire(db, q)
    rate(db, sipas, c, local(2026, 10, 5), 3)
    rate(db, sipas, c, local(2026, 10, 6), 4)
    rate(db, q, gone, local(2026, 10, 6), 3, verified=False)
    db.add_all([
        DossierStat(officer_id=b.id, period="2026-10", received=10, resolved_early=5,
                    resolved_on_time=4, resolved_late=1, digitised=9),
        LeaderAssessment(officer_id=b.id, period="2026-10", score=8),
        BreachEntry(officer_id=a.id, period="2026-10", occurred_on=date(2026, 10, 2),
                    kind="Đi muộn"),
        BreachEntry(officer_id=a.id, period="2026-10", occurred_on=date(2026, 10, 1),
                    kind="Về sớm", deduction=1.5),
        DisciplineDecision(officer_id=c.id, period="2026-10", decided_on=date(2026, 10, 20),
                           form="Khiển trách", reference="12/QĐ-TT"),
        BreachEntry(officer_id=b.id, period="2026-09", occurred_on=date(2026, 9, 2),
                    kind="Đi muộn"),
    ])
    with_rubric(db)
    db.commit()
    return {"a": a, "b": b, "c": c, "idle": idle, "gone": gone, "first": first,
            "doubtful": doubtful, "excluded": excluded, "leader": leader}


def test_rating_tallies_match_the_hand_count(db, october):
    report = compute_month(db, "2026-10", zone=ZONE)
    a = report.officer_inputs(october["a"].id)
    assert a.ratings == RatingTally(
        verified=6, verified_satisfied=5, unverified=3, unverified_satisfied=2, excluded=2,
        levels=(("5", 0), ("4", 0), ("3", 4), ("2", 1), ("1", 1)))
    assert a.conduct == ConductTally(answered=8, yes=6, unverified_answered=4, unverified_yes=4)
    assert a.confirmed_reports == 2


def test_satisfied_follows_each_ratings_own_questionnaire_version(db, october):
    c = compute_month(db, "2026-10", zone=ZONE).officer_inputs(october["c"].id)
    assert (c.ratings.verified, c.ratings.verified_satisfied) == (4, 3)
    assert dict(c.ratings.levels) == {"5": 0, "4": 1, "3": 1, "2": 2, "1": 0}
    assert c.department_flags == frozenset({"land_group"})


def test_manual_inputs_belong_to_their_month(db, october):
    report = compute_month(db, "2026-10", zone=ZONE)
    a, b, c = (report.officer_inputs(october[k].id) for k in "abc")
    assert a.breaches == (Breach("Về sớm", date(2026, 10, 1), 1.5),
                          Breach("Đi muộn", date(2026, 10, 2), None))
    assert b.dossiers == DossierStats(received=10, early=5, on_time=4, late=1, digitised=9,
                                      received_online=None, returned_by_post=None)
    assert (b.leader_score, b.breaches, b.ratings) == (8, (), RatingTally())
    assert (c.discipline, c.discipline_note) == (True, "Khiển trách 12/QĐ-TT")
    assert (a.discipline, a.dossiers, a.leader_score) == (False, None, None)


def test_only_officers_with_something_in_the_month_take_part(db, october):
    report = compute_month(db, "2026-10", zone=ZONE)
    taking_part = {o.officer_id for o in report.inputs.officers}
    assert taking_part == {october[k].id for k in ("a", "b", "c", "gone")}
    assert report.officer_result(october["idle"].id) is None


def test_the_site_rate_pools_verified_counted_ratings(db, october):
    report = compute_month(db, "2026-10", zone=ZONE)
    a = report.officer_result(october["a"].id)
    a1 = next(c for c in a.criteria if c.code == "A1")
    assert dict(a1.inputs)["satisfied"] == 5 and dict(a1.inputs)["scored"] == 6
    assert dict(a1.inputs)["site_rate"] == pytest.approx(5 / 6)
    a3 = next(c for c in a.criteria if c.code == "A3")
    assert a3.points == 0 and a.grade_changes[0].code == "cap_confirmed_report"


def test_exclusions_are_listed_with_reason_and_who(db, october):
    report = compute_month(db, "2026-10", zone=ZONE)
    listed = {row.rating_id: row for row in report.exclusions}
    assert set(listed) == {str(october["doubtful"].id), str(october["excluded"].id)}
    row = listed[str(october["excluded"].id)]
    assert (row.reason, row.excluded_by, row.officer_id) == (
        "Phiếu thử nghiệm", october["leader"].username, october["a"].id)


def test_an_open_month_without_a_rubric_in_force_says_so(db, october):
    with pytest.raises(NoRubricInForce):
        compute_month(db, "2025-12", zone=ZONE)


def test_the_month_follows_the_configured_time_zone(db, october):
    utc = compute_month(db, "2026-10", zone="UTC").officer_inputs(october["a"].id)
    # In UTC the 1 November 00:00 Hanoi rating (31 October 17:00 UTC) belongs to October;
    # the 30 September 23:59:59 Hanoi one (16:59:59 UTC) stays in September.
    assert utc.ratings.verified == 6 + 1
