"""Every console route, walked with every role: allowed, forbidden (403) or sent to log-in.

A new console route fails this test until it is added to ROUTES with the roles allowed.
"""

import pytest

from models.staff import ROLES

#: endpoint → (method, URL arguments, roles allowed besides admin; "public" for log-in pages).
ROUTES = {
    "admin.login": ("GET", {}, "public"),
    "admin.logout": ("POST", {}, "public"),
    "admin.static": ("GET", {"filename": "css/console.css"}, "public"),
    "admin.home": ("GET", {}, ("leader", "hr", "liaison", "officer")),
    # Monthly evaluation (issue 6).
    "admin.ranking": ("GET", {"month": "2026-10"}, ("leader", "hr", "liaison")),
    "admin.annual": ("GET", {"year": 2026}, ("leader", "hr", "liaison")),
    "admin.officer_sheet": ("GET", {"officer_id": 1, "month": "2026-10"},
                            ("leader", "hr", "liaison")),
    "admin.officer_ratings": ("GET", {"officer_id": 1, "month": "2026-10"},
                              ("leader", "hr", "liaison")),
    "admin.my_sheet": ("GET", {"month": "2026-10"}, ("officer",)),
    "admin.months": ("GET", {}, ("leader", "hr")),
    "admin.month_detail": ("GET", {"period": "2026-10"}, ("leader", "hr")),
    "admin.month_close": ("POST", {"period": "2026-10"}, ("leader",)),
    "admin.month_reopen": ("POST", {"period": "2026-10"}, ("leader",)),
    "admin.rubrics": ("GET", {}, ("leader", "hr")),
    "admin.rubric_view": ("GET", {"version_id": 1}, ("leader", "hr")),
    "admin.rubric_clone": ("POST", {"version_id": 1}, ("leader",)),
    "admin.rubric_edit": ("GET", {"version_id": 1}, ("leader",)),
    "admin.rubric_activate": ("POST", {"version_id": 1}, ("leader",)),
    "admin.rubric_retire": ("POST", {"version_id": 1}, ("leader",)),
    "admin.inputs": ("GET", {"month": "2026-10"}, ("leader", "hr")),
    "admin.officer_inputs": ("GET", {"officer_id": 1, "month": "2026-10"}, ("leader", "hr")),
    "admin.dossier_import": ("GET", {"month": "2026-10"}, ("leader",)),
    "admin.breach_add": ("POST", {"officer_id": 1}, ("leader",)),
    "admin.breach_delete": ("POST", {"entry_id": 1}, ("leader",)),
    "admin.discipline_add": ("POST", {"officer_id": 1}, ("leader",)),
    "admin.discipline_delete": ("POST", {"entry_id": 1}, ("leader",)),
    "admin.leader_score_set": ("POST", {"officer_id": 1}, ("leader",)),
}


@pytest.fixture
def sample_data(db, make_officer, make_user, questionnaire):
    """One of each thing, so routes with an id in their URL find id 1."""
    make_officer()
    make_user("admin")
    db.commit()


def console_endpoints(app) -> set[str]:
    rules = app.url_map.iter_rules()
    return {rule.endpoint for rule in rules if rule.endpoint.startswith("admin.")}


def test_every_console_route_is_in_the_table(app):
    assert console_endpoints(app) == set(ROUTES)


def _request(client, app, endpoint):
    method, args, _roles = ROUTES[endpoint]
    with app.test_request_context():
        from flask import url_for

        url = url_for(endpoint, **args)
    response = client.open(url, method=method)
    response.close()
    return response


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_signed_out_visitors_are_sent_to_log_in(app, client, sample_data, endpoint):
    response = _request(client, app, endpoint)
    if ROUTES[endpoint][2] == "public":
        assert response.status_code < 400
    else:
        assert response.status_code == 302
        assert "/admin/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(e for e, spec in ROUTES.items() if spec[2] != "public"))
def test_each_role_is_allowed_or_refused(app, client, login, sample_data, role, endpoint):
    login(role)
    response = _request(client, app, endpoint)
    allowed = role == "admin" or role in ROUTES[endpoint][2]
    assert response.status_code < 500
    if allowed:
        assert response.status_code != 403
        assert "/admin/login" not in response.headers.get("Location", "")
    else:
        assert response.status_code == 403
