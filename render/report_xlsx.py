"""The month's Excel workbook: the ranking, each officer's inputs, site rates and listed ratings.

Vietnamese headers, number formats, a frozen header row. Cells hold the engine's unrounded
numbers, shown to two decimals; an XLSX file keeps 16 significant digits (Excel shows 15), and
the printed totals (two decimals) are exact.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from evaluation import OfficerResult
from evaluation.report import MonthReport, Organisation, raw_satisfaction
from integrity import RULE_NAMES_VI
from render.printed_points import TOTAL_NOTE
from render.report_annex import CONTEST_STATUS, FLAG_STATUS, grade_summary, state_line
from render.report_text import method_lines
from render.report_xlsx_nd335 import people_rows, people_sheet, task_rows, task_sheet
from render.vn_format import month_label, period_word
from render.xlsx_cells import (
    COUNT,
    FULL,
    NOT_APPLICABLE,
    POINTS,
    SHARE,
    WHEN,
    add_row,
    add_sheet,
    count_rows,
    save_book,
)


@dataclass(frozen=True)
class RankingWorkbook:
    """What the workbook holds: a computed month and the officers listed (same as the PDF)."""

    report: MonthReport
    officers: Sequence[OfficerResult]
    rank_by: str
    organisation: Organisation
    scope_label: str = ""
    level_names: Mapping[int, str] = field(default_factory=dict)


def ranking_workbook(doc: RankingWorkbook,
                     progress: Callable[[int, int], None] | None = None) -> bytes:
    """Return the month's workbook as XLSX bytes.

    ``progress``, when given, is called as ``progress(written, total)`` with the rows of the
    officers' and the listed ratings' sheets written so far (``data_rows`` of them); the
    short sheets about the file (Thông tin, Ghi chú) are not counted.
    """
    book = Workbook(write_only=True)
    counter = count_rows(book, progress, data_rows(doc) if progress else 0)
    _ranking_sheet(book, doc)
    people_sheet(book, doc)
    task_sheet(book, doc)
    _inputs_sheet(book, doc)
    _site_rates_sheet(book, doc)
    _listed_sheets(book, doc)
    count_rows(book, None, 0)
    _about_sheet(book, doc)
    if counter is not None:
        counter.finish()
    return save_book(book)


def data_rows(doc: RankingWorkbook) -> int:
    """Return how many rows the workbook's counted sheets hold (one per officer on the
    ranking and the inputs, the NĐ 335 sheets' rows, a listed site, a listed rating)."""
    listed = {o.officer_id for o in doc.officers}
    report = doc.report
    return (2 * len(doc.officers) + people_rows(doc) + task_rows(doc)
            + sum(site.site_id in listed for site in report.result.sites)
            + sum(r.officer_id in listed
                  for rows in (report.exclusions, report.contested, report.flags)
                  for r in rows))


def _ranking_sheet(book, doc: RankingWorkbook) -> None:
    criteria = doc.report.rubric.rubric.criteria
    grades = {t.grade: t.label_vi for t in doc.report.rubric.rubric.grades}
    banner = (f"KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI {period_word(doc.report.period).upper()} "
              f"{month_label(doc.report.period)}" + (f" – {doc.scope_label}" if doc.scope_label
                                                     else ""))
    if not doc.report.frozen:
        banner = f"{state_line(doc.report)} {banner}"
    sheet = add_sheet(book, "Xếp hạng", [
        ("STT", 6), ("Mã cán bộ", 11), ("Họ và tên", 26), ("Chức vụ", 16), ("Điểm phục vụ", 30),
        ("Đơn vị", 30), ("Số phiếu được tính", 10), ("Chưa đủ phiếu", 9),
        ("Tỷ lệ hài lòng thực tế", 11), ("Tỷ lệ hài lòng điều chỉnh", 11),
        *[(f"{c.code}. {c.name_vi} (tối đa {c.max_points:g})", 12) for c in criteria],
        ("Tổng điểm (đầy đủ)", 12), ("Tổng điểm", 10), ("Quy đổi thang 100", 9),
        ("Xếp loại", 26), ("Điều chỉnh xếp loại", 30),
        ("Xếp hạng trong điểm phục vụ", 10), ("Xếp hạng trong đơn vị", 10)], freeze="D2",
        banner=banner)
    if not doc.report.frozen:
        sheet.oddHeader.center.text = "DỰ THẢO"  # on every printed page
    for index, o in enumerate(doc.officers, start=1):
        add_row(sheet, [
            (index, None), (o.code, None), (o.full_name, None), (o.title, None),
            (o.site_name, None), (o.department_name, None), (o.scored_ratings, COUNT),
            ("Có" if o.insufficient_ratings else "", None),
            (raw_satisfaction(doc.report, o.officer_id), SHARE),
            (o.adjusted_satisfaction, SHARE),
            *[(c.points, POINTS) if c.applicable else (NOT_APPLICABLE, None)
              for c in o.criteria],
            (o.total, FULL), (o.total_rounded, POINTS), ("Có" if o.rescaled else "", None),
            (grades.get(o.grade, "") if o.grade else "Chưa đánh giá", None),
            ("; ".join(change.reason_vi for change in o.grade_changes), None),
            (o.rank_in_site, None), (o.rank_in_department, None)])


def _level_codes(doc: RankingWorkbook) -> list[str]:
    codes = []
    for o in doc.officers:
        inputs = doc.report.officer_inputs(o.officer_id)
        for level, _n in inputs.ratings.levels:
            if level not in codes:
                codes.append(level)
    return codes


def _inputs_sheet(book, doc: RankingWorkbook) -> None:
    levels = _level_codes(doc)
    names = [doc.level_names.get(int(code), f"mức {code}") for code in levels]
    sheet = add_sheet(book, "Đầu vào", [
        ("Mã cán bộ", 11), ("Họ và tên", 26), ("Điểm phục vụ", 30), ("Đơn vị", 30),
        ("Lĩnh vực đất đai, xây dựng, đầu tư", 10), ("Phiếu xác thực", 10),
        ("Phiếu xác thực hài lòng", 10), *[(f"Phiếu xác thực: {name}", 10) for name in names],
        ("Phiếu chưa xác thực", 10), ("Phiếu chưa xác thực hài lòng", 10), ("Phiếu bị loại", 9),
        ("\"4 xin, 4 luôn\": nội dung được trả lời (xác thực)", 12),
        ("\"4 xin, 4 luôn\": trả lời Có (xác thực)", 12),
        ("\"4 xin, 4 luôn\": nội dung được trả lời (chưa xác thực)", 12),
        ("\"4 xin, 4 luôn\": trả lời Có (chưa xác thực)", 12),
        ("Phản ánh \"5 không\" được xác nhận", 10), ("Hồ sơ tiếp nhận", 10),
        ("Giải quyết trước hạn", 10), ("Giải quyết đúng hạn", 10), ("Giải quyết quá hạn", 10),
        ("Số hóa", 10), ("Tiếp nhận trực tuyến", 10), ("Trả qua bưu chính", 10),
        ("Số vi phạm kỷ luật, kỷ cương", 10), ("Vi phạm (ngày, nội dung, điểm trừ)", 40),
        ("Quyết định kỷ luật", 30), ("Điểm lãnh đạo chấm", 10)], freeze="C2")
    for o in doc.officers:
        i = doc.report.officer_inputs(o.officer_id)
        by_level = dict(i.ratings.levels)
        d = i.dossiers
        dossier = [(None if d is None else getattr(d, name), COUNT) for name in
                   ("received", "early", "on_time", "late", "digitised", "received_online",
                    "returned_by_post")]
        breaches = "; ".join(f"{b.day.strftime('%d/%m/%Y')} {b.kind}"
                             + ("" if b.deduction is None else f" (−{b.deduction:g})")
                             for b in i.breaches)
        add_row(sheet, [
            (i.code, None), (i.full_name, None), (i.site_name, None), (i.department_name, None),
            ("Có" if "land_group" in i.department_flags else "", None),
            (i.ratings.verified, COUNT), (i.ratings.verified_satisfied, COUNT),
            *[(by_level.get(code, 0), COUNT) for code in levels],
            (i.ratings.unverified, COUNT), (i.ratings.unverified_satisfied, COUNT),
            (i.ratings.excluded, COUNT), (i.conduct.answered, COUNT), (i.conduct.yes, COUNT),
            (i.conduct.unverified_answered, COUNT), (i.conduct.unverified_yes, COUNT),
            (i.confirmed_reports, COUNT), *dossier, (len(i.breaches), COUNT),
            (breaches, None), ((i.discipline_note or "Có") if i.discipline else "", None),
            (i.leader_score, POINTS)])


def _site_rates_sheet(book, doc: RankingWorkbook) -> None:
    sources = {"given": "do hệ thống cung cấp", "pooled": "gộp phiếu của các cán bộ",
               "none": "chưa có phiếu"}
    sheet = add_sheet(book, "Tỷ lệ chung điểm phục vụ", [
        ("Điểm phục vụ", 34), ("Tỷ lệ hài lòng chung (p0)", 12), ("Nguồn tỷ lệ hài lòng", 22),
        ("Tỷ lệ \"4 xin, 4 luôn\" chung (p0)", 12), ("Nguồn tỷ lệ \"4 xin, 4 luôn\"", 22)])
    listed = {o.site_id for o in doc.officers}
    for site in doc.report.result.sites:
        if site.site_id in listed:
            add_row(sheet, [(site.site_name, None), (site.satisfaction_p0, SHARE),
                         (sources.get(site.satisfaction_source, site.satisfaction_source), None),
                         (site.conduct_p0, SHARE),
                         (sources.get(site.conduct_source, site.conduct_source), None)])


def _local(value: datetime | None, zone: str):
    """Return an instant as a local wall-clock datetime (Excel has no time zones)."""
    return None if value is None else value.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def _listed_sheets(book, doc: RankingWorkbook) -> None:
    report = doc.report
    names = {o.officer_id: (o.code, o.full_name) for o in doc.officers}
    level = lambda value: doc.level_names.get(value, str(value))  # noqa: E731
    excluded = add_sheet(book, "Phiếu bị loại", [
        ("Mã cán bộ", 11), ("Họ và tên", 26), ("Thời điểm đánh giá", 17), ("Mức đánh giá", 16),
        ("Xác thực", 9), ("Lý do loại", 40), ("Người loại", 16), ("Thời điểm loại", 17),
        ("Mã phiếu", 38)], freeze="C2")
    for r in report.exclusions:
        if r.officer_id in names:
            add_row(excluded, [(names[r.officer_id][0], None), (names[r.officer_id][1], None),
                            (_local(r.rated_at, report.zone), WHEN), (level(r.level), None),
                            ("Có" if r.verified else "Không", None), (r.reason, None),
                            (r.excluded_by, None), (_local(r.excluded_at, report.zone), WHEN),
                            (r.rating_id, None)])
    contested = add_sheet(book, "Phiếu bị khiếu nại", [
        ("Mã cán bộ", 11), ("Họ và tên", 26), ("Thời điểm đánh giá", 17), ("Mức đánh giá", 16),
        ("Lý do khiếu nại", 40), ("Trạng thái", 22), ("Kết quả xử lý", 30),
        ("Thời điểm khiếu nại", 17), ("Thời điểm xử lý", 17), ("Mã phiếu", 38)], freeze="C2")
    for r in report.contested:
        if r.officer_id in names:
            add_row(contested, [(names[r.officer_id][0], None), (names[r.officer_id][1], None),
                             (_local(r.rated_at, report.zone), WHEN), (level(r.level), None),
                             (r.reason, None), (CONTEST_STATUS.get(r.status, r.status), None),
                             (r.decision_note, None), (_local(r.created_at, report.zone), WHEN),
                             (_local(r.decided_at, report.zone), WHEN), (r.rating_id, None)])
    flagged = add_sheet(book, "Phiếu bị gắn cờ", [
        ("Mã cán bộ", 11), ("Họ và tên", 26), ("Thời điểm đánh giá", 17), ("Mức đánh giá", 16),
        ("Dấu hiệu nghi vấn", 40), ("Kết quả xem xét", 26), ("Người xem xét", 16),
        ("Thời điểm xem xét", 17), ("Lý do", 40), ("Mã phiếu", 38)], freeze="C2")
    for r in report.flags:
        if r.officer_id in names:
            add_row(flagged, [(names[r.officer_id][0], None), (names[r.officer_id][1], None),
                           (_local(r.rated_at, report.zone), WHEN), (level(r.level), None),
                           (RULE_NAMES_VI.get(r.rule, r.rule), None),
                           (FLAG_STATUS.get(r.status, r.status), None), (r.decided_by, None),
                           (_local(r.decided_at, report.zone), WHEN),
                           (r.decision_reason, None), (r.rating_id, None)])


def _about_sheet(book, doc: RankingWorkbook) -> None:
    report, org = doc.report, doc.organisation
    sheet = add_sheet(book, "Thông tin", [("Mục", 24), ("Nội dung", 120)], freeze="A2")
    rows = [("Cơ quan", org.issuing_body), ("Đơn vị", org.centre_name),
            ("Báo cáo", "Kết quả đánh giá, xếp loại công chức một cửa "
                        f"{period_word(report.period)} {month_label(report.period)}"),
            ("Phạm vi", doc.scope_label or "Toàn bộ"),
            ("Trạng thái", state_line(report)), ("Tổng hợp", grade_summary(doc)),
            ("Bộ tiêu chí", f"{report.rubric.name}, phiên bản {report.rubric.version}"),
            ("Phương pháp", "Xem trang Ghi chú.")]
    for label, text in rows:
        add_row(sheet, [(label, None), (text, None)])
    notes = add_sheet(book, "Ghi chú", [("STT", 6), ("Phương pháp tính", 140)], freeze="A2")
    lines = [*method_lines(report.rubric.rubric,
                           report.rubric.effective_from.strftime("%d/%m/%Y")),
             "Các ô điểm giữ số chưa làm tròn (hiển thị 2 chữ số thập phân); cột Tổng điểm là "
             "số in trên bản PDF. " + TOTAL_NOTE,
             "Ô \"không áp dụng\": tiêu chí không áp dụng cho cán bộ trong tháng; không tính "
             "vào tổng điểm."]
    for number, line in enumerate(lines, start=1):
        add_row(notes, [(number, None), (line, None)])
