"""Rating a register dossier at /s/ by the code on its receipt, with and without the second
factor: the receiving officer is rated once; a wrong pair looks exactly like a wrong code."""

import re
from datetime import date

import pytest
from sqlalchemy import select

from models import Dossier, Rating, Site
from models.ops.register import import_register
from tests.visits_support import open_test_visit
from web.dossier_key import dossier_hash_key

CODE = "000.00.20.H06-261101-0042"


@pytest.fixture
def dossier(app, db, register_site, questionnaire):
    with app.app_context():
        key = dossier_hash_key()
    today = date.today()
    import_register(db, register_site.site.id, [(1, {
        "code": CODE, "officer_code": "CB0002", "received_on": "2026-10-01",
        "due_on": "2026-10-08", "resolved_on": "2026-10-07", "returned_on": today.isoformat(),
        "applicant_phone": "0912 345 678"}), (2, {
        "code": "HS-NOPHONE", "officer_code": "CB0003", "received_on": "2026-10-01",
        "due_on": "2026-10-08", "returned_on": today.isoformat()})],
        key=key, zone="Asia/Ho_Chi_Minh", today=today)
    db.commit()
    return register_site


def look_up(client, code, digits=""):
    return client.post("/s/", data={"code": code, "digits": digits})


def without_code(page: str, code: str) -> str:
    """Return a page with the typed code and the form's token taken out, to compare."""
    page = page.replace(code, "CODE")
    return re.sub(r'name="(csrf_token|digits)"[^>]*>', "", page)


def test_code_and_digits_lead_to_the_survey_of_the_receiving_officer(client, db, dossier):
    response = look_up(client, " 000.00.20.h06-261101-0042 ", "56 78")
    assert response.status_code == 303 and response.headers["Location"].endswith("/s/ho-so")
    page = client.get("/s/ho-so").get_data(as_text=True)
    assert "Trần Văn Nam" in page and CODE in page
    assert client.post("/s/ho-so", data={"level": "3"}).status_code == 303
    rating = db.scalar(select(Rating))
    assert (rating.officer_id, rating.source, rating.verified) == (
        dossier.nam.id, "dossier_code", True)
    assert db.scalar(select(Dossier.visit_id).where(Dossier.code == CODE)) == rating.visit_id


def test_a_wrong_pair_gets_the_same_answer_as_an_unknown_code(client, dossier):
    wrong = look_up(client, CODE, "1234")
    unknown = look_up(client, "000.00.20.H06-261101-9999", "1234")
    missing = look_up(client, CODE, "")
    assert wrong.status_code == unknown.status_code == missing.status_code == 404
    assert without_code(wrong.get_data(as_text=True), CODE) == without_code(
        unknown.get_data(as_text=True), "000.00.20.H06-261101-9999")
    assert "Không tìm thấy hồ sơ có mã" in wrong.get_data(as_text=True)


def test_wrong_pairs_count_toward_the_lookup_limit(app, client, dossier):
    app.config["SURVEY_LOOKUP_RATE_LIMIT"] = "3/minute"
    assert [look_up(client, CODE, f"000{n}").status_code for n in range(3)] == [404] * 3
    assert look_up(client, CODE, "5678").status_code == 429


def test_a_dossier_without_a_phone_needs_only_its_code(client, db, dossier):
    assert look_up(client, "HS-NOPHONE").status_code == 303
    assert client.post("/s/ho-so", data={"level": "1", "reason_text": "Chờ lâu"}
                       ).status_code == 303
    assert db.scalar(select(Rating.officer_id)) == dossier.mai.id


def test_the_second_factor_can_be_turned_off_for_a_site(client, db, dossier):
    db.get(Site, dossier.site.id).dossier_second_factor = False
    db.commit()
    assert look_up(client, CODE).status_code == 303


def test_a_dossier_is_rated_once_and_a_repeated_send_is_thanked(app, client, db, dossier):
    other = app.test_client()
    look_up(client, CODE, "5678")
    look_up(other, CODE, "5678")
    page = client.get("/s/ho-so").get_data(as_text=True)
    rating_id = re.search(r'name="rating_id"[^>]*value="([^"]+)"', page).group(1)
    assert client.post("/s/ho-so", data={"level": "3", "rating_id": rating_id}
                       ).status_code == 303
    assert client.post("/s/ho-so", data={"level": "3", "rating_id": rating_id}
                       ).headers["Location"].endswith("/s/thanks")
    assert other.post("/s/ho-so", data={"level": "2"}).status_code == 410
    assert look_up(app.test_client(), CODE, "5678").status_code == 410
    assert db.query(Rating).count() == 1


def test_a_dossier_not_yet_returned_cannot_be_rated(client, db, dossier):
    db.execute(Dossier.__table__.update().where(Dossier.code == CODE).values(returned_on=None))
    db.commit()
    response = look_up(client, CODE, "5678")
    assert response.status_code == 409 and "Chưa thể đánh giá" in response.get_data(as_text=True)


def test_the_survey_page_needs_a_dossier_found_first(client, dossier):
    assert client.get("/s/ho-so").headers["Location"].endswith("/s/")
    assert client.post("/s/ho-so", data={"level": "3"}).status_code == 303


def test_a_code_of_the_register_never_falls_back_to_a_queue_visit(client, db, dossier):
    open_test_visit(db, dossier.hoa, dossier_code=CODE)
    db.commit()
    assert look_up(client, CODE, "0000").status_code == 404
