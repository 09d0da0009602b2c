"""Console sessions live on the server: signing out, a password change or reset, a disabled
account and "end this session" end them wherever the cookie was copied to."""

from http.cookies import SimpleCookie

import pytest
from sqlalchemy import select

from models import AuditEntry, StaffSession, User
from tests.factories import PASSWORD

RATINGS = "/admin/ratings"


def saved_cookie(client) -> str:
    """Return the session cookie the client holds now (as an attacker would copy it)."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def replay(app, cookie: str, path: str = RATINGS):
    """Send a request from another browser that carries a copied session cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.get(path)


def signed_out(response) -> bool:
    return response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_a_cookie_saved_before_log_out_no_longer_works_after_it(app, client, login, db):
    login("leader")
    cookie = saved_cookie(client)
    assert replay(app, cookie).status_code == 200
    response = client.post("/admin/logout")
    assert response.status_code == 302 and response.headers["Clear-Site-Data"] == '"cache"'
    assert signed_out(replay(app, cookie))
    record = db.scalar(select(StaffSession))
    assert record.end_reason == "logout" and record.ended_at is not None


def test_a_password_change_ends_every_other_copy_but_keeps_this_browser(app, client, login, db):
    login("leader")
    stolen = saved_cookie(client)
    response = client.post("/admin/account/password", data={
        "current_password": PASSWORD, "new_password": "một câu mật khẩu mới dài",
        "confirm": "một câu mật khẩu mới dài"})
    assert response.status_code == 302
    assert client.get(RATINGS).status_code == 200
    assert signed_out(replay(app, stolen))  # the old secret of this very session is dead too


def test_a_password_reset_and_disabling_end_the_accounts_sessions(app, client, login, db,
                                                                  make_user):
    victim = make_user("hr")
    db.commit()
    other = app.test_client()
    other.post("/admin/login", data={"username": victim.username, "password": PASSWORD})
    cookie = saved_cookie(other)
    login("admin")
    client.post(f"/admin/users/{victim.id}/password", data={
        "new_password": "mật khẩu mới cho bạn", "confirm": "mật khẩu mới cho bạn"})
    assert signed_out(replay(app, cookie, "/admin/"))
    other.post("/admin/login", data={"username": victim.username,
                                     "password": "mật khẩu mới cho bạn"})
    cookie = saved_cookie(other)
    assert replay(app, cookie, "/admin/").status_code == 200
    client.post(f"/admin/users/{victim.id}/active")
    assert signed_out(replay(app, cookie, "/admin/"))
    reasons = db.scalars(select(StaffSession.end_reason).where(
        StaffSession.user_id == victim.id).order_by(StaffSession.id)).all()
    assert reasons == ["password_reset", "account_disabled"]


def test_the_account_page_lists_sessions_and_ends_one_of_them(app, client, login, db):
    user = login("liaison")
    laptop = app.test_client()
    laptop.environ_base["HTTP_USER_AGENT"] = "Laptop-phong-hop"
    laptop.post("/admin/login", data={"username": user.username, "password": PASSWORD})
    page = client.get("/admin/account/sessions").get_data(as_text=True)
    assert "Laptop-phong-hop" in page and "trình duyệt này" in page
    laptop_record = db.scalar(select(StaffSession).where(
        StaffSession.user_agent == "Laptop-phong-hop"))
    refused = client.post("/admin/account/sessions",
                          data={"end": laptop_record.id, "password": "not mine"})
    assert "Mật khẩu không đúng" in refused.get_data(as_text=True)
    assert laptop.get("/admin/").status_code == 200
    response = client.post("/admin/account/sessions",
                           data={"end": laptop_record.id, "password": PASSWORD})
    assert response.status_code == 302
    assert signed_out(laptop.get("/admin/"))
    assert client.get("/admin/").status_code == 200
    db.rollback()  # end the test's read snapshot to see what the requests wrote
    action = db.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()))
    assert action == "session.end"


def test_ending_every_other_session_keeps_only_this_one(app, client, login, db):
    user = login("hr")
    others = [app.test_client() for _ in range(2)]
    for other in others:
        other.post("/admin/login", data={"username": user.username, "password": PASSWORD})
    client.post("/admin/account/sessions", data={"end": "others", "password": PASSWORD})
    assert all(signed_out(other.get("/admin/")) for other in others)
    assert client.get("/admin/").status_code == 200


def test_nobody_can_end_a_session_of_another_account(app, client, login, db, make_user):
    victim = make_user("leader")
    db.commit()
    other = app.test_client()
    other.post("/admin/login", data={"username": victim.username, "password": PASSWORD})
    record = db.scalar(select(StaffSession).where(StaffSession.user_id == victim.id))
    login("officer")
    response = client.post("/admin/account/sessions",
                           data={"end": record.id, "password": PASSWORD})
    assert response.status_code == 404
    assert other.get("/admin/").status_code == 200


def test_the_cookie_carries_a_secret_whose_hash_only_is_stored(client, login, db):
    login("leader")
    cookie = saved_cookie(client)
    record = db.scalar(select(StaffSession))
    stored = db.execute(select(StaffSession.__table__)).mappings().one()
    assert record.token_hash in stored.values()
    with client.session_transaction() as session:
        secret = session["_user_id"]
    assert secret not in str(dict(stored)) and len(secret) >= 40
    assert SimpleCookie(f"session={cookie}")["session"].value == cookie


def test_a_disabled_account_with_an_open_session_is_signed_out_on_its_next_request(
    client, login, db
):
    user = login("leader")
    db.get(User, user.id).active = False  # e.g. disabled directly in the database
    db.commit()
    assert signed_out(client.get("/admin/"))


def test_an_administrator_signs_a_person_out_everywhere(app, client, login, db, make_user):
    person = make_user("liaison")
    db.commit()
    browsers = [app.test_client() for _ in range(2)]
    for browser in browsers:
        browser.post("/admin/login", data={"username": person.username, "password": PASSWORD})
    login("admin")
    assert client.post(f"/admin/users/{person.id}/sessions/end").status_code == 302
    assert all(signed_out(browser.get("/admin/")) for browser in browsers)
    db.rollback()
    assert db.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == (
        "user.sessions_end")


def test_the_command_line_signs_everyone_out(app, client, login, db, runner):
    login("leader")
    other = app.test_client()
    user = login("hr")
    other.post("/admin/login", data={"username": user.username, "password": PASSWORD})
    result = runner.invoke(args=["end-sessions", "--all"])
    assert result.exit_code == 0 and "3 sessions" in result.output
    assert signed_out(client.get("/admin/")) and signed_out(other.get("/admin/"))


@pytest.mark.parametrize("end", ["99999999999999999999", "-1", "١", "abc", ""])
def test_a_session_number_that_cannot_be_one_is_ignored_not_a_500(client, login, end):
    login("hr")
    response = client.post("/admin/account/sessions", data={"end": end, "password": PASSWORD})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 200
