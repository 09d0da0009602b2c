"""The per-officer monthly sheet (phiếu đánh giá cá nhân), A4 portrait: every criterion in full."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from evaluation.report import CitizenComment, ItemShare, MonthReport, Organisation
from evaluation.scoring import round_total
from render.document import Heading, Signatory, build_document, grid_table, labelled, para
from render.document_parts import MARGINS
from render.fonts import SERIF, SERIF_BOLD
from render.officer_sheet_nd335 import people_flowables, task_flowables
from render.officer_sheet_parts import (
    comments,
    listed_ratings,
    other_inputs,
    section,
    sheet_styles,
)
from render.printed_points import TOTAL_NOTE, printed_points
from render.report_annex import state_line
from render.report_text import adjustment_text, formula_text, inputs_text
from render.vn_format import DASH, count, month_label, number, period_word, share

WIDTH = 210 - MARGINS["left"] - MARGINS["right"]  # mm of text width on A4 portrait


@dataclass(frozen=True)
class OfficerSheetPrint:
    """What an officer's sheet shows: the computed month, the officer, who signs."""

    report: MonthReport
    officer_id: int
    organisation: Organisation
    issued_on: date
    #: Level number → its Vietnamese label.
    level_names: Mapping[int, str] = field(default_factory=dict)
    #: The officer's "4 xin, 4 luôn" answers item by item (models.queries.officer_details).
    conduct_items: Sequence[ItemShare] = ()
    comments: Sequence[CitizenComment] = ()


def officer_sheet_pdf(doc: OfficerSheetPrint,
                      progress: Callable[[int, int], None] | None = None) -> bytes:
    """Return the officer's monthly sheet as a PDF (DỰ THẢO while the month is open).

    ``progress``: called as the pages are laid out (``render.document.build_document``).

    :raises LookupError: when the officer was not evaluated in the month.
    """
    report, org = doc.report, doc.organisation
    result = report.officer_result(doc.officer_id)
    if result is None:
        raise LookupError(f"officer {doc.officer_id} was not evaluated in {report.period}")
    st = sheet_styles()
    body = [_identity(doc, st), Spacer(1, 3 * mm), para(state_line(report), st["small"]),
            *section("I. KẾT QUẢ THEO TIÊU CHÍ", [_criteria_table(doc, st),
                                                  *people_flowables(doc, st),
                                                  *task_flowables(doc, st)], st),
            *_grade_lines(doc, st), *_ratings_lines(doc, st), *_conductsection(doc, st),
            *other_inputs(doc, st), *comments(doc, st), *listed_ratings(doc, st),
            para("Ghi chú: " + adjustment_text(report.rubric.rubric) + " " + TOTAL_NOTE,
                 st["small"])]
    return build_document(
        heading=Heading(org.issuing_body, org.centre_name, org.place, doc.issued_on),
        keep_with_signatures=2,
        title_lines=["PHIẾU ĐÁNH GIÁ, XẾP LOẠI CÔNG CHỨC MỘT CỬA",
                     f"{period_word(report.period).upper()} {month_label(report.period)}"],
        body=body,
        signatories=[Signatory("Người được đánh giá", result.full_name),
                     Signatory("Người lập biểu", org.preparer_name),
                     Signatory(org.director_title, org.director_name)],
        landscape_page=False, draft=not report.frozen,
        metadata_title=(f"Phiếu đánh giá {result.full_name} {period_word(report.period)} "
                        f"{month_label(report.period)}"), progress=progress)


def _identity(doc: OfficerSheetPrint, st) -> Table:
    report = doc.report
    o = report.officer_result(doc.officer_id)
    rubric = report.rubric
    pairs = [("Họ và tên:", o.full_name), ("Mã cán bộ:", o.code),
             ("Chức vụ:", o.title or DASH), ("Đơn vị:", o.department_name),
             ("Điểm phục vụ:", o.site_name),
             ("Bộ tiêu chí:", f"{rubric.name} (phiên bản {rubric.version})")]
    cells = [labelled(label, value, st["body"]) for label, value in pairs]
    table = Table([cells[i:i + 2] for i in range(0, len(cells), 2)],
                  colWidths=[WIDTH * 0.55 * mm, WIDTH * 0.45 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTNAME", (0, 0), (-1, -1), SERIF),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _criteria_table(doc: OfficerSheetPrint, st):
    report = doc.report
    result = report.officer_result(doc.officer_id)
    rules = {c.code: c for c in report.rubric.rubric.criteria}
    head = ["Tiêu chí và cách tính", "Tối đa", "Số liệu", "Tỷ lệ thực tế", "Tỷ lệ điều chỉnh",
            "Chỉ tiêu", "Điểm"]
    rows = [[para(text, st["cell_bold"]) for text in head]]
    for c, points in zip(result.criteria, printed_points(result), strict=True):
        rule = rules.get(c.code)
        name = f"{c.code}. {rule.name_vi}" if rule else c.code
        how = formula_text(rule) if rule else ""
        rows.append([[para(name, st["criterion"]),
                      para(how, st["cell"])], number(c.max_points),
                     para(inputs_text(c) + (" (chưa đủ phiếu)" if c.insufficient else ""),
                          st["cell"]),
                     share(c.raw_rate), share(c.adjusted_rate), share(c.target, 0)
                     if c.target is not None else DASH,
                     para(points if c.applicable else "Không áp dụng", st["cell_right"])])
    note = ""
    if result.rescaled:
        note = (f" ({number(round_total(result.points_sum))} trên "
                f"{number(result.applicable_max)} điểm được áp dụng, quy đổi về thang 100)")
    rows.append([para("TỔNG ĐIỂM" + note, st["section"]), "", "", "", "", "",
                 number(result.total_rounded)])
    table = grid_table(rows, [w * mm for w in (50, 13, 36, 17, 17, 15, 17)],
                       align_right_from=1)
    table.setStyle([("SPAN", (0, len(rows) - 1), (5, len(rows) - 1)),
                    ("FONTNAME", (-1, -1), (-1, -1), SERIF_BOLD)])
    return table


def _grade_lines(doc: OfficerSheetPrint, st) -> list:
    report = doc.report
    o = report.officer_result(doc.officer_id)
    labels = {t.grade: t.label_vi for t in report.rubric.rubric.grades}
    in_site = sum(1 for x in report.result.officers if x.site_id == o.site_id)
    in_department = sum(1 for x in report.result.officers if x.department_id == o.department_id)
    lines = [f"Xếp loại: {labels.get(o.grade, DASH) if o.grade else 'Chưa đánh giá'}."]
    lines += [f"Điều chỉnh xếp loại: {change.reason_vi}" for change in o.grade_changes]
    lines.append(f"Xếp hạng trong {o.site_name}: {o.rank_in_site or DASH}/{in_site}; trong "
                 f"{o.department_name}: {o.rank_in_department or DASH}/{in_department}.")
    return section("II. XẾP LOẠI, XẾP HẠNG", [para(line, st["body"]) for line in lines], st)


def _ratings_lines(doc: OfficerSheetPrint, st) -> list:
    report = doc.report
    tally = report.officer_inputs(doc.officer_id).ratings
    scored_note = "" if report.rubric.rubric.score_unverified else " (không tính điểm)"
    lines = [f"Phiếu xác thực (gắn với lượt phục vụ): {count(tally.verified)}, trong đó hài "
             f"lòng {count(tally.verified_satisfied)}."]
    if tally.verified:
        levels = "; ".join(
            f"{doc.level_names.get(int(level), level)}: {count(n)} "
            f"({share(n / tally.verified)})" for level, n in tally.levels
            if n or int(level) in doc.level_names)
        lines.append(f"Theo mức (phiếu xác thực): {levels}.")
    lines.append(f"Phiếu chưa xác thực (mã QR tại quầy): {count(tally.unverified)}, trong đó hài "
                 f"lòng {count(tally.unverified_satisfied)}{scored_note}.")
    lines.append(f"Phiếu bị loại: {count(tally.excluded)}.")
    return section("III. PHIẾU ĐÁNH GIÁ CỦA NGƯỜI DÂN",
                    [para(line, st["body"]) for line in lines], st)


def _conductsection(doc: OfficerSheetPrint, st) -> list:
    report = doc.report
    tally = report.officer_inputs(doc.officer_id).conduct
    include = report.rubric.rubric.score_unverified
    yes, answered = tally.scored(include)
    rows = [[para(t, st["cell_bold"]) for t in ("Nội dung", "Số lần được trả lời", "Có",
                                                "Không", "Tỷ lệ Có", "Tỷ lệ Không")]]
    for item in doc.conduct_items:
        rows.append([para(item.label_vi, st["cell"]), count(item.answered), count(item.yes),
                     count(item.no), share(item.yes / item.answered if item.answered else None),
                     share(item.no / item.answered if item.answered else None)])
    rows.append([para("Cộng", st["section"]), count(answered), count(yes), count(answered - yes),
                 share(yes / answered if answered else None),
                 share((answered - yes) / answered if answered else None)])
    flowables = [grid_table(rows, [w * mm for w in (60, 25, 18, 18, 22, 22)],
                            align_right_from=1)]
    listed = (sum(i.yes for i in doc.conduct_items), sum(i.answered for i in doc.conduct_items))
    if listed != (yes, answered):
        flowables.append(para(
            "Chi tiết theo từng nội dung được đọc từ dữ liệu hiện tại; dòng Cộng là số liệu "
            f"đã tính điểm ({count(yes)}/{count(answered)}). Dữ liệu đã thay đổi sau khi khóa "
            "tháng.", st["small"]))
    return section("IV. THỰC HIỆN \"4 XIN, 4 LUÔN\"", flowables, st)
