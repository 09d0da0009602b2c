"""Log-in throttling with progressive delay and recovery; session lifetime; cookies."""

import hashlib
import time

import pytest
from sqlalchemy import select

from admin.people import throttle
from models import StaffSession
from tests.factories import PASSWORD


@pytest.fixture
def clock(monkeypatch):
    """Move time forward in tests: the throttle and the limiter's storage both read it."""

    class Clock:
        now = time.time()

        def __call__(self):
            return self.now

        def advance(self, seconds):
            self.now += seconds

    fake = Clock()
    monkeypatch.setattr(time, "time", fake)
    return fake


WRONG = "wrong password"


def attempt(client, username, password=WRONG, **kwargs):
    return client.post("/admin/login", data={"username": username, "password": password},
                       **kwargs)


@pytest.mark.parametrize("failures, delay", [(1, 0), (2, 0), (3, 1), (4, 2), (5, 4), (9, 30)])
def test_the_delay_grows_with_each_failure_and_is_capped(failures, delay):
    assert throttle.progressive_delay(failures) == delay


def test_after_a_few_failures_the_next_attempt_must_wait(client, make_user, db, clock):
    user = make_user("leader")
    db.commit()
    for _ in range(3):
        assert attempt(client, user.username).status_code == 200
    refused = attempt(client, user.username, PASSWORD)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    assert "Vui lòng chờ 1 giây" in refused.get_data(as_text=True)
    clock.advance(1.5)
    assert attempt(client, user.username, PASSWORD).status_code == 302


def test_five_failures_a_minute_lock_the_username_until_the_minute_ends(
    client, make_user, db, clock
):
    user = make_user("leader")
    db.commit()
    for wait in (0, 0, 0, 1.5, 2.5):  # each waits out the progressive delay
        clock.advance(wait)
        assert attempt(client, user.username).status_code == 200
    clock.advance(5)  # the delay after the fifth failure is over, the minute is not
    assert attempt(client, user.username, PASSWORD).status_code == 429
    clock.advance(61)
    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 302  # recovered by itself, no unlock needed


def test_a_successful_log_in_clears_the_failures(app, client, make_user, db, clock):
    user = make_user("leader")
    db.commit()
    attempt(client, user.username)
    attempt(client, user.username)
    assert attempt(client, user.username, PASSWORD).status_code == 302
    with app.app_context():
        assert throttle.failures_this_hour(user.username) == 0


def test_failures_from_one_client_are_limited_across_usernames(client, clock):
    for number in range(20):
        assert attempt(client, f"guess{number}").status_code == 200
    assert attempt(client, "another").status_code == 429


def test_another_client_is_not_held_back_by_a_noisy_one(client, make_user, db, clock):
    user = make_user("hr")
    db.commit()
    for number in range(20):
        attempt(client, f"guess{number}")
    other = attempt(client, user.username, PASSWORD,
                    environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 302


def test_throttled_attempts_are_audited(client, make_user, db, clock):
    from sqlalchemy import select

    from models import AuditEntry

    user = make_user("leader")
    db.commit()
    for _ in range(4):
        attempt(client, user.username)
    actions = list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions.count("login.failure") == 3 and actions[-1] == "login.throttled"


def test_log_in_starts_a_new_session(client, make_user, db):
    user = make_user("leader")
    db.commit()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        session["lang"] = "en"
    attempt(client, user.username, PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["lang"] == "en"
        token = session["_user_id"]
    record = db.scalar(select(StaffSession))
    assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert record.user_id == user.id and record.stage == "full" and record.ended_at is None


def test_an_idle_session_ends_after_thirty_minutes(client, login, clock):
    login("leader")
    clock.advance(29 * 60)
    assert client.get("/admin/").status_code == 200
    clock.advance(29 * 60)
    assert client.get("/admin/").status_code == 200  # the last request reset the idle clock
    clock.advance(31 * 60)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_a_session_ends_twelve_hours_after_log_in_however_busy(client, login, clock):
    login("leader")
    for _ in range(30):  # a request every 25 minutes for 12.5 hours
        clock.advance(25 * 60)
        client.get("/admin/")
    response = client.get("/admin/")
    assert response.status_code == 302


def test_changing_the_password_ends_other_sessions_but_keeps_this_one(app, client, login, db):
    user = login("leader")
    other = app.test_client()
    other.post("/admin/login", data={"username": user.username, "password": PASSWORD})
    assert other.get("/admin/").status_code == 200
    response = client.post(
        "/admin/account/password",
        data={"current_password": PASSWORD, "new_password": "a brand new passphrase",
              "confirm": "a brand new passphrase"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert other.get("/admin/").status_code == 302


def test_a_new_password_must_follow_the_policy(client, login):
    login("leader")
    response = client.post(
        "/admin/account/password",
        data={"current_password": PASSWORD, "new_password": "12345678", "confirm": "12345678"},
    )
    assert response.status_code == 200
    assert "quá phổ biến" in response.get_data(as_text=True)


def test_the_current_password_is_checked(client, login):
    login("leader")
    response = client.post(
        "/admin/account/password",
        data={"current_password": "not it at all", "new_password": "a brand new passphrase",
              "confirm": "a brand new passphrase"},
    )
    assert "Mật khẩu hiện tại không đúng" in response.get_data(as_text=True)


def test_session_cookie_is_httponly_and_lax_and_secure_only_over_https(client, make_user, db):
    user = make_user("leader")
    db.commit()
    plain = attempt(client, user.username, PASSWORD).headers["Set-Cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    secure = attempt(client, user.username, PASSWORD, base_url="https://localhost")
    cookie = secure.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=") and "Secure" in cookie and "Path=/" in cookie
    assert "Domain" not in cookie
    assert client.get("/admin/", base_url="https://localhost").status_code == 200


def test_behind_a_trusted_proxy_forwarded_https_counts(build_app, app_config, make_user, db):
    user = make_user("leader")
    db.commit()
    proxied = build_app({**app_config, "TRUSTED_PROXIES": 1}).test_client()
    response = attempt(proxied, user.username, PASSWORD,
                       headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4"})
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


def test_a_nul_in_the_username_is_dropped_and_counts_for_the_name_it_spells(
    client, make_user, db, clock
):
    user = make_user("leader")
    db.commit()
    spelled = user.username[:2] + "\x00" + user.username[2:]
    for _ in range(3):
        assert attempt(client, spelled).status_code == 200
    assert attempt(client, user.username, PASSWORD).status_code == 429
    clock.advance(1.5)
    assert attempt(client, spelled, PASSWORD).status_code == 302
