"""The Vietnamese words printouts use for the engine's codes: inputs, formulas, the method."""

from evaluation.rates import BAYES
from evaluation.results import NOT_APPLICABLE_REASONS, CriterionResult
from evaluation.rubric_schema import (
    BREACH_DEDUCTION,
    CONDUCT_SHARE,
    CONFIRMED_REPORT_DEDUCTION,
    DEFAULT_PER_BREACH,
    DOSSIER_RATE,
    HUMAN_SCORE,
    LEADER_SCORE,
    QUOTA_BASE_GOOD,
    RATING_SHARE,
    TASK_RESULTS,
    WITHIN_PERIOD,
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
    "self_score": "tự chấm",
    "head_score": "trưởng bộ phận chấm",
    "final_score": "lãnh đạo phê duyệt",
    "satisfaction_adjusted": "tỷ lệ hài lòng điều chỉnh",
    "conduct_adjusted": "tỷ lệ \"4 xin, 4 luôn\" điều chỉnh",
    "citizen_share": "mức đạt từ phiếu của người dân",
    "citizen_weight": "tỷ trọng phiếu của người dân",
    "sub_rates_applied": "tiêu chí thành phần được tính",
    "assigned": "được giao",
    "returned": "đã trả kết quả",
    "supplement_requests": "yêu cầu bổ sung",
    "quality_failures": "chất lượng chưa đạt",
    "late_with_apology": "quá hạn có văn bản xin lỗi",
    "waived_delays": "chậm được miễn trừ",
    "waived_quality_failures": "sai sót được miễn trừ",
}
#: Names whose values are shares (printed as percentages), not counts.
SHARE_INPUTS = {"site_rate", "satisfaction_adjusted", "conduct_adjusted", "citizen_share",
                "citizen_weight"}
#: Sub-rates of the task results, by their usual codes.
SUB_RATE_NAMES = {"quantity": "Số lượng", "quality": "Chất lượng", "progress": "Tiến độ",
                  "unit_quantity": "Số lượng của đơn vị phụ trách",
                  "unit_quality": "Chất lượng của đơn vị phụ trách",
                  "unit_progress": "Tiến độ của đơn vị phụ trách"}


def leader_post_text(post) -> str:
    """Return how a leader's post is printed on a sheet, with what it changes."""
    since = f" từ {post.since.strftime('%d/%m/%Y')}" if post.since else ""
    return (f"Công chức lãnh đạo, quản lý: {post.title}, phụ trách {post.unit_name}{since}. "
            "Kết quả thực hiện nhiệm vụ tính trung bình các tiêu chí của cá nhân và của đơn "
            "vị phụ trách (tiêu chí không có số liệu không tính).")


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
    if criterion.kind == HUMAN_SCORE:
        return _human_text(criterion, top)
    if criterion.kind == TASK_RESULTS:
        parts = "; ".join(_sub_rate_text(rate) for rate in criterion.sub_rates)
        text = (f"{top} × trung bình cộng các tỷ lệ thành phần có số liệu (mỗi tỷ lệ tối đa "
                f"100%): {parts}")
        if criterion.unit_sub_rates:
            names = ", ".join(rate.name_vi.split(":")[0].split(" (")[0].lower()
                              for rate in criterion.unit_sub_rates)
            text += (f". Công chức lãnh đạo, quản lý: thêm {len(criterion.unit_sub_rates)} tỷ "
                     f"lệ ({names}), tính như trên trên số liệu cộng chung của công chức trong "
                     "đơn vị phụ trách")
        return text
    return criterion.kind


def _human_text(criterion: Criterion, top: str) -> str:
    text = (f"Công chức tự chấm, trưởng bộ phận đánh giá, lãnh đạo Trung tâm phê duyệt (0 đến "
            f"{top} điểm); chỉ tính điểm lãnh đạo phê duyệt")
    evidence = criterion.citizen_evidence
    if evidence is None:
        return text
    weight = share(evidence.weight, 0)
    goals = f"hài lòng {share(evidence.satisfaction_target, 0)}"
    if evidence.conduct_target is not None:
        goals += f", \"4 xin, 4 luôn\" {share(evidence.conduct_target, 0)}"
    return (f"{text}; {weight} số điểm lấy từ phiếu của người dân (tỷ lệ điều chỉnh so với "
            f"chỉ tiêu {goals}; không có phiếu thì tính hoàn toàn theo điểm phê duyệt)")


def _sub_rate_text(rate) -> str:
    parts = " + ".join(INPUT_NAMES.get(name, name) for name in rate.numerator)
    below = INPUT_NAMES.get(rate.denominator, rate.denominator)
    text = f"{rate.name_vi} = ({parts}) / {below}"
    if rate.deduction is not None:
        event = INPUT_NAMES.get(rate.deduction.events, rate.deduction.events)
        text += (f", mỗi lần {event} trừ {share(rate.deduction.share, 0)} phần của hồ sơ đó "
                 "(trừ trường hợp được miễn trừ do nguyên nhân khách quan)")
    return text


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
    if any(c.kind in (RATING_SHARE, CONDUCT_SHARE) for c in rubric.criteria):
        text += " Cán bộ chưa có phiếu được lấy tỷ lệ p0."
    else:
        text += (" Cán bộ không có phiếu trong kỳ thì không có căn cứ từ phiếu của người dân "
                 "(không lấy tỷ lệ p0 thay thế).")
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
    lines.append("Xếp hạng theo tổng điểm, rồi tỷ lệ hài lòng điều chỉnh (so sánh chính xác), "
                 "rồi số phiếu được tính, rồi tên theo thứ tự tiếng Việt; bằng điểm thì cùng "
                 "hạng.")
    lines += decree_lines(rubric)
    return lines


#: What each override's facts are, as printed in the method notes.
OVERRIDE_CASES = {
    "discipline_public_duty": "bị kỷ luật từ khiển trách trở lên do vi phạm liên quan đến hoạt "
                              "động công vụ",
    "degradation": "bị kết luận có biểu hiện suy thoái",
    "leader_unit_violation": "là công chức lãnh đạo, quản lý để xảy ra tham nhũng, lãng phí tại "
                             "đơn vị thuộc phạm vi phụ trách",
}
#: What a recorded finding is, as printed in an officer's figures.
FINDING_TEXT = {
    "discipline_public_duty": "kỷ luật do vi phạm trong hoạt động công vụ",
    "degradation": "kết luận có biểu hiện suy thoái",
    "leader_unit_violation": "kết luận để xảy ra tham nhũng, lãng phí tại đơn vị thuộc phạm vi "
                             "phụ trách (công chức lãnh đạo, quản lý)",
}


def decree_lines(rubric: Rubric) -> list[str]:
    """Return the notes on the rules of Nghị định 335/2025 the rubric applies."""
    lines = []
    if rubric.scored_by_people:
        lines.append("Tiêu chí chung: công chức tự chấm, trưởng bộ phận đánh giá, lãnh đạo "
                     "Trung tâm phê duyệt; chỉ điểm phê duyệt được tính; tiêu chí chưa được "
                     "phê duyệt ghi \"không áp dụng\" trong bản dự thảo.")
    for override in rubric.overrides:
        scope = "trong kỳ" if override.within == WITHIN_PERIOD else "trong năm đánh giá"
        what = OVERRIDE_CASES.get(override.when, override.when)
        lines.append(f"Xếp loại Không hoàn thành nhiệm vụ nếu {what} {scope}, bất kể số "
                     "điểm (NĐ 335/2025).")
    if rubric.quota.enabled and rubric.quota.base == QUOTA_BASE_GOOD:
        lines.append(f"Số Hoàn thành xuất sắc nhiệm vụ không vượt quá "
                     f"{share(rubric.quota.max_share, 0)} số được xếp loại Hoàn thành tốt "
                     "nhiệm vụ trong cùng đơn vị; bằng điểm ở ranh giới thì không ai được giữ "
                     "mức xuất sắc thay người khác (NĐ 335/2025).")
    exception = rubric.quota.exception
    if rubric.quota.enabled and exception is not None and exception.applies:
        lines.append(f"Ngoại lệ cho cơ quan, đơn vị xuất sắc: tối đa "
                     f"{share(exception.max_share, 0)} tại điểm phục vụ được đánh dấu cho năm "
                     "đánh giá (tỷ lệ theo quyết định của Trung tâm).")
    return lines
