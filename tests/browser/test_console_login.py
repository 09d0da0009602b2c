"""A staff member signs in to the console in a real browser."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_a_leader_signs_in_and_sees_todays_figures(live_server, page, make_user, db):
    user = make_user("leader", full_name="Trần Thị Lãnh Đạo")
    db.commit()
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_role("heading", name="Hôm nay").is_visible()
    assert page.get_by_text("Trần Thị Lãnh Đạo").is_visible()


def test_pages_load_no_script_or_style_from_outside_the_app(live_server, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/admin/login")
    assert requested and all(url.startswith(live_server.url) for url in requested)
