"""A leader sees a new alert arrive in the inbox without reloading, opens it and records
its follow-up, in Chromium."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config(app_config):
    """Poll every second, so the test does not wait long for the new alert."""
    return {**app_config, "ALERTS_POLL_SECONDS": 1}


def test_a_leader_opens_an_alert_and_records_its_follow_up(
    live_server, page, db, make_user, make_officer, make_rating
):
    officer = make_officer(full_name="Đặng Thị Thu")
    leader = make_user("leader", full_name="Lê Văn Lãnh")
    db.commit()
    page.goto(f"{live_server.url}/admin/alerts")
    page.get_by_label("Tên đăng nhập").fill(leader.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/admin/alerts")
    assert page.get_by_text("Không có cảnh báo nào phù hợp.").is_visible()

    make_rating(officer, level=2, reported=["KHONG_CUA_QUYEN"], comment="Bị gây khó dễ")
    db.commit()
    row = page.locator("#alerts-table tbody tr").filter(has_text="Đặng Thị Thu")
    row.wait_for(timeout=8_000)  # arrives by polling, without a reload
    assert "Cửa quyền, hách dịch" in row.inner_text()
    assert page.get_by_text("1 cảnh báo mới").is_visible()

    row.get_by_role("link").click()
    assert page.get_by_text("Bị gây khó dễ").is_visible()
    page.get_by_label("Trạng thái mới").select_option(label="Đang xác minh")
    page.get_by_role("button", name="Ghi nhận").click()
    assert page.get_by_text("Đã ghi nhận kết quả xử lý.").is_visible()

    page.get_by_label("Trạng thái mới").select_option(label="Xác nhận")
    page.get_by_role("button", name="Ghi nhận").click()
    assert page.get_by_text("Vui lòng ghi chú").is_visible()  # a decision needs a note
    page.get_by_label("Ghi chú").fill("Đã xem camera và làm việc với công chức.")
    page.get_by_role("button", name="Ghi nhận").click()

    history = page.locator("ol.history")
    assert "Đang xác minh" in history.inner_text()
    assert "Đã xem camera và làm việc với công chức." in history.inner_text()
    assert "Lê Văn Lãnh" in history.inner_text()
    page.goto(f"{live_server.url}/admin/alerts")
    table = page.locator("#alerts-table tbody")
    assert "Đặng Thị Thu" not in table.inner_text()  # no longer waiting for a decision
