"""In Chromium: an officer hands in a self-assessment, the department head reviews it (a lower
score needs a reason), the centre leader approves it; the sheet shows every step's score."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from models import DepartmentHead, DossierStat, TaskAssignment
from models.ops.assessment import open_assessment
from tests.factories import PASSWORD
from tests.monthdata import with_decree_rubric

pytestmark = pytest.mark.browser


@pytest.fixture
def centre(db, make_officer, make_department, make_user):
    department = make_department(name="Sở Tư pháp")
    officer = make_officer(department=department, full_name="Nguyễn Thị Hoa")
    with_decree_rubric(db)
    accounts = {"officer": make_user("officer", officer_id=officer.id,
                                     full_name="Nguyễn Thị Hoa"),
                "head": make_user("liaison", full_name="Phạm Thị Hương"),
                "leader": make_user("leader", full_name="Nguyễn Văn Hùng")}
    db.add(DepartmentHead(department_id=department.id, user_id=accounts["head"].id))
    db.add(DossierStat(officer_id=officer.id, period="2026-11", received=80, resolved_early=50,
                       resolved_on_time=26, resolved_late=4, digitised=80))
    db.add(TaskAssignment(officer_id=officer.id, period="2026-11", assigned=80))
    open_assessment(db, "2026-11", deadline=datetime(2099, 1, 1, tzinfo=UTC), user_id=None)
    db.commit()
    return {"officer_id": officer.id, **accounts}


def signed_in(browser, live_server, user):
    """Return a page of a fresh browser context signed in as ``user``."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/admin/login")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def fill(form, scores: dict, texts: dict) -> None:
    for code, score in scores.items():
        form.get_by_label(f"Điểm {code}").fill(score)
    for code, text in texts.items():
        form.locator(f"textarea[name=text_{code}]").fill(text)


def test_an_officer_s_sheet_goes_from_self_assessment_to_review_to_approval(
        browser, live_server, centre, tmp_path):
    sheet = f"{live_server.url}/admin/assessment/2026-11/officers/{centre['officer_id']}"
    officer = signed_in(browser, live_server, centre["officer"])
    officer.locator(".mainnav").get_by_text("Đánh giá kỳ này", exact=True).click()
    officer.get_by_role("link", name="Tự đánh giá của tôi").click()
    officer.goto(f"{live_server.url}/admin/my-assessment?period=2026-11")
    form = officer.locator("#self-form")
    fill(form, {"A1": "10", "A2": "14", "A3": "4"},
         {"A1": "Chấp hành tốt nội quy", "A2": "Hướng dẫn tận tình", "A3": "Đề xuất mẫu"})
    form.get_by_role("button", name="Nộp tự đánh giá").click()
    expect(officer.locator("#sheet-status")).to_contain_text("Đã nộp, chờ trưởng bộ phận")
    expect(officer.locator("#self-form")).to_have_count(0)
    officer.context.close()

    head = signed_in(browser, live_server, centre["head"])
    head.goto(f"{live_server.url}/admin/assessment?period=2026-11")
    head.get_by_role("link", name="Nguyễn Thị Hoa").click()
    review = head.locator("#review-form")
    expect(review.get_by_label("Điểm A2")).to_have_value("14")
    fill(review, {"A2": "13"}, {})
    review.get_by_role("button", name="Ghi nhận đánh giá").click()
    expect(head.get_by_role("status")).to_contain_text("Ghi lý do")
    fill(head.locator("#review-form"), {"A2": "13"}, {"A2": "Còn phiếu không hài lòng"})
    head.locator("#review-form").get_by_role("button", name="Ghi nhận đánh giá").click()
    expect(head.locator("#sheet-status")).to_contain_text("Đã đánh giá, chờ lãnh đạo phê duyệt")
    head.context.close()

    leader = signed_in(browser, live_server, centre["leader"])
    leader.goto(sheet)
    approval = leader.locator("#approve-form")
    expect(approval.get_by_label("Điểm A2")).to_have_value("13")
    approval.get_by_role("button", name="Phê duyệt").click()
    expect(leader.locator("#sheet-status")).to_contain_text("Đã phê duyệt")
    row = leader.locator("#chain-A2")
    expect(row).to_contain_text("14 — Hướng dẫn tận tình")
    expect(row).to_contain_text("13 — Còn phiếu không hài lòng")
    leader.screenshot(path=str(tmp_path / "approved.png"), full_page=True)
    leader.context.close()
