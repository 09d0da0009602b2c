"""Every way an integration's request can be wrong gets a 4xx JSON error with a stable code."""

import json

import pytest

from tests.visits_support import bearer

COUNTER, OFFICER, FOREIGN, SLEEPY = "{counter}", "{officer}", "{foreign}", "{inactive}"

#: (what is sent, expected status, expected error code)
CASES = [
    ({"headers": {}}, 401, "missing_api_key"),
    ({"headers": {"Authorization": "Basic dXNlcjpwYXNz"}}, 401, "missing_api_key"),
    ({"headers": {"Authorization": "Bearer "}}, 401, "missing_api_key"),
    ({"headers": {"Authorization": "Bearer hl_not-a-key"}}, 401, "invalid_api_key"),
    ({"data": "counter=Q1", "content_type": "text/plain"}, 415, "unsupported_media_type"),
    ({"data": "{not json", "content_type": "application/json"}, 400, "invalid_body"),
    ({"json": ["counter"]}, 400, "invalid_body"),
    ({"json": {}}, 400, "missing_field"),
    ({"json": {"counter": "  ", "ticket_number": "1"}}, 400, "missing_field"),
    ({"json": {"counter": 5, "ticket_number": "1"}}, 400, "invalid_field"),
    ({"json": {"counter": COUNTER, "ticket_number": 17}}, 400, "invalid_field"),
    ({"json": {"counter": COUNTER, "ticket_number": "1", "room": "A"}}, 400, "unknown_field"),
    ({"json": {"counter": COUNTER, "officer": OFFICER}}, 400, "ticket_or_dossier_required"),
    ({"json": {"counter": COUNTER, "dossier_code": " \t "}}, 400, "ticket_or_dossier_required"),
    ({"json": {"counter": COUNTER, "ticket_number": "x" * 33}}, 400, "field_too_long"),
    ({"json": {"counter": COUNTER, "dossier_code": "HS\u0000-1"}}, 400, "invalid_field"),
    ({"json": {"counter": COUNTER, "ticket_number": "1\n2"}}, 400, "invalid_field"),
    ({"json": {"counter": "NO-SUCH", "ticket_number": "1"}}, 422, "unknown_counter"),
    ({"json": {"counter": COUNTER, "officer": "NO-SUCH", "ticket_number": "1"}}, 422,
     "unknown_officer"),
    ({"json": {"counter": COUNTER, "ticket_number": "1"}}, 422, "no_officer_signed_in"),
    ({"json": {"counter": COUNTER, "officer": FOREIGN, "ticket_number": "1"}}, 422,
     "officer_not_at_site"),
    ({"json": {"counter": SLEEPY, "officer": OFFICER, "ticket_number": "1"}}, 422,
     "counter_inactive"),
    ({"data": json.dumps({"counter": "x" * 5000}), "content_type": "application/json"}, 413,
     "payload_too_large"),
    ({"data": "[" * 2000 + "]" * 2000, "content_type": "application/json"}, 400, "invalid_body"),
    ({"data": '{"counter": Infinity}', "content_type": "application/json"}, 400, "invalid_body"),
]


@pytest.fixture
def names(db, make_officer, make_counter):
    """Codes to put into the bodies, and the header of a valid key of the site."""
    officer = make_officer()
    counter = officer.counters[0]
    inactive = make_counter(site=counter.site, active=False)
    values = {COUNTER: counter.code, OFFICER: officer.code, FOREIGN: make_officer().code,
              SLEEPY: inactive.code}
    headers = bearer(db, counter.site)
    db.commit()
    return values, headers


def _fill(value, names):
    if isinstance(value, dict):
        return {key: _fill(item, names) for key, item in value.items()}
    return names.get(value, value) if isinstance(value, str) else value


@pytest.mark.parametrize("sent, status, code", CASES)
def test_a_bad_request_gets_a_json_error_with_a_stable_code(client, names, sent, status, code):
    values, headers = names
    kwargs = {"headers": headers, **_fill(dict(sent), values)}
    response = client.post("/api/v1/visits", **kwargs)
    body = response.get_json()
    assert (response.status_code, body["error"]["code"]) == (status, code), body
    assert body["error"]["message"]


@pytest.mark.parametrize(
    "method, path, status, code",
    [
        ("GET", "/api/v1/visits/999", 404, "visit_not_found"),
        ("POST", "/api/v1/visits/999/close", 404, "visit_not_found"),
        ("GET", "/api/v1/visits/999/qr.png", 404, "visit_not_found"),
        ("DELETE", "/api/v1/visits/1", 405, "method_not_allowed"),
        ("GET", "/api/v1/visits/abc", 404, "not_found"),
        ("GET", f"/api/v1/visits/{2**31 - 1}", 404, "visit_not_found"),
        ("GET", f"/api/v1/visits/{2**31}", 404, "not_found"),
        ("POST", f"/api/v1/visits/{10**40}/close", 404, "not_found"),
    ],
)
def test_unknown_visits_and_methods_get_json_errors(client, names, method, path, status, code):
    response = client.open(path, method=method, headers=names[1])
    assert (response.status_code, response.get_json()["error"]["code"]) == (status, code)


def test_the_api_description_lists_the_visit_endpoints_with_error_schemas(client):
    document = client.get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    for path, method in [("/visits", "post"), ("/visits/{id}", "get"),
                         ("/visits/{id}/close", "post"), ("/visits/{id}/qr.png", "get"),
                         ("/visits/{id}/qr.svg", "get"), ("/visits/{id}/slip.pdf", "get")]:
        operation = paths[path][method]
        assert operation["security"] == [{"integrationKey": []}]
        error = operation["responses"]["401"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}
    post = paths["/visits"]["post"]["responses"]
    assert {"201", "400", "401", "403", "413", "422"} <= set(post)
    components = document["components"]
    assert components["securitySchemes"]["integrationKey"]["scheme"] == "bearer"
    assert {"Visit", "OpenVisit", "Error"} <= set(components["schemas"])
