"""The NĐ 335 inputs in the console: assigned numbers, waivers, degradation, department heads."""

from datetime import date

import pytest
from sqlalchemy import select

from models import (
    AuditEntry,
    DegradationConclusion,
    DepartmentHead,
    EvaluationMonth,
    TaskAssignment,
    TaskWaiver,
)
from models.ops.inputs import InputError
from models.ops.task_inputs import add_waiver, set_assignment


def last_action(db) -> str:
    db.rollback()
    return db.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()))


@pytest.fixture
def officer(db, make_officer):
    found = make_officer()
    db.commit()
    return found


def test_a_leader_enters_and_clears_the_assigned_number_with_audit(client, login, db, officer):
    login("leader")
    url = f"/admin/inputs/officers/{officer.id}/assignment"
    client.post(url, data={"month": "2026-11", "assigned": "120", "worked_percent": "75"})
    assert last_action(db) == "assignment.set"
    db.rollback()
    row = db.scalar(select(TaskAssignment))
    assert (row.assigned, row.worked_percent) == (120, 75)
    client.post(url, data={"month": "2026-11", "assigned": "", "worked_percent": ""})
    db.rollback()
    assert db.scalar(select(TaskAssignment)) is None


@pytest.mark.parametrize("data", [
    {"assigned": "-1"}, {"assigned": "abc"}, {"worked_percent": "101"}, {"month": "2026-13x"},
])
def test_a_bad_assigned_number_is_refused_and_nothing_is_saved(client, login, db, officer, data):
    login("leader")
    client.post(f"/admin/inputs/officers/{officer.id}/assignment",
                data={"month": "2026-11", "assigned": "10", **data})
    db.rollback()
    assert db.scalar(select(TaskAssignment)) is None


def test_a_waiver_needs_its_objective_cause(client, login, db, officer):
    login("leader")
    url = f"/admin/inputs/officers/{officer.id}/waivers"
    client.post(url, data={"month": "2026-11", "kind": "delay", "count": "2", "reason": " "})
    db.rollback()
    assert db.scalar(select(TaskWaiver)) is None
    client.post(url, data={"month": "2026-11", "kind": "delay", "count": "2",
                           "dossier_code": "000.00.12.H 09 - 261105", "reason": "Mất điện"})
    db.rollback()
    waiver = db.scalar(select(TaskWaiver))
    assert (waiver.count, waiver.dossier_code) == (2, "000.00.12.H09-261105")
    assert last_action(db) == "waiver.create"


def test_a_conclusion_of_degradation_is_recorded_in_the_month_of_its_date(client, login, db,
                                                                           officer):
    login("leader")
    client.post(f"/admin/inputs/officers/{officer.id}/degradation",
                data={"concluded_on": "2026-11-20", "reference": "KL 05/KL-UBKT"})
    db.rollback()
    entry = db.scalar(select(DegradationConclusion))
    assert (entry.period, entry.concluded_on) == ("2026-11", date(2026, 11, 20))
    assert last_action(db) == "degradation.create"


def test_inputs_of_a_closed_month_or_quarter_are_refused(db, officer):
    db.add(EvaluationMonth(period="2026-Q4", status="closed", snapshot={}))
    db.flush()
    for change in (lambda: set_assignment(db, officer.id, "2026-11", assigned=3,
                                          worked_percent=None, user_id=None),
                   lambda: add_waiver(db, officer.id, "2026-10", kind="delay", count=1,
                                      reason="x", user_id=None)):
        with pytest.raises(InputError) as caught:
            change()
        assert caught.value.code == "month_closed"


def test_a_leader_chooses_a_department_s_head(client, login, db, officer, make_user):
    login("leader")
    head = make_user("liaison")
    db.commit()
    client.post(f"/admin/departments/{officer.department_id}/head", data={"user_id": head.id})
    db.rollback()
    assert db.get(DepartmentHead, officer.department_id).user_id == head.id
    assert last_action(db) == "department.head"
    client.post(f"/admin/departments/{officer.department_id}/head", data={"user_id": ""})
    db.rollback()
    assert db.get(DepartmentHead, officer.department_id) is None
    assert client.post("/admin/departments/999/head", data={}).status_code == 404


def test_assigned_numbers_are_imported_all_or_nothing(client, login, db, officer, make_officer):
    import io

    login("leader")
    other = make_officer()
    db.commit()
    bad = (f"Mã cán bộ,Số được giao,Tỷ lệ thời gian công tác\n{officer.code},120,100\n"
           f"{other.code},abc,150\nNOPE,3,\n")
    response = client.post("/admin/inputs/assignments/import", data={
        "month": "2026-11", "file": (io.BytesIO(bad.encode()), "giao.csv")},
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Dòng 3" in page and "từ 0 đến 100" in page
    db.rollback()
    assert db.scalar(select(TaskAssignment)) is None
    good = f"officer_code;assigned\n{officer.code.lower()};120\n{other.code};0\n"
    response = client.post("/admin/inputs/assignments/import", data={
        "month": "2026-11", "file": (io.BytesIO(good.encode()), "giao.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    db.rollback()
    assert {a.assigned for a in db.scalars(select(TaskAssignment))} == {120, 0}
    assert last_action(db) == "assignments.import"
