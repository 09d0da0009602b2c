"""The tablet's API besides ratings: device secret, pairing, state, officers, sign-in, heartbeat."""

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import AuditEntry, OfficerSignIn, PinLockout, Tablet
from models.ops.devices import issue_pairing_code, revoke_tablet
from tests.kiosk.tablet_support import (  # noqa: F401 - fixtures
    NOW,
    frozen_now_fixture,
    open_visit,
    paired_fixture,
    signed_in,
)

TABLET_CALLS = [
    ("get", "/api/v1/kiosk/state"),
    ("get", "/api/v1/kiosk/officers"),
    ("get", "/api/v1/kiosk/officers/1/photo"),
    ("post", "/api/v1/kiosk/sign-in"),
    ("post", "/api/v1/kiosk/sign-out"),
    ("post", "/api/v1/kiosk/ratings"),
    ("post", "/api/v1/kiosk/heartbeat"),
]


@pytest.mark.parametrize("headers", [{}, {"X-Tablet-Key": ""}, {"X-Tablet-Key": "guess"},
                                     {"X-Tablet-Key": "x" * 500}])
def test_a_call_without_a_known_device_secret_is_refused(client, paired, headers):
    for method, path in TABLET_CALLS:
        response = getattr(client, method)(path, headers=headers, json={})
        assert response.status_code == 401, path
        assert response.json["error"]["code"] == "tablet_unknown", path


def test_the_secret_is_not_accepted_as_a_cookie(client, paired):
    client.set_cookie("X-Tablet-Key", paired.secret)
    assert client.get("/api/v1/kiosk/state").status_code == 401


def test_a_revoked_tablet_is_refused(client, db, paired):
    revoke_tablet(db, db.get(Tablet, paired.tablet_id))
    db.commit()
    for method, path in TABLET_CALLS:
        response = getattr(client, method)(path, headers=paired.headers, json={})
        assert (response.status_code, response.json["error"]["code"]) == (
            403, "tablet_revoked"), path


def test_pairing_answers_the_secret_once_and_stores_only_its_hash(client, db, make_counter):
    counter = make_counter()
    issued = issue_pairing_code(db, counter)
    db.commit()
    response = client.post("/api/v1/kiosk/pair", json={"code": issued.code})
    assert response.status_code == 201
    secret = response.json["secret"]
    tablet = db.get(Tablet, response.json["tablet_id"])
    assert tablet.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert tablet.counter_id == counter.id and response.json["counter"]["code"] == counter.code
    assert db.scalar(select(AuditEntry.action).where(AuditEntry.object_id == str(tablet.id)))
    again = client.post("/api/v1/kiosk/pair", json={"code": issued.code})
    assert (again.status_code, again.json["error"]["code"]) == (400, "invalid_pairing_code")
    assert client.get("/api/v1/kiosk/state", headers={"X-Tablet-Key": secret}).status_code == 200


def test_pairing_refuses_what_is_not_a_valid_code(client):
    for body, code in [
        ({"code": "000000"}, "invalid_pairing_code"),
        ({"code": 123456}, "invalid_body"),
        ({}, "invalid_body"),
        ({"code": "1" * 17}, "invalid_body"),
        ({"code": "123456", "name": ["tablet"]}, "invalid_body"),
        ({"code": "12\ud80034"}, "invalid_body"),
        ({"code": "12\x0034"}, "invalid_body"),
        ([1, 2], "invalid_body"),
    ]:
        response = client.post("/api/v1/kiosk/pair", json=body)
        assert (response.status_code, response.json["error"]["code"]) == (400, code), body


def test_a_name_that_cannot_be_stored_is_refused_and_the_code_kept(client, db, make_counter):
    issued = issue_pairing_code(db, make_counter())
    db.commit()
    for name in ("Máy \ud800", "Máy\x001"):
        response = client.post("/api/v1/kiosk/pair", json={"code": issued.code, "name": name})
        assert (response.status_code, response.json["error"]["code"]) == (400, "invalid_body")
    assert client.post("/api/v1/kiosk/pair", json={"code": issued.code}).status_code == 201


def test_pairing_attempts_are_rate_limited(app_config, build_app):
    app = build_app({**app_config, "KIOSK_PAIR_RATE_LIMIT": "3 per minute"})
    client = app.test_client()
    codes = [client.post("/api/v1/kiosk/pair", json={"code": "000000"}).status_code
             for _ in range(4)]
    assert codes == [400, 400, 400, 429]


def test_state_shows_the_counter_and_questionnaire_while_nobody_is_signed_in(client, paired):
    state = client.get("/api/v1/kiosk/state", headers=paired.headers).json
    counter = paired.officer.counters[0]
    assert state["counter"]["number"] == counter.number and state["officer"] is None
    assert state["counter"]["cooldown_seconds"] == 20
    levels = [i["label_vi"] for i in state["questionnaire"]["items"] if i["group"] == "overall"]
    assert levels == ["Rất hài lòng", "Hài lòng", "Không hài lòng"]
    assert state["server_time"] == NOW.isoformat() and state["visit"] is None


def test_state_shows_the_signed_in_officer_and_when_their_sign_in_ends(client, db, paired):
    signed_in(db, paired.officer, paired.tablet_id, NOW - timedelta(hours=1))
    db.commit()
    officer = client.get("/api/v1/kiosk/state", headers=paired.headers).json["officer"]
    assert officer["full_name"] == "Nguyễn Thị Hồng Anh" and officer["initials"] == "NA"
    assert officer["title"] == "Chuyên viên" and officer["has_photo"] is False
    assert officer["ends_at"] == NOW.replace(hour=10).isoformat()  # 17:00 local


@pytest.mark.parametrize(
    "change, shown",
    [
        ({}, True),
        ({"closed_at": NOW}, False),
        ({"used_at": NOW}, False),
        ({"token_expires_at": NOW - timedelta(seconds=1)}, False),
        ({"officer": "colleague"}, False),
    ],
)
def test_state_shows_an_open_visit_of_the_signed_in_officer(
    client, db, paired, make_officer, change, shown
):
    signed_in(db, paired.officer, paired.tablet_id, NOW - timedelta(hours=1))
    officer = paired.officer
    if change.pop("officer", None):
        officer = make_officer(counter=paired.officer.counters[0])
    visit = open_visit(db, officer, now=NOW, dossier_code="H12.34-261102-0007", **change)
    db.commit()
    state = client.get("/api/v1/kiosk/state", headers=paired.headers).json
    expected = {"id": visit.id, "ticket_number": "A-017", "dossier_code": "H12.34-261102-0007",
                "opened_at": visit.opened_at.isoformat()}
    assert state["visit"] == (expected if shown else None)


def test_an_officer_still_signed_in_after_closing_time_is_signed_out_on_the_next_call(
    client, db, paired
):
    yesterday = NOW - timedelta(days=1)
    signed_in(db, paired.officer, paired.tablet_id, yesterday)
    db.commit()
    assert client.get("/api/v1/kiosk/state", headers=paired.headers).json["officer"] is None
    row = db.scalar(select(OfficerSignIn))
    db.refresh(row)
    assert (row.signed_out_at, row.sign_out_reason) == (
        yesterday.replace(hour=10), "closing_time")


def test_officers_are_listed_for_the_counter_with_any_lock(client, db, paired, make_officer):
    colleague = make_officer(counter=paired.officer.counters[0], full_name="Trần Văn Bình")
    make_officer(full_name="Lê Thị Cúc")  # another site
    db.add(PinLockout(officer_id=colleague.id, tablet_id=paired.tablet_id, failures=0,
                      locked_until=NOW + timedelta(minutes=3)))
    db.commit()
    officers = client.get("/api/v1/kiosk/officers", headers=paired.headers).json["officers"]
    assert [o["full_name"] for o in officers] == ["Nguyễn Thị Hồng Anh", "Trần Văn Bình"]
    assert [o["locked_until"] for o in officers] == [
        None, (NOW + timedelta(minutes=3)).isoformat()]


def test_a_photo_is_served_to_the_tablet_of_the_officers_counter_only(
    client, db, paired, make_officer
):
    jpeg = b"\xff\xd8\xff\xe0 not really a face"
    paired.officer.photo = jpeg
    stranger = make_officer(photo=jpeg)
    db.commit()
    url = f"/api/v1/kiosk/officers/{paired.officer.id}/photo"
    response = client.get(url, headers=paired.headers)
    assert (response.status_code, response.mimetype, response.data) == (200, "image/jpeg", jpeg)
    assert client.get(url).status_code == 401
    other = client.get(f"/api/v1/kiosk/officers/{stranger.id}/photo", headers=paired.headers)
    assert (other.status_code, other.json["error"]["code"]) == (404, "no_photo")


def test_without_a_photo_the_tablet_is_told_to_show_initials(client, paired):
    url = f"/api/v1/kiosk/officers/{paired.officer.id}/photo"
    assert client.get(url, headers=paired.headers).json["error"]["code"] == "no_photo"


def sign_in(client, paired, pin, officer_id=None):
    body = {"officer_id": officer_id or paired.officer.id, "pin": pin}
    return client.post("/api/v1/kiosk/sign-in", headers=paired.headers, json=body)


def test_the_right_pin_signs_the_officer_in(client, db, paired):
    response = sign_in(client, paired, "1234")
    assert response.status_code == 200
    assert response.json["officer"]["signed_in_at"] == NOW.isoformat()
    row = db.scalar(select(OfficerSignIn))
    assert (row.officer_id, row.tablet_id, row.signed_out_at) == (
        paired.officer.id, paired.tablet_id, None)


def test_wrong_pins_count_down_then_lock_the_officer_out(client, db, paired):
    answers = [sign_in(client, paired, "0000") for _ in range(5)]
    assert [a.status_code for a in answers] == [403, 403, 403, 403, 423]
    assert [a.json["error"].get("attempts_left") for a in answers[:4]] == [4, 3, 2, 1]
    assert answers[4].json["error"]["locked_until"] == (NOW + timedelta(minutes=5)).isoformat()
    locked = sign_in(client, paired, "1234")
    assert (locked.status_code, locked.json["error"]["code"]) == (423, "officer_locked")
    assert db.scalar(select(func.count(OfficerSignIn.id))) == 0


def test_a_sign_in_that_makes_no_sense_gets_a_json_error_never_a_crash(client, db, paired):
    for body, status, code in [
        ({"officer_id": 999_999, "pin": "1234"}, 404, "unknown_officer"),
        ({"officer_id": "1", "pin": "1234"}, 400, "invalid_body"),
        ({"officer_id": True, "pin": "1234"}, 400, "invalid_body"),
        ({"pin": "1234"}, 400, "invalid_body"),
        ({"officer_id": 1, "pin": 1234}, 400, "invalid_body"),
        ({"officer_id": 1, "pin": "1" * 33}, 400, "invalid_body"),
    ]:
        response = client.post("/api/v1/kiosk/sign-in", headers=paired.headers, json=body)
        assert (response.status_code, response.json["error"]["code"]) == (status, code), body
    for data, content_type, status, code in [
        ("{not json", "application/json", 400, "invalid_json"),
        ('{"officer_id": 1}', "text/plain", 415, "unsupported_media_type"),
        ("[" * 100_000, "application/json", 413, "payload_too_large"),
        ("[" * 10_000, "application/json", 400, "invalid_json"),
        (b"\xff\xfe{}", "application/json", 400, "invalid_json"),
        ('{"officer_id": NaN, "pin": "1234"}', "application/json", 400, "invalid_json"),
    ]:
        response = client.post("/api/v1/kiosk/sign-in", headers=paired.headers, data=data,
                               content_type=content_type)
        assert (response.status_code, response.json["error"]["code"]) == (status, code), data[:9]
    assert db.scalar(select(func.count(OfficerSignIn.id))) == 0


def sign_out(client, paired, pin):
    return client.post("/api/v1/kiosk/sign-out", headers=paired.headers, json={"pin": pin})


def test_signing_out_takes_the_officers_own_pin(client, db, paired):
    sign_in(client, paired, "1234")
    first = sign_out(client, paired, "1234")
    second = sign_out(client, paired, "1234")
    assert (first.json, second.json) == ({"signed_out": True}, {"signed_out": False})
    assert db.scalar(select(OfficerSignIn.sign_out_reason)) == "manual"


def test_a_citizen_cannot_sign_the_officer_out(client, db, paired):
    sign_in(client, paired, "1234")
    no_pin = client.post("/api/v1/kiosk/sign-out", headers=paired.headers, json={})
    assert (no_pin.status_code, no_pin.json["error"]["code"]) == (400, "invalid_body")
    guesses = [sign_out(client, paired, "0000") for _ in range(5)]
    assert [g.status_code for g in guesses] == [403, 403, 403, 403, 423]
    assert sign_out(client, paired, "1234").status_code == 423  # locked like a sign-in
    db.rollback()
    assert db.scalar(select(OfficerSignIn.signed_out_at)) is None


def test_a_heartbeat_records_the_outbox_and_the_tablets_clock(client, db, paired):
    body = {"sent_at": (NOW + timedelta(minutes=3)).isoformat(), "app_version": "0.1.0+abc",
            "outbox_length": 3, "oldest_unsent_at": (NOW - timedelta(hours=2)).isoformat(),
            "dead_letters": 1}
    response = client.post("/api/v1/kiosk/heartbeat", headers=paired.headers, json=body)
    assert response.json == {"server_time": NOW.isoformat(), "clock_skew_seconds": 180}
    tablet = db.get(Tablet, paired.tablet_id)
    db.refresh(tablet)
    assert (tablet.last_heartbeat_at, tablet.app_version, tablet.outbox_length,
            tablet.oldest_unsent_at, tablet.dead_letters, tablet.clock_skew_seconds) == (
        NOW, "0.1.0+abc", 3, NOW - timedelta(hours=2), 1, 180)


def test_a_malformed_heartbeat_is_refused_and_nothing_recorded(client, db, paired):
    for change in [
        {"sent_at": None},
        {"sent_at": "now"},
        {"outbox_length": -1},
        {"outbox_length": "3"},
        {"dead_letters": 1.5},
        {"app_version": "x" * 33},
        {"oldest_unsent_at": "2026-11-02T09:00:00"},
    ]:
        body = {"sent_at": NOW.isoformat(), "app_version": "1", "outbox_length": 0,
                "oldest_unsent_at": None, "dead_letters": 0, **change}
        response = client.post("/api/v1/kiosk/heartbeat", headers=paired.headers, json=body)
        assert response.status_code == 400, change
        assert response.json["error"]["code"] == "invalid_body", change
    assert db.get(Tablet, paired.tablet_id).last_heartbeat_at is None


def test_the_tablet_endpoints_are_described_in_openapi(client):
    document = client.get("/api/v1/openapi.json").json
    paths = document["paths"]
    for path, method in [("/kiosk/pair", "post"), ("/kiosk/state", "get"),
                         ("/kiosk/officers", "get"), ("/kiosk/officers/{officer_id}/photo", "get"),
                         ("/kiosk/sign-in", "post"), ("/kiosk/sign-out", "post"),
                         ("/kiosk/ratings", "post"), ("/kiosk/heartbeat", "post")]:
        assert method in paths[path], path
    assert document["components"]["securitySchemes"]["tabletKey"]["name"] == "X-Tablet-Key"
    rating = document["components"]["schemas"]["TabletRating"]
    assert {"id", "officer_id", "level", "rated_at"} <= set(rating["required"])
