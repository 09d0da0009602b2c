"""The alerts inbox: filters, the polled feed, follow-up from the console, liaison scope,
and e-mail to leaders through a local SMTP server."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from models import Alert, AuditEntry


@pytest.fixture
def two_alerts(db, make_officer, make_department, make_rating):
    """A Không hài lòng alert for one department, a "5 không" report for another."""
    land, justice = make_department(name="Sở Tài nguyên"), make_department(name="Sở Tư pháp")
    first = make_officer(department=land, full_name="Hoàng Văn Đất")
    second = make_officer(department=justice, full_name="Bùi Thị Luật")
    make_rating(first, level=1, reasons=["LY_DO_CHO_LAU"], comment="Chờ hai tiếng")
    make_rating(second, level=2, reported=["KHONG_THAM_NHUNG"])
    db.commit()
    return first, second


def test_the_inbox_lists_open_alerts_and_filters_them(client, login, two_alerts):
    first, second = two_alerts
    login("leader")
    page = client.get("/admin/alerts").get_data(as_text=True)
    assert first.full_name in page and second.full_name in page
    assert "Tham nhũng, lãng phí, lợi ích nhóm" in page
    only = rows(client.get(f"/admin/alerts?kind=misconduct&site_id={second.site_id}"))
    assert first.full_name not in only and second.full_name in only
    by_department = rows(client.get(f"/admin/alerts?department_id={first.department_id}"))
    assert second.full_name not in by_department and first.full_name in by_department
    assert "Không có cảnh báo" in rows(client.get("/admin/alerts?status=confirmed"))


def rows(response) -> str:
    """Return the table body of a list page."""
    return response.get_data(as_text=True).split("<tbody>")[1]


def test_the_feed_returns_only_newer_alerts(client, login, db, two_alerts):
    login("leader")
    everything = client.get("/admin/alerts/feed?after=0").get_json()
    assert everything["open"] == 2 and len(everything["alerts"]) == 2
    newest = everything["alerts"][0]["id"]
    assert client.get(f"/admin/alerts/feed?after={newest}").get_json()["alerts"] == []
    item = everything["alerts"][1]
    assert item["kind"] == "Không hài lòng" and item["url"].startswith("/admin/alerts/")


def test_polling_the_feed_does_not_keep_an_idle_session_alive(client, login, two_alerts,
                                                              monkeypatch):
    import time

    login("leader")
    start = time.time()
    for minutes in (10, 20, 31):
        monkeypatch.setattr(time, "time", lambda m=minutes: start + m * 60)
        response = client.get("/admin/alerts/feed", headers={"Accept": "application/json"})
    assert response.status_code == 401


def test_a_leader_records_the_follow_up(client, login, db, two_alerts):
    login("leader")
    alert = db.scalar(select(Alert).where(Alert.kind == "misconduct"))
    client.post(f"/admin/alerts/{alert.id}/follow-up", data={"status": "verifying"})
    refused = client.post(f"/admin/alerts/{alert.id}/follow-up", data={"status": "confirmed"})
    assert refused.status_code == 400
    assert "Vui lòng ghi chú" in refused.get_data(as_text=True)
    client.post(f"/admin/alerts/{alert.id}/follow-up",
                data={"status": "confirmed", "note": "Đã làm việc với công chức"})
    db.commit()  # end the read, so the next one sees the console's write
    db.refresh(alert)
    assert alert.status == "confirmed"
    page = client.get(f"/admin/alerts/{alert.id}").get_data(as_text=True)
    assert "Đã làm việc với công chức" in page and "Xác nhận" in page
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "alert.follow_up")
                      .order_by(AuditEntry.id.desc()))
    assert entry.before == {"status": "verifying"} and entry.after["status"] == "confirmed"


def test_a_liaison_sees_only_their_departments_alerts_and_cannot_follow_up(
    client, login, db, two_alerts
):
    first, second = two_alerts
    user = login("liaison")
    user.departments = [first.department]
    db.commit()
    page = client.get("/admin/alerts").get_data(as_text=True)
    assert first.full_name in page and second.full_name not in page  # nor in the filters
    feed = client.get("/admin/alerts/feed").get_json()
    assert len(feed["alerts"]) == 1 and feed["open"] == 1
    theirs = db.scalar(select(Alert).where(Alert.officer_id == second.id))
    mine = db.scalar(select(Alert).where(Alert.officer_id == first.id))
    assert client.get(f"/admin/alerts/{theirs.id}").status_code == 404
    detail = client.get(f"/admin/alerts/{mine.id}").get_data(as_text=True)
    assert "Chờ hai tiếng" in detail and "follow-up" not in detail
    assert client.post(f"/admin/alerts/{mine.id}/follow-up",
                       data={"status": "verifying"}).status_code == 403


class Inbox:
    """An aiosmtpd handler that keeps every message received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content,
                                                                     policy=email.policy.default)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def test_leaders_are_mailed_about_new_alerts_once(app, runner, db, make_user, two_alerts,
                                                  smtp_server):
    controller, inbox = smtp_server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port,
                      MAIL_FROM="hailong@trungtam.vn", CONSOLE_URL="https://hl.example.vn")
    make_user("leader", email="lanhdao@trungtam.vn")
    make_user("leader", email=None)
    make_user("hr", email="hr@trungtam.vn")
    db.commit()
    first = runner.invoke(args=["alerts", "mail"])
    assert first.exit_code == 0, first.output
    assert "Mailed 2 new alerts." in first.output
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == ["lanhdao@trungtam.vn"]
    assert message["Subject"] == "[Hài Lòng] 2 cảnh báo mới"
    body = message.get_content()
    assert "Hoàng Văn Đất" in body and "Tham nhũng, lãng phí, lợi ích nhóm" in body
    assert "https://hl.example.vn/admin/alerts/" in body and "Chờ hai tiếng" in body
    again = runner.invoke(args=["alerts", "mail"])
    assert "Mailed 0 new alerts." in again.output and len(inbox.messages) == 1


def test_a_failed_send_keeps_the_alerts_for_the_next_run(app, runner, db, make_user,
                                                         two_alerts, smtp_server):
    controller, inbox = smtp_server
    make_user("leader", email="lanhdao@trungtam.vn")
    db.commit()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # nobody listens there
    failed = runner.invoke(args=["alerts", "mail"])
    assert failed.exit_code == 1 and "Could not send the e-mail" in failed.output
    assert inbox.messages == []
    app.config.update(SMTP_PORT=controller.port)
    assert "Mailed 2 new alerts." in runner.invoke(args=["alerts", "mail"]).output
    assert len(inbox.messages) == 1


def test_without_smtp_settings_the_command_says_so(runner):
    result = runner.invoke(args=["alerts", "mail"])
    assert result.exit_code == 1 and "SMTP_HOST is not set" in result.output
