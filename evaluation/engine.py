"""Evaluate a whole month: site rates, scores, grades, quota and ranks for every officer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from fractions import Fraction

from .annual import evaluate_year
from .criteria import ScoringContext
from .grading import (
    GradeOutcome,
    Labels,
    apply_overrides,
    apply_quota,
    cap_grade,
    grade_for_total,
    grade_labels,
)
from .inputs import LEADS_DEPARTMENT, DossierStats, MonthInputs, OfficerMonth, pool_dossiers
from .periods import Period, parse_period
from .ranking import RankCandidate, RankedOfficer, rank_officers
from .rates import raw_rate
from .results import MonthResult, OfficerResult, SiteRates
from .rubric_schema import Rubric
from .scoring import OfficerScore, score_officer
from .serialization import result_from_dict, result_to_dict

__all__ = ["evaluate_month", "evaluate_year", "result_from_dict", "result_to_dict",
           "site_rates"]


def _rate(given: float | None, pairs: list[tuple[int, int]]) -> tuple[float | None, str]:
    if given is not None:
        return given, "given"
    rate = raw_rate(sum(k for k, _ in pairs), sum(n for _, n in pairs))
    return rate, "none" if rate is None else "pooled"


def site_rates(rubric: Rubric, month: MonthInputs) -> dict[int, SiteRates]:
    """Return the satisfaction and conduct rates (p0) of every site, by site id.

    Policy: a rate given in ``month.sites`` is used as is. Otherwise it is the pooled share
    Σk / Σn over the site's officers' scored tallies — the same answers the criteria score
    (verified ones, plus unverified ones when the rubric scores them; never excluded ones).
    A site without any such answer has no rate ("none"), and its share criteria do not apply.
    """
    officers: dict[int, list[OfficerMonth]] = defaultdict(list)
    for officer in sorted(month.officers, key=lambda o: o.officer_id):
        officers[officer.site_id].append(officer)
    given = {site.site_id: site for site in month.sites}
    rates = {}
    for site_id in sorted(officers.keys() | given.keys()):
        members, site = officers.get(site_id, []), given.get(site_id)
        name = site.site_name if site else members[0].site_name
        sat = _rate(site.satisfaction_p0 if site else None,
                    [o.ratings.scored(rubric.score_unverified) for o in members])
        con = _rate(site.conduct_p0 if site else None,
                    [o.conduct.scored(rubric.score_unverified) for o in members])
        rates[site_id] = SiteRates(site_id, name, sat[0], sat[1], con[0], con[1],
                                   bool(site and site.outstanding))
    return rates


def exact_satisfaction_p0(rubric: Rubric, month: MonthInputs) -> dict[int, Fraction | None]:
    """Return each site's pooled satisfaction rate Σk / Σn as an exact fraction (for ranking).

    A rate given by the app is taken as the decimal it is.
    """
    pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for officer in month.officers:
        pairs[officer.site_id].append(officer.ratings.scored(rubric.score_unverified))
    given = {site.site_id: site.satisfaction_p0 for site in month.sites}
    rates: dict[int, Fraction | None] = {}
    for site_id in pairs.keys() | given.keys():
        if given.get(site_id) is not None:
            rates[site_id] = Fraction(repr(given[site_id]))
            continue
        n = sum(n for _, n in pairs.get(site_id, []))
        rates[site_id] = Fraction(sum(k for k, _ in pairs[site_id]), n) if n else None
    return rates


def _candidate(officer: OfficerMonth, score: OfficerScore) -> RankCandidate:
    return RankCandidate(officer.officer_id, officer.full_name, score.total_rounded,
                         score.adjusted_satisfaction, score.scored_ratings,
                         score.satisfaction_key)


def _rank_by(officers: tuple[OfficerMonth, ...], scores: dict[int, OfficerScore],
             group: Callable[[OfficerMonth], int]) -> dict[int, list[RankedOfficer]]:
    """Return each group's ranking listing, by group id."""
    members: dict[int, list[RankCandidate]] = defaultdict(list)
    for officer in officers:
        members[group(officer)].append(_candidate(officer, scores[officer.officer_id]))
    return {key: rank_officers(candidates) for key, candidates in members.items()}


def _by_officer(listings: dict[int, list[RankedOfficer]]) -> dict[int, RankedOfficer]:
    return {r.candidate.officer_id: r for listing in listings.values() for r in listing}


def _unit_key(officer: OfficerMonth) -> tuple[str, int, int]:
    """Return the key of the unit an officer's post leads: (unit, unit id, site id)."""
    post = officer.leader_post
    return post.unit, post.unit_id, officer.site_id


def unit_dossiers(month: MonthInputs) -> dict[tuple[str, int, int], DossierStats | None]:
    """Return the pooled task counts of every unit a leader of ``month`` leads, by unit.

    Policy (local choice, docs/legal.md): a unit's counts pool its officers evaluated in
    the period, the leader included, with their waivers (see ``inputs.pool_dossiers``): for
    a department post, the department's officers at the leader's site (a department serves
    at several sites); for a site post, every officer of that site.
    """
    pooled = {}
    for unit, unit_id, site_id in sorted({_unit_key(o) for o in month.officers
                                          if o.leader_post is not None}):
        if unit == LEADS_DEPARTMENT:
            members = [o for o in month.officers
                       if o.department_id == unit_id and o.site_id == site_id]
        else:
            members = [o for o in month.officers if o.site_id == unit_id]
        members.sort(key=lambda o: o.officer_id)
        pooled[(unit, unit_id, site_id)] = pool_dossiers(tuple(o.dossiers for o in members))
    return pooled


def _grade_officer(rubric: Rubric, officer: OfficerMonth, score: OfficerScore,
                   labels: Labels, period: Period) -> GradeOutcome:
    """Grade one officer by the thresholds, then apply the caps, then the overrides."""
    if score.total_rounded is None:
        return GradeOutcome(None, None)
    first = grade_for_total(score.total_rounded, rubric.grades)
    final, changes = cap_grade(first, rubric.caps, labels, officer.confirmed_reports,
                               officer.discipline, officer.discipline_note)
    final, overridden = apply_overrides(final, rubric.overrides, officer.findings,
                                        period.first_day, period.last_day, labels,
                                        officer.leader_post is not None)
    return GradeOutcome(first, final, changes + overridden)


def _apply_quotas(rubric: Rubric, listings: dict[str, dict[int, list[RankedOfficer]]],
                  names: dict[str, dict[int, str]], graded: dict[int, GradeOutcome],
                  labels: Labels, outstanding: dict[str, set[int]]) -> None:
    """Apply the top-grade quota in each group of each kind the rubric names, in place.

    Policy: the group kinds are applied in the rubric's order (site, then department by
    default), each on the grades the previous one left, so no group's quota is exceeded.
    A group of an outstanding agency (``outstanding[kind]``) holds to the rubric's
    exception share when the exception is on; every other group to ``max_share``.
    """
    quota = rubric.quota
    for kind in quota.groups:
        for group_id, listing in sorted(listings[kind].items()):
            current = {r.candidate.officer_id: graded[r.candidate.officer_id].grade
                       for r in listing}
            excepted = (group_id in outstanding[kind] and quota.exception is not None
                        and quota.exception.applies)
            changes = apply_quota(listing, current, quota.share_for(excepted),
                                  names[kind][group_id], labels, quota.base, excepted)
            for officer_id, change in changes.items():
                graded[officer_id] = graded[officer_id].with_change(change)


def outstanding_groups(month: MonthInputs) -> dict[str, set[int]]:
    """Return the quota groups of agencies marked outstanding: site ids and department ids.

    Policy: the agency is the site (as for the quota's groups, docs/legal.md row 26); a
    department group shares the exception when all its officers are at outstanding sites
    (a department serving at several sites, some not outstanding, keeps the usual share).
    """
    sites = {site.site_id for site in month.sites if site.outstanding}
    departments = ({o.department_id for o in month.officers}
                   - {o.department_id for o in month.officers if o.site_id not in sites})
    return {"site": sites, "department": departments}


def evaluate_month(rubric: Rubric, month: MonthInputs,
                   progress: Callable[[int, int], None] | None = None) -> MonthResult:
    """Evaluate every officer of ``month`` under ``rubric``.

    The result does not depend on the order of the inputs: officers are listed by site id,
    then in the site's ranking order (see ``ranking.rank_officers``), and sites by id.

    ``progress``, when given, is called as ``progress(scored, total)`` with the officers
    scored so far (from 0 to all of them); it only watches, the result is the same.
    """
    period = parse_period(month.period)
    rates = site_rates(rubric, month)
    exact = exact_satisfaction_p0(rubric, month)
    scores = {}
    pooled = unit_dossiers(month)
    total = len(month.officers)
    if progress is not None:
        progress(0, total)
    for scored, officer in enumerate(month.officers, start=1):
        site = rates[officer.site_id]
        ctx = ScoringContext(rubric.adjustment, rubric.score_unverified,
                             site.satisfaction_p0, site.conduct_p0, exact[officer.site_id],
                             pooled[_unit_key(officer)] if officer.leader_post else None)
        scores[officer.officer_id] = score_officer(rubric, officer, ctx)
        if progress is not None:
            progress(scored, total)
    site_listings = _rank_by(month.officers, scores, lambda o: o.site_id)
    department_listings = _rank_by(month.officers, scores, lambda o: o.department_id)
    in_site, in_department = _by_officer(site_listings), _by_officer(department_listings)
    labels = grade_labels(rubric.grades)
    graded = {o.officer_id: _grade_officer(rubric, o, scores[o.officer_id], labels, period)
              for o in month.officers}
    if rubric.quota.enabled:
        names = {"site": {site_id: r.site_name for site_id, r in rates.items()},
                 "department": {o.department_id: o.department_name for o in month.officers}}
        _apply_quotas(rubric, {"site": site_listings, "department": department_listings},
                      names, graded, labels, outstanding_groups(month))
    results = [_officer_result(o, scores[o.officer_id], graded[o.officer_id],
                               in_site[o.officer_id], in_department[o.officer_id])
               for o in month.officers]
    results.sort(key=lambda r: (r.site_id, r.position_in_site))
    return MonthResult(month.period, rubric.name, rubric.version, tuple(results),
                       tuple(rates[site_id] for site_id in sorted(rates)))


def _officer_result(officer: OfficerMonth, score: OfficerScore,
                    graded: GradeOutcome, site: RankedOfficer,
                    department: RankedOfficer) -> OfficerResult:
    threshold_grade, grade, changes = graded
    return OfficerResult(
        officer_id=officer.officer_id, code=officer.code, full_name=officer.full_name,
        title=officer.title, site_id=officer.site_id, site_name=officer.site_name,
        department_id=officer.department_id, department_name=officer.department_name,
        criteria=score.criteria, points_sum=score.points_sum,
        applicable_max=score.applicable_max, rescaled=score.rescaled, total=score.total,
        total_rounded=score.total_rounded, threshold_grade=threshold_grade, grade=grade,
        grade_changes=changes, scored_ratings=score.scored_ratings,
        adjusted_satisfaction=score.adjusted_satisfaction,
        insufficient_ratings=score.insufficient_ratings,
        confirmed_reports=officer.confirmed_reports, discipline=officer.discipline,
        rank_in_site=site.rank, rank_in_department=department.rank,
        position_in_site=site.position, position_in_department=department.position,
        worked_share=officer.worked_share, findings=officer.findings,
        sheet_status=officer.sheet_status, leader_post=officer.leader_post,
    )
