"""Errors read as JSON for machines and as pages for people; every response is hardened."""

import pytest


def test_unknown_api_path_gives_a_json_error_with_a_code(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_unknown_page_gives_a_vietnamese_page(client):
    response = client.get("/khong-co")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_unknown_page_in_english_on_request(client):
    response = client.get("/khong-co?lang=en")
    assert "Page not found" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/healthz", "/admin/login", "/api/v1/openapi.json", "/nope"])
def test_security_headers_are_on_every_response(client, path):
    headers = client.get(path).headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers
    secure = client.get("/healthz", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_form_without_its_csrf_token_is_refused_politely(app_config, app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/admin/login", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "hết hạn" in response.get_data(as_text=True)


def test_openapi_document_is_served(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert "Error" in document["components"]["schemas"]


def test_an_id_too_large_for_any_database_is_not_found(login, client):
    login("admin")
    for officer_id in (2**31 - 1, 2**31, 2**63, 10**40):
        assert client.get(f"/admin/officers/{officer_id}").status_code == 404, officer_id
