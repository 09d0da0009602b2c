"""A staff member signs in to the console in a real browser: a leader sets up the
authenticator app at the first log-in, keeps the recovery codes, and signs in with a code
the next time."""

import time

import pyotp
import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def app_config(app_config):
    """The shipped setting: leaders and administrators must use two-step sign-in."""
    return {**app_config, "TWO_FACTOR_ROLES": "admin,leader"}


def sign_in_with_password(page, url, user):
    page.goto(f"{url}/admin/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_leader_sets_up_two_step_sign_in_then_signs_in_with_a_code(
    live_server, page, make_user, db, tmp_path
):
    user = make_user("leader", full_name="Trần Thị Lãnh Đạo")
    db.commit()
    sign_in_with_password(page, live_server.url, user)
    page.wait_for_url(f"{live_server.url}/admin/login/enrol")
    assert page.get_by_role("heading", name="Thiết lập đăng nhập hai bước").is_visible()
    qr = page.get_by_role("img", name="Mã QR để thêm Hài Lòng vào ứng dụng xác thực")
    assert qr.is_visible() and qr.evaluate("img => img.naturalWidth") > 0
    page.screenshot(path=str(tmp_path / "enrol.png"), full_page=True)
    key = page.locator("p.secret code").inner_text().replace(" ", "")
    app = pyotp.TOTP(key)
    page.get_by_label("Mã").fill("123456" if app.now() != "123456" else "654321")
    page.get_by_role("button", name="Xác nhận và đăng nhập").click()
    assert page.get_by_text("Mã không đúng").is_visible()
    page.get_by_label("Mã").fill(app.now())
    page.get_by_role("button", name="Xác nhận và đăng nhập").click()
    assert page.get_by_role("heading", name="Mã dự phòng của bạn").is_visible()
    assert page.locator("ul.recovery-codes li").count() == 10
    page.screenshot(path=str(tmp_path / "codes.png"), full_page=True)
    page.get_by_role("link", name="Tôi đã lưu các mã — tiếp tục").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_text("Trần Thị Lãnh Đạo").is_visible()

    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{live_server.url}/admin/login")
    sign_in_with_password(page, live_server.url, user)
    page.wait_for_url(f"{live_server.url}/admin/login/code")
    assert page.get_by_role("heading", name="Bước thứ hai khi đăng nhập").is_visible()
    page.screenshot(path=str(tmp_path / "code.png"), full_page=True)
    page.get_by_label("Mã").fill(app.at(time.time() + 30))  # the step after the one used
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_role("heading", name="Hôm nay").is_visible()


def test_an_officer_signs_in_with_a_password_and_sees_their_sessions(
    live_server, page, make_user, db
):
    user = make_user("officer", full_name="Lê Văn Một Cửa")
    db.commit()
    sign_in_with_password(page, live_server.url, user)
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/account/sessions")
    assert page.get_by_role("heading", name="Các phiên đăng nhập").is_visible()
    assert page.get_by_text("trình duyệt này").is_visible()
    page.get_by_label("Mật khẩu của bạn").fill(PASSWORD)
    page.get_by_role("button", name="Kết thúc phiên này").click()
    page.wait_for_url(f"{live_server.url}/admin/login")
    page.goto(f"{live_server.url}/admin/")
    assert "/admin/login" in page.url


def test_pages_load_no_script_or_style_from_outside_the_app(live_server, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/admin/login")
    assert requested and all(url.startswith(live_server.url) for url in requested)
