"""The annual page and home: the year's deadline and days left, grading it, late with a reason."""

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from admin.evaluation import annual
from models import YearGrading
from models.audit import AuditEntry as AuditLog
from tests.kiosk.test_evaluations_api import key_headers
from tests.monthdata import october_and_november_closed

NOVEMBER_20 = datetime(2026, 11, 20, 3, tzinfo=UTC)
DECEMBER_7 = datetime(2026, 12, 7, 3, tzinfo=UTC)
DECEMBER_16 = datetime(2026, 12, 16, 3, tzinfo=UTC)
JANUARY_5 = datetime(2027, 1, 5, 3, tzinfo=UTC)


@pytest.fixture
def year(db, questionnaire, make_officer, make_user):
    return october_and_november_closed(db, questionnaire, make_officer, make_user)


@pytest.fixture
def clock(monkeypatch):
    """Set the console's clock: ``clock(instant)``."""

    def set_to(instant):
        monkeypatch.setattr(annual, "now_utc", lambda: instant)

    return set_to


def text(response) -> str:
    return response.get_data(as_text=True)


def gradings(db) -> int:
    db.rollback()
    return db.scalar(select(func.count(YearGrading.id)))


def test_before_1_december_the_year_cannot_be_graded_yet(client, login, db, year, clock):
    clock(NOVEMBER_20)
    login("leader")
    page = text(client.get("/admin/annual?year=2026"))
    assert "Năm 2026 được xếp loại từ 01/12/2026; hạn 15/12/2026." in page
    assert 'id="grade-year"' not in page and 'id="not-graded"' in page
    assert "Xếp loại năm" not in text(client.get("/admin/"))
    refused = text(client.post("/admin/annual/2026/grade", follow_redirects=True))
    assert "Chưa thể xếp loại năm: được xếp loại từ ngày 01/12/2026." in refused
    assert gradings(db) == 0


def test_from_1_december_the_home_shows_the_days_left_and_the_leader_grades(
        client, login, db, year, clock):
    clock(DECEMBER_7)
    login("leader")
    home = text(client.get("/admin/"))
    assert "Hạn xếp loại năm 2026: 15/12/2026, còn 8 ngày." in home
    page = text(client.get("/admin/annual?year=2026"))
    assert 'id="grade-year"' in page and 'name="reason"' not in page
    done = text(client.post("/admin/annual/2026/grade", follow_redirects=True))
    assert "Đã xếp loại năm 2026 trên 2 kỳ đã khóa." in done
    assert "Chưa khóa khi xếp loại năm nên không tính (không tính là 0 điểm):" in done
    assert "12/2026" in done and 'id="late-grading"' not in done
    assert "Năm 2026 đã được xếp loại ngày 07/12/2026." in text(client.get("/admin/"))
    assert gradings(db) == 1
    entry = db.scalars(select(AuditLog).where(AuditLog.action == "year.grade")).one()
    assert entry.object_id == "2026"


def test_after_15_december_grading_needs_a_reason_shown_on_the_page_and_in_the_export(
        client, login, db, year, clock):
    clock(DECEMBER_16)
    login("leader")
    assert "Đã quá hạn xếp loại năm 2026 (15/12/2026) 1 ngày" in text(client.get("/admin/"))
    page = text(client.get("/admin/annual?year=2026"))
    assert 'name="reason"' in page
    for reason in ("", "   "):
        refused = text(client.post("/admin/annual/2026/grade", data={"reason": reason},
                                   follow_redirects=True))
        assert "Đã quá hạn (15/12/2026): hãy ghi lý do xếp loại năm sau hạn." in refused
    too_long = text(client.post("/admin/annual/2026/grade", data={"reason": "x" * 1001},
                                follow_redirects=True))
    assert "Lý do quá dài (tối đa 1000 ký tự)." in too_long
    assert gradings(db) == 0
    done = text(client.post("/admin/annual/2026/grade",
                            data={"reason": "Chờ kết luận thanh tra tháng 11"},
                            follow_redirects=True))
    assert "Xếp loại sau hạn (15/12/2026). Lý do: Chờ kết luận thanh tra tháng 11" in done
    db.rollback()
    body = client.get("/api/v1/evaluations?period=2026", headers=key_headers(db)).get_json()
    assert body["grading"]["late"] is True
    assert body["grading"]["late_reason"] == "Chờ kết luận thanh tra tháng 11"
    assert body["grading"]["periods"] == ["2026-10", "2026-11"]
    assert "2026-12" in body["grading"]["not_counted"]
    rows = list(csv.DictReader(io.StringIO(
        text(client.get("/admin/reports/evaluations.csv?period=2026")).lstrip("\ufeff"))))
    assert (rows[0]["graded_late"], rows[0]["late_reason"]) == (
        "có", "Chờ kết luận thanh tra tháng 11")
    book = load_workbook(io.BytesIO(client.get(
        "/admin/reports/evaluations.xlsx?period=2026").data), read_only=True)
    about = " ".join(str(v) for row in book["Thông tin"].iter_rows(values_only=True)
                     for v in row)
    assert "xếp loại sau hạn 2026-12-15, lý do: Chờ kết luận thanh tra tháng 11" in about


def test_a_year_not_graded_stays_overdue_on_the_home_in_january(client, login, year, clock):
    clock(JANUARY_5)
    login("leader")
    assert "Đã quá hạn xếp loại năm 2026 (15/12/2026) 21 ngày" in text(client.get("/admin/"))


def test_hr_sees_the_deadline_but_cannot_grade(client, login, db, year, clock):
    clock(DECEMBER_7)
    login("hr")
    assert "Hạn xếp loại năm 2026: 15/12/2026, còn 8 ngày." in text(client.get("/admin/"))
    assert 'id="grade-year"' not in text(client.get("/admin/annual?year=2026"))
    assert client.post("/admin/annual/2026/grade").status_code == 403
    assert client.get("/admin/settings/annual").status_code == 403
    assert gradings(db) == 0


def test_a_year_out_of_range_is_not_found(client, login):
    login("leader")
    assert client.post("/admin/annual/1999/grade").status_code == 404
    assert client.post("/admin/annual/nope/grade").status_code == 404


def test_a_year_with_nothing_closed_cannot_be_graded(client, login, db, clock):
    clock(DECEMBER_7)
    login("leader")
    page = text(client.get("/admin/annual?year=2026"))
    assert 'id="grade-year"' not in page
    refused = text(client.post("/admin/annual/2026/grade", follow_redirects=True))
    assert "Chưa có tháng nào của năm này được khóa" in refused
    assert gradings(db) == 0


@pytest.mark.parametrize("opens, deadline, message", [
    ("1-12", "15/12", "Hãy ghi ngày theo dạng ngày/tháng, ví dụ 15/12."),
    ("", "15/12", "Hãy ghi ngày theo dạng ngày/tháng, ví dụ 15/12."),
    ("31/11", "15/12", "Ngày này không có trong mọi năm"),
    ("20/12", "15/12", "Ngày bắt đầu xếp loại phải trước hoặc trùng hạn xếp loại."),
])
def test_the_calendar_refuses_bad_days_with_a_clear_message(client, login, db, opens, deadline,
                                                            message):
    login("leader")
    response = client.post("/admin/settings/annual", data={"opens": opens, "deadline": deadline})
    assert response.status_code == 200 and message in text(response)
    db.rollback()
    assert db.scalar(select(func.count(AuditLog.id)).where(
        AuditLog.action == "settings.update")) == 0


def test_the_calendar_is_saved_audited_and_moves_the_deadline(client, login, db, year, clock):
    login("leader")
    page = text(client.get("/admin/settings/annual"))
    assert 'value="15/12"' in page and 'value="01/12"' in page
    response = client.post("/admin/settings/annual", data={"opens": "25/11", "deadline": "05/12"},
                           follow_redirects=True)
    assert "Đã lưu lịch xếp loại năm." in text(response)
    entry = db.scalars(select(AuditLog).where(AuditLog.action == "settings.update")).one()
    assert entry.after == {"opens": "25/11", "deadline": "05/12"}
    clock(DECEMBER_7)
    assert "Đã quá hạn xếp loại năm 2026 (05/12/2026) 2 ngày" in text(client.get("/admin/"))
