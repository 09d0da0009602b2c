"""Console downloads: who may take which printout, what it lists, and the export audit."""

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from admin.evaluation import ranking as ranking_page
from models import AuditEntry, Setting
from tests.reports.pdfs import pdf_text


def test_a_leader_downloads_the_ranking_and_the_export_is_audited(client, login, db, october):
    leader = login("leader")
    response = client.get("/admin/reports/ranking.pdf?month=2026-10")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="xep-hang-2026-10-du-thao.pdf"' in response.headers["Content-Disposition"]
    assert "Trần Văn Bình" in pdf_text(response.data)
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "report.export"))
    assert entry.user_id == leader.id and entry.object_id == "2026-10"
    assert entry.after["officers"] == 3


def test_a_liaison_gets_only_their_departments_officers(client, login, db, october):
    login("liaison", departments=[october.land])
    text = pdf_text(client.get("/admin/reports/ranking.pdf?month=2026-10").data)
    assert "Đặng Thị Ngọc Ánh" in text and "Nguyễn Thị Hồng Nhung" not in text
    assert "Đơn vị: Sở Tài nguyên và Môi trường" in text
    assert "Người dân đánh giá nhầm quầy" not in text  # Bình's contest stays out of the annex
    book = load_workbook(io.BytesIO(client.get("/admin/reports/ranking.xlsx?month=2026-10").data))
    assert [r[2] for r in book["Xếp hạng"].iter_rows(min_row=3, values_only=True)] == [
        "Đặng Thị Ngọc Ánh"]
    assert client.get(f"/admin/reports/ranking.pdf?month=2026-10&department="
                      f"{october.justice.id}").status_code == 404
    assert client.get(f"/admin/ranking/officers/{october.nhung.id}/sheet.pdf?month=2026-10"
                      ).status_code == 404
    assert client.get(f"/admin/ranking/officers/{october.anh.id}/sheet.pdf?month=2026-10"
                      ).status_code == 200


def test_an_officer_downloads_only_their_own_sheet(client, login, october):
    login("officer", officer_id=october.binh.id)
    response = client.get("/admin/my-sheet.pdf?month=2026-10")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Trần Văn Bình" in text and "Nguyễn Thị Hồng Nhung" not in text
    assert client.get("/admin/reports/ranking.pdf?month=2026-10").status_code == 403


@pytest.mark.parametrize("query, status", [("month=2026-13", 400), ("month=2026-10&site=999", 404),
                                           ("month=2026-10&department=999", 404),
                                           ("month=2025-10", 409)])
def test_a_bad_request_is_refused_with_a_page(client, login, october, query, status):
    login("hr")
    assert client.get(f"/admin/reports/ranking.xlsx?{query}").status_code == status


def test_the_ranking_lists_every_site_by_default_and_its_downloads_do_too(
        client, login, october):
    login("leader")
    body = client.get("/admin/ranking?month=2026-10").get_data(as_text=True)
    assert "Nguyễn Thị Hồng Nhung" in body and "Trần Văn Bình" in body  # two sites
    assert '/admin/reports/ranking.pdf?month=2026-10"' in body  # no site: all of them
    assert '/admin/reports/ranking.xlsx?month=2026-10"' in body
    assert f"/admin/ranking/officers/{october.nhung.id}?month=2026-10" in body
    one = client.get(f"/admin/ranking?month=2026-10&site={october.province.id}")
    assert "Trần Văn Bình" not in one.get_data(as_text=True)
    assert f"ranking.pdf?month=2026-10&amp;site={october.province.id}" in one.get_data(
        as_text=True)


def test_every_site_is_listed_page_by_page(client, login, october, monkeypatch):
    monkeypatch.setattr(ranking_page, "RANKING_PAGE_SIZE", 2)
    login("leader")
    first = client.get("/admin/ranking?month=2026-10&site=all").get_data(as_text=True)
    second = client.get("/admin/ranking?month=2026-10&site=all&page=2").get_data(as_text=True)
    listed = [set(re.findall(r"/admin/ranking/officers/(\d+)\?month", page))
              for page in (first, second)]
    assert len(listed[0]) == 2 and len(listed[1]) == 1 and not listed[0] & listed[1]
    assert "page=2" in first and "site=all" in first


def test_a_leader_sets_the_names_printed_on_reports(client, login, db, october):
    login("leader")
    form = client.get("/admin/settings/organisation").get_data(as_text=True)
    assert "UBND TỈNH BẮC NINH" in form  # the configuration's default
    response = client.post("/admin/settings/organisation", data={
        "issuing_body": "UBND TỈNH BẮC NINH", "centre_name": "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "place": "Bắc Ninh", "director_title": "GIÁM ĐỐC",
        "director_name": "Nguyễn Văn Giám", "preparer_name": "Trần Thị Lập"})
    assert response.status_code == 302
    assert db.scalar(select(Setting.value).where(Setting.key == "org.director_name")) == \
        "Nguyễn Văn Giám"
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "settings.update"))
    assert entry.after == {"director_name": "Nguyễn Văn Giám", "preparer_name": "Trần Thị Lập"}
    text = pdf_text(client.get("/admin/reports/ranking.pdf?month=2026-10").data)
    assert "Nguyễn Văn Giám" in text and "Trần Thị Lập" in text


def test_a_required_name_cannot_be_blanked(client, login, db, october):
    login("leader")
    page = client.post("/admin/settings/organisation", data={
        "issuing_body": " ", "centre_name": "X", "place": "Y", "director_title": "Z"})
    assert page.status_code == 200 and "Vui lòng điền" in page.get_data(as_text=True)
    assert db.scalar(select(Setting).where(Setting.key.startswith("org."))) is None
