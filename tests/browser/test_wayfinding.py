"""The console as people meet it, at 390×844 (a leader's phone) and 1366×768 (a laptop):
each role lands on its next actions, a leader opens an e-mailed alert and records its
follow-up on the phone, the ranking fits; axe-core finds no violation and nothing scrolls
sideways.

Screenshots go to the test's temporary folder; set HAILONG_SCREENSHOT_DIR=docs/console to
refresh the ones docs/console.md shows.
"""

import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from models import Alert, DossierStat, EvaluationMonth, EvaluationSheet, Officer
from models.demo import DemoOptions, seed_demo
from models.ops.flags import raise_flags
from models.ops.months import MonthStateError, close_month
from models.ops.ratings import RatingContext, RatingSubmission, record_rating
from models.ops.screening import Finding
from models.queries.questionnaires import load_active_questionnaire
from tests.browser.accessibility import SIZES, check_page, small_targets
from tests.factories import FAST_HASH, PASSWORD

pytestmark = pytest.mark.browser

ROLES = {"lanhdao": "leader", "nhansu": "hr", "daumoi": "liaison", "canbo": "officer",
         "admin": "admin"}


@pytest.fixture
def province(db):
    """A small demo province (12 officers, two months) and one fresh "5 không" alert."""
    now = datetime.now(UTC)
    seed_demo(db, DemoOptions(officers=12, months=2, ratings_per_officer=15,
                              now=now - timedelta(hours=1)),
              password_hash=generate_password_hash(PASSWORD, method=FAST_HASH),
              pin_hash=generate_password_hash("1234", method=FAST_HASH))
    officer = db.scalars(select(Officer).order_by(Officer.id)).first()
    submission = RatingSubmission(id=uuid.uuid4(), source="kiosk", level=1,
                                  reported=["KHONG_CUA_QUYEN"], reason_text="Bị gây khó dễ")
    context = RatingContext(site_id=officer.site_id, counter_id=officer.counters[0].id,
                            officer_id=officer.id)
    record_rating(db, load_active_questionnaire(db), submission, context,
                  zone="Asia/Ho_Chi_Minh")
    db.commit()
    alert = db.scalars(select(Alert).where(Alert.kind == "misconduct")
                       .order_by(Alert.id.desc())).first()
    return {"alert_id": alert.id, "officer": officer.full_name}


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: the test's folder, or HAILONG_SCREENSHOT_DIR when set."""
    folder = Path(os.environ.get("HAILONG_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return lambda page, name: page.screenshot(path=str(folder / f"{name}.png"))


def open_page(browser, size):
    context = browser.new_context(locale="vi-VN", viewport=SIZES[size])
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def sign_in(page, url, username, target="/admin/"):
    page.goto(f"{url}{target}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}{target}")


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_each_role_lands_on_its_next_actions(live_server, browser, province, shots, size):
    for username, role in ROLES.items():
        context, page = open_page(browser, size)
        sign_in(page, live_server.url, username)
        actions = page.locator("#next-actions li")
        assert page.get_by_role("heading", name="Việc cần làm").is_visible()
        assert actions.count() >= 1 and actions.first.is_visible()
        assert actions.first.locator("a").count() == 1, f"{role}: the first action is a link"
        first = actions.first.bounding_box()
        assert first["y"] + first["height"] <= SIZES[size]["height"], f"{role}: below the fold"
        check_page(page)
        assert not small_targets(page, "#next-actions a, .alert-card a")
        shots(page, f"home-{role}-{size}")
        context.close()


def test_each_role_sees_the_actions_of_its_work(live_server, browser, province):
    expected = {"leader": "cảnh báo đang chờ xử lý", "hr": "Xếp hạng tháng",
                "liaison": "Xếp hạng các đơn vị của đồng chí", "officer": "Phiếu đánh giá",
                "admin": "Nhật ký thao tác"}
    for username, role in ROLES.items():
        context, page = open_page(browser, "laptop")
        sign_in(page, live_server.url, username)
        assert expected[role] in page.locator("#next-actions").inner_text(), role
        context.close()


def test_on_a_phone_the_menu_is_one_button_that_opens_the_groups(live_server, browser,
                                                                  province):
    context, page = open_page(browser, "phone")
    sign_in(page, live_server.url, "lanhdao", "/admin/alerts")
    toggle = page.locator(".menu-toggle")
    assert toggle.is_visible() and "Cảnh báo và phản ánh" in toggle.inner_text()
    assert not page.locator(".mainnav").is_visible()
    header = page.locator(".topbar").bounding_box()
    assert header["height"] <= 60  # the alert list starts right below it
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    current = page.locator(".group.current details")
    assert current.get_attribute("open") is not None  # the current group is unfolded
    assert page.get_by_role("link", name="Phiếu cần xem xét").is_visible()
    assert not page.locator(".mainnav a[href='/admin/users']").count()  # not a leader's
    check_page(page)
    context.close()


def test_on_a_laptop_each_group_fits_one_line_and_opens_as_a_list(live_server, browser,
                                                                  province):
    context, page = open_page(browser, "laptop")
    sign_in(page, live_server.url, "admin")
    groups = page.locator(".mainnav .group summary")
    assert 1 <= groups.count() <= 7
    tops = {round(groups.nth(i).bounding_box()["y"]) for i in range(groups.count())}
    assert len(tops) == 1, "the groups sit on one line"
    assert not page.locator(".menu-toggle").is_visible()
    page.locator(".mainnav").get_by_text("Hệ thống", exact=True).click()
    menu = page.locator(".mainnav")
    assert menu.get_by_role("link", name="Nhật ký thao tác").is_visible()
    menu.get_by_text("Báo cáo", exact=True).click()  # one group open at a time
    expect(menu.get_by_role("link", name="Nhật ký thao tác")).to_be_hidden()
    menu.get_by_role("link", name="Xếp hạng tháng").click()
    assert page.locator(".subnav a[aria-current='page']").inner_text() == "Xếp hạng tháng"
    context.close()


def test_a_leader_opens_an_emailed_alert_on_a_phone_and_records_the_follow_up(
    live_server, browser, province, shots
):
    context, page = open_page(browser, "phone")
    link = f"/admin/alerts/{province['alert_id']}"  # as admin/alerts/mail.py writes it
    page.goto(f"{live_server.url}{link}")
    assert "/admin/login?next=" in page.url
    sign_in(page, live_server.url, "lanhdao", link)  # the alert itself, no other tap
    assert page.get_by_text("Bị gây khó dễ").is_visible()
    check_page(page)
    assert not small_targets(page, "main select, main textarea, main button")
    shots(page, "alert-phone")
    page.get_by_label("Trạng thái mới").select_option(label="Đang xác minh")
    page.get_by_label("Ghi chú").fill("Đã gọi điện cho người dân.")
    page.get_by_role("button", name="Ghi nhận").click()
    assert page.get_by_text("Đã ghi nhận kết quả xử lý.").is_visible()
    assert "Đã gọi điện cho người dân." in page.locator("ol.history").inner_text()
    check_page(page)
    context.close()


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_a_leader_reaches_an_alert_in_one_tap_from_home_and_the_queues_fit(
    live_server, browser, province, shots, size
):
    context, page = open_page(browser, size)
    sign_in(page, live_server.url, "lanhdao")
    page.locator(".alert-card a").first.click()  # the newest open alert
    page.wait_for_url(f"{live_server.url}/admin/alerts/{province['alert_id']}")
    for path, name in (("/admin/alerts", "alerts"), ("/admin/flags", "flags"),
                       ("/admin/contests", "contests")):
        page.goto(f"{live_server.url}{path}")
        check_page(page)
        if name == "alerts":
            assert not small_targets(page, "#alerts-table td.card-title a"
                                     if size == "phone" else ".filters button")
            shots(page, f"alerts-{size}")
    context.close()


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_the_ranking_fits_with_secondary_columns_on_demand(live_server, browser, province,
                                                           shots, size):
    context, page = open_page(browser, size)
    sign_in(page, live_server.url, "nhansu", "/admin/ranking?site=all")
    table = page.locator("table.ranking")
    assert table.locator("tbody tr").count() >= 1
    assert not table.locator("td.secondary").first.is_visible()
    wrap = page.locator(".ranking-view .table-wrap")
    assert wrap.evaluate("e => e.scrollWidth - e.clientWidth") <= 0
    names = table.locator("td.officer a")
    if size == "laptop":
        lines = names.evaluate_all("links => links.map(a => a.getClientRects().length)")
        assert set(lines) == {1}, "officers' names stay on one line"
        grades = table.locator("td.grade .grade-label").evaluate_all(
            "labels => labels.map(s => s.getClientRects().length)")
        assert set(grades) == {1}, "grades (\"Hoàn thành tốt nhiệm vụ\") stay on one line"
        assert table.locator("thead").is_visible()
    else:
        assert table.locator("thead").bounding_box()["width"] <= 1  # a card per officer
        assert table.locator("tbody tr").first.evaluate("r => getComputedStyle(r).display") \
            == "block"
    check_page(page)
    shots(page, f"ranking-{size}")
    page.get_by_label("Hiện mọi cột", exact=False).check()
    assert table.locator("td.secondary").first.is_visible()
    check_page(page)
    context.close()


def waiting_for_approval(db):
    """Return the demo's open self-assessment period and the officers reviewed in it."""
    period = db.scalar(select(EvaluationMonth.period)
                       .where(EvaluationMonth.assessment_deadline.is_not(None)))
    names = db.scalars(select(Officer.full_name).join(
        EvaluationSheet, EvaluationSheet.officer_id == Officer.id)
        .where(EvaluationSheet.period == period, EvaluationSheet.status == "reviewed")
        .order_by(Officer.id)).all()
    return period, names


def test_a_leader_on_a_phone_opens_the_approvals_from_home_and_approves_a_sheet(
    live_server, browser, db, province, shots
):
    period, reviewed = waiting_for_approval(db)
    assert period and reviewed, "the demo has sheets waiting for the leader"
    context, page = open_page(browser, "phone")
    sign_in(page, live_server.url, "lanhdao")
    page.locator("#next-actions a", has_text="đang chờ phê duyệt").click()  # tap 1
    page.wait_for_url(f"{live_server.url}/admin/assessment?period={period}")
    board = page.locator("#board")
    assert board.locator("thead").bounding_box()["width"] <= 1  # a card per officer
    card = board.locator("tr", has_text=reviewed[0])
    title = card.locator("td.card-title")
    # The card opens with the officer's name, above the code that comes first in the row.
    assert title.bounding_box()["y"] < card.locator("td").first.bounding_box()["y"]
    assert "Đã đánh giá, chờ lãnh đạo phê duyệt" in card.inner_text()
    check_page(page)
    assert not small_targets(page, "#board td.card-title a, main button, main input, summary")
    tools = page.locator(".period-tools")  # open self-assessment: the deadline tools fold away
    assert tools.get_attribute("open") is None and not page.get_by_text("Gửi thư nhắc").is_visible()
    first = board.locator("tbody tr").first.bounding_box()
    assert first["y"] + 60 < SIZES["phone"]["height"], "the first card starts on the first screen"
    shots(page, "approvals-board-phone")
    title.get_by_role("link").click()  # tap 2
    form = page.locator("#approve-form")
    expect(form).to_be_visible()
    check_page(page)
    assert not small_targets(page, "main button, main input, main textarea")
    field = form.get_by_label("Điểm A1")
    box, window = field.bounding_box(), SIZES["phone"]["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= window  # fields within the screen
    form.scroll_into_view_if_needed()
    shots(page, "approvals-sheet-phone")
    form.get_by_role("button", name="Phê duyệt").click()
    expect(page.locator("#sheet-status")).to_contain_text("Đã phê duyệt")
    check_page(page)
    page.goto(f"{live_server.url}/admin/assessment?period={period}")
    expect(page.locator("#board tr", has_text=reviewed[0])).to_contain_text("Đã phê duyệt")
    context.close()


def test_the_approvals_fit_a_laptop(live_server, browser, db, province):
    period, reviewed = waiting_for_approval(db)
    context, page = open_page(browser, "laptop")
    sign_in(page, live_server.url, "lanhdao", f"/admin/assessment?period={period}")
    assert page.locator("#board thead").is_visible()
    check_page(page)
    page.locator("#board").get_by_role("link", name=reviewed[0]).first.click()
    expect(page.locator("#approve-form")).to_be_visible()
    check_page(page)
    context.close()


def test_a_leader_on_a_phone_decides_a_flagged_rating_from_home(live_server, browser, db,
                                                                 province, shots):
    rating_id = db.scalar(select(Alert.rating_id).where(Alert.id == province["alert_id"]))
    raise_flags(db, rating_id, [Finding("burst", {"ratings": 8, "visits": 0, "limit": 5,
                                                  "minutes": 10})])
    db.commit()
    context, page = open_page(browser, "phone")
    sign_in(page, live_server.url, "lanhdao")
    page.locator("#next-actions a", has_text="phiếu bị gắn cờ").click()
    page.wait_for_url(f"{live_server.url}/admin/flags")
    card = page.locator(f"#rating-{rating_id}")
    assert "8 phiếu tại quầy trong 10 phút" in card.inner_text()
    check_page(page)
    assert not small_targets(page, "main select, main textarea, main button, main input, summary")
    top = card.bounding_box()["y"]
    assert top + 100 < SIZES["phone"]["height"], "the queue starts on the first screen"
    shots(page, "flags-phone")
    card.get_by_label("Quyết định").select_option(label="Chấp nhận: phiếu được tính")
    card.get_by_label("Lý do").fill("Đoàn khách đến cùng lúc, đã xem camera.")
    card.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_text("Phiếu được tính trở lại.")).to_be_visible()
    check_page(page)
    context.close()


@pytest.fixture
def closed_months(db):
    """A demo province of three months whose months that can close are closed (as HR would)."""
    now = datetime.now(UTC)
    seed_demo(db, DemoOptions(officers=12, months=3, ratings_per_officer=10,
                              now=now - timedelta(hours=1)),
              password_hash=generate_password_hash(PASSWORD, method=FAST_HASH),
              pin_hash=generate_password_hash("1234", method=FAST_HASH))
    db.commit()
    periods = sorted(set(db.scalars(select(DossierStat.period))))
    closed = []
    for period in periods:
        try:
            close_month(db, period, zone="Asia/Ho_Chi_Minh", now=now)
        except MonthStateError:  # the demo's last month waits for approvals
            db.rollback()
            continue
        db.commit()
        closed.append(period)
    assert closed, "the demo has a month that can close"
    return closed


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_the_wide_tables_become_cards_on_a_phone(live_server, browser, closed_months, shots,
                                                 size):
    period = closed_months[0]
    context, page = open_page(browser, size)
    sign_in(page, live_server.url, "nhansu", f"/admin/annual?year={period[:4]}")
    for path, table in ((f"/admin/annual?year={period[:4]}", "#annual-table"),
                        (f"/admin/inputs?month={period}", "#inputs-table"),
                        (f"/admin/months/{period}", "#history"),
                        ("/admin/months", "#months-table"), ("/admin/rubrics", "#rubrics-table"),
                        (f"/admin/ratings?month={period}", "#ratings-table")):
        name = table.strip("#").removesuffix("-table")
        page.goto(f"{live_server.url}{path}")
        rows = page.locator(f"{table} tbody tr")
        assert rows.count() >= 1, path
        check_page(page)
        head = page.locator(f"{table} thead").bounding_box()["width"]
        if size == "phone":
            assert head <= 1, f"{path}: a card per row"
            label = rows.first.locator("td").nth(1).evaluate(
                "td => getComputedStyle(td, '::before').content")
            assert label not in ("none", '""', "normal"), f"{path}: each cell says what it is"
        else:
            assert head > 600, f"{path}: a table on a laptop"
        page.locator(table).scroll_into_view_if_needed()
        shots(page, f"{name}-{size}")
    context.close()


#: The administrator's catalogue tables: page, table, and the selector of its tap targets.
CATALOGUES = (("/admin/users", "#users-table"), ("/admin/tablets", "#tablets-table"),
              ("/admin/officers", "#officers-table"), ("/admin/counters", "#counters-table"),
              ("/admin/departments", "#departments-table"), ("/admin/sites", "#sites-table"),
              ("/admin/questionnaires", "#questionnaires-table"), ("/admin/audit", "#audit-table"))
#: The two docs/console.md shows: a card with its actions, a card with its form.
CATALOGUE_SHOTS = {"users-phone", "departments-phone"}


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_the_catalogue_tables_become_cards_on_a_phone(live_server, browser, province, shots,
                                                      size):
    context, page = open_page(browser, size)
    sign_in(page, live_server.url, "admin")
    for path, table in CATALOGUES:
        page.goto(f"{live_server.url}{path}")
        rows = page.locator(f"{table} tbody tr:not(.empty)")
        assert rows.count() >= 1, f"{path}: the demo fills it"
        check_page(page)
        frame = page.locator(table).evaluate(
            "t => t.parentElement.scrollWidth - t.parentElement.clientWidth")
        head = page.locator(f"{table} thead").bounding_box()["width"]
        if size == "phone":
            assert frame <= 0, f"{path}: the table does not scroll inside its frame"
            assert head <= 1, f"{path}: a card per row"
            for cell in range(rows.first.locator("td").count()):
                td = rows.first.locator("td").nth(cell)
                if td.evaluate("td => td.classList.contains('card-title')"
                               " || td.dataset.label === ''"):
                    continue
                label = td.evaluate("td => getComputedStyle(td, '::before').content")
                assert label not in ("none", '""', "normal"), f"{path}: cell {cell} is named"
            title = rows.first.locator("td.card-title").bounding_box()
            assert title["y"] <= rows.first.bounding_box()["y"] + 12, f"{path}: title first"
            targets = small_targets(page, f"{table} a, {table} button, {table} select")
            assert not targets, f"{path}: touch targets under 44 px: {targets}"
        else:
            assert head > 600, f"{path}: a table on a laptop"
        if path == "/admin/departments":  # the card's form works: name a head, saved
            chosen = rows.first.locator("select option").nth(1).get_attribute("value")
            rows.first.locator("select").select_option(chosen)
            rows.first.get_by_role("button").click()
            expect(page.locator(".flash-success")).to_be_visible()
            expect(page.locator(f"{table} tbody tr").first.locator("select")).to_have_value(
                chosen)
            check_page(page)
        if path == "/admin/audit":
            expect(page.locator(table)).to_contain_text("department.head")
        name = f"{table.strip('#').removesuffix('-table')}-{size}"
        if name in CATALOGUE_SHOTS:
            shots(page, name)
    context.close()
