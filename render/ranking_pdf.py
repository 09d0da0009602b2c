"""The monthly ranking printout (A4 landscape): BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from evaluation import OfficerResult
from evaluation.report import MonthReport, Organisation, rank_of, raw_satisfaction
from render.document import (
    Heading,
    Signatory,
    build_document,
    grid_table,
    number_line,
    para,
    styles,
    wrap_text,
)
from render.document_parts import MARGINS, SIZES
from render.fonts import SERIF, SERIF_BOLD
from render.printed_points import printed_points
from render.report_annex import annex_flowables, notes_flowables
from render.vn_format import DASH, count, month_label, number, period_word, share

FONT_SIZE = SIZES["table"]
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
#: Widths in mm of the columns that do not share: the criteria take 10–14 mm each, and the
#: two text columns (name with title, department) what is left, never less than MIN_TEXT.
FIXED = {"stt": 10, "count": 14, "raw": 16, "adjusted": 16, "total": 16, "grade": 40, "rank": 13}
MIN_TEXT = {"name": 36, "unit": 24}
CRITERION = (10.0, 14.0)
#: Text width of an A4 landscape page with the decree's margins, in mm.
PAGE = 297 - MARGINS["left"] - MARGINS["right"]


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


def monthly_ranking_pdf(doc: RankingPrint,
                        progress: Callable[[int, int], None] | None = None) -> bytes:
    """Return the month's ranking as an A4 landscape PDF (DỰ THẢO while the month is open).

    ``progress``: called as the pages are laid out (``render.document.build_document``).
    """
    report, org = doc.report, doc.organisation
    heading = Heading(org.issuing_body, org.centre_name, org.place, doc.issued_on,
                      symbol=org.document_symbol)
    body = [*ranking_tables(doc), Spacer(1, 3 * mm), *notes_flowables(doc)]
    return build_document(
        heading=heading, title_lines=title_lines(report.period, doc.scope_label), body=body,
        signatories=[Signatory("Người lập biểu", org.preparer_name),
                     Signatory(org.director_title, org.director_name)],
        recipients=org.recipient_lines(), keep_with_signatures=2,
        landscape_page=True, draft=not report.frozen,
        annex=annex_flowables(doc, number_line(heading)),
        metadata_title=(f"Kết quả đánh giá, xếp loại {period_word(report.period)} "
                        f"{month_label(report.period)}"), progress=progress)


def _widths(criteria_count: int) -> list[float]:
    """Return the column widths in points: fixed, then criteria, then text from what is left."""
    n = max(1, criteria_count)
    spare = PAGE - sum(FIXED.values()) - sum(MIN_TEXT.values())
    criterion = min(CRITERION[1], max(CRITERION[0], spare / n))
    text = PAGE - sum(FIXED.values()) - criterion * criteria_count
    name = text * MIN_TEXT["name"] / sum(MIN_TEXT.values())
    widths = [FIXED["stt"], name, text - name, FIXED["count"], FIXED["raw"], FIXED["adjusted"],
              *[criterion] * criteria_count, FIXED["total"], FIXED["grade"], FIXED["rank"]]
    return [w * mm for w in widths]


def _header(criteria, st) -> tuple[list, list, list]:
    n = len(criteria)
    head = lambda text: para(text, st["cell_bold"])  # noqa: E731 - header cell
    first = [head("STT"), head("Họ và tên, chức vụ"), head("Đơn vị"), head("Số phiếu"),
             head("Tỷ lệ hài lòng"), "", head("Điểm theo tiêu chí"), *[""] * (n - 1),
             head("Tổng điểm"), head("Xếp loại"), head("Xếp hạng")]
    second = ["", "", "", "", head("Thực tế"), head("Điều chỉnh"),
              *[head(f"{c.code} ({number(c.max_points, 0)})") for c in criteria], "", "", ""]
    spans = [("SPAN", (col, 0), (col, 1)) for col in (0, 1, 2, 3, 6 + n, 7 + n, 8 + n)]
    spans += [("SPAN", (4, 0), (5, 0)), ("SPAN", (6, 0), (5 + n, 0))]
    return first, second, spans


def _officer_row(number_in_list: int, officer: OfficerResult, doc: RankingPrint, grades,
                 widths) -> list[str]:
    """Return one officer's cells as plain (pre-wrapped) strings."""
    fit = lambda text, column: wrap_text(text, widths[column], FONT_SIZE, SERIF)  # noqa: E731
    ratings = count(officer.scored_ratings)
    if officer.insufficient_ratings:
        ratings = fit(f"{ratings} (chưa đủ phiếu)", 3)
    grade = grades.get(officer.grade, DASH) if officer.grade else "Chưa đánh giá"
    if officer.grade_changes:
        grade += " (xem ghi chú)"
    total = number(officer.total_rounded) + ("*" if officer.rescaled else "")
    name = fit(officer.full_name, 1) + (f"\n{fit(officer.title, 1)}" if officer.title else "")
    return [str(number_in_list), name, fit(officer.department_name, 2), ratings,
            share(raw_satisfaction(doc.report, officer.officer_id)),
            share(officer.adjusted_satisfaction),
            *printed_points(officer), total, fit(grade, len(widths) - 2),
            str(rank_of(officer, doc.rank_by) or DASH)]


def ranking_tables(doc: RankingPrint) -> list:
    """Return the ranking: one table per site (or one, ranked within a department).

    Each table repeats its two header rows and its site heading on every page it continues
    on, so a continued page still says which site its officers belong to.
    """
    st = styles()
    criteria = doc.report.rubric.rubric.criteria
    grades = {t.grade: t.label_vi for t in doc.report.rubric.rubric.grades}
    first, second, spans = _header(criteria, st)
    widths = _widths(len(criteria))
    groups: list[tuple[str, list]] = []
    for index, officer in enumerate(doc.officers, start=1):
        if doc.rank_by == "site" and (not groups or groups[-1][0] != officer.site_id):
            label = ROMAN[len(groups)] if len(groups) < len(ROMAN) else str(len(groups) + 1)
            groups.append((officer.site_id, [f"{label}. {officer.site_name}"]))
        elif not groups:
            groups.append((None, []))
        groups[-1][1].append(_officer_row(index, officer, doc, grades, widths))
    if not groups:
        groups = [(None, ["Không có công chức nào được đánh giá trong phạm vi này."])]
    return [_table([first, second], spans, widths, rows) for _site, rows in groups]


def _table(header, spans, widths, rows):
    """Return one table: the header rows, an optional heading row (a string), the rows."""
    heading = rows and isinstance(rows[0], str)
    body = ([[rows[0], *[""] * (len(widths) - 1)], *rows[1:]] if heading else list(rows))
    commands = list(spans)
    if heading:
        commands += [("SPAN", (0, 2), (-1, 2)), ("FONTNAME", (0, 2), (-1, 2), SERIF_BOLD),
                     ("ALIGN", (0, 2), (-1, 2), "LEFT")]
    table = grid_table([*header, *body], widths, header_rows=len(header) + int(heading),
                       font_size=FONT_SIZE)
    first = len(header) + int(heading)
    commands += [("ALIGN", (3, first), (-3, -1), "RIGHT"), ("ALIGN", (0, first), (0, -1), "CENTER"),
                 ("ALIGN", (-1, first), (-1, -1), "CENTER"),
                 ("BACKGROUND", (0, len(header)), (-1, first - 1), colors.white)]
    table.setStyle(commands)
    return table
