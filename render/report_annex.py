"""What follows the ranking table: the notes on the method, and the annex of listed ratings."""

from collections import Counter

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from integrity import RULE_NAMES_VI
from render.document import grid_table, para, styles
from render.report_text import method_lines
from render.vn_format import DASH, local_time, month_label, number, period_word, share

CONTEST_STATUS = {"pending": "Chờ xử lý", "accepted": "Chấp nhận (phiếu bị loại)",
                  "rejected": "Không chấp nhận"}
FLAG_STATUS = {"pending": "Chờ lãnh đạo xem xét (chưa tính)",
               "accepted": "Chấp nhận (phiếu được tính)", "excluded": "Loại khỏi kết quả"}


def state_line(report) -> str:
    """Return whether the figures are a live draft or the frozen month, and when computed."""
    if report.frozen:
        by = f" ({report.closed_by})" if report.closed_by else ""
        return (f"Số liệu đã chốt khi khóa tháng lúc {local_time(report.closed_at, report.zone)}"
                f"{by}; bản in được dựng lại từ số liệu đã chốt.")
    return (f"DỰ THẢO: tháng chưa khóa, số liệu tính trực tiếp lúc "
            f"{local_time(report.computed_at, report.zone)} và có thể còn thay đổi.")


def grade_summary(doc) -> str:
    """Return how many officers are listed and how many got each grade."""
    grades = Counter(o.grade for o in doc.officers)
    parts = [f"{t.label_vi}: {grades.get(t.grade, 0)}" for t in doc.report.rubric.rubric.grades]
    return f"Tổng số {len(doc.officers)} công chức được đánh giá; " + "; ".join(parts) + "."


def notes_flowables(doc) -> list:
    """Return the notes under the ranking: summary, state, legend, method, site rates, caps."""
    st = styles()
    report, rubric = doc.report, doc.report.rubric.rubric
    listed = {o.officer_id for o in doc.officers}
    sites = {o.site_id for o in doc.officers}
    legend = "; ".join(f"{c.code}: {c.name_vi} ({number(c.max_points, 0)} điểm)"
                       for c in rubric.criteria)
    lines = [grade_summary(doc), state_line(report), "Tiêu chí: " + legend + ".",
             *method_lines(rubric, report.rubric.effective_from.strftime("%d/%m/%Y"))]
    for site in report.result.sites:
        if site.site_id in sites:
            lines.append(f"Tỷ lệ chung (p0) của {site.site_name}: hài lòng "
                         f"{share(site.satisfaction_p0)}, \"4 xin, 4 luôn\" "
                         f"{share(site.conduct_p0)}.")
    if rubric.scored_by_people:
        pending = [o.full_name for o in doc.officers
                   if o.sheet_status not in ("approved", "not_submitted")]
        if pending:
            lines.append(f"Tiêu chí chung chưa được lãnh đạo phê duyệt ({len(pending)} công "
                         "chức): tổng điểm của họ chưa có phần tiêu chí chung — "
                         + ", ".join(pending) + ".")
    for officer in doc.officers:
        for change in officer.grade_changes:
            lines.append(f"Điều chỉnh xếp loại — {officer.full_name}: {change.reason_vi}")
    flagged = {r.rating_id for r in report.flags if r.officer_id in listed}
    if flagged:
        lines.append(f"Có {len(flagged)} phiếu bị gắn cờ nghi vấn (tự đánh giá, dồn phiếu, ngoài "
                     "giờ…): phiếu chỉ được tính khi lãnh đạo chấp nhận; xem Phụ lục, mục III.")
    late = sum(1 for r in report.late if r.officer_id in listed)
    if late:
        lines.append(f"Có {late} phiếu đến sau khi khóa tháng: được lưu và liệt kê, không tính "
                     "vào kết quả đã chốt.")
    return [para("Ghi chú:", st["body"]),
            *[para(f"– {line}", st["small"]) for line in lines]]


def attached_to(doc, number: str) -> str:
    """Return the annex's "(Kèm theo …)" line: the report's number, date and issuer."""
    day = doc.issued_on
    number = number.removeprefix("Số:").replace("\u00a0", " ").strip()
    if number.startswith("/"):  # the records office writes the number in
        number = "\u00a0" * 8 + number
    number = f"số {number} " if number else ""
    return (f"(Kèm theo Bảng tổng hợp {number}ngày {day.day:02d}/{day.month:02d}/{day.year} "
            f"của {doc.organisation.centre_name})")


def annex_flowables(doc, number: str = "") -> list:
    """Return the annex: the excluded, contested and flagged ratings of the listed officers.

    :param number: the report's number line, quoted in the "(Kèm theo …)" line.
    """
    st = styles()
    report = doc.report
    names = {o.officer_id: o.full_name for o in doc.officers}
    excluded = [r for r in report.exclusions if r.officer_id in names]
    contested = [r for r in report.contested if r.officer_id in names]
    flagged = [r for r in report.flags if r.officer_id in names]
    level = lambda value: doc.level_names.get(value, str(value))  # noqa: E731
    when = lambda value: local_time(value, report.zone)  # noqa: E731
    cell = lambda text: para(text, st["cell"])  # noqa: E731
    excluded_rows = [[str(i), cell(names[r.officer_id]), when(r.rated_at), cell(level(r.level)),
                      cell(r.reason), cell(r.excluded_by or DASH), when(r.excluded_at)]
                     for i, r in enumerate(excluded, start=1)]
    contested_rows = [[str(i), cell(names[r.officer_id]), when(r.rated_at), cell(level(r.level)),
                       cell(r.reason), cell(CONTEST_STATUS.get(r.status, r.status)),
                       cell(r.decision_note or DASH)]
                      for i, r in enumerate(contested, start=1)]
    flagged_rows = [[str(i), cell(names[r.officer_id]), when(r.rated_at), cell(level(r.level)),
                     cell(RULE_NAMES_VI.get(r.rule, r.rule)),
                     cell(FLAG_STATUS.get(r.status, r.status)
                          + (f" — {r.decided_by}, {when(r.decided_at)}" if r.decided_by else "")),
                     cell(r.decision_reason or DASH)]
                    for i, r in enumerate(flagged, start=1)]
    return [
        para("PHỤ LỤC", st["title"]),
        para("DANH SÁCH PHIẾU ĐÁNH GIÁ BỊ LOẠI, BỊ KHIẾU NẠI VÀ BỊ GẮN CỜ NGHI VẤN "
             f"{period_word(report.period).upper()} {month_label(report.period)}",
             st["center_bold"]),
        para(attached_to(doc, number), st["center_italic"]),
        Spacer(1, 4 * mm), para("I. Phiếu bị loại khỏi kết quả đánh giá", st["body"]),
        _annex_table(["STT", "Cán bộ được đánh giá", "Thời điểm đánh giá", "Mức đánh giá",
                      "Lý do loại", "Người loại", "Thời điểm loại"], excluded_rows, st),
        Spacer(1, 4 * mm), para("II. Phiếu bị cán bộ khiếu nại", st["body"]),
        _annex_table(["STT", "Cán bộ khiếu nại", "Thời điểm đánh giá", "Mức đánh giá",
                      "Lý do khiếu nại", "Trạng thái", "Kết quả xử lý"], contested_rows, st),
        Spacer(1, 4 * mm), para("III. Phiếu bị gắn cờ nghi vấn và kết quả xem xét", st["body"]),
        _annex_table(["STT", "Cán bộ được đánh giá", "Thời điểm đánh giá", "Mức đánh giá",
                      "Dấu hiệu nghi vấn", "Kết quả xem xét", "Lý do"], flagged_rows, st),
    ]


def _annex_table(header, rows, st):
    widths = [w * mm for w in (11, 42, 30, 27, 68, 38, 36)]
    if not rows:
        rows = [["", para("Không có.", st["cell"]), "", "", "", "", ""]]
    return grid_table([[para(text, st["cell_bold"]) for text in header], *rows], widths)
