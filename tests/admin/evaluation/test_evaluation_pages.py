"""The ranking, officer sheets and months pages on the demo; who sees what."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from models import AuditEntry, Department, EvaluationMonth, MonthEvent, Officer
from models.queries.questionnaires import load_active_questionnaire
from tests.monthdata import local, rate


@pytest.fixture
def demo(runner, db):
    result = runner.invoke(args=["seed-demo", "--officers", "12", "--months", "2",
                                 "--ratings-per-officer", "12", "--until", "2026-10-31"])
    assert result.exit_code == 0, result.output
    return db.scalars(select(Officer).order_by(Officer.id)).all()


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_ranking_lists_every_officer_with_links_to_what_each_number_is_from(
        client, login, demo):
    login("leader")
    page = client.get("/admin/ranking?month=2026-09&site=all")
    assert page.status_code == 200
    body = text(page)
    assert "Xếp hạng tháng 09/2026" in body and "Đang mở" in body
    for officer in demo:
        assert f"/admin/ranking/officers/{officer.id}?month=2026-09" in body
    assert "#criterion-A1" in body and "kind=scored" in body
    assert "(k + m·p0) / (n + m)" in body


def test_the_ranking_filters_by_site(client, login, demo):
    login("hr")
    province = demo[0].site_id
    body = text(client.get(f"/admin/ranking?month=2026-09&site={province}"))
    shown = {int(n) for n in re.findall(r"/admin/ranking/officers/(\d+)\?", body)}
    assert shown == {o.id for o in demo if o.site_id == province}


def test_a_sheet_shows_every_criterion_and_its_inputs(client, login, demo):
    login("leader")
    officer = demo[1]
    body = text(client.get(f"/admin/ranking/officers/{officer.id}?month=2026-09"))
    assert officer.full_name in body
    for code in ("A1", "A2", "A3", "B1", "B2", "B3", "B4", "B5"):
        assert f'id="criterion-{code}"' in body
    assert "tỉ lệ chung của điểm phục vụ (p0)" in body and "Tổng" in body
    assert "Theo mức (phiếu xác thực): Rất hài lòng:" in body


def test_the_ratings_behind_a_tally_are_listed(client, login, demo):
    login("leader")
    officer = demo[1]
    page = client.get(f"/admin/ranking/officers/{officer.id}/ratings?month=2026-09&kind=scored")
    assert page.status_code == 200 and "phiếu" in text(page)
    assert client.get(f"/admin/ranking/officers/{officer.id}/ratings?kind=bogus").status_code == 400


def test_a_malformed_month_is_a_400(client, login, demo):
    login("leader")
    assert client.get("/admin/ranking?month=2026-13").status_code == 400
    assert client.get("/admin/months/oct-2026").status_code == 404


def test_a_leader_closes_and_reopens_a_month_in_the_console(client, login, db, demo):
    leader = login("leader")
    closed = client.post("/admin/months/2026-09/close")
    assert closed.status_code == 302
    assert db.get(EvaluationMonth, "2026-09").status == "closed"
    page = text(client.get("/admin/months/2026-09"))
    assert "Đã khóa" in page and "Mở lại tháng" in page
    assert "Đã khóa" in text(client.get("/admin/ranking?month=2026-09"))
    refused = client.post("/admin/months/2026-09/reopen", data={"reason": "  "})
    assert refused.status_code == 302
    assert db.get(EvaluationMonth, "2026-09").status == "closed"
    client.post("/admin/months/2026-09/reopen", data={"reason": "Sửa số liệu hồ sơ"})
    db.rollback()  # end the test session's snapshot to see the console's commit
    assert db.get(EvaluationMonth, "2026-09").status == "open"
    actions = db.scalars(select(AuditEntry.action).where(AuditEntry.user_id == leader.id,
                                                         AuditEntry.object_type == "month")
                         .order_by(AuditEntry.id)).all()
    assert actions == ["month.close", "month.reopen"]
    assert db.scalar(select(MonthEvent.reason).where(MonthEvent.action == "reopen")) == (
        "Sửa số liệu hồ sơ")


def test_a_month_that_has_not_ended_cannot_be_closed(client, login, db, demo):
    login("leader")
    response = client.post("/admin/months/2099-01/close", follow_redirects=True)
    assert "chưa kết thúc" in text(response)
    assert db.get(EvaluationMonth, "2099-01") is None


def test_hr_sees_the_month_but_no_close_button(client, login, demo):
    login("hr")
    page = text(client.get("/admin/months/2026-09"))
    assert "Đang mở" in page and "/admin/months/2026-09/close" not in page
    assert client.post("/admin/months/2026-09/close").status_code == 403


def test_a_liaison_sees_only_the_officers_of_their_departments(client, login, db, demo):
    department = db.get(Department, demo[0].department_id)
    login("liaison", departments=[department])
    body = text(client.get("/admin/ranking?month=2026-09&site=all"))
    shown = {int(n) for n in re.findall(r"/admin/ranking/officers/(\d+)\?", body)}
    assert shown == {o.id for o in demo if o.department_id == department.id}
    outsider = next(o for o in demo if o.department_id != department.id)
    assert client.get(f"/admin/ranking/officers/{outsider.id}?month=2026-09").status_code == 404
    assert client.get(f"/admin/ranking/officers/{demo[0].id}?month=2026-09").status_code == 200
    annual = text(client.get("/admin/annual?year=2026"))
    assert outsider.full_name not in annual


def test_an_officer_sees_their_own_sheet_only(client, login, demo):
    officer = demo[2]
    login("officer", officer_id=officer.id)
    body = text(client.get("/admin/my-sheet?month=2026-09"))
    assert officer.full_name in body and 'id="criterion-A1"' in body
    assert demo[3].full_name not in body
    assert 'href="/admin/me/ratings"' in body and "/admin/ranking/officers/" not in body
    assert client.get(f"/admin/ranking/officers/{demo[3].id}").status_code == 403


def test_the_annual_page_rolls_up_closed_months(client, login, demo):
    login("leader")
    assert "Chưa có tháng nào" in text(client.get("/admin/annual?year=2026"))
    client.post("/admin/months/2026-09/close")
    body = text(client.get("/admin/annual?year=2026"))
    assert "09/2026" in body and demo[0].full_name in body


def test_a_rating_arriving_after_closing_is_listed_on_the_month_and_the_sheet(
        client, login, db, demo):
    login("leader")
    client.post("/admin/months/2026-09/close")
    db.rollback()
    questionnaire = load_active_questionnaire(db)
    officer = db.get(Officer, demo[0].id)
    rate(db, questionnaire, officer, local(2026, 9, 29, 10), 1,
         now=datetime(2026, 11, 2, tzinfo=UTC))
    db.commit()
    month = text(client.get("/admin/months/2026-09"))
    assert "Phiếu đến sau khi đã khóa tháng (1)" in month
    sheet = text(client.get(f"/admin/ranking/officers/{officer.id}?month=2026-09"))
    assert "Được lưu và liệt kê; không được tính vào kết quả đã chốt" in sheet
