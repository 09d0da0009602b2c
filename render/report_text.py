"""The Vietnamese words printouts use for the engine's codes: inputs, formulas, the method."""

from evaluation.rates import BAYES
from evaluation.results import NOT_APPLICABLE_REASONS, CriterionResult
from evaluation.rubric_schema import (
    BREACH_DEDUCTION,
    CONDUCT_SHARE,
    CONFIRMED_REPORT_DEDUCTION,
    DEFAULT_PER_BREACH,
    DOSSIER_RATE,
    LEADER_SCORE,
    RATING_SHARE,
    Criterion,
    Rubric,
)
from render.vn_format import number, plain, share

#: Named inputs of a criterion (CriterionResult.inputs) → Vietnamese.
INPUT_NAMES = {
    "satisfied": "phiếu hài lòng",
    "scored": "phiếu được tính",
    "site_rate": "tỷ lệ chung của điểm phục vụ (p0)",
    "prior_weight": "trọng số (m)",
    "yes": "nội dung trả lời Có",
    "answered": "nội dung được trả lời",
    "confirmed_reports": "phản ánh được xác nhận",
    "breaches": "vi phạm",
    "deduction": "điểm bị trừ",
    "leader_score": "điểm lãnh đạo chấm",
    "received": "tiếp nhận",
    "early": "trước hạn",
    "on_time": "đúng hạn",
    "late": "quá hạn",
    "resolved": "đã giải quyết",
    "digitised": "số hóa",
    "received_online": "tiếp nhận trực tuyến",
    "returned_by_post": "trả qua bưu chính",
}
#: Names whose values are shares (printed as percentages), not counts.
SHARE_INPUTS = {"site_rate"}


def inputs_text(result: CriterionResult) -> str:
    """Return a criterion's inputs as "phiếu hài lòng: 110; phiếu được tính: 120; …"."""
    parts = []
    for name, value in result.inputs:
        shown = share(value) if name in SHARE_INPUTS else plain(value)
        parts.append(f"{INPUT_NAMES.get(name, name)}: {shown}")
    if not result.applicable and result.not_applicable_reason:
        parts.append("không áp dụng: "
                     + NOT_APPLICABLE_REASONS[result.not_applicable_reason][0].lower())
    return "; ".join(parts)


def _target_rule(criterion: Criterion) -> str:
    target, top = share(criterion.target, 0), number(criterion.max_points)
    text = (f"đạt từ {target} trở lên được {top} điểm; thấp hơn: {top} × tỷ lệ / {target}")
    for flag, value in criterion.target_overrides:
        if flag == "land_group":
            text += f" (lĩnh vực đất đai, xây dựng, đầu tư: chỉ tiêu {share(value, 0)})"
        else:
            text += f" (nhóm {flag}: chỉ tiêu {share(value, 0)})"
    return text


def formula_text(criterion: Criterion) -> str:
    """Return how a criterion is computed, in words."""
    top = number(criterion.max_points)
    if criterion.kind == RATING_SHARE:
        return ("Tỷ lệ phiếu Rất hài lòng và Hài lòng trên số phiếu được tính, đã điều chỉnh; "
                + _target_rule(criterion))
    if criterion.kind == CONDUCT_SHARE:
        return ("Tỷ lệ trả lời Có trên các nội dung \"4 xin, 4 luôn\" được trả lời, đã điều "
                "chỉnh; " + _target_rule(criterion))
    if criterion.kind == CONFIRMED_REPORT_DEDUCTION:
        step = number(criterion.deduction if criterion.deduction is not None else criterion
                      .max_points)
        return (f"{top} điểm, trừ {step} điểm cho mỗi phản ánh \"5 không\" được lãnh đạo "
                "xác nhận, không dưới 0")
    if criterion.kind == DOSSIER_RATE:
        parts = " + ".join(INPUT_NAMES.get(name, name) for name in criterion.numerator)
        below = INPUT_NAMES.get(criterion.denominator, criterion.denominator)
        return f"Tỷ lệ ({parts}) / hồ sơ {below}; " + _target_rule(criterion)
    if criterion.kind == BREACH_DEDUCTION:
        step = number(criterion.deduction if criterion.deduction is not None
                      else DEFAULT_PER_BREACH)
        return (f"{top} điểm, trừ {step} điểm cho mỗi vi phạm được ghi nhận (hoặc mức trừ "
                "ghi riêng), không dưới 0")
    if criterion.kind == LEADER_SCORE:
        return f"Lãnh đạo chấm, từ 0 đến {top} điểm"
    return criterion.kind


def adjustment_text(rubric: Rubric) -> str:
    """Return how rates are adjusted for small samples, as printed under the tables."""
    adj = rubric.adjustment
    if adj.method == BAYES:
        text = ("Tỷ lệ điều chỉnh = (k + m·p0) / (n + m), trong đó k là số phiếu (nội dung) "
                "đạt trên n phiếu (nội dung) được tính, p0 là tỷ lệ chung của điểm phục vụ "
                f"trong tháng, m = {plain(adj.prior_weight)}.")
    else:
        text = ("Tỷ lệ điều chỉnh = cận dưới khoảng tin cậy Wilson với z = "
                f"{number(adj.wilson_z)}.")
    text += " Cán bộ chưa có phiếu được lấy tỷ lệ p0."
    if adj.min_count > 1:
        text += f" Dưới {adj.min_count} phiếu được tính: ghi \"chưa đủ phiếu\"."
    if not rubric.score_unverified:
        text += (" Chỉ tính phiếu gắn với lượt phục vụ (phiếu xác thực); phiếu quét mã QR cố "
                 "định tại quầy được thống kê nhưng không tính điểm.")
    return text


def method_lines(rubric: Rubric, rubric_effective: str) -> list[str]:
    """Return the method note printed under the ranking: rubric, adjustment, totals, ranks."""
    lines = [f"Bộ tiêu chí: {rubric.name}, phiên bản {rubric.version}, áp dụng từ "
             f"{rubric_effective}.", adjustment_text(rubric),
             "Điểm từng tiêu chí giữ nguyên độ chính xác; tổng điểm cộng từ điểm chưa làm tròn, "
             "in 2 chữ số thập phân (làm tròn nửa lên); xếp loại và xếp hạng theo tổng điểm "
             "đã làm tròn."]
    if rubric.rescale_not_applicable:
        lines.append("Tiêu chí \"không áp dụng\" (—) không tính; tổng điểm có dấu * được quy "
                     "đổi về thang 100 trên các tiêu chí được áp dụng.")
    lines.append("Xếp hạng theo tổng điểm, rồi tỷ lệ hài lòng điều chỉnh, rồi số phiếu được "
                 "tính, rồi tên theo thứ tự tiếng Việt; bằng điểm thì cùng hạng.")
    return lines
