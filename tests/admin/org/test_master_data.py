"""Master data in the console: clear Vietnamese errors, and liaisons limited to their
departments on every list and detail."""

from sqlalchemy import select

from models import Counter, Officer, Site

SITE_FORM = {"code": "XA-DT", "name": "Trung tâm xã Đông Tiến", "kind": "commune",
             "address": "Đông Tiến", "opens_at": "07:30", "closes_at": "17:00",
             "cooldown_seconds": "20", "token_ttl_days": "7", "dossier_rating_days": "30",
             "dossier_second_factor": "y", "active": "y"}


def test_an_administrator_creates_and_edits_a_site(client, login, db):
    login("admin")
    response = client.post("/admin/sites/new", data=SITE_FORM)
    assert response.status_code == 302
    site = db.scalar(select(Site).where(Site.code == "XA-DT"))
    assert site.kind == "commune" and site.closes_at.hour == 17
    db.commit()  # end the read, so the next one sees the console's write
    client.post(f"/admin/sites/{site.id}/edit", data={**SITE_FORM, "cooldown_seconds": "30"})
    db.refresh(site)
    assert site.cooldown_seconds == 30


def test_site_form_errors_are_in_vietnamese(client, login, db, make_site):
    make_site(code="TAKEN")
    db.commit()
    login("admin")
    bad = {**SITE_FORM, "code": "TAKEN", "name": "", "closes_at": "25:00",
           "cooldown_seconds": "abc", "token_ttl_days": "365"}
    page = client.post("/admin/sites/new", data=bad).get_data(as_text=True)
    assert "Vui lòng điền mục này." in page
    assert "Giờ không hợp lệ" in page
    assert "Vui lòng nhập một số nguyên." in page
    assert "Vui lòng nhập một số từ 1 đến 90." in page
    reversed_hours = {**SITE_FORM, "code": "TAKEN", "opens_at": "18:00"}
    page = client.post("/admin/sites/new", data=reversed_hours).get_data(as_text=True)
    assert "Mã này đã được dùng" in page
    page = client.post("/admin/sites/new", data={**reversed_hours, "code": "FREE"}).get_data(
        as_text=True)
    assert "Giờ đóng cửa phải sau giờ mở cửa." in page
    assert db.scalar(select(Site).where(Site.code == "FREE")) is None


def test_counters_and_officers_are_created_and_assigned(client, login, db, make_site,
                                                      make_department):
    site, department = make_site(), make_department()
    db.commit()
    login("admin")
    client.post("/admin/counters/new", data={"code": "Q7", "site_id": site.id, "number": 7,
                                             "department_id": 0, "name": "", "active": "y"})
    counter = db.scalar(select(Counter).where(Counter.code == "Q7"))
    assert counter.department_id is None
    db.commit()
    client.post("/admin/officers/new", data={
        "code": "CB77", "full_name": "Vũ Thị Lan", "title": "Chuyên viên", "site_id": site.id,
        "department_id": department.id, "active": "y"})
    officer = db.scalar(select(Officer).where(Officer.code == "CB77"))
    db.commit()
    client.post(f"/admin/officers/{officer.id}/counters", data={"counter_ids": [counter.id]})
    db.refresh(officer)
    assert [c.code for c in officer.counters] == ["Q7"]
    page = client.get(f"/admin/officers/{officer.id}").get_data(as_text=True)
    assert "Quầy số 7 (Q7)" in page


def test_a_pin_is_generated_and_shown_once(client, login, db, make_officer):
    officer = make_officer(pin_hash=None)
    db.commit()
    login("admin")
    response = client.post(f"/admin/officers/{officer.id}/pin", data={"pin": ""})
    assert response.headers["Cache-Control"] == "no-store"
    db.refresh(officer)
    assert officer.pin_hash and officer.pin_hash.startswith("scrypt:")
    refused = client.post(f"/admin/officers/{officer.id}/pin", data={"pin": "12ab"})
    assert "Mã PIN gồm 4 đến 8 chữ số." in refused.get_data(as_text=True)


def test_a_liaison_sees_only_officers_of_their_departments(client, login, db, make_officer,
                                                           make_department):
    mine, theirs = make_department(name="Sở Tư pháp"), make_department(name="Sở Xây dựng")
    own = make_officer(department=mine, full_name="Người Của Sở Tư Pháp")
    other = make_officer(department=theirs, full_name="Người Của Sở Xây Dựng")
    user = login("liaison")
    user.departments = [mine]
    db.commit()
    listing = client.get("/admin/officers").get_data(as_text=True)
    assert own.full_name in listing and other.full_name not in listing
    assert client.get(f"/admin/officers/{own.id}").status_code == 200
    assert client.get(f"/admin/officers/{other.id}").status_code == 404
    departments = client.get("/admin/departments").get_data(as_text=True)
    assert "Sở Tư pháp" in departments and "Sở Xây dựng" not in departments


def test_a_liaison_reads_but_cannot_change(client, login, db, make_officer):
    officer = make_officer()
    user = login("liaison")
    user.departments = [officer.department]
    db.commit()
    page = client.get(f"/admin/officers/{officer.id}").get_data(as_text=True)
    assert "/edit" not in page
    assert client.post(f"/admin/officers/{officer.id}/edit", data={}).status_code == 403
