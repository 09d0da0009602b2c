"""The officer sheet's parts for Nghị định 335/2025: the chain of people's scores and the
task results' sub-rates, with deductions and waivers."""

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from evaluation.results import NOT_APPLICABLE_REASONS
from evaluation.rubric_schema import HUMAN_SCORE, TASK_RESULTS
from render.document import grid_table, para
from render.printed_points import printed_points
from render.report_text import SUB_RATE_NAMES, leader_post_text
from render.vn_format import DASH, count, plain, share

#: A sheet's workflow step, as printed.
SHEET_STEPS = {None: "chưa tự đánh giá", "draft": "đang soạn, chưa nộp",
               "submitted": "đã nộp, chờ trưởng bộ phận đánh giá",
               "reviewed": "trưởng bộ phận đã đánh giá, chờ lãnh đạo phê duyệt",
               "returned": "lãnh đạo trả lại để hoàn thiện", "approved": "lãnh đạo đã phê duyệt",
               "not_submitted": "không nộp tự đánh giá, lãnh đạo chấm và phê duyệt"}


def _score(value, note: str) -> str:
    if value is None:
        return DASH
    return plain(value) + (f" — {note}" if note else "")


def people_flowables(doc, st) -> list:
    """Return the table of who scored what on each criterion people judge, if any."""
    report = doc.report
    inputs = report.officer_inputs(doc.officer_id)
    result = report.officer_result(doc.officer_id)
    people = [c for c in report.rubric.rubric.criteria if c.kind == HUMAN_SCORE]
    if not people or inputs is None:
        return []
    points = {c.code: c for c in result.criteria}
    printed = dict(zip(points, printed_points(result), strict=True))
    rows = [[para(t, st["cell_bold"]) for t in ("Tiêu chí", "Công chức tự chấm",
                                                "Trưởng bộ phận", "Lãnh đạo phê duyệt",
                                                "Điểm")]]
    for c in people:
        chain = inputs.human_score(c.code)
        scored = points.get(c.code)
        rows.append([para(f"{c.code}. {c.name_vi} ({plain(c.max_points)})", st["cell"]),
                     para(_score(chain.self_score, chain.self_note) if chain else DASH,
                          st["cell"]),
                     para(_score(chain.head_score, chain.head_reason) if chain else DASH,
                          st["cell"]),
                     para(_score(chain.final_score, chain.final_reason) if chain else DASH,
                          st["cell"]),
                     printed[c.code] if scored and scored.applicable else DASH])
    step = SHEET_STEPS.get(inputs.sheet_status, inputs.sheet_status)
    return [Spacer(1, 3 * mm),
            para(f"Điểm tiêu chí chung theo từng bước (tình trạng: {step}); chỉ điểm lãnh "
                 "đạo phê duyệt được tính.", st["body"]),
            grid_table(rows, [w * mm for w in (44, 34, 34, 34, 19)])]


def task_flowables(doc, st) -> list:
    """Return the table of the task results' sub-rates (counts, deductions, waivers)."""
    report = doc.report
    result = report.officer_result(doc.officer_id)
    rules = {c.code: c for c in report.rubric.rubric.criteria}
    flowables = []
    for c, printed in zip(result.criteria, printed_points(result), strict=True):
        if c.kind != TASK_RESULTS or not c.sub_rates:
            continue
        rule = rules.get(c.code)
        names = ({r.code: r.name_vi for r in (*rule.sub_rates, *rule.unit_sub_rates)}
                 if rule else {})
        rows = [[para(t, st["cell_bold"]) for t in ("Tiêu chí thành phần", "Số đạt", "Trên",
                                                    "Số lần chậm/ sai sót", "Miễn trừ",
                                                    "Bị trừ", "Tỷ lệ")]]
        spans = []
        for s in c.sub_rates:
            name = names.get(s.code, SUB_RATE_NAMES.get(s.code, s.code))
            if not s.applicable:
                why = NOT_APPLICABLE_REASONS[s.not_applicable_reason][0]
                spans.append(("SPAN", (1, len(rows)), (5, len(rows))))
                rows.append([para(name, st["cell"]), para(f"Không áp dụng: {why}", st["cell"]),
                             "", "", "", "", DASH])
                continue
            rows.append([para(name, st["cell"]), count(s.numerator), count(s.denominator),
                         count(s.events), count(s.waived), plain(s.deducted), share(s.rate)])
        total = printed if c.applicable else DASH
        table = grid_table(rows, [w * mm for w in (50, 17, 17, 22, 18, 18, 23)],
                           align_right_from=1)
        table.setStyle(spans)
        flowables.append(Spacer(1, 3 * mm))
        if result.leader_post is not None:
            flowables.append(para(leader_post_text(result.leader_post), st["body"]))
        flowables += [para(f"{c.code}: kết quả thực hiện nhiệm vụ = {plain(c.max_points)} × "
                           f"trung bình các tỷ lệ có số liệu = {total} điểm.", st["body"]),
                      table]
    return flowables
