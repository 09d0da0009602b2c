"""Accounts in the console: creation with the password policy, roles and scopes, password
reset (which also lifts a log-in delay), disabling (which ends sessions); CSRF on forms."""

import re

import pytest
from sqlalchemy import select

from models import User
from tests.factories import PASSWORD

NEW = {"username": "Thu.Ha", "full_name": "Nguyễn Thu Hà", "role": "liaison",
       "officer_id": 0, "new_password": "một câu đủ dài", "confirm": "một câu đủ dài"}


def test_an_administrator_creates_a_liaison_with_departments(client, login, db,
                                                             make_department):
    department = make_department()
    db.commit()
    login("admin")
    response = client.post("/admin/users/new", data={**NEW, "department_ids": [department.id]})
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.username == "thu.ha"))
    assert user.role == "liaison" and [d.id for d in user.departments] == [department.id]


@pytest.mark.parametrize("changes, message", [
    ({"new_password": "password1", "confirm": "password1"}, "quá phổ biến"),
    ({"new_password": "ngắn", "confirm": "ngắn"}, "ít nhất 8 ký tự"),
    ({"confirm": "khác hẳn rồi"}, "không khớp"),
    ({"role": "officer"}, "Chọn công chức sở hữu tài khoản này"),
    ({"email": "not-an-address"}, "địa chỉ thư điện tử hợp lệ"),
])
def test_account_form_errors_are_explained(client, login, db, changes, message):
    login("admin")
    response = client.post("/admin/users/new", data={**NEW, **changes})
    assert message in response.get_data(as_text=True)
    assert db.scalar(select(User).where(User.username == "thu.ha")) is None


def test_a_password_reset_lifts_the_log_in_delay_and_ends_sessions(app, client, login, db,
                                                                   make_user):
    victim = make_user("leader")
    db.commit()
    victim_client = app.test_client()
    victim_client.post("/admin/login", data={"username": victim.username, "password": PASSWORD})
    attacker = app.test_client()
    for _ in range(6):  # someone guesses: the username is now held back
        attacker.post("/admin/login", data={"username": victim.username, "password": "x" * 9})
    held = app.test_client().post("/admin/login",
                                  data={"username": victim.username, "password": PASSWORD},
                                  environ_base={"REMOTE_ADDR": "10.1.1.1"})
    assert held.status_code == 429
    login("admin")
    client.post(f"/admin/users/{victim.id}/password",
                data={"new_password": "mật khẩu mới an toàn", "confirm": "mật khẩu mới an toàn"})
    assert victim_client.get("/admin/").status_code == 302  # the old session has ended
    recovered = app.test_client().post(
        "/admin/login", data={"username": victim.username, "password": "mật khẩu mới an toàn"},
        environ_base={"REMOTE_ADDR": "10.1.1.1"})
    assert recovered.status_code == 302


def test_disabling_an_account_ends_its_sessions(app, client, login, db, make_user):
    user = make_user("hr")
    db.commit()
    other = app.test_client()
    other.post("/admin/login", data={"username": user.username, "password": PASSWORD})
    assert other.get("/admin/").status_code == 200
    admin = login("admin")
    client.post(f"/admin/users/{user.id}/active")
    assert other.get("/admin/").status_code == 302
    client.post(f"/admin/users/{admin.id}/active")  # one cannot lock oneself out
    db.expire_all()
    assert db.get(User, admin.id).active


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_a_console_form_without_its_csrf_token_is_refused(app, client, make_user, db):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user("admin")
    db.commit()
    token = csrf_token(client.get("/admin/login").get_data(as_text=True))
    client.post("/admin/login", data={"username": user.username, "password": PASSWORD,
                                      "csrf_token": token})
    refused = client.post("/admin/departments/new", data={"code": "X", "name": "Sở X"})
    assert refused.status_code == 400 and "hết hạn" in refused.get_data(as_text=True)
    forged = client.post("/admin/departments/new",
                         data={"code": "X", "name": "Sở X", "csrf_token": "forged"})
    assert forged.status_code == 400
    page = client.get("/admin/departments/new").get_data(as_text=True)
    accepted = client.post("/admin/departments/new", data={
        "code": "X", "name": "Sở X", "active": "y", "csrf_token": csrf_token(page)})
    assert accepted.status_code == 302
