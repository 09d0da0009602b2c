"""Hostile input on the public forms: the phone survey (/s/<token>), dossier-code entry (/s/),
the counter poster (/s/c/<counter>) and the staff log-in, as form fields, query strings
(the language switch included) and path segments sent as raw bytes, as a hostile client can.

Never a 5xx or a traceback; a refusal is a readable page in the language asked for
(Vietnamese by default) whose message says what went wrong; a survey link takes at most
one rating. Each example uses a new client, so no language choice or session carries over.
"""

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, Phase, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from models import Counter, Officer, Rating
from tests.factories import PASSWORD
from tests.fuzz.conftest import DOSSIER_CODE, REGISTER_CODE
from tests.fuzz.hostile import ANY_TEXT, LONG_TEXTS, NASTY_TEXTS, NASTY_TIMES, TROUBLE_TEXT
from tests.fuzz.pages import check_page, encoded
from tests.visits_support import open_test_visit

#: No shrinking: a failure is reported as drawn, each draw labelled (shrinking a round of
#: requests takes minutes).
FUZZ = settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORM = "application/x-www-form-urlencoded"

#: Bytes a form field or query value may carry: hostile text as UTF-8 (lone surrogates as
#: the bytes a careless encoder writes), or bytes that are not UTF-8 at all.
VALUE = (
    (st.sampled_from(NASTY_TEXTS + NASTY_TIMES) | ANY_TEXT | TROUBLE_TEXT | LONG_TEXTS
     | st.integers().map(str))
    .map(lambda text: text.encode("utf-8", "surrogatepass"))
    | st.binary(max_size=40)
)
#: Query strings: the language switch, a log-in's next page, anything else.
QUERY = st.lists(st.tuples(
    st.sampled_from([b"lang", b"next", b"code"]) | VALUE,
    st.sampled_from([b"vi", b"en", b"/admin/", b"//evil.example", b"https://evil.example"])
    | VALUE,
), max_size=4)


@st.composite
def near_form(draw, valid_pairs):
    """Return valid (name, value) pairs, one replaced by a hostile value and others kept,
    replaced, dropped or sent twice; plus unknown fields."""
    pairs = []
    valid = draw(valid_pairs)
    hostile = draw(st.integers(0, len(valid) - 1))
    for index, (name, value) in enumerate(valid):
        action = "replace" if index == hostile else draw(
            st.sampled_from(["keep", "keep", "replace", "drop", "twice"]))
        if action == "replace":
            value = draw(VALUE)
        if action != "drop":
            pairs += [(name, value)] * (2 if action == "twice" else 1)
    pairs += draw(st.lists(st.tuples(VALUE, VALUE), max_size=2))
    return draw(st.permutations(pairs))


def survey_fields(world):
    """The survey's fields with valid values drawn from the active questionnaire."""
    codes = world.codes_by_group
    conduct = [(f"c-{code}".encode(), st.sampled_from([b"co", b"khong"]))
               for code in codes["4xin"] + codes["4luon"]]
    return st.tuples(
        st.tuples(st.just(b"level"), st.sampled_from([b"1", b"2", b"3"])),
        *(st.tuples(st.just(name), value) for name, value in conduct[:3]),
        st.tuples(st.just(b"reasons"), st.sampled_from(codes["reason"]).map(str.encode)),
        st.tuples(st.just(b"reported"), st.sampled_from(codes["5khong"]).map(str.encode)),
        st.tuples(st.just(b"reason_text"), VALUE),
        st.tuples(st.just(b"comment"), st.just("Cán bộ nhiệt tình".encode())),
        st.tuples(st.just(b"rating_id"), st.uuids().map(lambda u: str(u).encode())),
    )


def endpoint_of(app, path, method) -> str:
    """Name the route a path reaches, for the statistics (--hypothesis-show-statistics)."""
    try:
        return app.url_map.bind("localhost").match(path, method=method)[0]
    except HTTPException as exc:
        return f"no route ({exc.code})"


def language_of(query) -> str:
    """Return the page language a query asks for (the first lang= decides, as Flask reads it)."""
    for name, value in query:
        if name == b"lang":
            return "en" if value == b"en" else "vi"
    return "vi"


def send(app, method, path, query, form=None, content_type=FORM):
    """Send from a new client; return the response and the language the page must be in."""
    url = path + ("?" + encoded(query).decode() if query else "")
    response = app.test_client().open(url, method=method, data=encoded(form or []),
                                      content_type=content_type)
    response.close()
    if currently_in_test_context():
        event(f"{method} {endpoint_of(app, path, method)} {response.status_code}")
    return response, language_of(query)


def body_limit_of(app, path: str) -> int:
    """Return the largest body the view at path accepts (web/bodies.py)."""
    adapter = app.url_map.bind("localhost")
    endpoint, _args = adapter.match(path, method="POST")
    view = app.view_functions[endpoint]
    return getattr(view, "body_limit", None) or app.config["MAX_CONTENT_LENGTH"]


def ratings_of_visit(db, visit_id) -> int:
    db.rollback()
    count = db.scalar(select(func.count()).select_from(Rating).where(Rating.visit_id == visit_id))
    db.rollback()
    return count


@FUZZ
@given(data=st.data())
def test_a_visit_survey_takes_one_rating_or_shows_why_not(app, db, world, data):
    visit = open_test_visit(db, db.get(Officer, world.officer_id))
    db.commit()
    query = data.draw(QUERY, "query")
    response, language = send(app, "GET", f"/s/{visit.survey_token}", query)
    assert response.status_code == 200
    check_page(response, language=language)
    form = data.draw(near_form(survey_fields(world)), "form")
    content_type = data.draw(st.sampled_from(
        [FORM, FORM, f"{FORM}; charset=latin-1", "multipart/form-data; boundary=x", "text/plain",
         "application/json", ""]))
    response, language = send(app, "POST", f"/s/{visit.survey_token}", query, form,
                              content_type)
    check_page(response, language=language)
    stored = ratings_of_visit(db, visit.id)
    # 303 with nothing stored: a rating id sent before is thanked again as a duplicate.
    assert stored <= 1 if response.status_code == 303 else stored == 0, response.status_code


@FUZZ
@given(segment=VALUE, query=QUERY, form=st.lists(st.tuples(VALUE, VALUE), max_size=4))
def test_any_survey_link_or_poster_code_is_refused_plainly(app, world, segment, query, form):
    for pattern in ("/s/{}", "/s/{}/qr.svg", "/s/c/{}"):
        path = pattern.format(quote_from_bytes(segment, safe=""))
        for method in ("GET", "POST"):
            response, language = send(app, method, path, query, form)
            check_page(response, language=language)


@FUZZ
@given(data=st.data())
def test_a_poster_rating_is_taken_or_refused_readably(app, db, world, data):
    db.get(Counter, world.counter_id).site.cooldown_seconds = 0  # else most are 429
    db.commit()
    query = data.draw(QUERY, "query")
    response, language = send(app, "GET", f"/s/c/{world.counter_code}", query)
    assert response.status_code == 200
    check_page(response, language=language)
    form = data.draw(near_form(survey_fields(world)), "form")
    response, language = send(app, "POST", f"/s/c/{world.counter_code}", query, form)
    check_page(response, language=language)


@FUZZ
@given(data=st.data())
def test_a_dossier_code_finds_its_visit_or_says_why_not(app, world, data):
    query = data.draw(QUERY, "query")
    check_page(send(app, "GET", "/s/", query)[0], language=language_of(query))
    form = data.draw(near_form(st.tuples(st.tuples(
        st.just(b"code"), st.sampled_from([DOSSIER_CODE.encode(), b" 000.00.01.h13 "]) | VALUE,
    ))), "form")
    response, language = send(app, "POST", "/s/", query, form)
    check_page(response, language=language)


@FUZZ
@given(data=st.data())
def test_a_register_dossier_is_rated_once_by_code_and_digits_or_refused_readably(
        app, db, world, data):
    client = app.test_client()
    query = data.draw(QUERY, "query")
    url = "?" + encoded(query).decode() if query else ""
    form = data.draw(near_form(st.tuples(
        st.tuples(st.just(b"code"), st.sampled_from([REGISTER_CODE.encode()]) | VALUE),
        st.tuples(st.just(b"digits"), st.sampled_from([b"5678", b"56 78", b"1234"]) | VALUE),
    )), "form")
    response = client.post("/s/" + url, data=encoded(form), content_type=FORM)
    check_page(response, language=language_of(query))
    if response.status_code != 303:
        return
    survey = data.draw(near_form(survey_fields(world)), "survey")
    response = client.post("/s/ho-so" + url, data=encoded(survey), content_type=FORM)
    check_page(response, language=language_of(query))
    db.rollback()
    rated = db.scalar(select(func.count()).select_from(Rating).where(
        Rating.source == "dossier_code"))
    db.rollback()
    assert rated <= 1


@settings(FUZZ, max_examples=100)
@given(data=st.data())
def test_log_in_refuses_hostile_fields_readably_and_stays_on_site(app, db, make_user, data):
    user = make_user("admin")
    db.commit()
    query = data.draw(QUERY, "query")
    check_page(send(app, "GET", "/admin/login", query)[0], language=language_of(query))
    form = data.draw(near_form(st.tuples(
        st.tuples(st.just(b"username"), st.sampled_from([user.username.encode(), b"admin"])),
        st.tuples(st.just(b"password"), st.sampled_from([PASSWORD.encode(), b"sai"])),
    )), "form")
    response, language = send(app, "POST", "/admin/login", query, form)
    signed_in = response.status_code == 302
    check_page(response, language=language, refusal_expected=not signed_in)


@FUZZ
@given(token=st.none() | VALUE, query=QUERY)
def test_a_missing_or_forged_csrf_token_gets_a_readable_400(app, db, world, token, query):
    app.config["WTF_CSRF_ENABLED"] = True
    csrf = [] if token is None else [(b"csrf_token", token)]
    for path, fields in [
        ("/admin/login", [(b"username", b"admin"), (b"password", PASSWORD.encode())]),
        (f"/s/{world.visit_token}", [(b"level", b"3")]),
        (f"/s/c/{world.counter_code}", [(b"level", b"3")]),
        ("/s/", [(b"code", DOSSIER_CODE.encode())]),
    ]:
        response, language = send(app, "POST", path, query, csrf + fields)
        # A forged token long enough to pass the form's body limit is refused for its size.
        too_large = len(encoded(csrf + fields)) > body_limit_of(app, path)
        assert response.status_code == (413 if too_large else 400), path
        check_page(response, language=language)
    assert ratings_of_visit(db, world.visit_id) == 0


@pytest.mark.parametrize("path", ["/admin/login", "/s/", "{survey}", "{poster}"])
def test_oversized_and_crowded_forms_are_refused_readably(app, world, path):
    path = path.format(survey=f"/s/{world.visit_token}", poster=f"/s/c/{world.counter_code}")
    oversized = [(b"comment", b"x" * (9 * 1024 * 1024))]
    response, language = send(app, "POST", path, [], oversized)
    assert response.status_code == 413
    check_page(response, language=language)
    crowded = [(b"reported", b"KHONG_QUAN_LIEU"), (b"level", b"3")] * 20_000
    check_page(send(app, "POST", path, [], crowded)[0], language="vi")
