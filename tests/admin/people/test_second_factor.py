"""Two-step sign-in: administrators and leaders enrol an authenticator app at their first
log-in and give its code every time after; a code works once; recovery codes stand in for a
lost phone; an administrator can reset the factor."""

import base64
import re
import threading
import time

import pyotp
import pytest
from sqlalchemy import select

from models import AuditEntry, RecoveryCode, StaffSession, User
from models.ops.second_factor import SeedBox, provisioning_uri
from render.qr import qr_svg
from tests.factories import PASSWORD

KEY = re.compile(r'<p class="secret"><code>([A-Z2-7 ]+)</code></p>')
RECOVERY = re.compile(r"<li><code>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})</code></li>")


@pytest.fixture
def app_config(app_config):
    """The shipped setting: administrators and centre leaders must use two-step sign-in."""
    return {**app_config, "TWO_FACTOR_ROLES": "admin,leader"}


def password_step(client, user, password=PASSWORD):
    return client.post("/admin/login", data={"username": user.username, "password": password})


def enrol(client, user) -> tuple[pyotp.TOTP, list[str]]:
    """Sign in for the first time: password, scan (read the key), confirm; return the app
    and the recovery codes shown."""
    assert password_step(client, user).headers["Location"] == "/admin/login/enrol"
    page = client.get("/admin/login/enrol").get_data(as_text=True)
    app = pyotp.TOTP(KEY.search(page).group(1).replace(" ", ""))
    shown = client.post("/admin/login/enrol", data={"code": app.now()})
    assert shown.status_code == 200
    return app, RECOVERY.findall(shown.get_data(as_text=True))


def code_of_next_step(app: pyotp.TOTP) -> str:
    """Return the code of the next 30-second step (accepted for clock drift, not yet used)."""
    return app.at(time.time() + 30)


def test_a_leader_must_set_up_the_app_at_the_first_log_in(client, make_user, db):
    leader = make_user("leader")
    db.commit()
    response = password_step(client, leader)
    assert response.headers["Location"] == "/admin/login/enrol"
    assert client.get("/admin/").status_code == 302  # not signed in yet
    page = client.get("/admin/login/enrol").get_data(as_text=True)
    assert "Thiết lập đăng nhập hai bước" in page and 'src="data:image/svg+xml;base64,' in page
    wrong = client.post("/admin/login/enrol", data={"code": "000000"})
    assert "Mã không đúng" in wrong.get_data(as_text=True)
    seed = KEY.search(page).group(1).replace(" ", "")
    app = pyotp.TOTP(seed)
    shown_qr = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page).group(1)
    uri = provisioning_uri(seed, leader.username, "Hài Lòng")
    assert base64.b64decode(shown_qr) == qr_svg(uri)
    assert uri.startswith(f"otpauth://totp/H%C3%A0i%20L%C3%B2ng:{leader.username}?secret=")
    shown = client.post("/admin/login/enrol", data={"code": app.now()})
    codes = RECOVERY.findall(shown.get_data(as_text=True))
    assert len(codes) == len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200
    db.rollback()  # a new snapshot: see what the requests wrote
    db.expire_all()
    assert db.get(User, leader.id).totp_enabled_at is not None
    actions = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["user.second_factor_enable", "login.success"]


def test_an_officer_signs_in_with_a_password_alone(client, make_user, db):
    officer = make_user("officer")
    db.commit()
    assert password_step(client, officer).headers["Location"] == "/admin/"


def test_after_enrolment_every_log_in_asks_for_a_code_and_takes_each_code_once(
    app, client, make_user, db
):
    admin = make_user("admin")
    db.commit()
    totp, _codes = enrol(client, admin)
    client.post("/admin/logout")
    assert password_step(client, admin).headers["Location"] == "/admin/login/code"
    code = code_of_next_step(totp)
    assert client.post("/admin/login/code", data={"code": code}).status_code == 302
    assert client.get("/admin/").status_code == 200
    thief = app.test_client()  # saw the code over the shoulder, knows the password
    password_step(thief, admin)
    replayed = thief.post("/admin/login/code", data={"code": code})
    assert "đã được dùng" in replayed.get_data(as_text=True)
    assert thief.get("/admin/").status_code == 302


def test_one_code_sent_twice_at_the_same_instant_signs_in_once(app, build_app, app_config,
                                                               make_user, db):
    leader = make_user("leader")
    db.commit()
    totp, _codes = enrol(app.test_client(), leader)
    clients = [app.test_client(), build_app(app_config).test_client()]
    for client in clients:
        assert password_step(client, leader).headers["Location"] == "/admin/login/code"
    code, barrier, statuses = code_of_next_step(totp), threading.Barrier(2), []

    def send(client):
        barrier.wait()
        statuses.append(client.post("/admin/login/code", data={"code": code}).status_code)

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 302]  # one signed in, the other shown the error
    assert sorted(c.get("/admin/").status_code for c in clients) == [200, 302]


def test_a_recovery_code_stands_in_for_the_phone_once(client, make_user, db):
    leader = make_user("leader")
    db.commit()
    _totp, codes = enrol(client, leader)
    client.post("/admin/logout")
    password_step(client, leader)
    used = codes[3].lower().replace("-", " ")  # typed loosely
    assert client.post("/admin/login/code", data={"code": used}).status_code == 302
    client.post("/admin/logout")
    password_step(client, leader)
    again = client.post("/admin/login/code", data={"code": codes[3]})
    assert again.status_code == 200 and client.get("/admin/").status_code == 302
    db.rollback()  # a new snapshot: see what the requests wrote
    db.expire_all()
    stored = db.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and all(h.startswith("$argon2id$") for h in stored)
    assert not any(code.replace("-", "") in h for h in stored for code in codes)


def test_wrong_codes_are_throttled_and_audited(client, make_user, db):
    leader = make_user("leader")
    db.commit()
    enrol(client, leader)
    client.post("/admin/logout")
    password_step(client, leader)
    statuses = [client.post("/admin/login/code", data={"code": "123456"}).status_code
                for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    db.rollback()
    actions = db.scalars(select(AuditEntry.action)).all()
    assert actions.count("login.second_factor_failure") == 5
    assert actions.count("login.second_factor_throttled") == 1


def test_the_step_between_password_and_code_lasts_five_minutes(client, make_user, db,
                                                               monkeypatch):
    leader = make_user("leader")
    db.commit()
    totp, _codes = enrol(client, leader)
    client.post("/admin/logout")
    password_step(client, leader)
    later = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post("/admin/login/code", data={"code": totp.at(later)})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/login"


def test_the_seed_is_stored_sealed_with_a_key_from_secret_key(app, client, make_user, db):
    leader = make_user("leader")
    db.commit()
    password_step(client, leader)
    page = client.get("/admin/login/enrol").get_data(as_text=True)
    seed = KEY.search(page).group(1).replace(" ", "")
    db.rollback()  # a new snapshot: see what the requests wrote
    db.expire_all()
    sealed = db.get(User, leader.id).totp_secret
    assert seed not in sealed
    assert SeedBox([app.config["SECRET_KEY"]]).open(sealed) == seed
    assert SeedBox(["another-secret-key-0123456789abcdefgh"]).open(sealed) is None
    rotated = SeedBox(["a-new-secret-key-0123456789abcdefghij", app.config["SECRET_KEY"]])
    assert rotated.open(sealed) == seed  # SECRET_KEY_FALLBACKS still open it


def test_an_administrator_resets_a_lost_factor_and_the_person_enrols_again(
    app, client, login, make_user, db
):
    leader = make_user("leader")
    db.commit()
    phone = app.test_client()
    enrol(phone, leader)
    assert phone.get("/admin/").status_code == 200
    admin = make_user("admin", totp_enabled_at=None)
    db.commit()
    enrol(client, admin)
    response = client.post(f"/admin/users/{leader.id}/second-factor/reset")
    assert response.status_code == 302
    assert phone.get("/admin/").status_code == 302  # its sessions ended
    assert password_step(phone, leader).headers["Location"] == "/admin/login/enrol"
    db.rollback()  # a new snapshot: see what the requests wrote
    db.expire_all()
    assert db.scalar(select(RecoveryCode.id).where(RecoveryCode.user_id == leader.id)) is None
    reasons = db.scalars(select(StaffSession.end_reason).where(
        StaffSession.user_id == leader.id, StaffSession.ended_at.is_not(None))).all()
    assert "second_factor_reset" in reasons


def test_anyone_may_turn_it_on_from_the_account_page_with_their_password(client, login, db):
    user = login("hr")
    page = client.get("/admin/account/two-factor").get_data(as_text=True)
    assert "Đang tắt" in page
    refused = client.post("/admin/account/two-factor",
                          data={"action": "start", "password": "wrong"})
    assert "Mật khẩu không đúng" in refused.get_data(as_text=True)
    started = client.post("/admin/account/two-factor",
                          data={"action": "start", "password": PASSWORD})
    totp = pyotp.TOTP(KEY.search(started.get_data(as_text=True)).group(1).replace(" ", ""))
    shown = client.post("/admin/account/two-factor",
                        data={"action": "confirm", "code": totp.now()})
    codes = RECOVERY.findall(shown.get_data(as_text=True))
    assert len(codes) == 10
    client.post("/admin/logout")
    assert password_step(client, user).headers["Location"] == "/admin/login/code"
    client.post("/admin/login/code", data={"code": code_of_next_step(totp)})
    without_code = client.post("/admin/account/two-factor",
                               data={"action": "disable", "password": PASSWORD})
    assert "Mã không đúng" in without_code.get_data(as_text=True)
    db.rollback()  # a new snapshot: see what the requests wrote
    db.expire_all()
    assert db.get(User, user.id).totp_enabled_at is not None
    client.post("/admin/account/two-factor", data={  # a recovery code proves it too
        "action": "disable", "password": PASSWORD, "code": codes[0]})
    db.rollback()  # a new snapshot: see what the requests wrote
    db.expire_all()
    assert db.get(User, user.id).totp_enabled_at is None


def test_a_leader_cannot_turn_it_off(client, make_user, db):
    leader = make_user("leader")
    db.commit()
    totp, _codes = enrol(client, leader)
    page = client.get("/admin/account/two-factor").get_data(as_text=True)
    assert 'value="disable"' not in page
    client.post("/admin/account/two-factor", data={
        "action": "disable", "password": PASSWORD, "code": code_of_next_step(totp)})
    db.rollback()  # a new snapshot: see what the requests wrote
    db.expire_all()
    assert db.get(User, leader.id).totp_enabled_at is not None


def test_the_command_line_resets_a_factor_when_no_administrator_can(client, make_user, db,
                                                                    runner):
    admin = make_user("admin")
    db.commit()
    enrol(client, admin)
    result = runner.invoke(args=["reset-second-factor", "--username", admin.username.upper()])
    assert result.exit_code == 0 and "reset" in result.output
    assert client.get("/admin/").status_code == 302
    assert password_step(client, admin).headers["Location"] == "/admin/login/enrol"
    unknown = runner.invoke(args=["reset-second-factor", "--username", "nobody"])
    assert unknown.exit_code == 1 and "No account is named" in unknown.output


def test_turning_the_factor_on_signs_the_accounts_other_browsers_out(app, client, login, db):
    user = login("hr")
    other = app.test_client()
    other.post("/admin/login", data={"username": user.username, "password": PASSWORD})
    started = client.post("/admin/account/two-factor",
                          data={"action": "start", "password": PASSWORD})
    totp = pyotp.TOTP(KEY.search(started.get_data(as_text=True)).group(1).replace(" ", ""))
    client.post("/admin/account/two-factor", data={"action": "confirm", "code": totp.now()})
    assert client.get("/admin/").status_code == 200
    assert other.get("/admin/").status_code == 302
