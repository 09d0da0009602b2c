"""Roll a year's period results (months or quarters) up into the year's grade."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from fractions import Fraction

from .grades import Grade
from .grading import apply_overrides, apply_quota, grade_for_total, grade_labels
from .periods import parse_period
from .ranking import RankCandidate, rank_officers
from .rates import exact_fraction
from .results import AnnualOfficerResult, GradeChange, MonthResult, OfficerResult, YearResult
from .rubric_schema import ANNUAL_MEAN_OF_PERIODS, WITHIN_YEAR, Override, Rubric
from .scoring import round_total


def _check_periods(results: list[MonthResult]) -> int:
    """Return the year the results share; refuse mixed years and overlapping periods."""
    periods = [parse_period(r.period) for r in results]
    if not periods:
        raise ValueError("evaluate_year needs at least one period result")
    if len({p.year for p in periods}) != 1:
        raise ValueError("all period results must belong to the same year")
    months = [m for p in periods for m in p.months]
    if len(set(months)) != len(months):
        raise ValueError("a month appears more than once among the period results")
    return periods[0].year


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


def _weighted_mean(rubric: Rubric, evaluated: list[tuple[str, OfficerResult]]):
    """Return (weights, mean) of the printed period totals.

    Policy ("mean_of_periods", NĐ 335/2025): each period weighs the months it covers times
    the share of it actually worked, so leave and absence are pro-rated, never counted as
    zero; a period not worked at all weighs nothing. "mean_of_months" (the first format)
    is the plain mean of the months evaluated.
    """
    if rubric.annual.rule != ANNUAL_MEAN_OF_PERIODS:
        totals = [r.total_rounded for _, r in evaluated]
        return tuple(1.0 for _ in totals), (sum(totals) / len(totals) if totals else None)
    weights = [len(parse_period(p).months) * exact_fraction(r.worked_share)
               for p, r in evaluated]
    if not any(weights):
        return tuple(float(w) for w in weights), None
    total = sum((exact_fraction(r.total_rounded) * w
                 for (_, r), w in zip(evaluated, weights, strict=True)), Fraction(0))
    return tuple(float(w) for w in weights), float(total / sum(weights))


def _roll_up(rubric: Rubric, history: list[OfficerResult], periods: list[str],
             year: int) -> dict:
    """Return the annual figures of one officer from their period results, in order."""
    evaluated = [(p, r) for p, r in zip(periods, history, strict=True)
                 if r.total_rounded is not None]
    weights, mean = _weighted_mean(rubric, evaluated)
    kept = [(p, r, w) for (p, r), w in zip(evaluated, weights, strict=True)
            if w > 0 or rubric.annual.rule != ANNUAL_MEAN_OF_PERIODS]
    rounded = None if mean is None else round_total(mean)
    discipline = tuple(p for p, r in zip(periods, history, strict=True) if r.discipline)
    first = None if rounded is None else grade_for_total(rounded, rubric.grades)
    grade, changes = (None, ()) if first is None else _discipline_change(first, discipline, rubric)
    if grade is not None and rubric.annual.overrides and rubric.overrides:
        findings = sorted({f for r in history for f in r.findings}, key=lambda f: (f.day, f.kind))
        yearly = [Override(o.when, WITHIN_YEAR) for o in rubric.overrides]
        holds_post = any(r.leader_post is not None for r in history)
        grade, overridden = apply_overrides(grade, yearly, findings, date(year, 1, 1),
                                            date(year, 12, 31), grade_labels(rubric.grades),
                                            holds_post)
        changes += overridden
    return {"months": tuple(p for p, _, _ in kept),
            "monthly_totals": tuple(r.total_rounded for _, r, _ in kept),
            "mean_total": mean, "mean_total_rounded": rounded, "threshold_grade": first,
            "grade": grade, "grade_changes": changes, "discipline_months": discipline,
            "weights": tuple(w for _, _, w in kept)}


def evaluate_year(rubric: Rubric, monthly_results: Iterable[MonthResult]) -> YearResult:
    """Roll a year's period results up under the rubric's annual rule.

    Policy: the annual total is the mean of the printed period totals (two decimals, as
    signed each period) of the periods in which the officer was evaluated; periods without
    a result or without a total are left out, not counted as zero ("mean_of_periods" weighs
    them by the time actually worked, see ``_weighted_mean``). It is graded by the rubric's
    thresholds; with ``discipline_cap``, a discipline decision in any month makes it Không
    hoàn thành nhiệm vụ; with ``annual.overrides``, every override found anywhere in the
    year does too (NĐ 335/2025). With ``annual.quota`` and the rubric's quota enabled, the
    top grade is limited in each group by the same rule as a period's, on the annual mean
    (ties never split by name). The officer's names are taken from their latest period.
    An officer never evaluated in the year has no total and no grade.
    """
    results = sorted(monthly_results, key=lambda r: parse_period(r.period).first_day)
    year = _check_periods(results)
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
            **_roll_up(rubric, months, periods, year)))
    if rubric.quota.enabled and rubric.annual.quota:
        outstanding = {site.site_id for result in results for site in result.sites
                       if site.outstanding}
        officers = _annual_quota(rubric, officers, outstanding)
    return YearResult(year, rubric.name, rubric.version, tuple(officers))


def _annual_quota(rubric: Rubric, officers: list[AnnualOfficerResult], outstanding: set[int]):
    """Apply the rubric's quota to the year's grades, group by group (ranked by mean).

    A group of a site marked outstanding in any of the year's periods (``outstanding``)
    holds to the exception's share when the rubric's exception is on.
    """
    labels = grade_labels(rubric.grades)
    by_id = {o.officer_id: o for o in officers}
    for kind in rubric.quota.groups:
        groups: dict[int, list[AnnualOfficerResult]] = defaultdict(list)
        for officer in by_id.values():
            groups[officer.site_id if kind == "site" else officer.department_id].append(officer)
        for members in groups.values():
            name = members[0].site_name if kind == "site" else members[0].department_name
            listing = rank_officers(RankCandidate(o.officer_id, o.full_name,
                                                  o.mean_total_rounded, None, 0)
                                    for o in members)
            grades = {o.officer_id: o.grade for o in members}
            excepted = (all(m.site_id in outstanding for m in members)
                        and rubric.quota.exception is not None
                        and rubric.quota.exception.applies)
            share = rubric.quota.share_for(excepted)
            for officer_id, change in apply_quota(listing, grades, share, name, labels,
                                                  rubric.quota.base, excepted).items():
                before = by_id[officer_id]
                by_id[officer_id] = replace(before, grade=change.to_grade,
                                            grade_changes=(*before.grade_changes, change))
    return [by_id[o.officer_id] for o in officers]
