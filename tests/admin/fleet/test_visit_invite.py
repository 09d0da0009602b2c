"""The officer's "Mời đánh giá" page and the leaders' counter posters."""

from sqlalchemy import select

from models import AuditEntry, Officer, Visit
from models.ops.visits import survey_token
from tests.render.test_posters import decoded_qr_codes, pdf_text
from tests.visits_support import TOKEN_KEY


def _officer_of(db, user):
    return db.get(Officer, user.officer_id)


def test_an_officer_opens_a_visit_and_shows_its_qr(client, db, login, questionnaire):
    user = login("officer")
    counter = _officer_of(db, user).counters[0]
    page = client.get("/admin/invite").get_data(as_text=True)
    assert "Mời đánh giá" in page and f"Quầy số {counter.number}" in page
    response = client.post("/admin/invite", data={"counter": counter.id,
                                                  "dossier_code": "hs 001"})
    assert response.status_code == 302
    db.rollback()  # end the test's read snapshot to see what the request wrote
    visit = db.scalar(select(Visit))
    assert (visit.opened_via, visit.opened_by_id, visit.dossier_code) == ("officer", user.id,
                                                                          "HS001")
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    # A QR for the citizen's phone, never a link the officer could follow from this browser.
    assert survey_token(TOKEN_KEY, visit.token_nonce) not in shown and "In phiếu" in shown
    assert "chờ lãnh đạo xem xét" in shown
    svg = client.get(f"/admin/visits/{visit.id}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and svg.headers["Cache-Control"] == "no-store"
    assert db.scalar(select(AuditEntry.action).where(AuditEntry.object_type == "visit")) == (
        "visit.open")


def test_the_slip_printed_from_the_page_scans_to_the_visit(client, db, login, tmp_path):
    user = login("officer")
    counter = _officer_of(db, user).counters[0]
    client.post("/admin/invite", data={"counter": counter.id, "ticket_number": "A7"})
    db.rollback()
    visit = db.scalar(select(Visit))
    slip = client.get(f"/admin/visits/{visit.id}/slip.pdf")
    assert slip.mimetype == "application/pdf"
    (text,) = pdf_text(slip.get_data())
    assert "Số thứ tự: A7" in text
    assert decoded_qr_codes(slip.get_data(), tmp_path, dpi=200) == [
        f"http://localhost/s/{survey_token(TOKEN_KEY, visit.token_nonce)}"]


def test_ending_a_visit_closes_it_and_is_audited(client, db, login):
    user = login("officer")
    client.post("/admin/invite", data={"counter": _officer_of(db, user).counters[0].id})
    db.rollback()
    visit_id = db.scalar(select(Visit.id))
    assert client.post(f"/admin/invite/{visit_id}/close").status_code == 302
    db.rollback()
    assert db.get(Visit, visit_id).closed_at is not None
    assert "visit.close" in db.scalars(select(AuditEntry.action)).all()


def test_an_officer_cannot_open_a_visit_at_a_counter_not_theirs(client, db, login,
                                                               make_counter):
    login("officer")
    other = make_counter()
    db.commit()
    response = client.post("/admin/invite", data={"counter": other.id})
    assert response.status_code == 200 and 'class="error"' in response.get_data(as_text=True)
    assert db.scalar(select(Visit)) is None


def test_an_officer_sees_only_their_own_visits(client, db, login, make_officer):
    from tests.visits_support import open_test_visit

    login("officer")
    someone_else = open_test_visit(db, make_officer())
    db.commit()
    for path in ("/admin/invite/{}", "/admin/visits/{}/qr.svg", "/admin/visits/{}/slip.pdf"):
        assert client.get(path.format(someone_else.id)).status_code == 404
    assert client.post(f"/admin/invite/{someone_else.id}/close").status_code == 404


def test_an_administrator_without_an_officer_is_told_the_page_is_for_officers(client, login):
    login("admin")
    assert "dành cho công chức một cửa" in client.get("/admin/invite").get_data(as_text=True)


def test_a_leader_downloads_posters_by_counter_and_by_site(client, db, login, make_counter,
                                                          tmp_path):
    login("leader")
    counter = make_counter(name="Quầy Tư pháp")
    second = make_counter(site=counter.site)
    db.commit()
    page = client.get("/admin/posters").get_data(as_text=True)
    assert "Áp phích QR tại quầy" in page and counter.code in page
    one = client.get(f"/admin/posters/counter/{counter.id}.pdf?size=a5")
    assert one.mimetype == "application/pdf"
    assert decoded_qr_codes(one.get_data(), tmp_path) == [f"http://localhost/s/c/{counter.code}"]
    both = client.get(f"/admin/posters/site/{counter.site_id}.pdf").get_data()
    texts = pdf_text(both)
    assert len(texts) == 2 and f"QUẦY SỐ {second.number}" in texts[1]
    assert client.get(f"/admin/posters/counter/{counter.id}.pdf?size=A3").status_code == 400
