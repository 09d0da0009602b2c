"""The counter tablet in Chromium: pair, sign in, rate, survive an outage, reset when idle."""

import io
import re
import time
import uuid
from datetime import UTC, datetime
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import func, select

from models import Alert, OfficerSignIn, PinLockout, Rating, RatingAnswer, Tablet
from models.engine import begin_write
from models.ops.devices import revoke_tablet
from models.ops.signins import closing_moment, sign_out_officer
from tests.browser.support import wait_until_controlled
from tests.kiosk.tablet_support import open_visit, pair_tablet, signed_in

pytestmark = pytest.mark.browser

#: Checks run in the page: what a citizen touches and reads must be big and legible.
AUDIT_JS = """() => {
  const visible = (e) => e.getClientRects().length > 0
    && getComputedStyle(e).visibility !== "hidden" && !e.closest("[hidden]");
  const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (e) => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] === 1) return c;
    }
    return [255, 255, 255];
  };
  const problems = [];
  for (const b of document.querySelectorAll("button")) {
    const r = b.getBoundingClientRect();
    if (visible(b) && (r.width < 64 || r.height < 64)) problems.push(`target ${b.textContent}`);
  }
  for (const e of document.querySelectorAll("body *")) {
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !visible(e)) continue;
    const style = getComputedStyle(e);
    if (parseFloat(style.fontSize) < 20) problems.push(`small text ${e.textContent.trim()}`);
    const [a, b] = [lum(rgb(style.color)), lum(background(e))].sort((x, y) => y - x);
    if ((a + 0.05) / (b + 0.05) < 4.5) problems.push(`low contrast ${e.textContent.trim()}`);
  }
  return problems;
}"""


@pytest.fixture
def app_config(app_config):
    """Short timers, so the tablet's waits take a second instead of half a minute; a long
    back-off, so that only the `online` event can explain a quick upload after an outage."""
    return {**app_config, "KIOSK_THANKS_SECONDS": 1, "KIOSK_STATE_POLL_SECONDS": 1,
            "KIOSK_DRAIN_SECONDS": 1, "KIOSK_HEARTBEAT_SECONDS": 1, "KIOSK_RETRY_BASE_SECONDS": 30,
            "KIOSK_RETRY_MAX_SECONDS": 60}


@pytest.fixture
def counter(db, make_site, make_counter, make_department, make_officer, questionnaire):
    """A counter open all day, without cool-down, with two officers; the second has a photo."""
    site = make_site(opens_at=clock(0, 0), closes_at=clock(23, 59, 59), cooldown_seconds=0)
    department = make_department(name="Sở Tư pháp")
    counter = make_counter(site=site, department_id=department.id)
    make_officer(counter=counter, department=department, full_name="Trần Thị Mai",
                 title="Chuyên viên")
    photo = io.BytesIO()
    Image.new("RGB", (60, 60), (120, 90, 60)).save(photo, "JPEG")
    make_officer(counter=counter, department=department, full_name="Lê Văn Nam",
                 title="Phó Trưởng phòng", photo=photo.getvalue())
    db.commit()
    return counter


def wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    raise AssertionError("the condition was not met in time")


def writing_beside_the_server(db):
    """Start the test's own write as the app does (BEGIN IMMEDIATE on SQLite), so that it
    waits for the live server's writes instead of failing with "database is locked" (a
    DEFERRED transaction that read first cannot take the lock once another writer went on)."""
    db.rollback()
    begin_write(db)


def rating_count(db, ids=None):
    db.rollback()  # end the read transaction, to see what the server committed since
    query = select(func.count(Rating.id))
    if ids is not None:
        query = query.where(Rating.id.in_([uuid.UUID(i) for i in ids]))
    return db.scalar(query)


def type_pin(page, pin, submit="Đăng nhập"):
    for digit in pin:
        page.get_by_role("button", name=digit, exact=True).click()
    page.locator("#pin-submit").filter(has_text=submit).click()


def rate(page, level, send=True):
    page.get_by_role("button", name=level, exact=True).click()
    expect(page.locator("#screen-details")).to_be_visible()
    if send:
        page.get_by_role("button", name="Gửi", exact=True).click()
        expect(page.get_by_role("heading", name="Xin cảm ơn Ông/Bà!")).to_be_visible()
        expect(page.locator("#screen-standby")).to_be_visible()


def open_as_paired(page, live_server, secret):
    page.goto(f"{live_server.url}/kiosk/")
    page.evaluate("key => localStorage.setItem('hailong.tablet.key', key)", secret)
    page.reload()


def test_a_tablet_rates_end_to_end_and_loses_nothing_in_an_outage(
    live_server, page, db, runner, client, counter
):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    result = runner.invoke(args=["kiosk", "pair", "--counter", counter.code])
    code = re.search(r"\b(\d{6})\b", result.output).group(1)

    page.goto(f"{live_server.url}/kiosk/")
    page.get_by_label("Nhập mã gồm 6 chữ số do quản trị viên cung cấp.").fill(code)
    page.get_by_role("button", name="Ghép nối", exact=True).click()
    expect(page.get_by_role("heading", name="Quầy tạm nghỉ")).to_be_visible()

    # Five wrong PINs lock Mai out of this tablet; her right PIN then does not help.
    page.get_by_role("button", name="Cán bộ đăng nhập").click()
    expect(page.get_by_role("img", name="Ảnh của Trần Thị Mai")).to_have_text("TM")
    page.get_by_role("button", name=re.compile("Trần Thị Mai")).click()
    for left in (4, 3, 2, 1):
        type_pin(page, "9999")
        expect(page.get_by_role("alert")).to_have_text(f"Mã PIN không đúng. Còn {left} lần thử.")
    type_pin(page, "9999")
    expect(page.get_by_role("alert")).to_contain_text("Nhập sai mã PIN quá nhiều lần")
    type_pin(page, "1234")
    expect(page.get_by_role("alert")).to_contain_text("Nhập sai mã PIN quá nhiều lần")
    db.rollback()
    assert db.scalar(select(PinLockout.locked_until)) is not None

    # Nam signs in; the standby screen shows who serves this counter, with his photo.
    page.get_by_role("button", name="Quay lại").click()
    page.get_by_role("button", name=re.compile("Lê Văn Nam")).click()
    type_pin(page, "1234")
    standby = page.locator("#screen-standby")
    expect(standby).to_contain_text("Lê Văn Nam")
    for text in ("Phó Trưởng phòng", "Sở Tư pháp", f"Quầy số {counter.number}",
                 "Mời Ông/Bà đánh giá mức độ hài lòng"):
        expect(standby).to_contain_text(text)
    expect(page.locator("#officer-photo img")).to_have_attribute("src", re.compile("^data:image/"))
    assert page.evaluate(AUDIT_JS) == []

    rate(page, "Rất hài lòng")  # overall only

    page.get_by_role("button", name="Hài lòng", exact=True).click()
    pressed = page.locator("#conduct button[aria-pressed='true']")
    assert pressed.count() == 0  # Có / Không never pre-filled
    assert page.evaluate(AUDIT_JS) == []
    page.get_by_role("group", name="Xin chào").get_by_role("button", name="Có").click()
    page.get_by_role("group", name="Luôn lắng nghe").get_by_role("button", name="Không").click()
    page.get_by_role("button", name="Quan liêu, vô cảm, vô trách nhiệm").click()
    page.get_by_label("Ý kiến khác (không bắt buộc)").fill("Hướng dẫn tận tình")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_role("heading", name="Xin cảm ơn Ông/Bà!")).to_be_visible()

    rate(page, "Không hài lòng", send=False)
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="lý do")).to_have_text(
        "Vui lòng chọn hoặc ghi ít nhất một lý do.")
    expect(page.locator("#screen-details")).to_be_visible()
    page.get_by_role("button", name="Thời gian chờ đợi lâu").click()
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_role("heading", name="Xin cảm ơn Ông/Bà!")).to_be_visible()

    wait_for(lambda: rating_count(db) == 3)
    assert sorted(db.scalars(select(Rating.level))) == [1, 2, 3]
    assert db.scalar(select(func.count()).select_from(RatingAnswer)) == 4
    assert sorted(db.scalars(select(Alert.kind))) == ["dissatisfied", "misconduct"]

    # The network goes; three citizens still rate and are thanked; a reload still works.
    wait_until_controlled(page)
    page.context.set_offline(True)
    expect(page.locator("#screen-standby")).to_be_visible()
    for _ in range(3):
        rate(page, "Rất hài lòng")
    expect(page.get_by_text("Phiếu chờ gửi: 3")).to_be_visible()
    page.reload()
    expect(page.locator("#screen-standby")).to_contain_text("Lê Văn Nam")
    expect(page.get_by_text("Phiếu chờ gửi: 3")).to_be_visible()
    outbox = page.evaluate("HailongOutbox.readAll()")["outbox"]
    offline_ids = [record["id"] for record in outbox]
    assert len(offline_ids) == 3 and rating_count(db) == 3

    # The network returns: exactly the three arrive, and a replay of the batch adds nothing.
    page.context.set_offline(False)
    wait_for(lambda: rating_count(db, offline_ids) == 3, timeout=10)  # on `online`, not back-off
    expect(page.get_by_text("Phiếu chờ gửi")).to_be_hidden()
    key = page.evaluate("localStorage.getItem('hailong.tablet.key')")
    replay = client.post("/api/v1/kiosk/ratings", headers={"X-Tablet-Key": key}, json={
        "sent_at": datetime.now(UTC).isoformat(), "ratings": [r["rating"] for r in outbox]})
    assert [r["status"] for r in replay.json["results"]] == ["duplicate"] * 3
    assert rating_count(db, offline_ids) == 3 and rating_count(db) == 6
    assert all(url.startswith(live_server.url) for url in requested)


@pytest.fixture
def on_duty(db, counter):
    """A tablet at the counter with Mai signed in since a minute ago."""
    tablet_id, secret = pair_tablet(db, counter)
    officer = counter.officers[0]
    signed_in(db, officer, tablet_id, datetime.now(UTC))
    db.commit()
    return tablet_id, secret, officer


def test_an_idle_citizen_sees_a_countdown_then_only_the_level_is_kept_and_all_resets(
    app_config, build_app, page, db, on_duty
):
    from tests.browser.support import LiveServer

    app = build_app({**app_config, "KIOSK_IDLE_SECONDS": 4, "KIOSK_IDLE_WARNING_SECONDS": 3})
    with LiveServer(app) as server:
        open_as_paired(page, server, on_duty[1])
        page.get_by_role("button", name="English").click()
        english = page.get_by_role("heading", name="Please rate how satisfied you are")
        expect(english).to_be_visible()
        page.get_by_role("button", name="Satisfied", exact=True).click()
        greeted = page.get_by_role("group", name="Greeted you (xin chào)")
        greeted.get_by_role("button", name="Yes").click()
        countdown = page.get_by_role("alertdialog")
        expect(countdown).to_contain_text('Your choice "Satisfied" will be sent alone in')
        expect(page.locator("#countdown-seconds")).to_have_text(re.compile(r"^[123]$"))
        page.get_by_role("button", name="Continue this rating").click()
        expect(countdown).to_be_hidden()
        expect(greeted.get_by_role("button", name="Yes")).to_have_attribute("aria-pressed", "true")
        expect(countdown).to_be_visible(timeout=4000)
        prompt = page.get_by_role("heading", name="Mời Ông/Bà đánh giá mức độ hài lòng")
        expect(prompt).to_be_visible(timeout=6000)
        # Nothing of that citizen's choice is left on any screen.
        assert page.locator("#chosen-level").text_content() == ""
        assert page.locator("#screen-details button[aria-pressed='true']").count() == 0
    wait_for(lambda: rating_count(db) == 1)
    rating = db.scalar(select(Rating))
    assert (rating.level, rating.conduct_answered, rating.conduct_yes) == (2, 0, 0)


def test_a_citizen_goes_back_or_changes_the_face_and_each_tap_is_a_new_rating(
    live_server, page, db, on_duty
):
    _tablet_id, secret, officer = on_duty
    officer.site.cooldown_seconds = 60
    db.commit()
    open_as_paired(page, live_server, secret)

    # "Quay lại" undoes the choice entirely: nothing kept, and no cool-down left behind.
    page.get_by_role("button", name="Rất hài lòng", exact=True).click()
    cancelled = page.evaluate("HailongTablet.s.draft.id")
    page.get_by_role("button", name="Quay lại", exact=True).click()
    expect(page.locator("#screen-standby")).to_be_visible()
    page.get_by_role("button", name="Rất hài lòng", exact=True).click()
    expect(page.locator("#screen-details")).to_be_visible()  # not "please wait": a new rating
    fresh = page.evaluate("HailongTablet.s.draft.id")
    stored = page.evaluate(  # once the page's own writes of the draft are done
        "HailongTablet.s.draftWrite.then(function () { return HailongOutbox.readAll(); })")
    assert fresh != cancelled and [r["id"] for r in stored["outbox"]] == [fresh]

    # The face can be changed on the details screen; the help line follows the path.
    choices = page.get_by_role("group", name="Chọn nhầm? Ông/Bà có thể chọn lại:")
    expect(choices.get_by_role("button", name="Rất hài lòng")).to_have_attribute(
        "aria-pressed", "true")
    help_line = page.locator("#details-help")
    expect(help_line).to_have_text("Ông/Bà có thể góp ý thêm (không bắt buộc), sau đó bấm Gửi.")
    choices.get_by_role("button", name="Không hài lòng").click()
    expect(page.locator("#chosen-level")).to_have_text("Không hài lòng")
    expect(page.get_by_text("Vì sao Ông/Bà chưa hài lòng? (bắt buộc)")).to_be_visible()
    expect(help_line).to_have_text("Xin Ông/Bà cho biết lý do: lý do là bắt buộc, các câu hỏi "
                                   "khác không bắt buộc. Sau đó bấm Gửi.")
    choices.get_by_role("button", name="Hài lòng", exact=True).click()
    expect(page.get_by_text("Vì sao Ông/Bà chưa hài lòng? (bắt buộc)")).to_be_hidden()
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_role("heading", name="Xin cảm ơn Ông/Bà!")).to_be_visible()
    wait_for(lambda: rating_count(db) == 1)
    assert db.scalar(select(Rating.level)) == 2
    assert db.get(Rating, uuid.UUID(cancelled)) is None


def test_a_citizen_cannot_sign_the_officer_out_and_a_lock_out_shows_on_the_list(
    live_server, page, db, on_duty
):
    tablet_id, secret, officer = on_duty
    open_as_paired(page, live_server, secret)
    page.get_by_role("button", name="Đăng xuất").click()
    pin_title = page.get_by_role("heading", name="Nhập mã PIN để kết thúc phiên làm việc")
    expect(pin_title).to_be_visible()
    expect(page.locator("#pin-officer")).to_contain_text(officer.full_name)
    type_pin(page, "9999", submit="Đăng xuất")
    expect(page.get_by_role("alert")).to_have_text("Mã PIN không đúng. Còn 4 lần thử.")
    page.get_by_role("button", name="Quay lại").click()
    expect(page.locator("#screen-standby")).to_contain_text(officer.full_name)
    for _ in range(4):
        page.get_by_role("button", name="Đăng xuất").click()
        type_pin(page, "9999", submit="Đăng xuất")
    expect(page.get_by_role("alert")).to_contain_text("Nhập sai mã PIN quá nhiều lần")
    db.rollback()
    assert db.scalar(select(OfficerSignIn.signed_out_at)) is None

    # Her session ends at the counter's closing (here: from the server); the officer list then
    # shows her locked, until when; a colleague signs in, and signs out with his own PIN.
    page.get_by_role("button", name="Quay lại").click()
    writing_beside_the_server(db)
    sign_out_officer(db, tablet_id, datetime.now(UTC))
    db.commit()
    expect(page.get_by_role("heading", name="Quầy tạm nghỉ")).to_be_visible()
    page.get_by_role("button", name="Cán bộ đăng nhập").click()
    mai = page.get_by_role("button", name=re.compile(officer.full_name))
    expect(mai).to_contain_text(re.compile(r"Tạm khóa đến \d\d:\d\d"))
    page.get_by_role("button", name=re.compile("Lê Văn Nam")).click()
    type_pin(page, "1234")
    expect(page.locator("#screen-standby")).to_contain_text("Lê Văn Nam")
    page.get_by_role("button", name="Đăng xuất").click()
    type_pin(page, "1234", submit="Đăng xuất")
    expect(page.get_by_role("heading", name="Quầy tạm nghỉ")).to_be_visible()


def test_the_tablet_refuses_a_second_rating_in_the_cooldown_unless_a_visit_is_open(
    live_server, page, db, on_duty
):
    _tablet_id, secret, officer = on_duty
    officer.site.cooldown_seconds = 60
    db.commit()
    page.set_viewport_size({"width": 800, "height": 1280})  # portrait
    open_as_paired(page, live_server, secret)
    rate(page, "Rất hài lòng")
    page.get_by_role("button", name="Hài lòng", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Vui lòng chờ")).to_contain_text(
        "giây trước khi đánh giá tiếp")
    expect(page.locator("#screen-standby")).to_be_visible()
    for level in page.locator(".level").all():
        box = level.bounding_box()
        assert box["height"] >= 64 and box["y"] + box["height"] <= 1280

    writing_beside_the_server(db)
    visit = open_visit(db, officer, ticket_number="B-042")
    db.commit()
    expect(page.get_by_text("Số thứ tự B-042")).to_be_visible()
    rate(page, "Hài lòng")
    expect(page.get_by_text("Số thứ tự B-042")).to_be_hidden()
    wait_for(lambda: rating_count(db) == 2)
    assert db.scalar(select(Rating.visit_id).where(Rating.verified.is_(True))) == visit.id

    page.get_by_role("button", name="Đăng xuất").click()
    type_pin(page, "1234", submit="Đăng xuất")
    expect(page.get_by_role("heading", name="Quầy tạm nghỉ")).to_be_visible()
    db.rollback()
    assert db.scalar(select(OfficerSignIn.sign_out_reason)) == "manual"


def test_a_revoked_tablet_says_it_is_not_authorised(live_server, page, db, on_duty):
    tablet_id, secret, _officer = on_duty
    open_as_paired(page, live_server, secret)
    expect(page.locator("#screen-standby")).to_be_visible()
    writing_beside_the_server(db)
    revoke_tablet(db, db.get(Tablet, tablet_id))
    db.commit()
    expect(page.get_by_role("heading", name="Thiết bị chưa được cấp phép")).to_be_visible()
    page.get_by_role("button", name="Ghép nối lại").click()
    expect(page.get_by_role("heading", name="Ghép nối máy tính bảng với quầy")).to_be_visible()


def test_a_rating_the_server_refuses_becomes_a_dead_letter_the_heartbeat_reports(
    live_server, page, db, on_duty
):
    tablet_id, secret, officer = on_duty
    open_as_paired(page, live_server, secret)
    expect(page.locator("#screen-standby")).to_be_visible()
    page.evaluate("""officer => HailongOutbox.put({
        id: HailongOutbox.newId(), questionnaire_version_id: 1, officer_id: officer,
        counter_id: 1, visit_id: null, level: 9, answers: {}, reported: [], reasons: [],
        reason_text: null, comment: null, rated_at: new Date().toISOString()}, true)""",
                  officer.id)

    def reported():
        db.rollback()
        return db.get(Tablet, tablet_id).dead_letters == 1

    wait_for(reported)
    kept = page.evaluate("HailongOutbox.readAll()")
    assert kept["outbox"] == [] and [d["code"] for d in kept["dead"]] == ["invalid_level"]
    assert rating_count(db) == 0


class ServerClock:
    """The live server's clock for a test (app.config["CLOCK"]): it stands still where the
    test puts it, so nothing depends on how fast the machine opens the page."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def test_the_counter_closes_by_itself_at_the_sites_closing_time(
    app, live_server, page, db, on_duty
):
    officer = on_duty[2]
    sign_in = db.scalar(select(OfficerSignIn))
    began = sign_in.signed_in_at
    closing = closing_moment(began, officer.site.closes_at, app.config["TIMEZONE"])
    assert closing > began
    clock = app.config["CLOCK"] = ServerClock(began)
    open_as_paired(page, live_server, on_duty[1])
    expect(page.locator("#screen-standby")).to_contain_text(officer.full_name)
    clock.moment = closing  # the server's clock reaches the site's closing time
    expect(page.get_by_role("heading", name="Quầy tạm nghỉ")).to_be_visible()
    db.rollback()
    ended = db.scalar(select(OfficerSignIn))
    assert ended.sign_out_reason == "closing_time"
    assert ended.signed_out_at == closing


def test_an_idle_tablet_with_an_empty_outbox_reloads_itself_at_night(
    app_config, build_app, browser, db, on_duty
):
    from tests.browser.support import LiveServer

    app = build_app({**app_config, "KIOSK_NIGHTLY_RELOAD_HOUR": 3})
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    loads = []
    page.on("load", lambda _page: loads.append(1))
    page.clock.install(time=datetime(2026, 11, 3, 2, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    with LiveServer(app) as server:
        open_as_paired(page, server, on_duty[1])
        expect(page.locator("#screen-standby")).to_be_visible()
        before = len(loads)
        assert page.locator("body").get_attribute("data-nightly") is None  # no check yet
        page.clock.fast_forward("20:00")  # 02:50: the minute checks ran, not yet the hour
        expect(page.locator("body")).to_have_attribute("data-nightly", "not-due")
        assert len(loads) == before
        page.clock.fast_forward("45:00")  # 03:35, idle for over an hour, nothing to send
        page.wait_for_event("load")
        expect(page.locator("#screen-standby")).to_be_visible()
    context.close()
