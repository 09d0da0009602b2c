"""Hostile input on every /api/v1 endpoint: never a 5xx, every refusal a JSON error with a code
and a message, and a refused request writes nothing.

The endpoints are read from the app's URL map (a new one is fuzzed as soon as it exists, and
fails the first test until /api/v1/openapi.json describes it); bodies near each endpoint's
shape come from that document. Each request is sent unauthenticated, with the tablet key,
with the site's integration key, with both, or with garbage credentials.
"""

import json
import uuid

import pytest
from hypothesis import HealthCheck, Phase, assume, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from kiosk.api.openapi import build_document
from models import Rating, RatingAnswer
from tests.fuzz.api_targets import AUTHS, Target, api_targets, fill, headers_for, path_values
from tests.fuzz.conftest import row_counts
from tests.fuzz.hostile import (
    ANY_JSON,
    CONTENT_TYPES,
    HEADER_TEXT,
    HOSTILE_TEXT,
    NASTY_VALUES,
    RAW_BODIES,
    encode_json,
)
from tests.fuzz.shapes import field_paths, near_shape, request_schema, valid, with_value
from tests.kiosk.tablet_support import NOW

#: Each example sends a request to every endpoint, so shrinking one would take minutes: a
#: failure is reported as drawn (each draw is labelled with the rule it was for).
FUZZ = settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)
#: A batch is one request: more examples fit in the same time.
FUZZ_BATCHES = settings(FUZZ, max_examples=100)
#: The only API endpoints that need no credentials.
PUBLIC = {"api.openapi", "api.pair_tablet"}


def check_answer(response, counts_before, db, target):
    """No 5xx; a refusal is a JSON error with a code and a message and writes nothing."""
    status = response.status_code
    assert status < 500, (target.rule, target.method, response.get_data()[:500])
    if 200 <= status < 300 or (status in (301, 308) and "Location" in response.headers):
        return  # taken, or a path with doubled slashes sent to its tidy form
    body = json.loads(response.get_data())
    assert isinstance(body["error"]["code"], str), body
    assert isinstance(body["error"]["message"], str), body
    assert row_counts(db) == counts_before, (target.rule, body)


def send(client, db, target, path, headers, data, content_type="application/json"):
    before = row_counts(db)
    response = client.open(path, method=target.method, headers=headers, data=data,
                           content_type=content_type)
    check_answer(response, before, db, target)
    response.close()
    return response


def test_every_api_endpoint_is_described_and_fuzzed(app):
    targets = api_targets(app)
    assert {t.endpoint for t in targets} >= {"api.upload_ratings", "api.open_visit_endpoint"}
    undescribed = [(t.rule, t.method) for t in targets
                   if t.operation is None and t.endpoint != "api.openapi"]
    assert undescribed == [], "describe these in the OpenAPI document so they get body shapes"
    unsecured = [t.endpoint for t in targets if t.security == "none"]
    assert set(unsecured) == PUBLIC


@FUZZ
@given(data=st.data())
def test_bodies_near_each_shape_never_fail_the_server(app, client, db, world, data):
    document = build_document("http://localhost/api/v1/openapi.json")
    for target in api_targets(app):
        body = data.draw(near_shape(target.operation, document, world.good()), target.rule)
        auth = data.draw(st.sampled_from(AUTHS), "auth")
        headers = headers_for(auth, target, world, data.draw(HEADER_TEXT, "garbage"))
        path = fill(target.rule, lambda: data.draw(path_values(world), "path id"))
        mode = data.draw(st.sampled_from(["ascii", "raw"]), "encoding")
        content_type = data.draw(st.sampled_from(CONTENT_TYPES[:3]) | st.sampled_from(
            CONTENT_TYPES), "content type")
        send(client, db, target, path, headers, encode_json(body, mode), content_type)


@FUZZ
@given(data=st.data())
def test_each_field_in_turn_takes_a_hostile_value(app, client, db, world, data):
    document = build_document("http://localhost/api/v1/openapi.json")
    for target in api_targets(app):
        schema = request_schema(target.operation)
        if schema is None:
            continue
        headers = headers_for("right", target, world, "")
        for path, field in field_paths(schema, document):
            body = data.draw(valid(schema, document, world.good(), whole=True), target.rule)
            texts = "string" in str(field.get("type"))
            value = data.draw(HOSTILE_TEXT if texts else NASTY_VALUES | HOSTILE_TEXT, str(path))
            send(client, db, target, target.rule, headers,
                 encode_json(with_value(body, path, value), "ascii"))


@FUZZ
@given(data=st.data())
def test_json_of_any_shape_is_refused_cleanly(app, client, db, world, data):
    for target in api_targets(app):
        body = data.draw(ANY_JSON, target.rule)
        headers = headers_for("right", target, world, "")
        path = fill(target.rule, lambda: world.visit_id)
        send(client, db, target, path, headers, encode_json(body, "raw"))


@pytest.mark.parametrize("name", sorted(RAW_BODIES))
def test_raw_bodies_are_refused_cleanly(app, client, db, world, name):
    for target in api_targets(app):
        headers = headers_for("right", target, world, "")
        path = fill(target.rule, lambda: world.visit_id)
        send(client, db, target, path, headers, RAW_BODIES[name])


@FUZZ
@given(data=st.data())
def test_any_path_id_and_method_is_answered_in_json(app, client, db, world, data):
    for target in api_targets(app):
        method = data.draw(st.sampled_from([target.method, "GET", "POST", "PUT", "DELETE"]))
        path = fill(target.rule, lambda: data.draw(path_values(world), "path id"))
        moved = Target(target.rule, method, target.endpoint, target.operation)
        send(client, db, moved, path, headers_for("right", target, world, ""), b"{}")


def rating_batches(world, document):
    """Batches of near-valid ratings: most items valid, some mutated."""
    item = document["components"]["schemas"]["TabletRating"]
    good = world.good()
    one = valid(item, document, good) | near_shape(
        {"requestBody": {"content": {"application/json": {"schema": item}}}}, document, good)
    return st.lists(one, max_size=6)


def stored(db, ids) -> dict:
    """Return {rating id: number of answer rows} of the ratings among ids that exist."""
    db.rollback()
    found = {}
    for rating_id in ids:
        if db.get(Rating, rating_id) is not None:
            found[rating_id] = len(db.scalars(
                select(RatingAnswer).where(RatingAnswer.rating_id == rating_id)).all())
    db.rollback()
    return found


def _uuid(value):
    """Return value as a UUID, or None when it is not one."""
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None


@FUZZ_BATCHES
@given(data=st.data())
def test_each_rating_of_a_batch_is_stored_whole_or_not_at_all(client, db, world, data):
    document = build_document("http://localhost/api/v1/openapi.json")
    items = data.draw(rating_batches(world, document))
    ids = {_uuid(item.get("id")) for item in items if isinstance(item, dict)} - {None}
    before = stored(db, ids)
    try:  # NaN and Infinity are not JSON: the whole batch would be refused as invalid_json
        encoded = json.dumps({"sent_at": NOW.isoformat(), "ratings": items}, allow_nan=False)
    except ValueError:
        assume(False)
    response = client.post("/api/v1/kiosk/ratings", headers=world.tablet_headers,
                           data=encoded, content_type="application/json")
    after = stored(db, ids)
    if response.status_code == 413:  # a body over the batch's limit is refused whole
        event("413 payload_too_large")
        assert response.get_json()["error"]["code"] in {"payload_too_large", "batch_too_large"}
        assert after == before
        return
    assert response.status_code == 200, response.get_data()
    for result in response.get_json()["results"]:
        event(f"{result['status']} {result.get('code', '')}")
        rating_id = _uuid(result["id"])
        if result["status"] == "created":
            raw = items[result["index"]]
            answers = len(raw.get("answers", {})) + len({*raw.get("reported", []),
                                                         *raw.get("reasons", [])})
            assert after[rating_id] == answers, result
        elif rating_id is not None and rating_id not in before and result["status"] == "rejected":
            created_elsewhere = any(
                r["status"] == "created" and r["id"] == result["id"]
                for r in response.get_json()["results"])
            assert created_elsewhere or rating_id not in after, result
