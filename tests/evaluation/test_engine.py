"""Evaluating a whole month: site rates, grades, ranks, quota and the frozen snapshot."""

import json
from dataclasses import replace
from datetime import date

import pytest

from evaluation.engine import evaluate_month, result_from_dict, result_to_dict, site_rates
from evaluation.grades import Grade
from evaluation.inputs import (
    Breach,
    ConductTally,
    DossierStats,
    MonthInputs,
    OfficerMonth,
    RatingTally,
    SiteMonth,
)
from evaluation.rubric import load_local_plan_rubric
from evaluation.serialization import inputs_from_dict, inputs_to_dict

RUBRIC = load_local_plan_rubric()

WORKED_EXAMPLE = OfficerMonth(
    officer_id=7, code="CB007", full_name="Nguyễn Thị Hoa", title="Chuyên viên",
    site_id=1, site_name="Trung tâm Phục vụ hành chính công tỉnh", department_id=3,
    department_name="Sở Tư pháp",
    ratings=RatingTally(verified=120, verified_satisfied=110,
                        levels=(("rat_hai_long", 80), ("hai_long", 30), ("khong_hai_long", 10))),
    conduct=ConductTally(answered=400, yes=372),
    dossiers=DossierStats(received=205, early=110, on_time=76, late=14, digitised=190),
    breaches=(Breach("late_arrival", date(2026, 10, 6)),),
    leader_score=9,
)
WORKED_SITE = SiteMonth(1, "Trung tâm Phục vụ hành chính công tỉnh", 0.92, 0.95)


def officer(officer_id, name, site=1, department=1, satisfied=(90, 100), leader=8.0, **extra):
    return OfficerMonth(
        officer_id, f"CB{officer_id:03d}", name, "Chuyên viên", site, f"Điểm {site}", department,
        f"Sở {department}", ratings=RatingTally(satisfied[1], satisfied[0]),
        conduct=ConductTally(800, 780), dossiers=DossierStats(early=60, on_time=35, late=5,
                                                                digitised=100),
        leader_score=leader, **extra)


def by_id(result):
    return {o.officer_id: o for o in result.officers}


def test_the_worked_example_of_domain_md_is_reproduced_exactly():
    result = evaluate_month(RUBRIC, MonthInputs("2026-10", (WORKED_EXAMPLE,), (WORKED_SITE,)))
    hoa = result.officers[0]
    assert {c.code: round(c.points, 6) for c in hoa.criteria} == {
        "A1": 15, "A2": 9.794608, "A3": 5, "B1": 25, "B2": 9.166667, "B3": 9.5, "B4": 12, "B5": 9}
    assert round(hoa.total, 6) == 94.461275
    assert f"{hoa.total_rounded:.2f}" == "94.46"
    assert hoa.grade == Grade.HOAN_THANH_XUAT_SAC
    assert hoa.grade.label_vi == "Hoàn thành xuất sắc nhiệm vụ"
    assert (hoa.rank_in_site, hoa.rank_in_department, hoa.grade_changes) == (1, 1, ())
    assert (result.period, result.rubric_name, result.rubric_version) == (
        "2026-10", RUBRIC.name, 1)


def test_site_rates_are_pooled_over_the_sites_officers_when_not_given():
    month = MonthInputs("2026-10", (officer(1, "Lê An", satisfied=(9, 10)),
                                    officer(2, "Lê Bình", satisfied=(81, 90))))
    rates = site_rates(RUBRIC, month)[1]
    assert (rates.satisfaction_p0, rates.satisfaction_source) == (0.9, "pooled")
    assert (rates.conduct_p0, rates.conduct_source) == (1560 / 1600, "pooled")


def test_a_given_site_rate_is_used_as_is():
    month = MonthInputs("2026-10", (officer(1, "Lê An"),), (SiteMonth(1, "Điểm 1", 0.8, None),))
    rates = site_rates(RUBRIC, month)[1]
    assert (rates.satisfaction_p0, rates.satisfaction_source) == (0.8, "given")
    assert rates.conduct_source == "pooled"


def test_pooled_site_rates_count_unverified_ratings_only_when_the_rubric_scores_them():
    tally = RatingTally(verified=10, verified_satisfied=10, unverified=10, unverified_satisfied=0)
    month = MonthInputs("2026-10", (replace(officer(1, "Lê An"), ratings=tally),))
    assert site_rates(RUBRIC, month)[1].satisfaction_p0 == 1.0
    scoring_all = replace(RUBRIC, score_unverified=True)
    assert site_rates(scoring_all, month)[1].satisfaction_p0 == 0.5


def test_a_site_without_ratings_has_no_rate_and_its_share_criteria_do_not_apply():
    quiet = replace(officer(1, "Lê An"), ratings=RatingTally(excluded=3), conduct=ConductTally())
    result = evaluate_month(RUBRIC, MonthInputs("2026-10", (quiet,)))
    assert result.sites[0].satisfaction_source == "none"
    an = result.officers[0]
    assert [c.applicable for c in an.criteria[:2]] == [False, False]
    assert an.rescaled and an.insufficient_ratings


def test_ranks_are_given_within_the_site_and_within_the_department():
    month = MonthInputs("2026-10", (
        officer(1, "Lê An", site=1, department=1, leader=10),
        officer(2, "Lê Bình", site=1, department=2, leader=6),
        officer(3, "Lê Cúc", site=2, department=1, leader=8),
        officer(4, "Lê Dung", site=2, department=2, leader=8),
    ))
    result = by_id(evaluate_month(RUBRIC, month))
    assert {i: (o.rank_in_site, o.rank_in_department) for i, o in result.items()} == {
        1: (1, 1), 2: (2, 2), 3: (1, 2), 4: (1, 1)}
    assert {i: o.position_in_site for i, o in result.items()} == {1: 1, 2: 2, 3: 1, 4: 2}


def test_officers_are_listed_by_site_then_site_ranking():
    month = MonthInputs("2026-10", (
        officer(1, "Lê An", site=2, leader=5), officer(2, "Lê Bình", site=1, leader=5),
        officer(3, "Lê Cúc", site=2, leader=9), officer(4, "Lê Dung", site=1, leader=9),
    ))
    result = evaluate_month(RUBRIC, month)
    assert [o.officer_id for o in result.officers] == [4, 2, 3, 1]
    assert [s.site_id for s in result.sites] == [1, 2]


@pytest.mark.parametrize("facts, grade, codes", [
    ({}, Grade.HOAN_THANH_XUAT_SAC, []),
    ({"confirmed_reports": 1}, Grade.HOAN_THANH, ["cap_confirmed_report"]),
    ({"discipline": True, "discipline_note": "QĐ số 5"}, Grade.KHONG_HOAN_THANH,
     ["cap_discipline"]),
])
def test_caps_apply_to_the_monthly_grade(facts, grade, codes):
    result = evaluate_month(RUBRIC, MonthInputs("2026-10", (officer(1, "Lê An", leader=10,
                                                                    **facts),)))
    an = result.officers[0]
    assert (an.grade, [c.code for c in an.grade_changes]) == (grade, codes)
    assert an.threshold_grade in (Grade.HOAN_THANH_XUAT_SAC, Grade.HOAN_THANH_TOT)


def _five_excellent_officers():
    return MonthInputs("2026-10", tuple(officer(i, name, leader=10 - i * 0.1) for i, name in
                                        enumerate(["Lê An", "Lê Bình", "Lê Cúc", "Lê Dung",
                                                   "Lê Giang"], start=1)))


def test_the_quota_is_off_by_default():
    result = evaluate_month(RUBRIC, _five_excellent_officers())
    assert {o.grade for o in result.officers} == {Grade.HOAN_THANH_XUAT_SAC}


def test_with_the_quota_on_the_excess_is_graded_down_in_rank_order_with_the_reason():
    rubric = replace(RUBRIC, quota=replace(RUBRIC.quota, enabled=True, max_share=0.4))
    result = evaluate_month(rubric, _five_excellent_officers())
    grades = [(o.officer_id, o.grade) for o in result.officers]
    assert grades == [(1, Grade.HOAN_THANH_XUAT_SAC), (2, Grade.HOAN_THANH_XUAT_SAC),
                      (3, Grade.HOAN_THANH_TOT), (4, Grade.HOAN_THANH_TOT),
                      (5, Grade.HOAN_THANH_TOT)]
    assert result.officers[2].grade_changes[0].code == "quota"
    assert result.officers[2].threshold_grade == Grade.HOAN_THANH_XUAT_SAC


def test_the_result_does_not_depend_on_the_order_of_the_inputs():
    month = _five_excellent_officers()
    shuffled = replace(month, officers=month.officers[::-1])
    assert evaluate_month(RUBRIC, month) == evaluate_month(RUBRIC, shuffled)


def test_a_month_result_survives_the_round_trip_through_json():
    result = evaluate_month(RUBRIC, MonthInputs("2026-10", (WORKED_EXAMPLE, officer(1, "Lê An")),
                                                (WORKED_SITE,)))
    text = json.dumps(result_to_dict(result), ensure_ascii=False)
    assert result_from_dict(json.loads(text)) == result
    assert result_to_dict(result_from_dict(json.loads(text))) == json.loads(text)


def test_month_inputs_survive_the_round_trip_through_json_and_evaluate_the_same():
    land = officer(1, "Lê An", department_flags=frozenset({"land_group"}))
    month = MonthInputs("2026-10", (WORKED_EXAMPLE, land), (WORKED_SITE,))
    again = inputs_from_dict(json.loads(json.dumps(inputs_to_dict(month))))
    assert again == month
    assert evaluate_month(RUBRIC, again) == evaluate_month(RUBRIC, month)


@pytest.mark.parametrize("document", [
    {"period": "2026-10"},
    {"format": "hailong.month-result/1", "period": "2026-10"},
    {"format": "hailong.month-result/1", "period": "2026-10", "rubric_name": "x",
     "rubric_version": "1", "officers": [], "sites": []},
    {"format": "hailong.month-result/1", "period": "2026-10", "rubric_name": "x",
     "rubric_version": 1, "officers": [], "sites": [], "extra": 1},
])
def test_a_snapshot_that_is_not_a_month_result_is_refused(document):
    with pytest.raises(ValueError):
        result_from_dict(document)
