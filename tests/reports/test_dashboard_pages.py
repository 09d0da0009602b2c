"""The console home and the leaders' dashboard: the engine's figures, within each role's scope."""

import html
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from models import DashboardMonth
from models.engine import begin_write
from models.ops.months import close_month
from tests.monthdata import AFTER_OCTOBER, ZONE
from tests.reports.conftest import give

SVG_TITLE = re.compile(r'<svg [^>]*role="img"[^>]*><title>([^<]+)</title>')


@pytest.fixture
def today(db, questionnaire, october):
    """Two ratings given just now, one to each officer of the provincial centre."""
    now = datetime.now(UTC)
    give(db, questionnaire, october.nhung, now, 3)
    give(db, questionnaire, october.anh, now, 1)
    db.commit()


def text(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_leaders_page_shows_every_chart_with_its_table(client, login, october):
    login("leader")
    body = text(client.get("/admin/dashboard?month=2026-10"))
    titles = [html.unescape(title) for title in SVG_TITLE.findall(body)]
    captions = [html.unescape(c) for c in re.findall(r"<caption>([^<]+)</caption>", body)]
    assert len(titles) == 7
    assert set(titles) <= set(captions)  # each chart's values are in a table a reader reaches
    for expected in ("Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh", "Trung tâm phường Kinh Bắc",
                     "Sở Tài nguyên và Môi trường", "85,0%", "Trần Văn Bình", "Luôn giúp đỡ",
                     "55,6%", "Bảng điều khiển tháng 10/2026"):
        assert expected in body, expected
    satisfaction = re.search(r"<th scope=\"row\">Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh"
                             r"</th><td class=\"num\">(\d+)</td><td class=\"num\">(\d+)</td>"
                             r"<td class=\"num\">([\d,]+%)</td>", body)
    assert satisfaction.groups() == ("9", "10", "90,0%")  # the engine's p0 of the site


def test_a_malformed_month_is_refused(client, login, october):
    login("leader")
    assert client.get("/admin/dashboard?month=2026-13").status_code == 400


def test_a_liaison_sees_only_their_departments(client, login, october):
    login("liaison", departments=[october.land])
    body = text(client.get("/admin/dashboard?month=2026-10"))
    assert "Sở Tài nguyên và Môi trường" in body
    for hidden in ("Sở Tư pháp", "Trần Văn Bình", "Nguyễn Thị Hồng Nhung",
                   "Trung tâm phường Kinh Bắc"):
        assert hidden not in body
    ballots = re.search(r"<caption>Phiếu theo mức[^<]*</caption>.*?</table>", body, re.S).group(0)
    assert ">4</td>" in ballots  # Ánh's four ballots that were not excluded


def test_the_home_page_is_scoped_by_role(client, login, today, october):
    login("leader")
    leader = text(client.get("/admin/"))
    assert "Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh" in leader
    assert "Sở Tư pháp" not in leader  # the leader's home shows sites, the dashboard the rest
    assert re.search(r'<span class="figure">2</span>\s*phiếu đánh giá hôm nay', leader)
    assert re.search(r'<span class="figure">50,0%</span>\s*hài lòng hôm nay', leader)
    client.post("/admin/logout")
    login("liaison", departments=[october.land])
    liaison = text(client.get("/admin/"))
    assert re.search(r'<span class="figure">1</span>\s*phiếu đánh giá hôm nay', liaison)
    assert re.search(r'<span class="figure">0,0%</span>\s*hài lòng hôm nay', liaison)
    assert "Sở Tài nguyên và Môi trường" in liaison and "Sở Tư pháp" not in liaison
    assert "Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh" not in liaison


def test_an_officer_sees_only_their_own_figures(client, login, today, october):
    login("officer", officer_id=october.nhung.id)
    body = text(client.get("/admin/"))
    assert re.search(r'<span class="figure">1</span>\s*phiếu của tôi hôm nay', body)
    assert re.search(r'<span class="figure">100,0%</span>\s*hài lòng hôm nay', body)
    for hidden in ("Đặng Thị Ngọc Ánh", "Trần Văn Bình", "Trung tâm phường Kinh Bắc"):
        assert hidden not in body
    assert client.get("/admin/dashboard").status_code == 403


def test_figures_are_stored_and_recomputed_once_the_month_closes(client, login, db, october):
    login("hr")
    text(client.get("/admin/dashboard?month=2026-10"))
    stored = db.scalar(select(DashboardMonth).where(DashboardMonth.period == "2026-10"))
    assert stored.status == "open"
    db.rollback()
    begin_write(db)
    close_month(db, "2026-10", zone=ZONE, now=AFTER_OCTOBER)
    db.commit()
    body = text(client.get("/admin/dashboard?month=2026-10"))
    assert "Đã khóa" in body
    db.expire_all()
    assert db.get(DashboardMonth, "2026-10").status == "closed"


def test_the_refresh_command_computes_the_months_once(runner, october):
    first = runner.invoke(args=["dashboard", "refresh", "--month", "2026-10", "--months", "2"])
    assert first.exit_code == 0 and "Computed 2026-09, 2026-10" in first.output, first.output
    again = runner.invoke(args=["dashboard", "refresh", "--month", "2026-10", "--months", "2"])
    assert "Computed nothing" in again.output
    wrong = runner.invoke(args=["dashboard", "refresh", "--month", "10/2026"])
    assert wrong.exit_code == 1 and "YYYY-MM" in wrong.output
