"""Leading posts, leaders' conclusions and the sites that qualify for the quota's exception:
recorded, refused when they would bend a grade or touch a closed period, read into a month."""

from datetime import date

import pytest
from sqlalchemy import select

from models import DossierStat, EvaluationMonth, LeadingPost, OutstandingUnit
from models.ops.inputs import InputError
from models.ops.leadership import (
    add_outstanding,
    add_post,
    delete_outstanding,
    delete_post,
    end_post,
)
from models.ops.task_inputs import add_degradation, add_waiver, delete_task_entry, set_assignment
from models.queries.month import compute_month
from tests.monthdata import ZONE, with_decree_rubric


@pytest.fixture
def unit(db, make_officer, make_department):
    """A department of two officers at one site: Đức (the head) and Lan."""
    with_decree_rubric(db)
    department = make_department(name="Sở Tư pháp")
    duc = make_officer(department=department, full_name="Lê Minh Đức")
    lan = make_officer(department=department, full_name="Phạm Thị Lan",
                       counter=None)
    lan.site_id = duc.site_id
    db.flush()
    return duc, lan


def code_of(call):
    with pytest.raises(InputError) as caught:
        call()
    return caught.value.code


def test_a_post_is_recorded_for_the_officer_s_own_department_or_site(db, unit):
    duc, _ = unit
    post = add_post(db, duc.id, unit="department", title=" Trưởng bộ phận ",
                    started_on=date(2026, 3, 1), user_id=None)
    assert (post.department_id, post.site_id, post.title) == (duc.department_id, None,
                                                              "Trưởng bộ phận")
    end_post(db, post, date(2026, 6, 30), user_id=None)
    deputy = add_post(db, duc.id, unit="site", title="Phó Giám đốc",
                      started_on=date(2026, 7, 1), user_id=None)
    assert (deputy.site_id, deputy.department_id) == (duc.site_id, None)


@pytest.mark.parametrize("fields, code", [
    ({"unit": "ward"}, "bad_unit"),
    ({"title": "  "}, "title_required"),
    ({"started_on": date(2026, 2, 1)}, "post_overlaps"),
    ({"started_on": date(2026, 9, 1)}, "post_overlaps"),
])
def test_a_bad_or_overlapping_post_is_refused(db, unit, fields, code):
    duc, _ = unit
    add_post(db, duc.id, unit="department", title="Trưởng bộ phận",
             started_on=date(2026, 3, 1), user_id=None)
    arguments = {"unit": "department", "title": "Phó trưởng", "started_on": date(2026, 5, 1),
                 **fields}
    assert code_of(lambda: add_post(db, duc.id, user_id=None, **arguments)) == code
    assert len(db.scalars(select(LeadingPost)).all()) == 1


def test_a_post_never_ends_before_it_starts_nor_over_a_later_one(db, unit):
    duc, _ = unit
    first = add_post(db, duc.id, unit="department", title="Trưởng bộ phận",
                     started_on=date(2026, 3, 1), user_id=None)
    end_post(db, first, date(2026, 5, 31), user_id=None)
    add_post(db, duc.id, unit="site", title="Phó Giám đốc", started_on=date(2026, 6, 1),
             user_id=None)
    assert code_of(lambda: end_post(db, first, date(2026, 2, 1), user_id=None)) == \
        "ends_before_start"
    assert code_of(lambda: end_post(db, first, None, user_id=None)) == "post_overlaps"
    assert first.ended_on == date(2026, 5, 31)


def test_nobody_records_what_grades_their_own_evaluation(db, unit, make_user, make_officer):
    duc, _lan = unit
    himself = make_user("leader", officer_id=duc.id)
    outsider = make_officer()
    db.flush()
    own = (
        lambda: add_post(db, duc.id, unit="site", title="Phó Giám đốc",
                         started_on=date(2026, 3, 1), user_id=himself.id),
        lambda: set_assignment(db, duc.id, "2026-11", assigned=1, worked_percent=None,
                               user_id=himself.id),
        lambda: add_waiver(db, duc.id, "2026-11", kind="delay", count=3, reason="Mất điện",
                           user_id=himself.id),
    )
    for call in own:
        assert code_of(call) == "own_record"
    post = add_post(db, duc.id, unit="department", title="Trưởng bộ phận",
                    started_on=date(2026, 3, 1), user_id=None)
    conclusion = add_degradation(db, duc.id, concluded_on=date(2026, 11, 3),
                                 reference="KL 12/KL-TTr", kind="leader_unit_violation",
                                 user_id=None)
    assert code_of(lambda: end_post(db, post, date(2026, 3, 31), user_id=himself.id)) == \
        "own_record"
    assert code_of(lambda: delete_post(db, post, user_id=himself.id)) == "own_record"
    assert code_of(lambda: delete_task_entry(db, conclusion, user_id=himself.id)) == \
        "own_record"
    # the same leader records the figures of an officer outside the unit they lead
    set_assignment(db, outsider.id, "2026-11", assigned=10, worked_percent=None,
                   user_id=himself.id)


def test_a_leader_never_enters_the_counts_of_the_unit_they_lead(db, unit, make_user,
                                                                make_officer):
    duc, lan = unit
    himself = make_user("leader", officer_id=duc.id)
    outsider = make_officer()
    add_post(db, duc.id, unit="department", title="Trưởng bộ phận",
             started_on=date(2026, 3, 1), user_id=None)
    waiver = add_waiver(db, lan.id, "2026-11", kind="delay", count=1, reason="Mất điện",
                        user_id=None)
    for call in (
        lambda: set_assignment(db, lan.id, "2026-11", assigned=1, worked_percent=None,
                               user_id=himself.id),
        lambda: add_waiver(db, lan.id, "2026-11", kind="delay", count=3, reason="Mất điện",
                           user_id=himself.id),
        lambda: delete_task_entry(db, waiver, user_id=himself.id),
    ):
        assert code_of(call) == "own_unit"
    # before the post, and outside the unit, the same leader records figures
    set_assignment(db, lan.id, "2026-02", assigned=10, worked_percent=None, user_id=himself.id)
    set_assignment(db, outsider.id, "2026-11", assigned=10, worked_percent=None,
                   user_id=himself.id)


def test_a_post_touching_a_closed_period_is_refused(db, unit):
    duc, lan = unit
    post = add_post(db, duc.id, unit="department", title="Trưởng bộ phận",
                    started_on=date(2026, 3, 1), user_id=None)
    db.add(EvaluationMonth(period="2026-04", status="closed", snapshot={}))
    db.flush()
    assert code_of(lambda: delete_post(db, post, user_id=None)) == "month_closed"
    assert code_of(lambda: end_post(db, post, date(2026, 3, 31), user_id=None)) == \
        "month_closed"
    end_post(db, post, date(2026, 5, 31), user_id=None)
    assert code_of(lambda: add_post(db, lan.id, unit="site", title="Phó Giám đốc",
                                    started_on=date(2026, 4, 10), user_id=None)) == \
        "month_closed"
    add_post(db, lan.id, unit="site", title="Phó Giám đốc", started_on=date(2026, 5, 1),
             user_id=None)


def test_a_leaders_conclusion_needs_a_post_held_in_the_year(db, unit):
    _duc, lan = unit
    assert code_of(lambda: add_degradation(
        db, lan.id, concluded_on=date(2026, 11, 3), reference="KL 12/KL-TTr",
        kind="leader_unit_violation", user_id=None)) == "not_a_leader"
    assert code_of(lambda: add_degradation(
        db, lan.id, concluded_on=date(2026, 11, 3), reference="KL 12/KL-TTr",
        kind="corruption", user_id=None)) == "bad_conclusion_kind"


def _stats(officer, received, early, on_time, late):
    return DossierStat(officer_id=officer.id, period="2026-11", received=received,
                       resolved_early=early, resolved_on_time=on_time, resolved_late=late,
                       digitised=0, quality_failures=0)


def test_a_month_scores_a_leader_on_six_items_and_applies_the_leaders_override(db, unit):
    duc, lan = unit
    db.add_all([_stats(duc, received=76, early=40, on_time=30, late=4),
                _stats(lan, received=150, early=90, on_time=55, late=5)])
    set_assignment(db, duc.id, "2026-11", assigned=80, worked_percent=None, user_id=None)
    set_assignment(db, lan.id, "2026-11", assigned=160, worked_percent=None, user_id=None)
    add_post(db, duc.id, unit="department", title="Trưởng bộ phận",
             started_on=date(2026, 3, 1), user_id=None)
    db.commit()
    report = compute_month(db, "2026-11", zone=ZONE)
    head, other = report.officer_result(duc.id), report.officer_result(lan.id)
    b1 = next(c for c in head.criteria if c.code == "B1")
    unit_items = {s.code: (s.numerator, s.denominator) for s in b1.sub_rates if s.unit}
    assert unit_items["unit_quantity"] == (226, 240)
    assert head.leader_post.title == "Trưởng bộ phận"
    assert head.leader_post.unit_name == "Sở Tư pháp"
    assert other.leader_post is None
    assert not any(s.unit for c in other.criteria for s in c.sub_rates)
    add_degradation(db, duc.id, concluded_on=date(2026, 11, 3), reference="KL 12/KL-TTr",
                    kind="leader_unit_violation", user_id=None)
    db.commit()
    head = compute_month(db, "2026-11", zone=ZONE).officer_result(duc.id)
    assert head.grade.value == "khong_hoan_thanh"
    assert head.grade_changes[-1].code == "override_leader_unit_violation"
    assert "KL 12/KL-TTr" in head.grade_changes[-1].reason_vi


def test_a_post_outside_the_period_does_not_count(db, unit):
    duc, _lan = unit
    db.add_all([_stats(duc, received=76, early=40, on_time=30, late=4)])
    post = add_post(db, duc.id, unit="department", title="Trưởng bộ phận",
                    started_on=date(2026, 3, 1), user_id=None)
    end_post(db, post, date(2026, 10, 31), user_id=None)
    db.commit()
    head = compute_month(db, "2026-11", zone=ZONE).officer_result(duc.id)
    assert head.leader_post is None


def test_a_site_is_marked_outstanding_once_a_year_and_the_month_says_so(db, unit):
    duc, _ = unit
    entry = add_outstanding(db, duc.site_id, 2026, reference=" QĐ 45/QĐ-UBND 20/01/2026 ",
                            user_id=None)
    assert entry.reference == "QĐ 45/QĐ-UBND 20/01/2026"
    assert code_of(lambda: add_outstanding(db, duc.site_id, 2026, reference="x",
                                           user_id=None)) == "already_outstanding"
    assert code_of(lambda: add_outstanding(db, duc.site_id, 2026, reference=" ",
                                           user_id=None)) == "reference_required"
    assert code_of(lambda: add_outstanding(db, 999_999, 2026, reference="x",
                                           user_id=None)) == "unknown_site"
    assert code_of(lambda: add_outstanding(db, duc.site_id, 1999, reference="x",
                                           user_id=None)) == "bad_year"
    db.add(_stats(duc, received=76, early=40, on_time=30, late=4))
    db.commit()
    report = compute_month(db, "2026-11", zone=ZONE)
    assert [s.outstanding for s in report.result.sites] == [True]


def test_a_qualification_is_refused_once_a_period_of_its_year_is_closed(db, unit, make_site):
    duc, _ = unit
    other = make_site()
    entry = add_outstanding(db, duc.site_id, 2026, reference="QĐ 45", user_id=None)
    db.add(EvaluationMonth(period="2026-01", status="closed", snapshot={}))
    db.flush()
    assert code_of(lambda: delete_outstanding(db, entry)) == "month_closed"
    assert code_of(lambda: add_outstanding(db, other.id, 2026, reference="x",
                                           user_id=None)) == "month_closed"
    add_outstanding(db, other.id, 2027, reference="QĐ 3", user_id=None)
    assert db.scalar(select(OutstandingUnit.id)) == entry.id
