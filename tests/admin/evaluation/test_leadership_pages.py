"""The console pages for leading posts and the quota's exception: recorded with audit,
refused in Vietnamese, never by the officer they grade."""

from datetime import date

import pytest
from sqlalchemy import select

from models import AuditEntry, DegradationConclusion, LeadingPost, OutstandingUnit


def last_action(db) -> str:
    db.rollback()
    return db.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()))


@pytest.fixture
def officer(db, make_officer):
    found = make_officer()
    db.commit()
    return found


def test_a_leader_records_ends_and_deletes_a_post_with_audit(client, login, db, officer):
    login("leader")
    page = client.get(f"/admin/inputs/officers/{officer.id}?month=2026-11")
    assert "Chức vụ lãnh đạo, quản lý" in page.get_data(as_text=True)
    client.post(f"/admin/inputs/officers/{officer.id}/posts?month=2026-11", data={
        "unit": "department", "title": "Trưởng bộ phận", "started_on": "2026-03-01",
        "note": "QĐ 10/QĐ-TTPVHCC"})
    assert last_action(db) == "leading_post.create"
    post = db.scalar(select(LeadingPost))
    assert (post.unit, post.department_id, post.started_on) == (
        "department", officer.department_id, date(2026, 3, 1))
    client.post(f"/admin/inputs/posts/{post.id}/end", data={"ended_on": "2026-10-31"})
    assert last_action(db) == "leading_post.end"
    db.rollback()
    assert db.get(LeadingPost, post.id).ended_on == date(2026, 10, 31)
    page = client.get(f"/admin/inputs/officers/{officer.id}?month=2026-11")
    assert "31/10/2026" in page.get_data(as_text=True)
    leads = f"Bộ phận {officer.department.name} tại {officer.site.name}"
    assert leads in page.get_data(as_text=True)  # the unit by its name, not "their department"
    client.post(f"/admin/inputs/posts/{post.id}/delete", data={})
    assert last_action(db) == "leading_post.delete"
    assert db.scalar(select(LeadingPost)) is None


def test_a_leader_cannot_record_their_own_post_and_is_told_why(client, login, db, officer):
    login("leader", officer_id=officer.id)
    response = client.post(f"/admin/inputs/officers/{officer.id}/posts", data={
        "unit": "site", "title": "Phó Giám đốc", "started_on": "2026-03-01"},
        follow_redirects=True)
    assert "Không thể ghi nhận hoặc thay đổi" in response.get_data(as_text=True)
    db.rollback()
    assert db.scalar(select(LeadingPost)) is None


def test_a_bad_post_is_refused_in_vietnamese_and_nothing_is_saved(client, login, db, officer):
    login("leader")
    response = client.post(f"/admin/inputs/officers/{officer.id}/posts", data={
        "unit": "ward", "title": "", "started_on": "2026-13-01"}, follow_redirects=True)
    assert response.status_code == 200
    db.rollback()
    assert db.scalar(select(LeadingPost)) is None


def test_a_leaders_conclusion_is_recorded_only_for_an_officer_holding_a_post(client, login, db,
                                                                           officer):
    login("leader")
    url = f"/admin/inputs/officers/{officer.id}/degradation"
    data = {"kind": "leader_unit_violation", "concluded_on": "2026-11-03",
            "reference": "KL 12/KL-TTr"}
    response = client.post(url, data=data, follow_redirects=True)
    assert "không giữ chức vụ lãnh đạo" in response.get_data(as_text=True)
    db.rollback()
    assert db.scalar(select(DegradationConclusion)) is None
    client.post(f"/admin/inputs/officers/{officer.id}/posts", data={
        "unit": "site", "title": "Phó Giám đốc", "started_on": "2026-01-01"})
    client.post(url, data=data)
    assert last_action(db) == "degradation.create"
    assert db.scalar(select(DegradationConclusion.kind)) == "leader_unit_violation"


def test_an_administrator_marks_a_site_for_the_quota_exception(client, login, db, officer):
    login("admin")
    page = client.get("/admin/outstanding-units").get_data(as_text=True)
    assert "Ngoại lệ hạn mức" in page
    client.post("/admin/outstanding-units", data={
        "site_id": str(officer.site_id), "year": "2026", "reference": "QĐ 45/QĐ-UBND"})
    assert last_action(db) == "outstanding_unit.create"
    response = client.post("/admin/outstanding-units", data={
        "site_id": str(officer.site_id), "year": "2026", "reference": "QĐ 46"})
    assert response.status_code == 400
    assert "đã được đánh dấu" in response.get_data(as_text=True)
    entry = db.scalar(select(OutstandingUnit))
    client.post(f"/admin/outstanding-units/{entry.id}/delete", data={})
    assert last_action(db) == "outstanding_unit.delete"
    assert db.scalar(select(OutstandingUnit)) is None
    bad = client.post("/admin/outstanding-units", data={
        "site_id": str(officer.site_id), "year": "1999", "reference": "x"})
    assert bad.status_code == 400
