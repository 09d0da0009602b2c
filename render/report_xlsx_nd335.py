"""The workbook's sheets for Nghị định 335/2025: people's scores step by step, task results."""

from evaluation.rubric_schema import HUMAN_SCORE, TASK_RESULTS
from render.officer_sheet_nd335 import SHEET_STEPS
from render.report_text import SUB_RATE_NAMES
from render.xlsx_cells import COUNT, NOT_APPLICABLE, POINTS, SHARE, add_row, add_sheet


def people_sheet(book, doc) -> None:
    """Add one row per officer and criterion scored by people: self, head, final, reasons."""
    report = doc.report
    people = [c for c in report.rubric.rubric.criteria if c.kind == HUMAN_SCORE]
    if not people:
        return
    sheet = add_sheet(book, "Tiêu chí chung", [
        ("Mã cán bộ", 11), ("Họ và tên", 26), ("Tình trạng tự đánh giá", 30), ("Tiêu chí", 8),
        ("Điểm tối đa", 8), ("Tự chấm", 9), ("Tự nhận xét", 30), ("Trưởng bộ phận chấm", 9),
        ("Lý do (trưởng bộ phận)", 30), ("Lãnh đạo phê duyệt", 9), ("Lý do (lãnh đạo)", 30),
        ("Điểm được tính", 10)], freeze="C2")
    for o in doc.officers:
        inputs = report.officer_inputs(o.officer_id)
        points = {c.code: c for c in o.criteria}
        for c in people:
            chain = inputs.human_score(c.code)
            scored = points.get(c.code)
            add_row(sheet, [
                (o.code, None), (o.full_name, None),
                (SHEET_STEPS.get(inputs.sheet_status, inputs.sheet_status), None),
                (c.code, None), (c.max_points, POINTS),
                (chain.self_score if chain else None, POINTS),
                (chain.self_note if chain else "", None),
                (chain.head_score if chain else None, POINTS),
                (chain.head_reason if chain else "", None),
                (chain.final_score if chain else None, POINTS),
                (chain.final_reason if chain else "", None),
                (scored.points, POINTS) if scored and scored.applicable
                else (NOT_APPLICABLE, None)])


def people_rows(doc) -> int:
    """Return how many rows ``people_sheet`` writes."""
    people = [c for c in doc.report.rubric.rubric.criteria if c.kind == HUMAN_SCORE]
    return len(doc.officers) * len(people)


def task_rows(doc) -> int:
    """Return how many rows ``task_sheet`` writes."""
    if not any(c.kind == TASK_RESULTS for c in doc.report.rubric.rubric.criteria):
        return 0
    return sum(len(c.sub_rates) for o in doc.officers for c in o.criteria
               if c.kind == TASK_RESULTS)


def task_sheet(book, doc) -> None:
    """Add one row per officer and sub-rate of the task results, with counts and waivers."""
    criteria = [c for c in doc.report.rubric.rubric.criteria if c.kind == TASK_RESULTS]
    if not criteria:
        return
    names = {(c.code, r.code): r.name_vi for c in criteria
             for r in (*c.sub_rates, *c.unit_sub_rates)}
    sheet = add_sheet(book, "Kết quả nhiệm vụ", [
        ("Mã cán bộ", 11), ("Họ và tên", 26), ("Tiêu chí", 8), ("Tiêu chí thành phần", 40),
        ("Số đạt", 9), ("Trên", 9), ("Số lần chậm/sai sót", 10), ("Được miễn trừ", 9),
        ("Bị trừ", 9), ("Tỷ lệ", 9), ("Điểm tiêu chí", 10),
        ("Đơn vị phụ trách (lãnh đạo, quản lý)", 28)], freeze="C2")
    for o in doc.officers:
        for c in o.criteria:
            if c.kind != TASK_RESULTS:
                continue
            for s in c.sub_rates:
                name = names.get((c.code, s.code), SUB_RATE_NAMES.get(s.code, s.code))
                add_row(sheet, [
                    (o.code, None), (o.full_name, None), (c.code, None), (name, None),
                    (s.numerator, COUNT), (s.denominator, COUNT), (s.events, COUNT),
                    (s.waived, COUNT), (s.deducted, POINTS),
                    (s.rate, SHARE) if s.applicable else (NOT_APPLICABLE, None),
                    (c.points, POINTS) if c.applicable else (NOT_APPLICABLE, None),
                    (o.leader_post.unit_name if s.unit and o.leader_post else "", None)])
