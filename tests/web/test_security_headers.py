"""Security headers on every route of the app's URL map: each method it allows, signed in as
an administrator (with the tablet and integration credentials on API calls) and signed out,
over HTTP and HTTPS; on pages, files, JSON, redirects to log-in, refusals and errors alike.

A route whose URL takes an argument this module has no value for fails the walk until
ARGUMENTS names one, so every new route is walked.
"""

import re
import uuid
from datetime import timedelta

import pytest

from models import ApiKey, RatingContest
from tests.factories import PASSWORD
from tests.kiosk.tablet_support import NOW, pair_tablet
from tests.visits_support import bearer, open_test_visit

RATING_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")
#: A value for each URL argument (ids of the rows `sample` makes; "{token}" and "{code}" are
#: the sample visit's survey token and counter code).
ARGUMENTS = {
    "alert_id": 1, "contest_id": 1, "counter_id": 1, "department_id": 1, "entry_id": 1,
    "item_id": 1, "key_id": 1, "officer_id": 1, "site_id": 1, "tablet_id": 1, "user_id": 1,
    "version_id": 1, "visit_id": 1, "mapping_id": 1, "post_id": 1, "rating_id": RATING_ID,
    "period": "2026-10", "year": 2026,
    "token": "{token}", "code": "{code}",
}
#: A file each blueprint's static route serves.
STATIC_FILES = {
    "web.static": "css/base.css",
    "admin.static": "css/console.css",
    "survey.static": "survey.css",
    "kiosk.static": "tablet/tablet.css",
}
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?(\w+)>")


@pytest.fixture
def sample(db, make_user, make_officer, make_rating):
    """One of each row a URL can name, id 1 each; the headers an API caller sends."""
    make_user("admin")  # id 1: toggling user 1 must not disable the walking administrator
    officer = make_officer()
    make_rating(officer, level=1, reasons=["LY_DO_CHO_LAU"], id=RATING_ID)  # raises alert 1
    db.add(RatingContest(rating_id=RATING_ID, officer_id=officer.id, reason="Không phải tôi"))
    _tablet_id, secret = pair_tablet(db, officer.counters[0], now=NOW - timedelta(days=1))
    headers = {"X-Tablet-Key": secret, **bearer(db, officer.counters[0].site)}
    visit = open_test_visit(db, officer, ticket_number="A-001")
    db.commit()
    assert db.get(ApiKey, 1) is not None
    return {"{token}": visit.survey_token, "{code}": officer.counters[0].code}, headers


def paths(app, values) -> list[tuple[str, str, str]]:
    """Return (endpoint, method, path) for every method of every rule: the API first (the
    console revokes the sample tablet and key), log-out last."""
    walked = []
    for rule in app.url_map.iter_rules():
        def value(match, rule=rule):
            if match.group(1) == "filename":
                return STATIC_FILES[rule.endpoint]
            assert match.group(1) in ARGUMENTS, f"add {match.group(1)!r} to ARGUMENTS"
            return str(values.get(ARGUMENTS[match.group(1)], ARGUMENTS[match.group(1)]))

        path = ARGUMENT.sub(value, rule.rule)
        walked += [(rule.endpoint, method, path) for method in rule.methods - {"HEAD", "OPTIONS"}]
    return sorted(walked, key=lambda item: (item[0] == "admin.logout",
                                            not item[0].startswith("api."), item))


def check_headers(response, secure: bool) -> None:
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert ("Strict-Transport-Security" in headers) == secure


def walk(client, app, values, headers, base) -> dict[int, int]:
    """Request every route and method; check each answer's headers; count the statuses."""
    statuses = {}
    for endpoint, method, path in paths(app, values):
        extra = headers if endpoint.startswith("api.") else {}
        response = client.open(path, method=method, headers=extra, base_url=base)
        assert response.status_code < 500, (endpoint, method, path)
        check_headers(response, secure=base.startswith("https"))
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        response.close()
    return statuses


@pytest.mark.parametrize("secure", [False, True])
def test_every_route_answers_with_the_security_headers(app, db, make_user, sample, secure):
    values, headers = sample
    user = make_user("admin")
    db.commit()
    base = "https://localhost" if secure else "http://localhost"
    signed_in = app.test_client()
    signed_in.post("/admin/login", data={"username": user.username, "password": PASSWORD},
                   base_url=base)
    assert signed_in.get("/admin/", base_url=base).status_code == 200
    as_admin = walk(signed_in, app, values, headers, base)
    signed_out = walk(app.test_client(), app, values, {}, base)
    assert as_admin.get(200, 0) > len(paths(app, values)) // 2, as_admin
    assert {200, 302, 401} <= set(signed_out), signed_out


def test_not_found_and_method_not_allowed_carry_the_headers_too(app, client, login, sample):
    values, _headers = sample
    login("admin")
    for _endpoint, method, path in paths(app, values):
        other = "PUT" if method != "PUT" else "PATCH"
        check_headers(client.open(path, method=other), secure=False)
        missing = re.sub(r"/1(/|$)", r"/999999\1", path)
        if missing != path:
            check_headers(client.open(missing, method=method), secure=False)
    for path in ("/nope", "/api/v1/nope", "/s/c/KHONG-CO", "/admin/officers/99999999999"):
        check_headers(client.get(path), secure=False)


def test_errors_and_json_answers_carry_the_headers_too(client, login):
    login("leader")
    for path in ("/admin/users", "/admin/alerts/feed", "/admin/officers/999999", "/nope"):
        check_headers(client.get(path), secure=False)
