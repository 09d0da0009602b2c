"""Scoring one officer: each criterion kind, the total, rescaling and rounding."""

from dataclasses import replace
from datetime import date

import pytest

from evaluation.criteria import ScoringContext
from evaluation.inputs import (
    Breach,
    ConductTally,
    DossierStats,
    OfficerMonth,
    RatingTally,
)
from evaluation.results import CriterionResult
from evaluation.rubric import load_local_plan_rubric
from evaluation.scoring import combine_points, round_total, score_officer

RUBRIC = load_local_plan_rubric()
CONTEXT = ScoringContext(RUBRIC.adjustment, False, satisfaction_p0=0.92, conduct_p0=0.95)

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


def points(officer, ctx=CONTEXT, rubric=RUBRIC):
    score = score_officer(rubric, officer, ctx)
    return {c.code: c.points for c in score.criteria}, score


def test_the_worked_example_scores_each_criterion_as_domain_md_says():
    by_code, score = points(WORKED_EXAMPLE)
    assert {code: round(value, 6) for code, value in by_code.items()} == {
        "A1": 15, "A2": 9.794608, "A3": 5, "B1": 25, "B2": 9.166667, "B3": 9.5, "B4": 12, "B5": 9}
    assert round(score.total, 6) == 94.461275
    assert score.total_rounded == 94.46
    assert score.rescaled is False


def test_the_worked_example_prints_the_numbers_behind_satisfaction():
    a1 = score_officer(RUBRIC, WORKED_EXAMPLE, CONTEXT).criteria[0]
    assert dict(a1.inputs) == {"satisfied": 110, "scored": 120, "site_rate": 0.92,
                               "prior_weight": 10}
    assert round(a1.raw_rate, 4) == 0.9167
    assert round(a1.adjusted_rate, 6) == 0.916923
    assert a1.target == 0.9 and a1.insufficient is False


def test_an_officer_without_ratings_gets_the_site_rate_and_is_marked_chua_du_phieu():
    officer = replace(WORKED_EXAMPLE, ratings=RatingTally(), conduct=ConductTally())
    by_code, score = points(officer)
    a1 = score.criteria[0]
    assert a1.adjusted_rate == 0.92 and a1.raw_rate is None and a1.insufficient
    assert by_code["A1"] == 15
    assert by_code["A2"] == pytest.approx(10 * 0.95 / 0.95)
    assert score.insufficient_ratings is True
    assert score.scored_ratings == 0


@pytest.mark.parametrize("min_count, ratings, insufficient", [
    (1, 0, True), (1, 1, False), (5, 4, True), (5, 5, False), (0, 0, False),
])
def test_chua_du_phieu_marks_officers_below_the_minimum_count(min_count, ratings, insufficient):
    rubric = replace(RUBRIC, adjustment=replace(RUBRIC.adjustment, min_count=min_count))
    ctx = replace(CONTEXT, adjustment=rubric.adjustment)
    officer = replace(WORKED_EXAMPLE, ratings=RatingTally(ratings, ratings))
    assert score_officer(rubric, officer, ctx).insufficient_ratings is insufficient


def test_no_dossier_data_makes_dossier_criteria_not_applicable_and_the_total_is_rescaled():
    officer = replace(WORKED_EXAMPLE, dossiers=None)
    _, score = points(officer)
    skipped = [c for c in score.criteria if not c.applicable]
    assert [(c.code, c.not_applicable_reason, c.points) for c in skipped] == [
        ("B1", "no_dossier_data", 0), ("B2", "no_dossier_data", 0), ("B3", "no_dossier_data", 0)]
    assert score.applicable_max == 55
    assert score.rescaled is True
    assert score.total == pytest.approx((15 + 9.794608 + 5 + 12 + 9) * 100 / 55, abs=1e-5)


def test_zero_resolved_dossiers_is_not_applicable_but_records_the_counts():
    officer = replace(WORKED_EXAMPLE, dossiers=DossierStats(received=12))
    b1 = score_officer(RUBRIC, officer, CONTEXT).criteria[3]
    assert (b1.applicable, b1.not_applicable_reason) == (False, "no_dossiers")
    assert dict(b1.inputs) == {"early": 0, "on_time": 0, "resolved": 0}


def test_a_rate_on_an_optional_count_the_export_lacked_does_not_apply():
    online = replace(RUBRIC.criteria[3], code="B6", numerator=("received_online",),
                     denominator="received", target=0.7)
    rubric = replace(RUBRIC, criteria=(*RUBRIC.criteria, online))
    lacking = replace(WORKED_EXAMPLE, dossiers=replace(WORKED_EXAMPLE.dossiers,
                                                       received=100, received_online=None))
    b6 = score_officer(rubric, lacking, CONTEXT).criteria[-1]
    assert (b6.applicable, b6.not_applicable_reason, b6.points) == (False, "no_dossier_field", 0)
    given = replace(lacking, dossiers=replace(lacking.dossiers, received_online=35))
    b6 = score_officer(rubric, given, CONTEXT).criteria[-1]
    assert b6.applicable and b6.points == pytest.approx(25 * 0.35 / 0.7)


def test_without_rescaling_criteria_that_do_not_apply_simply_add_nothing():
    rubric = replace(RUBRIC, rescale_not_applicable=False)
    _, score = points(replace(WORKED_EXAMPLE, dossiers=None, leader_score=None), rubric=rubric)
    assert score.rescaled is False
    assert score.total == pytest.approx(15 + 9.794608 + 5 + 12, abs=1e-6)


def test_a_site_without_any_rating_makes_share_criteria_not_applicable():
    ctx = replace(CONTEXT, satisfaction_p0=None, conduct_p0=None)
    officer = replace(WORKED_EXAMPLE, ratings=RatingTally(), conduct=ConductTally())
    score = score_officer(RUBRIC, officer, ctx)
    assert [c.not_applicable_reason for c in score.criteria[:2]] == ["no_site_rate"] * 2
    assert score.adjusted_satisfaction is None


@pytest.mark.parametrize("flags, target, expected_a1", [
    (frozenset(), 0.9, 15 * (86 + 9.2) / 110 / 0.9),
    (frozenset({"land_group"}), 0.85, 15),
])
def test_land_departments_reach_full_satisfaction_points_at_85_percent(flags, target, expected_a1):
    officer = replace(WORKED_EXAMPLE, department_flags=flags,
                      ratings=RatingTally(verified=100, verified_satisfied=86))
    a1 = score_officer(RUBRIC, officer, CONTEXT).criteria[0]
    assert a1.target == target
    assert a1.points == pytest.approx(expected_a1)


@pytest.mark.parametrize("score_unverified, expected_k_n", [(False, (80, 100)), (True, (85, 110))])
def test_unverified_ratings_count_only_when_the_rubric_says_so(score_unverified, expected_k_n):
    officer = replace(WORKED_EXAMPLE, ratings=RatingTally(100, 80, unverified=10,
                                                          unverified_satisfied=5, excluded=4))
    ctx = replace(CONTEXT, score_unverified=score_unverified)
    a1 = score_officer(RUBRIC, officer, ctx).criteria[0]
    assert (dict(a1.inputs)["satisfied"], dict(a1.inputs)["scored"]) == expected_k_n


@pytest.mark.parametrize("reports, expected", [(0, 5), (1, 0), (3, 0)])
def test_each_confirmed_5_khong_report_takes_5_points_never_below_zero(reports, expected):
    by_code, _ = points(replace(WORKED_EXAMPLE, confirmed_reports=reports))
    assert by_code["A3"] == expected


@pytest.mark.parametrize("breaches, expected", [
    ((), 15),
    ((Breach("late_arrival", date(2026, 10, 1)),), 12),
    ((Breach("late_arrival", date(2026, 10, 1)), Breach("absence", date(2026, 10, 2), 5.5)), 6.5),
    (tuple(Breach("late_arrival", date(2026, 10, d)) for d in range(1, 7)), 0),
    ((Breach("uniform", date(2026, 10, 1), 0),), 15),
])
def test_breaches_take_their_own_deduction_or_3_points_never_below_zero(breaches, expected):
    by_code, _ = points(replace(WORKED_EXAMPLE, breaches=breaches))
    assert by_code["B4"] == expected


@pytest.mark.parametrize("leader_score, expected, applicable", [
    (None, 0, False), (0, 0, True), (7.5, 7.5, True), (10, 10, True), (12, 10, True), (-1, 0, True),
])
def test_the_leaders_score_is_taken_as_points_within_the_maximum(leader_score, expected,
                                                                 applicable):
    b5 = score_officer(RUBRIC, replace(WORKED_EXAMPLE, leader_score=leader_score),
                       CONTEXT).criteria[7]
    assert (b5.points, b5.applicable) == (expected, applicable)


def _criterion(points, max_points, applicable=True):
    return CriterionResult("X", "leader_score", max_points, applicable, points)


@pytest.mark.parametrize("criteria, rescale, expected", [
    ((_criterion(10, 50), _criterion(50, 50)), True, (60, 100, False, 60)),
    ((_criterion(10, 50), _criterion(0, 50, applicable=False)), True, (10, 50, True, 20)),
    ((_criterion(10, 50), _criterion(0, 50, applicable=False)), False, (10, 50, False, 10)),
    ((_criterion(0, 50, False), _criterion(0, 50, False)), True, (0, 0, False, None)),
    ((_criterion(0, 50, False), _criterion(0, 50, False)), False, (0, 0, False, None)),
])
def test_totals_combine_unrounded_points_and_rescale_over_applicable_criteria(criteria, rescale,
                                                                               expected):
    assert combine_points(criteria, 100, rescale) == expected


@pytest.mark.parametrize("total, printed", [
    (94.461275, 94.46), (89.994999, 89.99), (89.995, 90.0), (89.99499999999999, 90.0),
    (70.005, 70.01), (49.994, 49.99), (100, 100), (0, 0),
])
def test_totals_print_with_two_decimals_rounded_half_up(total, printed):
    assert round_total(total) == printed
