"""In Chromium: a leader records an officer's leading post on the inputs page, then the
officer's sheet lists the led unit's parts next to the officer's own; an administrator marks
a site for the quota's exception. Each page as users see it (desktop and phone)."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from models import DossierStat, TaskAssignment
from tests.factories import PASSWORD
from tests.monthdata import with_decree_rubric

pytestmark = pytest.mark.browser


@pytest.fixture
def department(db, make_officer, make_department, make_user):
    unit = make_department(name="Sở Tư pháp")
    duc = make_officer(department=unit, full_name="Lê Minh Đức")
    hoa = make_officer(department=unit, full_name="Nguyễn Thị Hoa")
    hoa.site_id = duc.site_id
    with_decree_rubric(db)
    for officer, received in ((duc, 40), (hoa, 60)):
        db.add(DossierStat(officer_id=officer.id, period="2026-11", received=received,
                           resolved_early=received - 12, resolved_on_time=10, resolved_late=2,
                           digitised=received, quality_failures=0))
        db.add(TaskAssignment(officer_id=officer.id, period="2026-11", assigned=received))
    accounts = {"leader": make_user("leader", full_name="Nguyễn Văn Hùng"),
                "admin": make_user("admin", full_name="Quản trị")}
    db.commit()
    return {"duc": duc.id, "site": duc.site_id, **accounts}


def signed_in(browser, live_server, user, viewport=None):
    context = browser.new_context(locale="vi-VN", **({"viewport": viewport} if viewport
                                                      else {}))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/admin/login")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def test_a_leader_records_a_post_and_the_sheet_averages_six_parts(browser, live_server,
                                                                  department, tmp_path):
    leader = signed_in(browser, live_server, department["leader"])
    leader.goto(f"{live_server.url}/admin/inputs/officers/{department['duc']}?month=2026-11")
    posts = leader.locator("#posts")
    posts.get_by_label("Chức vụ", exact=True).fill("Trưởng bộ phận")
    posts.get_by_label("Phụ trách").select_option("department")
    posts.get_by_label("Giữ chức vụ từ ngày").fill("2026-02-01")
    posts.get_by_role("button", name="Ghi nhận chức vụ").click()
    expect(leader.get_by_role("status")).to_contain_text("Đã ghi nhận chức vụ")
    expect(leader.locator("#posts table")).to_contain_text("01/02/2026")
    leader.screenshot(path=str(tmp_path / "posts.png"), full_page=True)
    leader.goto(f"{live_server.url}/admin/ranking/officers/{department['duc']}?month=2026-11")
    expect(leader.locator("#leader-post")).to_contain_text("Trưởng bộ phận")
    table = leader.locator("#sub-rates-B1")
    expect(leader.locator("table.sub-rates")).to_contain_text("Số lượng của đơn vị phụ trách")
    expect(table).to_have_count(1)
    leader.screenshot(path=str(tmp_path / "sheet.png"), full_page=True)
    leader.context.close()


def test_an_administrator_marks_a_site_on_a_phone(browser, live_server, department, tmp_path):
    admin = signed_in(browser, live_server, department["admin"],
                      viewport={"width": 390, "height": 844})
    admin.goto(f"{live_server.url}/admin/outstanding-units")
    admin.get_by_label("Năm").fill(str(datetime.now(UTC).year + 1))
    admin.get_by_label("Quyết định (số, ngày) làm căn cứ").fill("QĐ 45/QĐ-UBND")
    admin.get_by_role("button", name="Đánh dấu", exact=True).click()
    expect(admin.get_by_role("status")).to_contain_text("Đã đánh dấu điểm phục vụ")
    expect(admin.locator("#outstanding-table")).to_contain_text("QĐ 45/QĐ-UBND")
    admin.screenshot(path=str(tmp_path / "outstanding.png"), full_page=True)
    admin.context.close()
