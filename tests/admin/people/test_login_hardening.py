"""The log-in against an attacker: no open redirect, throttles that hold under concurrency
across hosts, the same work for an unknown name, current password hashes, and a throttled,
audited current-password check."""

import threading
import time

import pytest
from sqlalchemy import func, select

from admin.people import login as login_module
from admin.people.passwords import unknown_user_hash
from models import AuditEntry, User
from tests.factories import PASSWORD

WRONG = "not the password"


def attempt(client, username, password=WRONG, query=""):
    return client.post(f"/admin/login{query}", data={"username": username, "password": password})


@pytest.mark.parametrize("target", [
    "/%09/evil.example/",          # a tab: browsers drop it and read //evil.example/
    "/\t/evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https://evil.example/admin/",
    "/%0A%0DSet-Cookie:x=1",       # a line break: used to be a 500
    "/\nLocation: https://evil.example/",
    "/admin\x00/",
    "/other-app/",
    "javascript:alert(1)",
])
def test_next_never_leads_off_the_console(client, make_user, db, target):
    user = make_user("leader")
    db.commit()
    response = client.post("/admin/login", query_string={"next": target},
                           data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


@pytest.mark.parametrize("target", ["/admin/ratings", "/admin/ratings?level=1&page=2",
                                    "/admin/officers/3"])
def test_next_within_the_console_is_followed(client, make_user, db, target):
    user = make_user("leader")
    db.commit()
    response = client.post("/admin/login", query_string={"next": target},
                           data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"] == target


def test_an_unknown_or_disabled_name_costs_a_password_check_like_a_wrong_password(
    client, make_user, db, monkeypatch
):
    checked = []
    real = login_module.password_matches
    monkeypatch.setattr(login_module, "password_matches",
                        lambda stored, typed: checked.append(stored) or real(stored, typed))
    disabled = make_user("hr", active=False)
    known = make_user("hr")
    db.commit()
    for name in ("nobody-by-this-name", disabled.username, known.username):
        response = attempt(client, name)
        assert response.status_code == 200 and "không đúng" in response.get_data(as_text=True)
    assert checked == [unknown_user_hash(), disabled.password_hash, known.password_hash]
    assert unknown_user_hash().startswith("$argon2id$")


def test_a_right_password_under_an_older_hash_is_rehashed_with_argon2id(client, make_user, db):
    user = make_user("hr")  # the factory's fast PBKDF2 hash
    db.commit()
    assert attempt(client, user.username, PASSWORD).status_code == 302
    db.expire_all()
    stored = db.get(User, user.id).password_hash
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    client.post("/admin/logout")
    assert attempt(client, user.username, PASSWORD).status_code == 302


def _burst(clients, username, password=WRONG, query=""):
    """Send one attempt per client, all at the same moment; return the statuses."""
    barrier = threading.Barrier(len(clients))
    statuses = [None] * len(clients)

    def send(index, client):
        barrier.wait()
        statuses[index] = attempt(client, username, password, query).status_code

    threads = [threading.Thread(target=send, args=pair) for pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.parametrize("free_failures, checked", [
    (2, 3),     # the default: two free failures, then the third closes the delay gate
    (100, 5),   # without the delay, the username's limit of 5 a minute binds
])
def test_twenty_simultaneous_guesses_on_two_hosts_get_exactly_the_checks_allowed(
    build_app, app_config, make_user, db, monkeypatch, free_failures, checked
):
    frozen = time.time()
    monkeypatch.setattr(time, "time", lambda: frozen)  # the gate stays shut during the burst
    user = make_user("leader")
    db.commit()
    config = {**app_config, "LOGIN_FREE_FAILURES": free_failures}
    hosts = [build_app(config), build_app(config)]
    clients = [hosts[n % 2].test_client() for n in range(20)]
    for n, client in enumerate(clients):  # twenty addresses: only the username's limit binds
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
    statuses = _burst(clients, user.username)
    assert sorted(statuses) == [200] * checked + [429] * (20 - checked)
    db.rollback()
    failures = db.scalar(select(func.count()).select_from(AuditEntry)
                         .where(AuditEntry.action == "login.failure"))
    throttled = db.scalar(select(func.count()).select_from(AuditEntry)
                          .where(AuditEntry.action == "login.throttled"))
    assert (failures, throttled) == (checked, 1)  # one entry for the refusals, not fifteen


def test_the_current_password_check_is_throttled_and_audited(client, login, db):
    login("officer")
    form = {"current_password": WRONG, "new_password": "một mật khẩu mới dài",
            "confirm": "một mật khẩu mới dài"}
    statuses = [client.post("/admin/account/password", data=form).status_code
                for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    refused = client.post("/admin/account/password", data={**form,
                                                            "current_password": PASSWORD})
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    db.rollback()
    actions = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions.count("user.password_change_failure") == 5
    assert actions.count("user.password_change_throttled") == 1
    assert "user.password_change" not in actions


def test_a_flood_of_refused_attempts_is_one_entry_and_then_a_summary(
    client, build_app, app_config, make_user, db, monkeypatch
):
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    flooded = build_app({**app_config, "LOGIN_LIMITS_PER_USERNAME": "3/minute",
                         "LOGIN_FREE_FAILURES": 100}).test_client()
    user = make_user("leader")
    db.commit()
    statuses = [attempt(flooded, user.username).status_code for _ in range(23)]
    assert statuses == [200] * 3 + [429] * 20
    now[0] += 61
    assert attempt(flooded, user.username, PASSWORD).status_code == 302
    db.rollback()
    entries = db.execute(select(AuditEntry.action, AuditEntry.note)).all()
    actions = [action for action, _note in entries]
    assert actions.count("login.throttled") == 1
    (summary,) = [note for action, note in entries if action == "throttle.summary"]
    assert summary.startswith("20 attempts refused")
