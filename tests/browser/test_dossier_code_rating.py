"""A citizen with only a receipt rates the officer who received the dossier, on a phone in
Chromium: the one-stop software pushed the register; the code (and, when the register has
the phone number, its last four digits) open the survey once."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from models import Rating
from tests.visits_support import bearer

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WITH_PHONE = "000.00.20.H06-261201-0101"
WITHOUT_PHONE = "000.00.20.H06-261201-0102"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def pushed(live_server, phone, db, register_site, questionnaire):
    """Two returned dossiers pushed through the API, as one-stop software would."""
    headers = bearer(db, register_site.site)
    db.commit()
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()
    dossiers = [
        {"code": WITH_PHONE, "officer_code": "CB0002", "received_on": today, "due_on": today,
         "resolved_on": today, "returned_on": today, "applicant_phone": "0912 345 678"},
        {"code": WITHOUT_PHONE, "officer": "Lê Thị Mai", "received_on": today,
         "due_on": today, "resolved_on": today, "returned_on": today},
    ]
    response = phone.request.post(f"{live_server.url}/api/v1/dossiers", headers=headers,
                                  data={"dossiers": dossiers})
    assert response.status == 200, response.text()
    return register_site


def look_up(phone, code, digits=""):
    phone.get_by_label("Mã hồ sơ").fill(code)
    phone.get_by_label("4 số cuối số điện thoại hoặc số CCCD đã khai khi nộp hồ sơ").fill(digits)
    phone.get_by_role("button", name="Tiếp tục").click()


def rate_satisfied(phone):
    phone.get_by_role("radio", name="Rất hài lòng", exact=True).check()
    phone.get_by_role("button", name="Gửi đánh giá").click()
    phone.wait_for_url("**/s/thanks")


def test_with_the_second_factor_a_wrong_pair_looks_unknown_and_the_right_one_rates(
        live_server, phone, db, pushed, tmp_path):
    phone.goto(f"{live_server.url}/s/")
    look_up(phone, WITH_PHONE.lower(), "1111")
    error = phone.get_by_role("alert")
    assert "Không tìm thấy hồ sơ có mã" in error.inner_text()
    phone.screenshot(path=tmp_path / "wrong-pair.png", full_page=True)
    look_up(phone, WITH_PHONE, "5678")
    phone.wait_for_url("**/s/ho-so")
    assert phone.get_by_text("Trần Văn Nam").is_visible()
    assert phone.get_by_text(WITH_PHONE).is_visible()
    phone.screenshot(path=tmp_path / "survey.png", full_page=True)
    rate_satisfied(phone)
    rating = db.scalar(select(Rating))
    assert (rating.officer_id, rating.source, rating.verified, rating.level) == (
        pushed.nam.id, "dossier_code", True, 3)
    phone.goto(f"{live_server.url}/s/")
    look_up(phone, WITH_PHONE, "5678")
    assert phone.get_by_role("heading", name="Lượt phục vụ này đã được đánh giá").is_visible()


def test_without_a_phone_in_the_register_the_code_alone_opens_the_survey(live_server, phone,
                                                                         db, pushed):
    phone.goto(f"{live_server.url}/s/")
    look_up(phone, WITHOUT_PHONE)
    phone.wait_for_url("**/s/ho-so")
    assert phone.get_by_text("Lê Thị Mai").is_visible()
    rate_satisfied(phone)
    assert db.scalar(select(Rating.officer_id)) == pushed.mai.id
