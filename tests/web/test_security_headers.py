"""Security headers on a sample of routes of each blueprint, signed in and out, HTTP and
HTTPS; the sample is drawn from the app's own URL map, so a new blueprint is covered too."""

import pytest

from tests.factories import PASSWORD

#: Up to this many GET routes without URL arguments are sampled per blueprint.
PER_BLUEPRINT = 4


def sample_routes(app) -> dict[str, list[str]]:
    """Return a few argument-free GET paths of each blueprint (static files by name)."""
    found = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        blueprint = rule.endpoint.rpartition(".")[0] or "app"
        if "GET" not in rule.methods:
            continue
        if rule.endpoint.endswith("static"):
            path = rule.rule.replace("<path:filename>", "css/console.css" if blueprint ==
                                     "admin" else "css/base.css")
        elif rule.arguments:
            continue
        else:
            path = rule.rule
        found.setdefault(blueprint, [])
        if len(found[blueprint]) < PER_BLUEPRINT:
            found[blueprint].append(path)
    return found


def check_headers(response, secure: bool) -> None:
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert ("Strict-Transport-Security" in headers) == secure


def test_the_sample_covers_every_blueprint(app):
    sample = sample_routes(app)
    assert {"admin", "api", "web", "health"} <= set(sample)
    assert len(sample["admin"]) == PER_BLUEPRINT


@pytest.mark.parametrize("secure", [False, True])
def test_security_headers_on_a_sample_of_each_blueprints_routes(app, make_user, db, secure):
    user = make_user("admin")
    db.commit()
    base = "https://localhost" if secure else "http://localhost"
    signed_out, signed_in = app.test_client(), app.test_client()
    signed_in.post("/admin/login", data={"username": user.username, "password": PASSWORD},
                   base_url=base)
    for blueprint, paths in sample_routes(app).items():
        for path in paths:
            for client in (signed_out, signed_in):
                response = client.get(path, base_url=base)
                assert response.status_code < 500, (blueprint, path)
                check_headers(response, secure)
                response.close()


def test_errors_and_json_answers_carry_the_headers_too(client, login):
    login("leader")
    for path in ("/admin/users", "/admin/alerts/feed", "/admin/officers/999999", "/nope"):
        check_headers(client.get(path), secure=False)
