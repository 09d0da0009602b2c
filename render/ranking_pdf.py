"""The monthly ranking printout (A4 landscape): BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from evaluation import OfficerResult
from models.queries.month import MonthReport
from models.queries.month_selection import rank_of
from models.queries.settings import Organisation
from render.document import (
    Heading,
    Signatory,
    build_document,
    grid_table,
    para,
    styles,
    wrap_text,
)
from render.fonts import SANS, SANS_BOLD
from render.report_annex import annex_flowables, notes_flowables
from render.vn_format import DASH, count, month_label, number, period_word, share

FONT_SIZE = 8
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
#: Widths in mm of the fixed columns; the criteria share what is left of the page.
FIXED = {"stt": 9, "name": 36, "title": 22, "unit": 30, "count": 12, "raw": 13, "adjusted": 13,
         "total": 13, "grade": 29, "rank": 11}


@dataclass(frozen=True)
class RankingPrint:
    """What the ranking printout shows: a computed month, the officers listed, who signs."""

    report: MonthReport
    #: The officers listed, in order (models.queries.month_selection.selected_officers).
    officers: Sequence[OfficerResult]
    #: "site" or "department": which rank the Xếp hạng column prints.
    rank_by: str
    organisation: Organisation
    issued_on: date
    #: What the listing is limited to (a site or department name); empty for everything.
    scope_label: str = ""
    #: Level number → its Vietnamese label, for the annex.
    level_names: Mapping[int, str] = field(default_factory=dict)


def title_lines(period: str, scope_label: str) -> list[str]:
    """Return the report's title lines."""
    lines = ["BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÔNG CHỨC MỘT CỬA",
             f"{period_word(period).upper()} {month_label(period)}"]
    if scope_label:
        lines.append(f"Đơn vị: {scope_label}")
    return lines


def monthly_ranking_pdf(doc: RankingPrint) -> bytes:
    """Return the month's ranking as an A4 landscape PDF (DỰ THẢO while the month is open)."""
    report, org = doc.report, doc.organisation
    heading = Heading(org.issuing_body, org.centre_name, org.place, doc.issued_on)
    body = [ranking_table(doc), Spacer(1, 3 * mm), *notes_flowables(doc)]
    return build_document(
        heading=heading, title_lines=title_lines(report.period, doc.scope_label), body=body,
        signatories=[Signatory("Người lập biểu", org.preparer_name),
                     Signatory(org.director_title, org.director_name)],
        landscape_page=True, draft=not report.frozen, annex=annex_flowables(doc),
        metadata_title=(f"Kết quả đánh giá, xếp loại {period_word(report.period)} "
                        f"{month_label(report.period)}"))


def _widths(criteria_count: int) -> list[float]:
    page = 297 - 15 - 12
    criterion = max(9.0, (page - sum(FIXED.values())) / max(1, criteria_count))
    spare = page - sum(FIXED.values()) - criterion * criteria_count
    text = {"name": FIXED["name"], "title": FIXED["title"], "unit": FIXED["unit"]}
    if spare < 0:  # many criteria: narrow the text columns to keep the page width
        shrink = 1 + spare / sum(text.values())
        text = {key: value * shrink for key, value in text.items()}
    fixed = {**FIXED, **text}
    order = ["stt", "name", "title", "unit", "count", "raw", "adjusted"]
    widths = [fixed[key] for key in order] + [criterion] * criteria_count
    return [w * mm for w in (*widths, fixed["total"], fixed["grade"], fixed["rank"])]


def _header(criteria, st) -> tuple[list, list, list]:
    n = len(criteria)
    head = lambda text: para(text, st["cell_bold"])  # noqa: E731 - header cell
    first = [head("STT"), head("Họ và tên"), head("Chức vụ"), head("Đơn vị"), head("Số phiếu"),
             head("Tỷ lệ hài lòng"), "", head("Điểm theo tiêu chí"), *[""] * (n - 1),
             head("Tổng điểm"), head("Xếp loại"), head("Xếp hạng")]
    second = ["", "", "", "", "", head("Thực tế"), head("Điều chỉnh"),
              *[head(f"{c.code} ({number(c.max_points, 0)})") for c in criteria], "", "", ""]
    spans = [("SPAN", (col, 0), (col, 1)) for col in (0, 1, 2, 3, 4, 7 + n, 8 + n, 9 + n)]
    spans += [("SPAN", (5, 0), (6, 0)), ("SPAN", (7, 0), (6 + n, 0))]
    return first, second, spans


def _officer_row(number_in_list: int, officer: OfficerResult, doc: RankingPrint, grades,
                 widths) -> list[str]:
    """Return one officer's cells as plain (pre-wrapped) strings."""
    fit = lambda text, column: wrap_text(text, widths[column], FONT_SIZE, SANS)  # noqa: E731
    share_result = next((c for c in officer.criteria
                         if c.kind in ("rating_share", "human_score") and c.raw_rate is not None),
                        None)
    ratings = count(officer.scored_ratings)
    if officer.insufficient_ratings:
        ratings = fit(f"{ratings} (chưa đủ phiếu)", 4)
    grade = grades.get(officer.grade, DASH) if officer.grade else "Chưa đánh giá"
    if officer.grade_changes:
        grade += " (xem ghi chú)"
    total = number(officer.total_rounded) + ("*" if officer.rescaled else "")
    return [str(number_in_list), fit(officer.full_name, 1), fit(officer.title, 2),
            fit(officer.department_name, 3), ratings,
            share(share_result.raw_rate if share_result else None),
            share(officer.adjusted_satisfaction),
            *[number(c.points) if c.applicable else DASH for c in officer.criteria],
            total, fit(grade, len(widths) - 2), str(rank_of(officer, doc.rank_by) or DASH)]


def ranking_table(doc: RankingPrint):
    """Return the ranking table: two header rows repeated on every page, a row per officer.

    Listed by site (a heading row per site) unless ranked within a department.
    """
    st = styles(9.5)
    criteria = doc.report.rubric.rubric.criteria
    grades = {t.grade: t.label_vi for t in doc.report.rubric.rubric.grades}
    first, second, commands = _header(criteria, st)
    rows, width, widths = [first, second], len(first), _widths(len(criteria))
    site, groups = None, 0
    for index, officer in enumerate(doc.officers, start=1):
        if doc.rank_by == "site" and officer.site_id != site:
            site, groups = officer.site_id, groups + 1
            label = ROMAN[groups - 1] if groups <= len(ROMAN) else str(groups)
            rows.append([f"{label}. {officer.site_name}", *[""] * (width - 1)])
            line = len(rows) - 1
            commands += [("SPAN", (0, line), (-1, line)),
                         ("FONTNAME", (0, line), (-1, line), SANS_BOLD)]
        rows.append(_officer_row(index, officer, doc, grades, widths))
    if len(rows) == 2:
        rows.append(["Không có công chức nào được đánh giá trong phạm vi này.",
                     *[""] * (width - 1)])
        commands.append(("SPAN", (0, 2), (-1, 2)))
    table = grid_table(rows, widths, header_rows=2, font_size=FONT_SIZE, fonts=(SANS, SANS_BOLD))
    table.setStyle([*commands, ("ALIGN", (4, 2), (-3, -1), "RIGHT"),
                    ("ALIGN", (0, 2), (0, -1), "CENTER"), ("ALIGN", (-1, 2), (-1, -1), "CENTER")])
    return table

