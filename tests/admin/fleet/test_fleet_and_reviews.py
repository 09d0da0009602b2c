"""Tablets (pairing, fleet view), questionnaire versions, exclusions, contests and the
officer's own ratings, through the console."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from models import PairingCode, QuestionnaireVersion, Rating, RatingContest, Tablet
from models.base import utcnow
from models.ops.devices import redeem_pairing_code
from tests.factories import PASSWORD


def test_pairing_shows_a_one_time_code_that_pairs_a_tablet(client, login, db, make_counter):
    counter = make_counter(code="Q-05")
    db.commit()
    login("admin")
    response = client.post("/admin/tablets/pair", data={"counter_id": counter.id})
    assert response.headers["Cache-Control"] == "no-store"
    code = re.search(r'class="secret big"[^>]*>(\d{6})<', response.get_data(as_text=True))[1]
    paired = redeem_pairing_code(db, code, "Máy quầy 5")
    db.commit()
    assert paired.counter_id == counter.id
    assert db.scalar(select(func.count(PairingCode.id))) == 1


def test_the_fleet_highlights_stale_tablets(client, login, db, make_counter):
    counter = make_counter()
    now = utcnow()
    db.add_all([
        Tablet(name="Máy khỏe", counter_id=counter.id, secret_hash="a" * 64,
               last_heartbeat_at=now, app_version="1.4.0", outbox_length=0),
        Tablet(name="Máy im lặng", counter_id=counter.id, secret_hash="b" * 64,
               last_heartbeat_at=now - timedelta(minutes=30), app_version="1.3.9",
               outbox_length=12, dead_letters=2),
        Tablet(name="Máy đã thu hồi", counter_id=counter.id, secret_hash="c" * 64,
               revoked_at=now),
    ])
    db.commit()
    login("leader")
    page = client.get("/admin/tablets").get_data(as_text=True)
    stale_row = page.split('<tr class="stale">')[1].split("</tr>")[0]
    assert "Máy im lặng" in stale_row and "Mất liên lạc" in stale_row
    assert "1.3.9" in stale_row and ">12" in stale_row
    assert "Máy khỏe" in page and "Máy đã thu hồi" not in page
    assert "Máy đã thu hồi" in client.get("/admin/tablets?revoked=1").get_data(as_text=True)


def test_rename_move_and_revoke_a_tablet(client, login, db, make_counter):
    first, second = make_counter(), make_counter()
    tablet = Tablet(name="", counter_id=first.id, secret_hash="d" * 64)
    db.add(tablet)
    db.commit()
    login("admin")
    client.post(f"/admin/tablets/{tablet.id}/rename", data={"name": "Máy sảnh"})
    client.post(f"/admin/tablets/{tablet.id}/move", data={"counter_id": second.id})
    client.post(f"/admin/tablets/{tablet.id}/revoke")
    db.commit()
    db.refresh(tablet)
    assert (tablet.name, tablet.counter_id) == ("Máy sảnh", second.id)
    assert tablet.revoked_at is not None


def test_an_integration_key_is_shown_once_and_can_be_revoked(client, login, db, make_site):
    site = make_site()
    db.commit()
    login("admin")
    shown = client.post(f"/admin/sites/{site.id}/keys", data={"name": "Xếp hàng"})
    key = re.search(r"<code>(hl_[^<]+)</code>", shown.get_data(as_text=True))[1]
    detail = client.get(f"/admin/sites/{site.id}").get_data(as_text=True)
    assert key not in detail and key[:10] in detail
    client.post("/admin/keys/1/revoke")
    assert "Đã thu hồi" in client.get(f"/admin/sites/{site.id}").get_data(as_text=True)


def test_a_leader_clones_edits_and_activates_a_questionnaire(client, login, db,
                                                             questionnaire):
    db.commit()
    login("leader")
    client.post(f"/admin/questionnaires/{questionnaire.version_id}/clone")
    draft = db.scalar(select(QuestionnaireVersion).where(QuestionnaireVersion.status == "draft"))
    item = draft.items[0]
    client.post(f"/admin/questionnaires/items/{item.id}",
                data={"label_vi": "Rất hài lòng ạ", "label_en": "Very happy"})
    refused = client.post(f"/admin/questionnaires/items/{questionnaire.items[0].id}",
                          data={"label_vi": "Sửa bản cũ", "label_en": "x"}, follow_redirects=True)
    assert "không thể sửa" in refused.get_data(as_text=True)
    client.post(f"/admin/questionnaires/{draft.id}/activate")
    db.commit()
    db.refresh(draft)
    assert draft.status == "active"
    old = client.get(f"/admin/questionnaires/{questionnaire.version_id}").get_data(as_text=True)
    assert "Ngừng áp dụng" in old and "Rất hài lòng" in old and "Rất hài lòng ạ" not in old


def test_a_leader_excludes_a_rating_with_a_reason_and_it_stays_listed(
    client, login, db, make_officer, make_rating
):
    outcome = make_rating(make_officer(), level=1, reasons=["LY_DO_CHO_LAU"])
    db.commit()
    login("leader")
    empty = client.post(f"/admin/ratings/{outcome.id}/exclude", data={"reason": " "},
                        follow_redirects=True)
    assert "Vui lòng nêu lý do" in empty.get_data(as_text=True)
    client.post(f"/admin/ratings/{outcome.id}/exclude", data={"reason": "Phiếu thử máy"})
    listed = client.get("/admin/ratings?excluded=1").get_data(as_text=True)
    assert "Phiếu thử máy" in listed
    assert db.scalar(select(func.count(Rating.id))) == 1


def test_an_officer_contests_a_rating_and_the_leader_accepts(app, client, login, db,
                                                             make_officer, make_rating,
                                                             make_user):
    officer = make_officer()
    outcome = make_rating(officer, level=1, reasons=["LY_DO_THAI_DO"],
                          comment="Thái độ chưa tốt")
    login("officer", officer_id=officer.id)
    mine = client.get("/admin/me/ratings").get_data(as_text=True)
    assert "Thái độ chưa tốt" in mine and "Khiếu nại phiếu này" in mine
    client.post(f"/admin/me/ratings/{outcome.id}/contest", data={"reason": "Tôi nghỉ phép hôm đó"})
    assert "đang chờ quyết định" in client.get("/admin/me/ratings").get_data(as_text=True)
    contest = db.scalar(select(RatingContest))
    leader = app.test_client()
    user = make_user("leader")
    db.commit()
    leader.post("/admin/login", data={"username": user.username, "password": PASSWORD})
    assert "Tôi nghỉ phép hôm đó" in leader.get("/admin/contests").get_data(as_text=True)
    leader.post(f"/admin/contests/{contest.id}/decide", data={"decision": "accept", "note": ""})
    db.commit()
    rating = db.get(Rating, outcome.id)
    db.refresh(rating)
    assert rating.excluded and f"#{contest.id}" in rating.excluded_reason
    assert "Đã loại" in client.get("/admin/me/ratings").get_data(as_text=True)


def test_an_officer_cannot_contest_someone_elses_rating(client, login, db, make_officer,
                                                        make_rating):
    outcome = make_rating(make_officer(), level=1, reasons=["LY_DO_CHO_LAU"])
    login("officer")
    response = client.post(f"/admin/me/ratings/{outcome.id}/contest", data={"reason": "x"})
    assert response.status_code == 404
    assert db.scalar(select(func.count(RatingContest.id))) == 0


def test_a_liaison_sees_ratings_and_contests_of_their_departments_only(
    client, login, db, make_officer, make_department, make_rating
):
    mine, theirs = make_department(), make_department()
    own = make_officer(department=mine, full_name="Trịnh Văn Mình")
    other = make_officer(department=theirs, full_name="Quách Thị Khác")
    own_rating = make_rating(own, level=1, reasons=["LY_DO_CHO_LAU"])
    other_rating = make_rating(other, level=1, reasons=["LY_DO_CHO_LAU"])
    for officer, outcome in ((own, own_rating), (other, other_rating)):
        db.add(RatingContest(rating_id=outcome.id, officer_id=officer.id, reason="Nhầm"))
    user = login("liaison")
    user.departments = [mine]
    db.commit()
    ratings = client.get("/admin/ratings").get_data(as_text=True).split("<tbody>")[1]
    assert own.full_name in ratings and other.full_name not in ratings
    assert client.get(f"/admin/ratings/{own_rating.id}").status_code == 200
    assert client.get(f"/admin/ratings/{other_rating.id}").status_code == 404
    contests = client.get("/admin/contests").get_data(as_text=True)
    assert own.full_name in contests and other.full_name not in contests
    assert "Ghi nhận quyết định" not in contests  # reading only
