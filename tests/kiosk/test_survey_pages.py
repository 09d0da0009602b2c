"""The phone survey at /s/<token>: one rating per visit, the same rules as the tablet, clear
refusals, light enough for a cheap phone."""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from models import Rating, Visit
from tests.visits_support import open_test_visit

#: The phone page, with its stylesheets and scripts, must stay under this many bytes.
PAGE_BUDGET = 60 * 1024


@pytest.fixture
def visit(db, make_officer, questionnaire):
    """An open visit at an officer's counter, committed so the app sees it."""
    officer = make_officer(full_name="Trần Thị Bích Ngọc")
    opened = open_test_visit(db, officer, dossier_code="000.00.20.H06-261107-0001",
                             ticket_number="A015")
    db.commit()
    return opened


def _ratings(db):
    return db.scalars(select(Rating)).all()


def test_the_survey_shows_the_officer_and_the_questionnaire_in_vietnamese(client, visit):
    response = client.get(f"/s/{visit.survey_token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in ("Trần Thị Bích Ngọc", "Quầy số", "Rất hài lòng", "Hài lòng", "Không hài lòng",
                 "Xin chào", "Luôn lắng nghe", "Tham nhũng, lãng phí, lợi ích nhóm",
                 "000.00.20.H06-261107-0001", "Gửi đánh giá"):
        assert text in page
    assert "<script" not in page and 'checked' not in page


def test_the_survey_switches_to_english(client, visit):
    page = client.get(f"/s/{visit.survey_token}?lang=en").get_data(as_text=True)
    assert "Very satisfied" in page and "Send rating" in page and "Always listening" in page


def _asset_size(client, url: str) -> int:
    with client.get(url) as response:
        assert response.status_code == 200
        return len(response.get_data())


def test_the_page_with_its_styles_weighs_under_60_kb(client, visit):
    response = client.get(f"/s/{visit.survey_token}")
    html = response.get_data()
    assets = re.findall(rb'(?:href|src)="(/[^"]+\.(?:css|js))"', html)
    assert assets, "the page should link its stylesheet"
    total = len(html) + sum(_asset_size(client, asset.decode()) for asset in assets)
    print(f"phone survey page: {total} bytes (HTML {len(html)})")
    assert total < PAGE_BUDGET


def test_a_submission_stores_one_verified_rating_and_thanks(client, db, visit):
    response = client.post(f"/s/{visit.survey_token}", data={
        "level": "3", "c-XIN_CHAO": "co", "c-LUON_MIM_CUOI": "khong", "comment": "Rất tốt",
        "rating_id": str(uuid.uuid4()),
    })
    assert response.status_code == 303 and response.headers["Location"].endswith("/s/thanks")
    assert "Cảm ơn" in client.get("/s/thanks").get_data(as_text=True)
    (rating,) = _ratings(db)
    assert (rating.visit_id, rating.verified, rating.source) == (visit.id, True, "qr_visit")
    assert (rating.conduct_answered, rating.conduct_yes, rating.comment) == (2, 1, "Rất tốt")


def test_a_used_link_gets_a_clear_410_page(client, db, visit):
    client.post(f"/s/{visit.survey_token}", data={"level": "2"})
    for response in (client.get(f"/s/{visit.survey_token}"),
                     client.post(f"/s/{visit.survey_token}", data={"level": "3"})):
        assert response.status_code == 410
        assert "đã được đánh giá" in response.get_data(as_text=True)
    assert len(_ratings(db)) == 1


def test_pressing_send_twice_thanks_twice_and_stores_once(client, db, visit):
    form = {"level": "3", "rating_id": str(uuid.uuid4())}
    assert client.post(f"/s/{visit.survey_token}", data=form).status_code == 303
    assert client.post(f"/s/{visit.survey_token}", data=form).status_code == 303
    assert len(_ratings(db)) == 1


def test_dissatisfaction_needs_a_reason_as_on_the_tablet(client, db, visit):
    url = f"/s/{visit.survey_token}"
    response = client.post(url, data={"level": "1", "c-XIN_CHAO": "co"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "lý do" in page
    assert re.search(r'value="1"[^>]*\bchecked', page) and re.search(r'value="co" checked', page)
    assert _ratings(db) == [] and db.get(Visit, visit.id).used_at is None
    db.rollback()  # end the test's read snapshot before the next request writes
    response = client.post(url, data={"level": "1", "reasons": "LY_DO_CHO_LAU"})
    assert response.status_code == 303 and _ratings(db)[0].level == 1


def test_no_level_chosen_is_explained(client, visit):
    response = client.post(f"/s/{visit.survey_token}", data={"comment": "?"})
    assert response.status_code == 422
    assert "chọn mức độ hài lòng" in response.get_data(as_text=True)


def test_an_expired_link_gets_a_clear_410_page(client, db, visit):
    db.get(Visit, visit.id).token_expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.commit()
    for response in (client.get(f"/s/{visit.survey_token}"),
                     client.post(f"/s/{visit.survey_token}", data={"level": "3"})):
        assert response.status_code == 410 and "hết hạn" in response.get_data(as_text=True)
    assert _ratings(db) == []


@pytest.mark.parametrize("token", ["AAAAAAAAAAAAAAAA", "short", "x" * 40, "%00", "..%2F.."])
def test_an_unknown_link_gets_a_clear_404_page(client, visit, token):
    response = client.get(f"/s/{token}")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)


def test_an_expired_form_is_shown_again_with_the_answers_kept(app_config, app, client, visit):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(f"/s/{visit.survey_token}", data={"level": "2", "comment": "Nhanh"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Nhanh" in page and "bấm Gửi" in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"/s/{visit.survey_token}",
                           data={"level": "2", "comment": "Nhanh", "csrf_token": token})
    assert response.status_code == 303


def test_the_link_s_qr_code_is_served_while_it_can_be_rated(client, visit):
    response = client.get(f"/s/{visit.survey_token}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/s/AAAAAAAAAAAAAAAA/qr.svg").status_code == 404


def test_without_an_active_questionnaire_the_survey_says_it_is_unavailable(
    client, db, make_officer
):
    opened = open_test_visit(db, make_officer())
    db.commit()
    response = client.get(f"/s/{opened.survey_token}")
    assert response.status_code == 503
    assert db.scalar(select(func.count(Rating.id))) == 0
