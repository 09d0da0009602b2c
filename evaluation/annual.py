"""Roll twelve monthly results up into the year's grade."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .grades import Grade
from .grading import grade_for_total, grade_labels
from .periods import parse_month
from .results import AnnualOfficerResult, GradeChange, MonthResult, OfficerResult, YearResult
from .rubric_schema import Rubric
from .scoring import round_total


def _check_months(results: list[MonthResult]) -> int:
    """Return the year the results share; refuse mixed years and repeated months."""
    months = [parse_month(r.period) for r in results]
    if not months:
        raise ValueError("evaluate_year needs at least one monthly result")
    if len({m.year for m in months}) != 1:
        raise ValueError("all monthly results must belong to the same year")
    if len(set(months)) != len(months):
        raise ValueError("a month appears more than once among the monthly results")
    return months[0].year


def _discipline_change(grade: Grade, months: tuple[str, ...],
                       rubric: Rubric) -> tuple[Grade, tuple[GradeChange, ...]]:
    if not (months and rubric.annual.discipline_cap) or grade == Grade.KHONG_HOAN_THANH:
        return grade, ()
    vi, en = grade_labels(rubric.grades)[Grade.KHONG_HOAN_THANH]
    listed = ", ".join(f"{m[5:]}/{m[:4]}" for m in months)
    change = GradeChange("cap_discipline", grade, Grade.KHONG_HOAN_THANH,
                         f"Bị xử lý kỷ luật trong năm (tháng {listed}): {vi}.",
                         f"Disciplinary decision during the year (month {listed}): {en}.")
    return Grade.KHONG_HOAN_THANH, (change,)


def _roll_up(rubric: Rubric, history: list[OfficerResult], periods: list[str]) -> dict:
    """Return the annual figures of one officer from their monthly results, in month order."""
    evaluated = [(p, r) for p, r in zip(periods, history, strict=True)
                 if r.total_rounded is not None]
    totals = tuple(r.total_rounded for _, r in evaluated)
    mean = sum(totals) / len(totals) if totals else None
    rounded = None if mean is None else round_total(mean)
    discipline = tuple(p for p, r in zip(periods, history, strict=True) if r.discipline)
    first = None if rounded is None else grade_for_total(rounded, rubric.grades)
    grade, changes = (None, ()) if first is None else _discipline_change(first, discipline, rubric)
    return {"months": tuple(p for p, _ in evaluated), "monthly_totals": totals,
            "mean_total": mean, "mean_total_rounded": rounded, "threshold_grade": first,
            "grade": grade, "grade_changes": changes, "discipline_months": discipline}


def evaluate_year(rubric: Rubric, monthly_results: Iterable[MonthResult]) -> YearResult:
    """Roll a year's monthly results up under the rubric's annual rule ("mean_of_months").

    Policy: the annual total is the mean of the printed monthly totals (two decimals, as
    signed each month) of the months in which the officer was evaluated; months without a
    result or without a total are left out, not counted as zero. It is graded by the
    rubric's thresholds; with ``discipline_cap``, a discipline decision in any month makes it
    Không hoàn thành nhiệm vụ. The officer's names are taken from their latest month.
    An officer never evaluated in the year has no total and no grade.
    """
    results = sorted(monthly_results, key=lambda r: r.period)
    year = _check_months(results)
    history: dict[int, list[tuple[str, OfficerResult]]] = defaultdict(list)
    for result in results:
        for officer in result.officers:
            history[officer.officer_id].append((result.period, officer))
    officers = []
    for officer_id in sorted(history):
        periods = [p for p, _ in history[officer_id]]
        months = [r for _, r in history[officer_id]]
        latest = months[-1]
        officers.append(AnnualOfficerResult(
            officer_id=officer_id, code=latest.code, full_name=latest.full_name,
            site_id=latest.site_id, site_name=latest.site_name,
            department_id=latest.department_id, department_name=latest.department_name,
            **_roll_up(rubric, months, periods)))
    return YearResult(year, rubric.name, rubric.version, tuple(officers))
