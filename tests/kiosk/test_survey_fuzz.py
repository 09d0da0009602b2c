"""Hostile input: arbitrary tokens, dossier codes, form fields and API bodies get a 4xx (or the
normal answer when they happen to be valid), never a 500 and never a half-written rating."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from models import Rating
from tests.visits_support import bearer, open_test_visit

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: Any text a browser could send (lone surrogates cannot be encoded at all).
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)
FIELD_NAMES = st.sampled_from(
    ["level", "c-XIN_CHAO", "c-LUON_GIUP_DO", "reported", "reasons", "reason_text", "comment",
     "rating_id", "csrf_token"]
) | TEXT
FORMS = st.dictionaries(FIELD_NAMES, st.lists(TEXT, max_size=3) | TEXT, max_size=8)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=10,
)


@pytest.fixture
def visit(db, make_officer, questionnaire):
    opened = open_test_visit(db, make_officer())
    db.commit()
    return opened


@FUZZ
@given(token=TEXT.filter(lambda t: t and "/" not in t and t not in (".", "..", "thanks")))
def test_any_token_is_a_404(client, visit, token):
    for method in ("GET", "POST"):
        response = client.open(f"/s/{quote(token, safe='')}", method=method)
        assert response.status_code == 404


@FUZZ
@given(code=TEXT)
def test_any_dossier_code_is_refused_plainly(app, client, visit, code):
    app.config["SURVEY_LOOKUP_RATE_LIMIT"] = "100000/minute"
    response = client.post("/s/", data={"code": code})
    assert response.status_code in (400, 404)


@FUZZ
@given(form=FORMS)
def test_any_survey_form_is_taken_once_or_refused(client, db, visit, form):
    response = client.post(f"/s/{visit.survey_token}", data=form)
    assert response.status_code in (303, 400, 410, 422)
    db.rollback()
    assert db.scalar(select(func.count(Rating.id))) <= 1


@FUZZ
@given(form=FORMS)
def test_any_poster_form_is_taken_or_refused(app, client, db, visit, form):
    app.config["SURVEY_POSTER_RATE_LIMIT"] = "100000/minute"
    counter = db.get(type(visit), visit.id).counter
    response = client.post(f"/s/c/{quote(counter.code)}", data=form)
    assert response.status_code in (303, 400, 422, 429)


@FUZZ
@given(body=JSON)
def test_any_api_body_gets_a_json_answer(client, db, visit, body):
    headers = bearer(db, db.get(type(visit), visit.id).counter.site)
    db.commit()
    response = client.post("/api/v1/visits", json=body, headers=headers)
    assert response.status_code in (201, 400, 403, 413, 415, 422)
    assert response.is_json
