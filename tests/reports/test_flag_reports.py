"""Flags in the month's reports: the ranking page, the month page, the printed annex, the
workbook, and the snapshot of a closed month."""

import io

from openpyxl import load_workbook
from sqlalchemy import select

from admin.evaluation.report_files import ranking_file
from models import Rating
from models.ops.flags import decide_flags, raise_flags
from models.ops.months import close_month
from models.ops.screening import Finding
from models.queries.month import compute_month
from models.queries.month_selection import Selection
from tests.factories import PASSWORD
from tests.monthdata import AFTER_OCTOBER, ZONE, local
from tests.reports.pdfs import pdf_pages


def flag_two(db, october):
    """Hold one of Nhung's ratings and accept it; hold one of Ánh's, still waiting."""
    accepted = db.scalar(select(Rating).where(Rating.officer_id == october.nhung.id,
                                              Rating.rated_at == local(2026, 10, 5, 8)))
    waiting = db.scalar(select(Rating).where(Rating.officer_id == october.anh.id,
                                             Rating.rated_at == local(2026, 10, 6, 8)))
    raise_flags(db, accepted.id, [Finding("outside_hours", {"local": "x"})])
    decide_flags(db, accepted, True, "Giờ làm thêm có quyết định", october.leader.id)
    raise_flags(db, waiting.id, [Finding("burst", {"ratings": 9, "visits": 1, "limit": 6,
                                                    "minutes": 10})])
    db.commit()
    return accepted, waiting


def sign_in(client, user):
    client.post("/admin/login", data={"username": user.username, "password": PASSWORD})


def test_the_ranking_and_the_month_page_show_the_flags_and_closing_is_refused(
    app, client, db, october
):
    flag_two(db, october)
    sign_in(client, october.leader)
    ranking = client.get("/admin/ranking?month=2026-10").get_data(as_text=True)
    assert "1 chấp nhận, 0 bị loại" in ranking and "1 chờ xem xét" in ranking
    month = client.get("/admin/months/2026-10").get_data(as_text=True)
    assert "1 phiếu chờ lãnh đạo xem xét" in month
    closing = client.post("/admin/months/2026-10/close", follow_redirects=True)
    assert "còn phiếu bị gắn cờ đang chờ xem xét" in closing.get_data(as_text=True)
    assert compute_month(db, "2026-10", zone=ZONE).status == "open"


def test_the_annex_and_the_workbook_list_every_flag_with_its_decision(app, db, october):
    accepted, waiting = flag_two(db, october)
    report = compute_month(db, "2026-10", zone=ZONE)
    # Ánh's held rating counts nowhere: three satisfied left of her five, one excluded.
    assert report.officer_inputs(october.anh.id).ratings.verified == 3
    pages = pdf_pages(ranking_file(db, report, Selection(), app.config, "pdf").data)
    annex = " ".join(page for page in pages if "PHỤ LỤC" in page)
    assert "III. Phiếu bị gắn cờ nghi vấn và kết quả xem xét" in annex
    assert "ngoài giờ làm việc" in annex and "Giờ làm thêm có quyết định" in annex
    assert "nhiều phiếu dồn dập tại quầy" in annex and "Chờ lãnh đạo xem xét" in annex
    notes = " ".join(pages)
    assert "Có 2 phiếu bị gắn cờ nghi vấn" in notes
    book = load_workbook(io.BytesIO(ranking_file(db, report, Selection(), app.config,
                                                 "xlsx").data))
    rows = list(book["Phiếu bị gắn cờ"].iter_rows(min_row=2, values_only=True))
    assert sorted((row[1], row[5]) for row in rows) == [
        ("Nguyễn Thị Hồng Nhung", "Chấp nhận (phiếu được tính)"),
        ("Đặng Thị Ngọc Ánh", "Chờ lãnh đạo xem xét (chưa tính)")]
    assert {row[9] for row in rows} == {str(accepted.id), str(waiting.id)}


def test_a_closed_month_keeps_its_flags_in_the_snapshot(app, db, october):
    _accepted, waiting = flag_two(db, october)
    decide_flags(db, waiting, False, "Phiếu thử máy", october.leader.id)
    close_month(db, "2026-10", zone=ZONE, user_id=october.leader.id, now=AFTER_OCTOBER)
    db.commit()
    frozen = compute_month(db, "2026-10", zone=ZONE)
    assert frozen.frozen and {f.status for f in frozen.flags} == {"accepted", "excluded"}
    assert str(waiting.id) in {r.rating_id for r in frozen.exclusions}
