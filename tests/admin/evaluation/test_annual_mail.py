"""`hailong month annual-remind`: the leaders are e-mailed on the days the year's grading is due."""

from datetime import UTC, date, datetime

import pytest
from aiosmtpd.controller import Controller

from admin.evaluation import annual
from evaluation.annual_deadline import annual_window, reminder_due
from models.engine import begin_write
from models.ops.year_grading import grade_year
from tests.admin.alerts.test_alerts import Inbox, free_port
from tests.monthdata import ZONE, october_and_november_closed


@pytest.mark.parametrize("day, due", [
    (date(2026, 11, 30), False), (date(2026, 12, 1), True), (date(2026, 12, 2), False),
    (date(2026, 12, 8), True), (date(2026, 12, 12), True), (date(2026, 12, 13), False),
    (date(2026, 12, 14), True), (date(2026, 12, 15), True), (date(2026, 12, 16), True),
    (date(2026, 12, 17), False), (date(2026, 12, 23), True), (date(2027, 1, 6), True),
])
def test_the_reminder_days(day, due):
    assert reminder_due(annual_window(2026), day) == due


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port,
                      CONSOLE_URL="https://hailong.example.vn")
    yield inbox
    controller.stop()


@pytest.fixture
def year(db, questionnaire, make_officer, make_user):
    found = october_and_november_closed(db, questionnaire, make_officer, make_user)
    found["leader"].email = "lanhdao@example.vn"
    db.commit()
    return found


def at(monkeypatch, instant):
    monkeypatch.setattr(annual, "now_utc", lambda: instant)


def test_the_leaders_are_reminded_a_week_before_the_deadline(runner, smtp, year, monkeypatch):
    at(monkeypatch, datetime(2026, 12, 8, 1, tzinfo=UTC))
    result = runner.invoke(args=["month", "annual-remind"])
    assert result.exit_code == 0, result.output
    assert "Reminded 1 leader(s) of the grading of 2026." in result.output
    ((to, message),) = smtp.messages
    assert to == ["lanhdao@example.vn"]
    assert message["Subject"] == "[Hài Lòng] Xếp loại năm 2026: hạn 15/12/2026"
    body = message.get_content()
    assert "Hạn xếp loại năm 2026: 15/12/2026, còn 7 ngày." in body
    assert "https://hailong.example.vn/admin/annual?year=2026" in body


def test_nothing_is_sent_on_other_days_nor_once_the_year_is_graded(runner, db, smtp, year,
                                                                   monkeypatch):
    at(monkeypatch, datetime(2026, 12, 9, 1, tzinfo=UTC))
    assert "No reminder due today." in runner.invoke(args=["month", "annual-remind"]).output
    db.commit()
    begin_write(db)
    grade_year(db, 2026, zone=ZONE, user=year["leader"], now=datetime(2026, 12, 9, 1, tzinfo=UTC))
    db.commit()
    at(monkeypatch, datetime(2026, 12, 15, 1, tzinfo=UTC))
    assert "No reminder due today." in runner.invoke(args=["month", "annual-remind"]).output
    assert smtp.messages == []


def test_without_smtp_the_command_says_so(runner):
    result = runner.invoke(args=["month", "annual-remind"])
    assert result.exit_code == 1 and "SMTP_HOST is not set" in result.output
