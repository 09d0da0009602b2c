"""The annual roll-up: mean of the evaluated months, graded with the discipline cap."""

import json
from dataclasses import replace

import pytest

from evaluation.engine import evaluate_year
from evaluation.grades import Grade
from evaluation.results import MonthResult, OfficerResult
from evaluation.rubric import load_local_plan_rubric
from evaluation.serialization import year_result_from_dict, year_result_to_dict

RUBRIC = load_local_plan_rubric()


def officer_month(officer_id=1, total=90.0, discipline=False, name="Lê Văn Ánh"):
    return OfficerResult(
        officer_id=officer_id, code=f"CB{officer_id}", full_name=name, title="Chuyên viên",
        site_id=1, site_name="Điểm 1", department_id=1, department_name="Sở 1", criteria=(),
        points_sum=total or 0.0, applicable_max=100.0, rescaled=False, total=total,
        total_rounded=total, threshold_grade=None, grade=None, grade_changes=(),
        scored_ratings=10, adjusted_satisfaction=0.9, insufficient_ratings=False,
        confirmed_reports=0, discipline=discipline, rank_in_site=1, rank_in_department=1,
        position_in_site=1, position_in_department=1)


def month(period, *officers):
    return MonthResult(period, RUBRIC.name, RUBRIC.version, officers, ())


def year_of(*months):
    return {o.officer_id: o for o in evaluate_year(RUBRIC, months).officers}


def test_the_year_is_the_mean_of_the_printed_monthly_totals():
    ann = year_of(month("2026-01", officer_month(total=95.0)),
                  month("2026-02", officer_month(total=86.0)))[1]
    assert ann.monthly_totals == (95.0, 86.0)
    assert (ann.mean_total, ann.mean_total_rounded) == (90.5, 90.5)
    assert ann.grade == Grade.HOAN_THANH_XUAT_SAC


def test_months_without_a_result_or_a_total_are_left_out_not_counted_as_zero():
    ann = year_of(month("2026-01", officer_month(total=80.0)),
                  month("2026-02", officer_month(total=None)),
                  month("2026-03", officer_month(officer_id=2, total=10.0)),
                  month("2026-04", officer_month(total=70.0)))[1]
    assert ann.months == ("2026-01", "2026-04")
    assert ann.mean_total == 75.0 and ann.grade == Grade.HOAN_THANH_TOT


@pytest.mark.parametrize("totals, grade", [
    ((90.0, 90.0), Grade.HOAN_THANH_XUAT_SAC), ((89.99, 89.99), Grade.HOAN_THANH_TOT),
    ((70.0, 69.99), Grade.HOAN_THANH_TOT), ((50.0, 49.99), Grade.HOAN_THANH),
    ((49.99, 49.98), Grade.KHONG_HOAN_THANH),
])
def test_the_annual_mean_is_graded_by_the_same_thresholds(totals, grade):
    months = [month(f"2026-{i:02d}", officer_month(total=t)) for i, t in enumerate(totals, 1)]
    assert year_of(*months)[1].grade == grade


def test_discipline_in_any_month_makes_the_year_khong_hoan_thanh():
    ann = year_of(month("2026-01", officer_month(total=99.0)),
                  month("2026-07", officer_month(total=99.0, discipline=True)))[1]
    assert ann.threshold_grade == Grade.HOAN_THANH_XUAT_SAC
    assert ann.grade == Grade.KHONG_HOAN_THANH
    assert ann.discipline_months == ("2026-07",)
    assert "07/2026" in ann.grade_changes[0].reason_vi


def test_the_discipline_cap_can_be_switched_off():
    rubric = replace(RUBRIC, annual=replace(RUBRIC.annual, discipline_cap=False))
    result = evaluate_year(rubric, [month("2026-07", officer_month(total=99.0, discipline=True))])
    assert result.officers[0].grade == Grade.HOAN_THANH_XUAT_SAC


def test_the_officers_names_come_from_their_latest_month():
    ann = year_of(month("2026-12", officer_month(name="Lê Thị Ánh")),
                  month("2026-01", officer_month(name="Lê Ánh")))[1]
    assert ann.full_name == "Lê Thị Ánh"


def test_an_officer_never_evaluated_in_the_year_has_no_total_and_no_grade():
    ann = year_of(month("2026-01", officer_month(total=None)))[1]
    assert (ann.mean_total, ann.grade, ann.months) == (None, None, ())


@pytest.mark.parametrize("months", [
    [],
    [month("2026-01", officer_month()), month("2027-01", officer_month())],
    [month("2026-01", officer_month()), month("2026-01", officer_month())],
])
def test_months_of_several_years_repeated_months_or_none_are_refused(months):
    with pytest.raises(ValueError):
        evaluate_year(RUBRIC, months)


def test_a_year_result_survives_the_round_trip_through_json():
    result = evaluate_year(RUBRIC, [month("2026-03", officer_month(total=91.0, discipline=True)),
                                    month("2026-04", officer_month(total=88.13))])
    again = year_result_from_dict(json.loads(json.dumps(year_result_to_dict(result))))
    assert again == result
