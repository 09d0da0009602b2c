"""A citizen rates a visit on a small phone, with JavaScript off: queue system → QR link → form."""

import pytest
from sqlalchemy import select

from models import Rating
from tests.visits_support import bearer

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    """A phone-sized page with JavaScript turned off: the survey must work without it."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def survey_url(live_server, phone, db, make_officer, questionnaire):
    """A visit opened through the API, as a queue system would; returns its survey URL."""
    officer = make_officer(full_name="Đỗ Thị Thu Hà")
    headers = bearer(db, officer.counters[0].site)
    db.commit()
    response = phone.request.post(
        f"{live_server.url}/api/v1/visits", headers=headers,
        data={"counter": officer.counters[0].code, "officer": officer.code,
              "dossier_code": "000.00.20.H06-261129-0007"},
    )
    assert response.status == 201, response.text()
    return response.json()["survey_url"]


def _fits_the_screen(page) -> bool:
    box = page.locator("main").bounding_box()
    return box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_a_citizen_rates_a_visit_once_from_a_phone(live_server, phone, db, survey_url):
    phone.goto(survey_url)
    assert phone.get_by_text("Đỗ Thị Thu Hà").is_visible() and _fits_the_screen(phone)
    phone.get_by_role("radio", name="Hài lòng", exact=True).check()
    phone.get_by_role("group", name="Xin chào").get_by_label("Có").check()
    phone.get_by_role("group", name="Luôn lắng nghe").get_by_label("Không").check()
    phone.get_by_role("button", name="Gửi đánh giá").click()
    phone.wait_for_url("**/s/thanks")
    assert phone.get_by_role("heading", name="Cảm ơn Ông/Bà đã đánh giá!").is_visible()
    (rating,) = db.scalars(select(Rating)).all()
    assert (rating.verified, rating.source, rating.level) == (True, "qr_visit", 2)
    assert (rating.conduct_answered, rating.conduct_yes) == (2, 1)
    again = phone.goto(survey_url)
    assert again.status == 410
    assert phone.get_by_role("heading", name="Lượt phục vụ này đã được đánh giá").is_visible()


def test_dissatisfaction_without_a_reason_is_sent_back_then_accepted(phone, db, survey_url):
    phone.goto(survey_url)
    reasons = phone.get_by_role("group", name="Vì sao Ông/Bà không hài lòng?")
    phone.get_by_label("Rất hài lòng").check()
    assert reasons.is_hidden()  # asked only for a level that needs a reason (CSS, no script)
    phone.get_by_label("Không hài lòng").check()
    assert reasons.is_visible()
    phone.get_by_role("button", name="Gửi đánh giá").click()
    assert phone.get_by_role("alert").inner_text().startswith("Vui lòng cho biết lý do")
    assert db.scalars(select(Rating)).all() == []
    phone.get_by_label("Thời gian chờ đợi lâu").check()
    phone.get_by_role("link", name="English").is_visible()
    phone.get_by_role("button", name="Gửi đánh giá").click()
    phone.wait_for_url("**/s/thanks")
    db.rollback()
    assert db.scalar(select(Rating.level)) == 1


def test_the_survey_reads_in_english_after_the_switch(phone, survey_url):
    phone.goto(survey_url)
    phone.get_by_role("link", name="English").click()
    assert phone.get_by_label("Very satisfied").is_visible()
    assert phone.get_by_role("button", name="Send rating").is_visible()
