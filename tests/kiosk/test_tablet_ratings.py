"""Uploading the outbox: each rating created once, duplicate or rejected; never a half-write."""

import json
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from kiosk.api import tablet as tablet_api
from models import Alert, Rating, RatingAnswer, Visit
from models.questionnaires import QuestionnaireVersion
from tests.kiosk.tablet_support import (  # noqa: F401 - fixtures
    NOW,
    frozen_now_fixture,
    open_visit,
    pair_tablet,
    paired_fixture,
    rating_item,
    signed_in,
)

URL = "/api/v1/kiosk/ratings"


@pytest.fixture
def on_duty(db, paired):
    """The paired tablet's officer, signed in since an hour ago."""
    signed_in(db, paired.officer, paired.tablet_id, NOW - timedelta(hours=1))
    db.commit()
    return paired


def upload(client, tablet, items, sent_at=NOW):
    body = {"sent_at": sent_at.isoformat(), "ratings": items}
    return client.post(URL, headers=tablet.headers, json=body)


def count(db, entity=Rating):
    return db.scalar(select(func.count()).select_from(entity))


def at(minutes):
    return (NOW + timedelta(minutes=minutes)).isoformat()


def test_a_batch_is_stored_once_and_a_replay_changes_nothing(client, db, on_duty, questionnaire):
    items = [rating_item(questionnaire, on_duty.officer, rated_at=at(-m)) for m in (30, 20, 10)]
    first = upload(client, on_duty, items)
    assert [r["status"] for r in first.json["results"]] == ["created"] * 3
    replay = upload(client, on_duty, items)
    assert [r["status"] for r in replay.json["results"]] == ["duplicate"] * 3
    assert count(db) == 3


def test_a_stored_rating_records_who_where_and_both_clocks(client, db, on_duty, questionnaire):
    item = rating_item(questionnaire, on_duty.officer, level=2, rated_at=at(-5),
                       answers={"XIN_CHAO": True, "LUON_LANG_NGHE": False},
                       reported=["KHONG_QUAN_LIEU"], comment="  Cán bộ nhiệt tình ")
    assert upload(client, on_duty, [item]).json["results"][0]["status"] == "created"
    rating = db.scalar(select(Rating))
    officer = on_duty.officer
    assert (rating.source, rating.tablet_id, rating.officer_id, rating.counter_id,
            rating.site_id) == ("kiosk", on_duty.tablet_id, officer.id,
                                officer.counters[0].id, officer.site_id)
    assert (rating.rated_at, rating.client_rated_at, rating.received_at) == (
        NOW - timedelta(minutes=5), NOW - timedelta(minutes=5), NOW)
    assert (rating.verified, rating.clock_corrected, rating.comment) == (
        False, False, "Cán bộ nhiệt tình")
    assert (rating.conduct_answered, rating.conduct_yes) == (2, 1)
    assert count(db, RatingAnswer) == 3 and db.scalar(select(Alert.kind)) == "misconduct"


def _bad_rating_cases():
    return [
        ({"officer_id": 999_999}, "unknown_officer"),
        ({"counter_id": 999_999}, "unknown_counter"),
        ({"questionnaire_version_id": 999_999}, "unknown_questionnaire_version"),
        ({"answers": {"NO_SUCH_ITEM": True}}, "unknown_item"),
        ({"answers": {"KHONG_THAM_NHUNG": True}}, "unknown_item"),
        ({"reported": ["XIN_CHAO"]}, "unknown_item"),
        ({"level": 4}, "invalid_level"),
        ({"level": 0}, "invalid_level"),
        ({"level": -2}, "invalid_level"),
        ({"level": 1}, "reason_required"),
        ({"level": 1, "reason_text": "   "}, "reason_required"),
        ({"comment": "x" * 1001}, "text_too_long"),
        ({"reason_text": "x" * 1001, "level": 1}, "text_too_long"),
        ({"level": "3"}, "invalid_field"),
        ({"level": True}, "invalid_field"),
        ({"level": 3.0}, "invalid_field"),
        ({"level": 2**40}, "invalid_field"),
        ({"level": None}, "invalid_field"),
        ({"officer_id": 2**40}, "invalid_field"),
        ({"officer_id": "1"}, "invalid_field"),
        ({"counter_id": None}, "invalid_field"),
        ({"visit_id": "A-017"}, "invalid_field"),
        ({"questionnaire_version_id": [1]}, "invalid_field"),
        ({"comment": 123}, "invalid_field"),
        ({"comment": "có\x00ký tự rỗng"}, "invalid_field"),
        ({"answers": ["XIN_CHAO"]}, "invalid_field"),
        ({"answers": {"XIN_CHAO": "có"}}, "invalid_field"),
        ({"reported": "KHONG_THAM_NHUNG"}, "invalid_field"),
        ({"reasons": [1]}, "invalid_field"),
        ({"rated_at": None}, "invalid_field"),
        ({"rated_at": "hôm qua"}, "invalid_field"),
        ({"rated_at": "2026-11-02T08:55:00"}, "invalid_field"),
        ({"rated_at": "0001-01-01T00:00:00+14:00"}, "invalid_field"),
        ({"rated_at": "1969-12-31T23:59:59Z"}, "invalid_field"),
        ({"id": "not-a-uuid"}, "invalid_field"),
        ({"id": None}, "invalid_field"),
        ({"id": 42}, "invalid_field"),
        ({"visit_id": 999_999}, "unknown_visit"),
        ({"rated_at": at(-120)}, "officer_not_signed_in"),
    ]


def test_each_bad_rating_is_rejected_with_its_code_and_leaves_nothing(
    client, db, on_duty, questionnaire
):
    cases = _bad_rating_cases()
    good = rating_item(questionnaire, on_duty.officer, rated_at=at(-30))
    bad = [rating_item(questionnaire, on_duty.officer, **{"rated_at": at(-5), **change})
           for change, _code in cases]
    response = upload(client, on_duty, [good, *bad])
    assert response.status_code == 200
    good_result, *results = response.json["results"]
    assert good_result["status"] == "created"
    got = [(change, r["index"], r["status"], r["code"]) for (change, _), r in zip(
        cases, results, strict=True)]
    assert got == [(change, i + 1, "rejected", code) for i, (change, code) in enumerate(cases)]
    assert all(r["message"] for r in results)
    assert count(db) == 1 and count(db, RatingAnswer) == 0 and count(db, Alert) == 0


@pytest.mark.parametrize("item", [5, "rating", None, [1, 2]])
def test_an_item_that_is_not_an_object_is_rejected(client, on_duty, item):
    result = upload(client, on_duty, [item]).json["results"][0]
    assert (result["id"], result["status"], result["code"]) == (None, "rejected", "invalid_item")


def test_a_lone_surrogate_in_text_is_rejected_not_a_crash(client, db, on_duty, questionnaire):
    item = rating_item(questionnaire, on_duty.officer, comment="PLACEHOLDER")
    body = json.dumps({"sent_at": NOW.isoformat(), "ratings": [item]})
    body = body.replace("PLACEHOLDER", "\\ud800")
    response = client.post(URL, headers=on_duty.headers, data=body,
                           content_type="application/json")
    assert response.json["results"][0]["code"] == "invalid_field" and count(db) == 0


def test_a_draft_questionnaire_version_is_unknown_to_tablets(client, db, on_duty, questionnaire):
    version = db.get(QuestionnaireVersion, questionnaire.version_id)
    draft = QuestionnaireVersion(questionnaire_id=version.questionnaire_id, version=2)
    db.add(draft)
    db.commit()
    item = rating_item(questionnaire, on_duty.officer, questionnaire_version_id=draft.id)
    assert upload(client, on_duty, [item]).json["results"][0]["code"] == (
        "unknown_questionnaire_version")


@pytest.mark.parametrize(
    "sign_in, code",
    [
        ("none", "officer_not_signed_in"),
        ("signed_out_before", "officer_not_signed_in"),
        ("other_tablet", "officer_not_signed_in"),
        ("colleague", "officer_not_signed_in"),
        ("other_counter", "counter_mismatch"),
    ],
)
def test_a_rating_needs_its_officer_signed_in_at_this_tablet_at_that_moment(
    client, db, paired, questionnaire, make_counter, make_officer, sign_in, code
):
    officer, counter_id = paired.officer, paired.officer.counters[0].id
    if sign_in == "signed_out_before":
        signed_in(db, officer, paired.tablet_id, NOW - timedelta(hours=2),
                  NOW - timedelta(hours=1), "manual")
    elif sign_in == "other_tablet":
        other_tablet, _ = pair_tablet(db, officer.counters[0])
        signed_in(db, officer, other_tablet, NOW - timedelta(hours=1))
    elif sign_in == "colleague":
        signed_in(db, make_officer(counter=officer.counters[0]), paired.tablet_id,
                  NOW - timedelta(hours=1))
    elif sign_in == "other_counter":
        signed_in(db, officer, paired.tablet_id, NOW - timedelta(hours=1))
        counter_id = make_counter(site=officer.site).id
    db.commit()
    item = rating_item(questionnaire, officer, rated_at=at(-5), counter_id=counter_id)
    result = upload(client, paired, [item]).json["results"][0]
    assert (result["status"], result["code"]) == ("rejected", code)


def test_ratings_given_before_a_sign_out_are_taken_when_they_arrive_later(
    client, db, paired, questionnaire
):
    signed_in(db, paired.officer, paired.tablet_id, NOW - timedelta(hours=3),
              NOW - timedelta(hours=1), "manual")
    db.commit()
    item = rating_item(questionnaire, paired.officer, rated_at=at(-90))
    assert upload(client, paired, [item]).json["results"][0]["status"] == "created"


@pytest.mark.parametrize(
    "minutes, statuses",
    [
        ([-10, -9.9], ["created", "rejected"]),       # 6 s apart: inside the 20 s cool-down
        ([-10, -9.5], ["created", "created"]),        # 30 s apart
        ([-9.9, -10], ["created", "rejected"]),       # late arrival of the earlier one
    ],
)
def test_without_a_visit_a_second_rating_within_the_cooldown_is_refused(
    client, on_duty, questionnaire, minutes, statuses
):
    items = [rating_item(questionnaire, on_duty.officer, rated_at=at(m)) for m in minutes]
    results = upload(client, on_duty, items).json["results"]
    assert [r["status"] for r in results] == statuses
    assert [r.get("code") for r in results if r["status"] == "rejected"] in ([], ["cooldown"])


def test_the_cooldown_is_the_sites_setting(client, db, on_duty, questionnaire):
    on_duty.officer.site.cooldown_seconds = 0
    db.commit()
    items = [rating_item(questionnaire, on_duty.officer, rated_at=at(-10)) for _ in range(2)]
    assert [r["status"] for r in upload(client, on_duty, items).json["results"]] == [
        "created", "created"]


def test_a_rating_bound_to_an_open_visit_is_verified_and_uses_the_visit(
    client, db, on_duty, questionnaire
):
    visit = open_visit(db, on_duty.officer, now=NOW)
    db.commit()
    unbound = rating_item(questionnaire, on_duty.officer, rated_at=at(-1))
    bound = rating_item(questionnaire, on_duty.officer, rated_at=at(-0.9), visit_id=visit.id)
    again = rating_item(questionnaire, on_duty.officer, rated_at=at(-0.5), visit_id=visit.id)
    results = upload(client, on_duty, [unbound, bound, again]).json["results"]
    assert [(r["status"], r.get("code")) for r in results] == [
        ("created", None), ("created", None), ("rejected", "visit_already_rated")]
    rating = db.get(Rating, uuid.UUID(bound["id"]))
    db.refresh(visit)
    assert (rating.verified, rating.visit_id, visit.used_at) == (True, visit.id, NOW)


def test_a_visit_stays_unused_when_its_rating_is_rejected(client, db, on_duty, questionnaire):
    visit = open_visit(db, on_duty.officer, now=NOW)
    db.commit()
    item = rating_item(questionnaire, on_duty.officer, visit_id=visit.id, level=1)
    assert upload(client, on_duty, [item]).json["results"][0]["code"] == "reason_required"
    db.refresh(visit)
    assert visit.used_at is None and count(db) == 0


@pytest.mark.parametrize("other", ["counter", "officer"])
def test_a_visit_of_another_counter_or_officer_cannot_be_bound(
    client, db, on_duty, questionnaire, make_counter, make_officer, other
):
    if other == "counter":
        visit = open_visit(db, on_duty.officer, now=NOW,
                           counter_id=make_counter(site=on_duty.officer.site).id)
    else:
        visit = open_visit(db, make_officer(counter=on_duty.officer.counters[0]), now=NOW)
    db.commit()
    item = rating_item(questionnaire, on_duty.officer, visit_id=visit.id)
    assert upload(client, on_duty, [item]).json["results"][0]["code"] == "visit_mismatch"
    assert db.get(Visit, visit.id).used_at is None


def test_a_tablet_clock_hours_off_is_corrected_and_flagged(client, db, on_duty, questionnaire):
    skew = timedelta(hours=2)
    item = rating_item(questionnaire, on_duty.officer, rated_at=(NOW + skew - timedelta(
        minutes=3)).isoformat())
    result = upload(client, on_duty, [item], sent_at=NOW + skew).json["results"][0]
    assert result["status"] == "created"
    rating = db.scalar(select(Rating))
    assert (rating.rated_at, rating.clock_corrected) == (NOW - timedelta(minutes=3), True)
    assert rating.client_rated_at == NOW + skew - timedelta(minutes=3)


@pytest.mark.parametrize("minutes", [-8, 8])
def test_a_tablet_clock_moved_a_few_minutes_changes_neither_the_checks_nor_the_stored_moment(
    client, db, paired, questionnaire, minutes
):
    """One moment per rating, on the server's clock: a clock moved by less than the flagging
    limit (by the officer, say) cannot push a rating into or out of a sign-in, a cool-down
    or a month; the sign-in check and the stored rated_at are the same instant."""
    signed_in(db, paired.officer, paired.tablet_id, NOW - timedelta(minutes=2))
    db.commit()
    skew = timedelta(minutes=minutes)
    item = rating_item(questionnaire, paired.officer,
                       rated_at=(NOW + skew - timedelta(minutes=1)).isoformat())
    result = upload(client, paired, [item], sent_at=NOW + skew).json["results"][0]
    assert result["status"] == "created"
    rating = db.scalar(select(Rating))
    assert (rating.rated_at, rating.clock_corrected) == (NOW - timedelta(minutes=1), False)


def test_a_tablet_whose_clock_reset_to_1970_still_gets_its_ratings_taken(
    client, db, on_duty, questionnaire
):
    epoch = NOW.replace(year=1970)
    item = rating_item(questionnaire, on_duty.officer, rated_at=(epoch - timedelta(
        minutes=2)).isoformat())
    assert upload(client, on_duty, [item], sent_at=epoch).json["results"][0]["status"] == (
        "created")
    assert db.scalar(select(Rating.rated_at)) == NOW - timedelta(minutes=2)


MALFORMED_BATCHES = [
    ("{not json", "application/json", 400, "invalid_json"),
    ("[]", "application/json", 400, "invalid_body"),
    ('{"sent_at": "NOW"}', "application/json", 400, "invalid_body"),
    ('{"sent_at": "NOW", "ratings": {"0": ITEM}}', "application/json", 400, "invalid_body"),
    ('{"sent_at": 1762045200, "ratings": [ITEM]}', "application/json", 400, "invalid_sent_at"),
    ('{"ratings": [ITEM]}', "application/json", 400, "invalid_sent_at"),
    ('{"sent_at": "2026-11-02T09:00", "ratings": [ITEM]}', "application/json", 400,
     "invalid_sent_at"),
    ('{"sent_at": "NOW", "ratings": [ITEM]}', "text/plain", 415, "unsupported_media_type"),
    ("MANY", "application/json", 413, "batch_too_large"),
    ("HUGE", "application/json", 413, "payload_too_large"),
    ('{"sent_at": "NOW", "ratings": [ITEM], "x": ' + "[" * 5000 + "]" * 5000 + "}",
     "application/json", 400, "invalid_json"),
]


def test_a_malformed_batch_is_refused_whole_with_a_json_error(client, db, on_duty, questionnaire):
    item = json.dumps(rating_item(questionnaire, on_duty.officer))
    for body, content_type, status, code in MALFORMED_BATCHES:
        if body == "MANY":
            body = json.dumps({"sent_at": NOW.isoformat(), "ratings": [json.loads(item)] * 201})
        elif body == "HUGE":
            filler = rating_item(questionnaire, on_duty.officer, comment="x" * 1000)
            body = json.dumps({"sent_at": NOW.isoformat(), "ratings": [filler] * 200,
                               "padding": "x" * 2 * 1024 * 1024})
        body = body.replace('"NOW"', json.dumps(NOW.isoformat())).replace("ITEM", item)
        response = client.post(URL, headers=on_duty.headers, data=body,
                               content_type=content_type)
        got = (response.status_code, response.json["error"]["code"])
        assert got == (status, code), body[:80]
        assert count(db) == 0


def test_two_hundred_ratings_fit_in_one_batch(client, db, on_duty, questionnaire):
    on_duty.officer.site.cooldown_seconds = 0
    db.commit()
    items = [rating_item(questionnaire, on_duty.officer, rated_at=at(-30), comment="x" * 1000)
             for _ in range(200)]
    response = upload(client, on_duty, items)
    assert response.status_code == 200 and count(db) == 200


def test_a_database_failure_mid_batch_leaves_nothing_behind(
    client, db, on_duty, questionnaire, monkeypatch
):
    real = tablet_api.take_tablet_rating
    calls = []

    def fail_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OperationalError("INSERT", {}, Exception("connection lost"))
        return real(*args, **kwargs)

    monkeypatch.setattr(tablet_api, "take_tablet_rating", fail_on_second)
    items = [rating_item(questionnaire, on_duty.officer, rated_at=at(-m)) for m in (30, 20)]
    response = upload(client, on_duty, items)
    assert (response.status_code, response.json["error"]["code"]) == (503, "database_unavailable")
    assert count(db) == 0 and count(db, RatingAnswer) == 0


def test_a_comment_is_stored_without_control_characters_but_with_its_lines(
    client, db, on_duty, questionnaire
):
    item = rating_item(questionnaire, on_duty.officer, rated_at=at(-5),
                       comment="Rất\x1b[2J tốt\x07\u202e\r\nCảm ơn cán bộ")
    assert upload(client, on_duty, [item]).json["results"][0]["status"] == "created"
    assert db.scalar(select(Rating.comment)) == "Rất[2J tốt\nCảm ơn cán bộ"
