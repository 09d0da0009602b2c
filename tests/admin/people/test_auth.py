"""Staff log-in and the role guard on console routes."""

from sqlalchemy import select

from models import AuditEntry
from tests.factories import PASSWORD


def test_the_console_redirects_to_log_in_when_signed_out(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login" in response.headers["Location"]


def test_a_staff_member_signs_in_and_sees_the_overview(client, login, db):
    user = login("leader")
    page = client.get("/admin/")
    assert page.status_code == 200 and "Hôm nay" in page.get_data(as_text=True)
    assert db.scalar(select(AuditEntry.action).where(AuditEntry.user_id == user.id)) == (
        "login.success"
    )


def test_a_wrong_password_is_refused_and_audited(client, make_user, db):
    user = make_user("hr")
    db.commit()
    response = client.post("/admin/login", data={"username": user.username, "password": "nope"})
    assert response.status_code == 200
    assert "không đúng" in response.get_data(as_text=True)
    assert db.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "login.failure"


def test_a_disabled_account_cannot_sign_in(client, make_user, db):
    user = make_user("leader", active=False)
    db.commit()
    response = client.post("/admin/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 200


def test_an_offsite_next_parameter_is_ignored(client, make_user, db):
    user = make_user("admin")
    db.commit()
    response = client.post(
        "/admin/login?next=//evil.example/", data={"username": user.username, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/admin/"
