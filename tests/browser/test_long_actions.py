"""The console's long actions in Chromium: a double click on an import's button sends one
import, the button is disabled with a busy line while the server works, and the page that
follows says what was read and accepted; a province-wide download shows it is being
prepared until the file arrives.

The server holds the import until the test has double-clicked, so both clicks land on the
page that is waiting, whatever the machine's speed. While a form's answer is awaited the
page cannot be inspected from Playwright (its navigation is under way), so a listener added
before the click writes what the page looked like at each submit to sessionStorage, which
the next page of the tab still holds.
"""

import json
import threading
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from admin.people import officer_import
from models import AuditEntry, FormSubmission, Officer
from models.ops.officer_import import import_officers
from tests.factories import PASSWORD
from tests.monthdata import with_rubric

pytestmark = pytest.mark.browser

CSV = ("code,full_name,title,site_code,department_code,counter_codes\n"
       "CB001,Nguyễn Thị Hoa,Chuyên viên,TTHCC,STP,\n"
       "CB002,Trần Văn Nam,,TTHCC,STP,\n").encode()

#: Record, at each submit (after busy.js has seen it), what a person would see.
RECORD_SUBMITS = """() => {
  sessionStorage.setItem("submits", "[]");
  document.addEventListener("submit", (event) => {
    const form = event.target;
    const line = form.querySelector(".busy-line");
    const seen = JSON.parse(sessionStorage.getItem("submits"));
    seen.push({cancelled: event.defaultPrevented,
               disabled: form.querySelector("button[type=submit]").disabled,
               busy: form.getAttribute("aria-busy"),
               line: line && line.textContent, role: line && line.getAttribute("role")});
    sessionStorage.setItem("submits", JSON.stringify(seen));
  });
}"""


def sign_in(page, url, user):
    page.goto(f"{url}/admin/login")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/admin/")


def wait_for(page, condition, what: str, timeout: float = 30.0) -> None:
    """Let Playwright dispatch its events until ``condition()`` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        page.wait_for_timeout(50)


def test_a_double_click_on_import_sends_one_import_and_shows_what_it_did(
        live_server, page, db, make_user, make_site, make_department, monkeypatch, tmp_path):
    make_site(code="TTHCC")
    make_department(code="STP")
    admin = make_user("admin")
    db.commit()
    held, release = [], threading.Event()

    def held_import(session, table):
        held.append(table)
        assert release.wait(60), "the test never let the import go on"
        return import_officers(session, table)

    monkeypatch.setattr(officer_import, "import_officers", held_import)
    sign_in(page, live_server.url, admin)
    page.goto(f"{live_server.url}/admin/officers/import")
    page.set_input_files("input[name=table]", files=[
        {"name": "can-bo.csv", "mimeType": "text/csv", "buffer": CSV}])
    page.evaluate(RECORD_SUBMITS)

    page.get_by_role("button", name="Nhập", exact=True).dblclick(no_wait_after=True)
    wait_for(page, lambda: held, "the import reached the server")
    release.set()
    page.wait_for_url(f"{live_server.url}/admin/officers")
    expect(page.get_by_text("Đã đọc 2 dòng. Đã nhập: 2 công chức mới, 0 công chức được "
                            "cập nhật; không từ chối dòng nào.")).to_be_visible()
    page.screenshot(path=str(tmp_path / "import-done.png"), full_page=True)

    busy = {"cancelled": False, "disabled": True, "busy": "true",
            "line": "Đang xử lý… vui lòng không đóng trang.", "role": "status"}
    submits = json.loads(page.evaluate("sessionStorage.getItem('submits')"))
    assert submits == [busy]  # the second click met a disabled button: no second submit
    assert len(held) == 1
    db.rollback()
    assert db.scalar(select(func.count(Officer.id))) == 2
    assert db.scalar(select(func.count(AuditEntry.id))
                     .where(AuditEntry.action == "officer.import")) == 1
    assert db.scalar(select(func.count(FormSubmission.nonce))) == 1


def test_a_province_download_is_busy_until_the_file_arrives(
        live_server, page, db, make_user):
    with_rubric(db)
    leader = make_user("leader")
    db.commit()
    sign_in(page, live_server.url, leader)
    page.goto(f"{live_server.url}/admin/ranking?month=2026-10")
    link = page.get_by_role("link", name="tệp Excel")
    with page.expect_download() as started:
        link.click()
        expect(page.locator(".busy-line")).to_have_text("Đang chuẩn bị tệp… vui lòng chờ.")
    assert started.value.suggested_filename.endswith(".xlsx")
    expect(page.locator(".busy-line")).to_have_count(0)
    expect(link).not_to_have_attribute("aria-busy", "true")
    assert page.url == f"{live_server.url}/admin/ranking?month=2026-10"
