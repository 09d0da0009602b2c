"""The NĐ 335 workflow: self-assessment → review → approval, and who may do what, when."""

from datetime import UTC, date, datetime, timedelta

import pytest

from models import (
    DepartmentHead,
    DisciplineDecision,
    DossierStat,
    EvaluationMonth,
    RubricVersion,
    TaskAssignment,
)
from models.engine import begin_write
from models.ops.assessment import AssessmentError, Entry, may_review, open_assessment
from models.ops.assessment_steps import (
    approve,
    approve_without_self,
    review,
    save_self,
    send_back,
)
from models.ops.months import MonthStateError, close_month
from models.queries.month import compute_month
from models.queries.rubrics import WrongPeriodKind
from tests.monthdata import ZONE, local, rate, with_decree_rubric, with_rubric

OPENED = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 12, 5, 17, 0, tzinfo=UTC)
BEFORE = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
AFTER = DEADLINE + timedelta(hours=1)
GOOD = {"A1": Entry(9, "Chấp hành tốt"), "A2": Entry(14, "Phục vụ tận tình"),
        "A3": Entry(4, "Đề xuất cải tiến")}


@pytest.fixture
def centre(db, questionnaire, make_officer, make_department, make_user):
    """Two officers of one department, its head, a leader; NĐ 335 in force; Nov opened."""
    department = make_department()
    hoa = make_officer(department=department, full_name="Nguyễn Thị Hoa")
    binh = make_officer(department=department, full_name="Trần Văn Bình")
    with_decree_rubric(db)
    users = {"hoa_user": make_user("officer", officer_id=hoa.id),
             "binh": make_user("officer", officer_id=binh.id),
             "head": make_user("liaison"), "leader": make_user("leader"), "hr": make_user("hr")}
    db.add(DepartmentHead(department_id=department.id, user_id=users["head"].id))
    for officer in (hoa, binh):
        db.add(DossierStat(officer_id=officer.id, period="2026-11", received=100,
                           resolved_early=60, resolved_on_time=36, resolved_late=4,
                           digitised=100))
        db.add(TaskAssignment(officer_id=officer.id, period="2026-11", assigned=100))
    open_assessment(db, "2026-11", deadline=DEADLINE, user_id=users["leader"].id, now=OPENED)
    db.commit()
    users["binh_user"] = users.pop("binh")
    return {"hoa": hoa, "binh": binh, **users}


def code_of(call):
    with pytest.raises(AssessmentError) as caught:
        call()
    return caught.value.code


def submitted(db, centre, officer="hoa"):
    return save_self(db, centre[officer].id, "2026-11", GOOD, user=centre[f"{officer}_user"],
                     submit=True, now=BEFORE)


def reviewed(db, centre, officer="hoa"):
    sheet = submitted(db, centre, officer)
    lower = {**GOOD, "A2": Entry(13, "Còn phiếu không hài lòng")}
    return review(db, sheet, lower, user=centre["head"], now=BEFORE)


def test_an_officer_walks_through_self_assessment_review_and_approval(db, centre):
    sheet = reviewed(db, centre)
    assert sheet.status == "reviewed"
    approve(db, sheet, {**GOOD, "A2": Entry(13)}, user=centre["leader"], now=BEFORE)
    db.commit()
    report = compute_month(db, "2026-11", zone=ZONE)
    hoa = report.officer_result(centre["hoa"].id)
    assert hoa.sheet_status == "approved"
    people = {c.code: c.points for c in hoa.criteria[:3]}
    assert people == {"A1": 9, "A2": 13, "A3": 4}
    chain = report.officer_inputs(centre["hoa"].id).human_score("A2")
    assert (chain.self_score, chain.head_score, chain.final_score) == (14, 13, 13)
    assert chain.head_reason == "Còn phiếu không hài lòng"


def test_an_officer_writes_only_their_own_self_assessment(db, centre):
    assert code_of(lambda: save_self(db, centre["binh"].id, "2026-11", GOOD,
                                     user=centre["hoa_user"], submit=True, now=BEFORE)) == "not_own"
    assert code_of(lambda: save_self(db, centre["hoa"].id, "2026-11", GOOD,
                                     user=centre["leader"], submit=True, now=BEFORE)) == "not_own"


def test_a_self_assessment_is_refused_after_the_deadline_and_before_the_period_opens(db, centre):
    assert code_of(lambda: save_self(db, centre["hoa"].id, "2026-11", GOOD, user=centre["hoa_user"],
                                     submit=False, now=AFTER)) == "deadline_passed"
    db.rollback()
    assert code_of(lambda: save_self(db, centre["hoa"].id, "2026-12", GOOD, user=centre["hoa_user"],
                                     submit=False, now=BEFORE)) == "not_opened"


@pytest.mark.parametrize("entries, code", [
    ({**GOOD, "A1": Entry(11)}, "score_out_of_range"),
    ({**GOOD, "A1": Entry(-1)}, "score_out_of_range"),
    ({**GOOD, "A1": Entry(float("nan"))}, "score_out_of_range"),
    ({"A1": Entry(9)}, "score_missing"),
    ({**GOOD, "B1": Entry(60)}, "unknown_criterion"),
    ({**GOOD, "A1": Entry(9, "x" * 1001)}, "text_too_long"),
])
def test_a_bad_score_is_refused_and_nothing_is_saved(db, centre, entries, code):
    assert code_of(lambda: save_self(db, centre["hoa"].id, "2026-11", entries,
                                     user=centre["hoa_user"], submit=True, now=BEFORE)) == code


def test_a_draft_may_be_partial_and_is_changed_until_it_is_handed_in(db, centre):
    draft = save_self(db, centre["hoa"].id, "2026-11", {"A1": Entry(8)}, user=centre["hoa_user"],
                      submit=False, now=BEFORE)
    assert draft.status == "draft"
    submitted(db, centre)
    assert code_of(lambda: save_self(db, centre["hoa"].id, "2026-11", GOOD, user=centre["hoa_user"],
                                     submit=True, now=BEFORE)) == "wrong_step"


def test_only_the_department_head_reviews_and_nobody_reviews_themself(db, centre):
    sheet = submitted(db, centre)
    for other in ("binh_user", "hr", "leader"):
        assert code_of(lambda user=centre[other]: review(db, sheet, GOOD, user=user,
                                                         now=BEFORE)) == "not_reviewer"
    assert code_of(lambda: review(db, sheet, GOOD, user=centre["hoa_user"], now=BEFORE)) == \
        "self_review"


def test_a_head_who_is_the_officer_leaves_their_own_review_to_the_leader(db, centre):
    db.get(DepartmentHead, centre["hoa"].department_id).user_id = centre["hoa_user"].id
    db.flush()
    sheet = submitted(db, centre)
    assert code_of(lambda: review(db, sheet, GOOD, user=centre["hoa_user"], now=BEFORE)) == \
        "self_review"
    assert review(db, sheet, GOOD, user=centre["leader"], now=BEFORE).status == "reviewed"
    assert may_review(db, centre["hoa_user"], centre["binh"])


def test_lowering_a_score_needs_a_written_reason_at_each_step(db, centre):
    sheet = submitted(db, centre)
    assert code_of(lambda: review(db, sheet, {**GOOD, "A2": Entry(12)}, user=centre["head"],
                                  now=BEFORE)) == "reason_required"
    sheet = review(db, sheet, GOOD, user=centre["head"], now=BEFORE)
    assert code_of(lambda: approve(db, sheet, {**GOOD, "A3": Entry(3, "")},
                                   user=centre["leader"], now=BEFORE)) == "reason_required"
    raised = approve(db, sheet, {**GOOD, "A3": Entry(5)}, user=centre["leader"], now=BEFORE)
    assert raised.status == "approved"


def test_approval_out_of_order_is_refused(db, centre):
    sheet = submitted(db, centre)
    assert code_of(lambda: approve(db, sheet, GOOD, user=centre["leader"], now=BEFORE)) == \
        "wrong_step"
    sheet = review(db, sheet, GOOD, user=centre["head"], now=BEFORE)
    assert code_of(lambda: approve(db, sheet, GOOD, user=centre["head"], now=BEFORE)) == \
        "leader_required"


def test_sending_back_needs_a_reason_and_removes_the_final_scores(db, centre):
    sheet = reviewed(db, centre)
    sheet = approve(db, sheet, {**GOOD, "A2": Entry(13)}, user=centre["leader"], now=BEFORE)
    assert code_of(lambda: send_back(db, sheet, " ", user=centre["leader"], now=BEFORE)) == \
        "reason_required"
    sheet = send_back(db, sheet, "Bổ sung minh chứng", user=centre["leader"], now=BEFORE)
    assert sheet.status == "returned" and sheet.returned_reason == "Bổ sung minh chứng"
    assert not [s for s in sheet.scores if s.stage == "final"]
    again = save_self(db, centre["hoa"].id, "2026-11", GOOD, user=centre["hoa_user"], submit=True,
                      now=BEFORE)
    assert again.status == "submitted"


def test_the_leader_marks_a_missing_self_assessment_only_after_the_deadline(db, centre):
    assert code_of(lambda: approve_without_self(db, centre["binh"].id, "2026-11", GOOD,
                                                user=centre["leader"], now=BEFORE)) == \
        "deadline_not_passed"
    sheet = approve_without_self(db, centre["binh"].id, "2026-11", GOOD, user=centre["leader"],
                                 now=AFTER)
    assert sheet.status == "not_submitted"
    assert code_of(lambda: approve_without_self(db, centre["binh"].id, "2026-11", GOOD,
                                                user=centre["leader"], now=AFTER)) == "wrong_step"
    assert code_of(lambda: approve_without_self(db, centre["hoa"].id, "2026-11", GOOD,
                                                user=centre["head"], now=AFTER)) == \
        "leader_required"


def close(db, now=datetime(2026, 12, 6, 3, 0, tzinfo=UTC)):
    db.commit()
    begin_write(db)
    return close_month(db, "2026-11", zone=ZONE, now=now)


def test_a_period_closes_only_once_every_evaluated_officer_is_approved(db, centre):
    reviewed(db, centre)
    db.commit()
    with pytest.raises(MonthStateError) as caught:
        close(db)
    assert caught.value.code == "assessments_pending"
    assert {name.split(" ", 1)[1] for name in caught.value.pending} == {
        "Nguyễn Thị Hoa", "Trần Văn Bình"}
    db.rollback()
    assert db.get(EvaluationMonth, "2026-11").status == "open"


def test_a_closed_period_never_changes(db, centre):
    sheet = reviewed(db, centre)
    approve(db, sheet, {**GOOD, "A2": Entry(13)}, user=centre["leader"], now=BEFORE)
    approve_without_self(db, centre["binh"].id, "2026-11", GOOD, user=centre["leader"],
                         now=AFTER)
    report = close(db)
    db.commit()
    assert report.frozen
    assert code_of(lambda: send_back(db, sheet, "Sửa", user=centre["leader"], now=AFTER)) == \
        "month_closed"
    assert code_of(lambda: open_assessment(db, "2026-11", deadline=AFTER + timedelta(days=9),
                                           user_id=None, now=AFTER)) == "month_closed"


def test_a_discipline_decision_for_public_duty_overrides_the_grade_for_the_rest_of_the_year(
        db, centre):
    db.add(DisciplineDecision(officer_id=centre["hoa"].id, period="2026-03",
                              decided_on=date(2026, 3, 12), form="Khiển trách",
                              reference="QĐ 15"))
    db.add(DisciplineDecision(officer_id=centre["binh"].id, period="2026-04",
                              decided_on=date(2026, 4, 2), form="Khiển trách", public_duty=False))
    db.commit()
    report = compute_month(db, "2026-11", zone=ZONE)
    hoa = report.officer_result(centre["hoa"].id)
    assert hoa.grade.value == "khong_hoan_thanh"
    assert "12/03/2026 Khiển trách QĐ 15" in hoa.grade_changes[-1].reason_vi
    assert report.officer_result(centre["binh"].id).grade.value != "khong_hoan_thanh"


def test_a_month_of_a_quarterly_rubric_points_to_its_quarter(db, centre):
    rubric = compute_month(db, "2026-11", zone=ZONE).rubric
    document = {**rubric.document, "period": "quarter", "effective_from": "2026-10-01",
                "version": 2}
    db.add(RubricVersion(name=rubric.name, version=2, effective_from=date(2026, 10, 1),
                         document=document, status="active"))
    db.commit()
    with pytest.raises(WrongPeriodKind) as caught:
        compute_month(db, "2026-11", zone=ZONE)
    assert caught.value.proper == "2026-Q4"
    quarter = compute_month(db, "2026-Q4", zone=ZONE)
    stats = quarter.officer_inputs(centre["hoa"].id).dossiers
    assert (stats.received, stats.assigned) == (100, 100)


def test_the_local_plan_has_no_sheets_to_approve_before_closing(db, make_officer, questionnaire):
    officer = make_officer()
    with_rubric(db)
    rate(db, questionnaire, officer, local(2026, 10, 3))
    db.commit()
    begin_write(db)
    report = close_month(db, "2026-10", zone=ZONE, now=datetime(2026, 11, 2, tzinfo=UTC))
    assert report.frozen


def test_the_head_may_review_and_a_leader_stands_in_when_there_is_none(db, centre):
    assert may_review(db, centre["head"], centre["hoa"])
    assert not may_review(db, centre["leader"], centre["hoa"])
    db.delete(db.get(DepartmentHead, centre["hoa"].department_id))
    db.flush()
    assert may_review(db, centre["leader"], centre["hoa"])
    assert not may_review(db, centre["head"], centre["hoa"])


def test_a_quarterly_rubric_cannot_be_activated_in_the_middle_of_a_quarter(db, centre):
    from models.ops.rubrics import RubricChangeError, activate_rubric

    rubric = compute_month(db, "2026-11", zone=ZONE).rubric
    draft = RubricVersion(name=rubric.name, version=7, effective_from=date(2026, 10, 1),
                          document={**rubric.document, "period": "quarter",
                                    "effective_from": "2026-10-01", "version": 7},
                          status="draft")
    db.add(draft)
    db.flush()
    with pytest.raises(RubricChangeError) as caught:
        activate_rubric(db, draft.id, effective_from=date(2026, 11, 15))
    assert caught.value.code == "bad_effective_date"
    assert activate_rubric(db, draft.id, effective_from=date(2027, 1, 1)) == []


def test_under_the_local_plan_an_assigned_number_alone_does_not_make_an_officer_evaluated(
        db, make_officer):
    officer = make_officer()
    with_rubric(db)
    db.add(TaskAssignment(officer_id=officer.id, period="2026-10", assigned=100))
    db.commit()
    assert compute_month(db, "2026-10", zone=ZONE).officer_result(officer.id) is None
