"""/api/v1/visits: integration keys per site, opening and closing visits, QR and slip files."""

import io
import re

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from models import ApiKey, Visit
from models.ops.apikeys import revoke_api_key
from tests.visits_support import bearer


@pytest.fixture
def integration(db, make_officer, questionnaire):
    """A site's officer and counter, and a key of that site (header ready to send)."""
    officer = make_officer(full_name="Lê Văn Hùng")
    counter = officer.counters[0]
    headers = bearer(db, counter.site)
    db.commit()
    return officer, counter, headers


def _open(client, headers, **body):
    return client.post("/api/v1/visits", json=body, headers=headers)


def test_opening_a_visit_returns_its_survey_url_and_qr_links(client, db, integration):
    officer, counter, headers = integration
    response = _open(client, headers, counter=counter.code, officer=officer.code,
                     ticket_number="B-017", dossier_code=" 000.00.20.h06-261107-0001 ")
    body = response.get_json()
    assert response.status_code == 201, body
    assert response.headers["Location"].endswith(f"/api/v1/visits/{body['id']}")
    assert re.fullmatch(r"http://localhost/s/[A-Za-z0-9_-]{16}", body["survey_url"])
    assert body["dossier_code"] == "000.00.20.H06-261107-0001" and body["state"] == "open"
    assert (body["officer"], body["officer_name"]) == (officer.code, "Lê Văn Hùng")
    visit = db.get(Visit, body["id"])
    assert (visit.opened_via, visit.api_key_id) == ("api", db.scalar(select(ApiKey.id)))
    for link in ("qr_png", "qr_svg", "slip_pdf"):
        assert body[link].startswith(f"http://localhost/api/v1/visits/{body['id']}/")


def test_the_survey_url_uses_the_public_address_when_set(app, client, integration):
    app.config["PUBLIC_BASE_URL"] = "https://danhgia.bacninh.gov.vn/"
    officer, counter, headers = integration
    body = _open(client, headers, counter=counter.code, officer=officer.code,
                 ticket_number="1").get_json()
    assert body["survey_url"].startswith("https://danhgia.bacninh.gov.vn/s/")


def test_opening_a_second_visit_closes_the_first(client, integration):
    officer, counter, headers = integration
    first = _open(client, headers, counter=counter.code, officer=officer.code,
                  ticket_number="1").get_json()
    second = _open(client, headers, counter=counter.code, officer=officer.code,
                   ticket_number="2").get_json()
    assert second["closed_visits"] == [first["id"]]
    shown = client.get(f"/api/v1/visits/{first['id']}", headers=headers).get_json()
    assert shown["closed_at"] is not None and shown["state"] == "open"


def test_closing_a_visit_is_idempotent(client, integration):
    officer, counter, headers = integration
    visit = _open(client, headers, counter=counter.code, officer=officer.code,
                  ticket_number="1").get_json()
    first = client.post(f"/api/v1/visits/{visit['id']}/close", headers=headers).get_json()
    again = client.post(f"/api/v1/visits/{visit['id']}/close", headers=headers)
    assert first["closed_at"] and again.status_code == 200
    assert again.get_json()["closed_at"] == first["closed_at"]


def test_a_rated_visit_shows_as_rated(client, integration):
    officer, counter, headers = integration
    visit = _open(client, headers, counter=counter.code, officer=officer.code,
                  ticket_number="1").get_json()
    token = visit["survey_url"].rsplit("/", 1)[1]
    assert client.post(f"/s/{token}", data={"level": "3"}).status_code == 303
    shown = client.get(f"/api/v1/visits/{visit['id']}", headers=headers).get_json()
    assert shown["state"] == "rated"


def test_the_officer_signed_in_at_the_counter_is_the_default(client, db, integration):
    from tests.models.test_visits import _sign_in

    officer, counter, headers = integration
    _sign_in(db, officer, counter)
    db.commit()
    body = _open(client, headers, counter=counter.code, dossier_code="HS-9").get_json()
    assert body["officer"] == officer.code


def _decode_png(data: bytes) -> str:
    (found,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    return found.text


def test_the_qr_images_carry_the_survey_url(client, integration):
    officer, counter, headers = integration
    visit = _open(client, headers, counter=counter.code, officer=officer.code,
                  ticket_number="1").get_json()
    png = client.get(visit["qr_png"], headers=headers)
    assert png.mimetype == "image/png" and png.headers["Cache-Control"] == "no-store"
    assert _decode_png(png.get_data()) == visit["survey_url"]
    svg = client.get(visit["qr_svg"], headers=headers)
    assert svg.mimetype == "image/svg+xml" and svg.get_data().startswith(b"<svg")
    slip = client.get(visit["slip_pdf"], headers=headers)
    assert slip.mimetype == "application/pdf" and slip.get_data().startswith(b"%PDF")


def test_a_key_acts_only_at_its_own_site(client, db, integration, make_officer):
    officer, counter, headers = integration
    other = make_officer()
    db.commit()
    response = _open(client, headers, counter=other.counters[0].code, officer=other.code,
                     ticket_number="1")
    assert (response.status_code, response.get_json()["error"]["code"]) == (
        403, "counter_not_in_site")
    visit_id = _open(client, headers, counter=counter.code, officer=officer.code,
                     ticket_number="1").get_json()["id"]
    other_headers = bearer(db, other.counters[0].site)
    db.commit()
    for path in ("", "/close", "/qr.png", "/qr.svg", "/slip.pdf"):
        method = "POST" if path == "/close" else "GET"
        response = client.open(f"/api/v1/visits/{visit_id}{path}", method=method,
                               headers=other_headers)
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "visit_not_found"


def test_a_revoked_key_is_refused(client, db, integration):
    _officer, counter, headers = integration
    revoke_api_key(db, db.scalar(select(ApiKey)))
    db.commit()
    response = _open(client, headers, counter=counter.code, ticket_number="1")
    assert (response.status_code, response.get_json()["error"]["code"]) == (
        401, "invalid_api_key")
