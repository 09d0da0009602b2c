"""The officer's sheet, sections V to VII: other inputs, citizens' comments, listed ratings."""

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from render.document import grid_table, para, styles
from render.report_annex import CONTEST_STATUS
from render.report_text import FINDING_TEXT
from render.vn_format import DASH, count, local_time, plain


def section(title: str, flowables, st) -> list:
    """Return a titled section whose title stays on the page of its first lines.

    The title is kept with the leading paragraphs only: a table splits across pages by
    itself, and keeping it whole with the title would push it, and leave a blank page,
    when it is taller than what is left of the page.
    """
    flowables = list(flowables)
    lead = 0
    while lead < min(2, len(flowables)) and isinstance(flowables[lead], Paragraph | Spacer):
        lead += 1
    head = [Spacer(1, 4 * mm), para(title, st["section"]), *flowables[:lead]]
    return [KeepTogether(head), *flowables[lead:]]


def sheet_styles() -> dict:
    """Return the document styles plus the sheet's section and criterion-name styles."""
    st = styles()
    st["section"] = st["cell_bold"].clone("section", alignment=0, fontSize=13, leading=16)
    st["criterion"] = st["cell_bold"].clone("criterion", alignment=0)
    return st


def other_inputs(doc, st) -> list:
    """Return section V: confirmed reports, dossiers, breaches, discipline, leader's score."""
    inputs = doc.report.officer_inputs(doc.officer_id)
    lines = [f"Phản ánh \"5 không\" được xác nhận: {count(inputs.confirmed_reports)}."]
    d = inputs.dossiers
    if d is None:
        lines.append("Hồ sơ: chưa có số liệu trong tháng.")
    else:
        lines.append(
            f"Hồ sơ: tiếp nhận {count(d.received)}; giải quyết trước hạn {count(d.early)}, đúng "
            f"hạn {count(d.on_time)}, quá hạn {count(d.late)}; số hóa {count(d.digitised)}; "
            f"tiếp nhận trực tuyến {count(d.received_online)}; trả qua bưu chính "
            f"{count(d.returned_by_post)}.")
    if d is not None and (d.assigned is not None or d.quality_failures is not None
                          or d.waived_delays or d.waived_quality_failures):
        lines.append(
            f"Theo NĐ 335: được giao {count(d.assigned)}; trả kết quả {count(d.returned)}; "
            f"yêu cầu bổ sung {count(d.supplement_requests)}; chất lượng chưa đạt "
            f"{count(d.quality_failures)} (miễn trừ {count(d.waived_quality_failures)}); "
            f"chậm tiến độ {count(d.late)} (miễn trừ {count(d.waived_delays)}).")
    if inputs.worked_share < 1:
        lines.append(f"Thời gian công tác thực tế trong kỳ: {plain(inputs.worked_share * 100)}%.")
    lines += [f"Trường hợp xếp loại Không hoàn thành nhiệm vụ: {f.day.strftime('%d/%m/%Y')} "
              + FINDING_TEXT.get(f.kind, f.kind)
              + (f" ({f.note})" if f.note else "") + "." for f in inputs.findings]
    lines.append(f"Vi phạm kỷ luật, kỷ cương được ghi nhận: {len(inputs.breaches)}.")
    lines += [f"  – {b.day.strftime('%d/%m/%Y')}: {b.kind} (trừ "
              f"{plain(b.deduction) if b.deduction is not None else 'theo mức mặc định'})"
              for b in inputs.breaches]
    lines.append("Quyết định kỷ luật: " + (inputs.discipline_note or "có") if inputs.discipline
                 else "Quyết định kỷ luật: không.")
    if any(c.kind == "leader_score" for c in doc.report.rubric.rubric.criteria):
        lines.append("Lãnh đạo đánh giá: " + (plain(inputs.leader_score) + " điểm."
                                              if inputs.leader_score is not None
                                              else "chưa chấm."))
    return section("V. SỐ LIỆU KHÁC", [para(line, st["body"]) for line in lines], st)


def comments(doc, st) -> list:
    """Return section VI: the citizens' comments and typed reasons, oldest first."""
    zone = doc.report.zone
    if not doc.comments:
        rows = [para("Không có ý kiến.", st["body"])]
    else:
        data = [[para(t, st["cell_bold"]) for t in ("Thời điểm", "Mức đánh giá", "Ý kiến")]]
        data += [[local_time(c.rated_at, zone), para(doc.level_names.get(c.level, str(c.level)),
                                                     st["cell"]), para(c.text, st["cell"])]
                 for c in doc.comments]
        rows = [grid_table(data, [w * mm for w in (28, 30, 107)])]
    return section("VI. Ý KIẾN CỦA NGƯỜI DÂN", rows, st)


def listed_ratings(doc, st) -> list:
    """Return section VII: the officer's excluded, contested and late ratings."""
    report, mine = doc.report, doc.officer_id
    zone = report.zone
    level = lambda value: doc.level_names.get(value, str(value))  # noqa: E731
    lines = [f"Phiếu bị loại ({local_time(r.rated_at, zone)}, {level(r.level)}): {r.reason} — "
             f"{r.excluded_by or DASH}, {local_time(r.excluded_at, zone)}"
             for r in report.exclusions if r.officer_id == mine]
    lines += [f"Khiếu nại phiếu ({local_time(r.rated_at, zone)}, {level(r.level)}): {r.reason} — "
              f"{CONTEST_STATUS.get(r.status, r.status)}"
              + (f": {r.decision_note}" if r.decision_note else "")
              for r in report.contested if r.officer_id == mine]
    lines += [f"Phiếu đến sau khi khóa tháng ({local_time(r.rated_at, zone)}, {level(r.level)}),"
              " không tính vào kết quả đã chốt." for r in report.late if r.officer_id == mine]
    body = [para(f"– {line}", st["body"]) for line in lines] or [para("Không có.", st["body"])]
    return [*section("VII. PHIẾU BỊ LOẠI, BỊ KHIẾU NẠI, ĐẾN SAU KHI KHÓA THÁNG", body, st),
            Spacer(1, 3 * mm)]
