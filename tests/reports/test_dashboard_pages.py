"""The console home and the leaders' dashboard: the engine's figures, within each role's scope."""

import html
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from admin.dashboard.views import picker_months
from evaluation import parse_month
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


def section(body: str, anchor: str) -> str:
    """The HTML of the dashboard's section with this id."""
    return re.search(rf'<section class="panel" id="{anchor}">.*?</section>', body, re.S).group(0)


def test_no_dossier_figures_say_so_once_instead_of_rows_of_zeros(client, login, runner,
                                                                 october):
    refreshed = runner.invoke(args=["dashboard", "refresh", "--month", "2026-09"])
    assert refreshed.exit_code == 0 and "2026-09" in refreshed.output, refreshed.output
    login("leader")
    plan = section(text(client.get("/admin/dashboard?month=2026-09")), "plan")
    assert plan.count("Chưa nhập số liệu hồ sơ của tháng 09/2026.") == 1
    assert "0/0" not in plan and "<table" not in plan  # twelve months stored, none imported


def test_months_without_dossier_figures_are_left_out_of_the_plan_by_month(client, login,
                                                                          runner, october):
    runner.invoke(args=["dashboard", "refresh", "--month", "2026-11", "--months", "3"])
    login("leader")
    plan = section(text(client.get("/admin/dashboard?month=2026-11")), "plan")
    assert "Chưa nhập số liệu hồ sơ của tháng 11/2026." in plan
    by_month = re.findall(r'<th scope="row">(\d\d/\d{4})</th>', plan)
    assert by_month == ["10/2026"]  # not September or November, which have none
    october_plan = section(text(client.get("/admin/dashboard?month=2026-10")), "plan")
    assert "0/0" not in october_plan  # Ánh's missing online and post figures
    assert "Không có số liệu" in october_plan


def test_the_twelve_months_say_no_data_one_way(client, login, runner, october):
    runner.invoke(args=["dashboard", "refresh", "--month", "2026-09", "--months", "3"])
    login("leader")
    trend = section(text(client.get("/admin/dashboard?month=2026-10")), "trend")
    rows = re.findall(r'<tr><th scope="row">(\d\d/\d{4})</th>(.*?)</tr>', trend, re.S)
    assert len(rows) == 12
    computed_empty = {"07/2026", "08/2026", "09/2026"}  # stored, no rating; the rest not stored
    for month, cells in rows:
        if month == "10/2026":
            assert "Không có số liệu" not in cells and "%" in cells
        else:
            assert re.fullmatch(r'\s*<td colspan="4" class="no-data">Không có số liệu</td>',
                                cells), (month, cells)
    assert computed_empty <= {m for m, _cells in rows}
    assert "chưa tính" not in trend and "—" not in trend


def test_the_month_picker_names_months_in_the_page_language(client, login, october):
    login("leader")
    body = text(client.get("/admin/dashboard?month=2026-10"))
    picker = re.search(r'<select name="month">.*?</select>', body, re.S).group(0)
    assert '<option value="2026-10" selected>Tháng 10 năm 2026</option>' in picker
    assert re.search(r'<option value="\d{4}-01">Tháng 1 năm \d{4}</option>', picker)
    assert not re.search(r"January|October|November|December", body)
    english = text(client.get("/admin/dashboard?month=2026-10&lang=en"))
    assert '<option value="2026-10" selected>October 2026</option>' in english


def test_the_month_picker_offers_recent_months_and_the_one_shown(app):
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    with app.test_request_context():
        recent = picker_months(parse_month("2026-10"), now)
        older = picker_months(parse_month("2020-03"), now)
    assert recent[0] == "2026-12" and recent[-1] == "2025-01" and len(recent) == 24
    assert recent == sorted(recent, reverse=True) and "2026-10" in recent
    assert older == [*recent, "2020-03"]  # a link to an older month still shows it selected


def test_charts_print_the_full_names_of_sites_and_departments(client, login, october):
    login("leader")
    body = text(client.get("/admin/dashboard?month=2026-10"))
    chart = r'<svg [^>]*aria-label="Mức độ hài lòng theo Trung tâm".*?</svg>'
    sites = html.unescape(re.search(chart, body, re.S).group(0))
    labels = [" ".join(re.findall(r"<tspan [^>]*>([^<]*)</tspan>", label))
              for label in re.findall(r'<text [^>]*class="label">(.*?)</text>', sites)]
    assert labels == ["Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh",
                      "Trung tâm phường Kinh Bắc"]
    assert "…" not in body


@pytest.mark.parametrize("path", ["/admin/ranking?month=2026-10&site=all",
                                  "/admin/inputs?month=2026-10"])
def test_the_ranking_and_inputs_pickers_name_months_too(client, login, october, path):
    login("hr")
    body = text(client.get(path))
    assert '<option value="2026-10" selected>Tháng 10 năm 2026</option>' in body
    assert 'type="month"' not in body
