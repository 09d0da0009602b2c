"""In Chromium, on a phone: after 15 December the leader's home says the year's grading is
overdue; grading it asks for a reason, and the page then states it was graded late and why."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from admin.evaluation import annual
from tests.factories import PASSWORD
from tests.monthdata import october_and_november_closed

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def year(db, questionnaire, make_officer, make_user, monkeypatch):
    found = october_and_november_closed(db, questionnaire, make_officer, make_user)
    monkeypatch.setattr(annual, "now_utc", lambda: datetime(2026, 12, 17, 3, tzinfo=UTC))
    return found


def test_the_leader_grades_the_year_late_with_a_reason(browser, live_server, year, tmp_path):
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/admin/login")
    page.get_by_label("Tên đăng nhập").fill(year["leader"].username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    overdue = page.get_by_role("link", name="Đã quá hạn xếp loại năm 2026 (15/12/2026) 2 ngày",
                               exact=False)
    expect(overdue).to_be_visible()
    overdue.click()
    expect(page.locator("#annual-deadline")).to_contain_text("xếp loại bây giờ phải ghi lý do")
    expect(page.locator("#not-graded")).to_be_visible()
    form = page.locator("#grade-year")
    reason = form.get_by_label("Lý do xếp loại sau hạn")
    form.get_by_role("button", name="Xếp loại năm 2026").click()
    # The browser refuses an empty reason before sending; nothing is graded.
    expect(page.locator("#grading")).to_have_count(0)
    assert reason.evaluate("field => field.validity.valueMissing")
    reason.fill("Chờ kết luận thanh tra tháng 11")
    form.get_by_role("button", name="Xếp loại năm 2026").click()
    expect(page.locator("#late-grading")).to_contain_text(
        "Xếp loại sau hạn (15/12/2026). Lý do: Chờ kết luận thanh tra tháng 11")
    expect(page.locator("#not-counted")).to_contain_text("12/2026")
    expect(page.locator("#annual-deadline")).to_contain_text("Năm 2026 đã được xếp loại ngày")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(tmp_path / "annual.png"), full_page=True)
    context.close()
