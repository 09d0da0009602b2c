"""The NĐ 335/2025 template: human-scored criteria, task results, overrides, the decree's quota."""

from dataclasses import replace
from datetime import date

import pytest

from evaluation.engine import evaluate_month
from evaluation.grades import Grade
from evaluation.inputs import (
    ConductTally,
    DossierStats,
    Finding,
    HumanScore,
    MonthInputs,
    OfficerMonth,
    RatingTally,
    SiteMonth,
)
from evaluation.rubric import load_default_rubric

RUBRIC = load_default_rubric()
SITE = SiteMonth(1, "Trung tâm Phục vụ hành chính công tỉnh", 0.92, 0.95)
SCORES = (HumanScore("A1", 10, 9, 9, "Chấp hành tốt nội quy", "Một lần đi muộn"),
          HumanScore("A2", 14, 13, 13, "Không có phản ánh", "Còn phiếu không hài lòng"),
          HumanScore("A3", 4, 4, 4, "Đề xuất mẫu hướng dẫn"))

#: The worked example of docs/rubric.md ("NĐ 335/2025 – công chức một cửa").
HOA = OfficerMonth(
    officer_id=7, code="CB007", full_name="Nguyễn Thị Hoa", title="Chuyên viên",
    site_id=1, site_name=SITE.site_name, department_id=3, department_name="Sở Tư pháp",
    ratings=RatingTally(verified=120, verified_satisfied=110),
    conduct=ConductTally(answered=400, yes=372),
    dossiers=DossierStats(received=205, early=110, on_time=76, late=14, digitised=190,
                          assigned=200, quality_failures=3, waived_quality_failures=1,
                          waived_delays=2),
    human_scores=SCORES, sheet_status="approved")


def evaluate(*officers, rubric=RUBRIC, period="2026-11", sites=(SITE,)):
    return {o.officer_id: o for o in evaluate_month(
        rubric, MonthInputs(period, tuple(officers), sites)).officers}


def person(officer_id, total_points=(9, 13, 4), dossiers=HOA.dossiers, **fields):
    scores = tuple(HumanScore(code, None, None, value)
                   for code, value in zip(("A1", "A2", "A3"), total_points, strict=True))
    return replace(HOA, officer_id=officer_id, code=f"CB{officer_id:03d}",
                   full_name=f"Trần Văn {officer_id}", human_scores=scores, dossiers=dossiers,
                   **fields)


def test_the_worked_example_of_docs_rubric_md_is_reproduced_to_six_decimals():
    hoa = evaluate(HOA)[7]
    points = {c.code: round(c.points, 6) for c in hoa.criteria}
    assert points == {"A1": 9, "A2": 13.738383, "A3": 4, "B1": 69.593089}
    rates = {s.code: round(s.rate, 6) for s in hoa.criteria[3].sub_rates}
    assert rates == {"quantity": 1, "quality": 0.997561, "progress": 0.985}
    assert round(hoa.total, 6) == 96.331472
    assert f"{hoa.total_rounded:.2f}" == "96.33"
    assert hoa.threshold_grade == Grade.HOAN_THANH_XUAT_SAC and not hoa.rescaled


def test_the_citizen_evidence_is_shown_beside_the_people_s_scores():
    a2 = evaluate(HOA)[7].criteria[1]
    inputs = dict(a2.inputs)
    assert (inputs["self_score"], inputs["head_score"], inputs["final_score"]) == (14, 13, 13)
    assert round(inputs["satisfaction_adjusted"], 6) == 0.916923
    assert round(inputs["conduct_adjusted"], 6) == 0.930488
    assert round(inputs["citizen_share"], 6) == 0.98973 and inputs["citizen_weight"] == 0.4
    assert round(a2.adjusted_rate, 6) == 0.916923 and a2.target == 0.9


@pytest.mark.parametrize("self_score, head_score, final, points", [
    (10, 10, 9, 9), (10, None, 6, 6), (2, 3, 10, 10), (10, 10, 12, 10), (10, 10, -1, 0),
])
def test_only_the_leader_s_final_score_counts(self_score, head_score, final, points):
    officer = replace(HOA, human_scores=(HumanScore("A1", self_score, head_score, final),
                                         *SCORES[1:]))
    assert evaluate(officer)[7].criteria[0].points == points


def test_without_a_final_score_a_person_criterion_does_not_apply_yet_and_the_draft_says_so():
    draft = replace(HOA, human_scores=(HumanScore("A1", 10, 9, None), *SCORES[1:]),
                    sheet_status="reviewed")
    result = evaluate(draft)[7]
    a1 = result.criteria[0]
    assert (a1.applicable, a1.not_applicable_reason) == (False, "no_final_score")
    assert dict(a1.inputs) == {"self_score": 10, "head_score": 9}
    # the decree adds 30 and 70 points: nothing is rescaled, the draft total lacks A1
    assert not result.rescaled and result.applicable_max == 90
    assert result.total == pytest.approx(96.331472 - 9, abs=1e-6)
    assert result.sheet_status == "reviewed"


def test_an_officer_with_no_rating_has_no_citizen_evidence_not_the_site_rate():
    quiet = replace(HOA, officer_id=8, ratings=RatingTally(), conduct=ConductTally())
    results = evaluate(HOA, quiet)
    a2 = results[8].criteria[1]
    assert "satisfaction_adjusted" not in dict(a2.inputs)
    assert "citizen_share" not in dict(a2.inputs)
    assert a2.adjusted_rate is None and a2.points == 13
    assert results[8].adjusted_satisfaction is None


@pytest.mark.parametrize("late, waived, resolved, rate", [
    (0, 0, 200, 1), (14, 0, 200, (200 - 3.5) / 200), (14, 2, 200, 0.985), (14, 14, 200, 1),
    (14, 40, 200, 1), (4, 0, 4, 0.75), (100, 0, 100, 0.75),
])
def test_a_delay_takes_25_percent_of_that_dossier_s_progress_not_of_the_whole_rate(
        late, waived, resolved, rate):
    stats = DossierStats(received=10, early=resolved - late, on_time=0, late=late,
                         assigned=10, quality_failures=0, waived_delays=waived)
    progress = evaluate(replace(HOA, dossiers=stats))[7].criteria[3].sub_rates[2]
    assert progress.rate == pytest.approx(rate, abs=1e-12)
    assert progress.events == late and progress.waived == min(late, waived)


@pytest.mark.parametrize("failures, waived, received, rate", [
    (0, 0, 100, 1), (1, 0, 100, 0.9975), (1, 1, 100, 1), (8, 0, 2, 0), (4, 0, 1, 0),
])
def test_a_failed_quality_assessment_takes_25_percent_of_that_dossier(failures, waived,
                                                                        received, rate):
    stats = DossierStats(received=received, early=1, assigned=100, quality_failures=failures,
                         waived_quality_failures=waived)
    quality = evaluate(replace(HOA, dossiers=stats))[7].criteria[3].sub_rates[1]
    assert quality.rate == pytest.approx(rate, abs=1e-12)


def test_quantity_is_capped_at_100_percent_and_does_not_apply_without_an_assigned_number():
    over = evaluate(replace(HOA, dossiers=replace(HOA.dossiers, assigned=50)))[7]
    assert over.criteria[3].sub_rates[0].rate == 1
    missing = evaluate(replace(HOA, dossiers=replace(HOA.dossiers, assigned=None)))[7]
    quantity = missing.criteria[3].sub_rates[0]
    assert (quantity.applicable, quantity.not_applicable_reason) == (False, "no_assignment")
    assert missing.criteria[3].raw_rate == pytest.approx((0.9975609756097561 + 0.985) / 2)
    assert dict(missing.criteria[3].inputs) == {"sub_rates_applied": 2}


def test_task_results_do_not_apply_without_figures_or_when_no_sub_rate_has_data():
    none = evaluate(replace(HOA, dossiers=None))[7].criteria[3]
    assert (none.applicable, none.not_applicable_reason) == (False, "no_task_data")
    empty = evaluate(replace(HOA, dossiers=DossierStats()))[7].criteria[3]
    assert not empty.applicable and [s.not_applicable_reason for s in empty.sub_rates] == [
        "no_assignment", "no_dossier_field", "no_dossiers"]


def test_a_quality_count_no_source_gave_leaves_quality_out_rather_than_at_100_percent():
    stats = replace(HOA.dossiers, quality_failures=None)
    quality = evaluate(replace(HOA, dossiers=stats))[7].criteria[3].sub_rates[1]
    assert (quality.applicable, quality.not_applicable_reason) == (False, "no_dossier_field")


DISCIPLINE = Finding("discipline_public_duty", date(2026, 3, 12), "Khiển trách, QĐ 15/QĐ-TTPV")


@pytest.mark.parametrize("period, overridden", [
    ("2026-02", False), ("2026-03", True), ("2026-11", True), ("2026-Q1", True),
])
def test_discipline_for_public_duty_in_the_year_grades_not_completed_whatever_the_points(
        period, overridden):
    hoa = evaluate(replace(HOA, findings=(DISCIPLINE,)), period=period)[7]
    assert hoa.total_rounded == 96.33
    assert (hoa.grade == Grade.KHONG_HOAN_THANH) is overridden
    if overridden:
        change = hoa.grade_changes[-1]
        assert change.code == "override_discipline_public_duty"
        assert "12/03/2026 Khiển trách, QĐ 15/QĐ-TTPV" in change.reason_vi
        assert "trong năm đánh giá" in change.reason_vi


def test_an_override_within_the_period_only_looks_at_the_period():
    rubric = replace(RUBRIC, overrides=tuple(replace(o, within="period")
                                             for o in RUBRIC.overrides))
    result = evaluate(replace(HOA, findings=(DISCIPLINE,)), rubric=rubric, period="2026-11")[7]
    assert result.grade != Grade.KHONG_HOAN_THANH
    assert [c.code for c in result.grade_changes] == ["quota"]


def test_an_override_is_printed_even_when_the_points_already_failed():
    low = replace(HOA, human_scores=tuple(replace(h, final_score=0) for h in SCORES),
                  dossiers=DossierStats(received=0, assigned=100, quality_failures=0),
                  findings=(Finding("degradation", date(2026, 11, 3), "Kết luận số 2"),))
    result = evaluate(low)[7]
    assert result.threshold_grade == result.grade == Grade.KHONG_HOAN_THANH
    assert [c.code for c in result.grade_changes] == ["override_degradation"]
    assert "suy thoái" in result.grade_changes[0].reason_vi


def test_the_decree_s_quota_counts_against_those_graded_well_not_everyone():
    stars = [person(i) for i in range(1, 11)]
    results = evaluate(*stars)
    # ten equal top totals: one may keep the grade (1 ≤ 20% × 9), but the ten are tied, so
    # none does rather than a name deciding
    assert not any(o.grade == Grade.HOAN_THANH_XUAT_SAC for o in results.values())
    reasons = [c.reason_vi for o in results.values() for c in o.grade_changes]
    assert len(reasons) == 10
    assert all("không quá 20% số được xếp loại Hoàn thành tốt" in r and "tối đa 1 người" in r
               for r in reasons)


def test_the_quota_keeps_the_best_and_never_splits_a_tie_by_name():
    stars = [person(i, (10, 15, 5)) for i in (1, 2)] + [person(3)]
    goods = [person(i, (5, 5, 2)) for i in range(4, 14)]
    results = evaluate(*stars, *goods)
    top = {o.officer_id for o in results.values() if o.grade == Grade.HOAN_THANH_XUAT_SAC}
    # 10 graded well, 3 holders: x ≤ 0.2 × (10 + 3) / 1.2 = 2.17, so 2 may keep it; officers
    # 1 and 2 are tied at the top and both fit.
    assert top == {1, 2}
    stars = [person(i, (10, 15, 5)) for i in (1, 2, 3)]
    results = evaluate(*stars, *goods)
    assert not any(o.grade == Grade.HOAN_THANH_XUAT_SAC for o in results.values())


def test_with_nobody_graded_well_the_only_top_officer_is_graded_well_with_the_reason():
    result = evaluate(person(1))[1]
    assert result.threshold_grade == Grade.HOAN_THANH_XUAT_SAC
    assert result.grade == Grade.HOAN_THANH_TOT
    assert "chưa đủ để có người Hoàn thành xuất sắc nhiệm vụ" in result.grade_changes[0].reason_vi


def test_a_quarter_is_evaluated_like_a_month_over_its_three_months():
    result = evaluate(HOA, period="2026-Q4")[7]
    assert result.total_rounded == 96.33


def test_equal_adjusted_rates_tie_exactly_and_fall_to_the_next_tie_breaker():
    from evaluation.rubric import load_local_plan_rubric

    local = load_local_plan_rubric()
    site = SiteMonth(1, "Điểm", None, None)
    few = OfficerMonth(1, "CB1", "An", "", 1, "Điểm", 1, "Sở", ratings=RatingTally(3, 2))
    many = replace(few, officer_id=2, code="CB2", full_name="Bình",
                   ratings=RatingTally(15, 10))
    filler = replace(few, officer_id=3, code="CB3", full_name="Cúc", ratings=RatingTally(0, 0))
    # the site pools 12 satisfied of 18: p0 = 2/3, and both officers adjust to exactly 2/3
    assert filler.ratings.verified == 0
    result = evaluate_month(local, MonthInputs("2026-10", (few, many, filler), (site,)))
    listed = [o.officer_id for o in result.officers]
    assert listed[:2] == [2, 1]
    first, second = result.officers[:2]
    assert first.total_rounded == second.total_rounded
    assert first.rank_in_site == second.rank_in_site == 1


def _problems(document):
    from evaluation.rubric import RubricError, parse_rubric

    with pytest.raises(RubricError) as caught:
        parse_rubric(document)
    return {(p.path, p.code) for p in caught.value.problems}


def _decree_document():
    import copy

    from evaluation.rubric import rubric_to_dict

    return copy.deepcopy(rubric_to_dict(RUBRIC))


def test_a_composite_that_names_unknown_inputs_is_refused_with_every_place():
    document = _decree_document()
    rates = document["criteria"][3]["params"]["sub_rates"]
    rates[0]["numerator"] = ["recieved"]
    rates[1]["denominator"] = "everything"
    rates[2]["deduction"] = {"events": "delays", "waived": "waived_late", "share": 1.5}
    assert _problems(document) == {
        ("$.criteria[3].params.sub_rates[0].numerator[0]", "unknown_input"),
        ("$.criteria[3].params.sub_rates[1].denominator", "unknown_input"),
        ("$.criteria[3].params.sub_rates[2].deduction.events", "unknown_input"),
        ("$.criteria[3].params.sub_rates[2].deduction.waived", "unknown_input"),
        ("$.criteria[3].params.sub_rates[2].deduction.share", "out_of_range"),
    }


def test_the_decree_s_kinds_need_the_second_format():
    document = _decree_document()
    document["format"] = "hailong.rubric/1"
    problems = _problems(document)
    assert ("$.criteria[0].kind", "needs_format_2") in problems
    assert ("$.period", "unknown_field") in problems
    assert ("$.overrides", "unknown_field") in problems


@pytest.mark.parametrize("change, problem", [
    ({"period": "week"}, ("$.period", "unknown_period")),
    ({"period": "quarter", "effective_from": "2026-02-01"},
     ("$.effective_from", "bad_quarter_start")),
    ({"overrides": [{"when": "corruption"}]}, ("$.overrides[0].when", "unknown_override")),
    ({"overrides": [{"when": "degradation"}, {"when": "degradation"}]},
     ("$.overrides[1].when", "duplicate_override")),
    ({"overrides": [{"when": "degradation", "within": "month"}]},
     ("$.overrides[0].within", "unknown_window")),
    ({"quota": {"enabled": True, "max_share": 0.2, "base": "excellent"}},
     ("$.quota.base", "unknown_base")),
    ({"quota": {"enabled": True, "max_share": 0.2, "groups": ["site", "site"]}},
     ("$.quota.groups[1]", "unknown_quota_group")),
])
def test_the_second_format_s_settings_are_checked(change, problem):
    document = {**_decree_document(), **change}
    assert problem in _problems(document)


def test_a_citizen_weight_outside_0_to_1_is_refused():
    document = _decree_document()
    document["criteria"][1]["params"]["citizen_evidence"]["weight"] = 1.2
    assert _problems(document) == {
        ("$.criteria[1].params.citizen_evidence.weight", "out_of_range")}


def test_the_decree_rubric_reads_back_equal_from_its_document():
    import json

    from evaluation.rubric import parse_rubric, rubric_to_dict

    document = json.loads(json.dumps(rubric_to_dict(RUBRIC)))
    assert parse_rubric(document) == RUBRIC
    assert document["format"] == "hailong.rubric/2" and document["period"] == "month"
