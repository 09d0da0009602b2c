"""NĐ 335 inputs of a period, by officer: people's scores, the sheet's step, assigned tasks,
waivers, override findings and the share of the period worked."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select

from evaluation import DossierStats, OfficerMonth
from evaluation.inputs import Finding, HumanScore, LeaderPost
from evaluation.periods import Period
from evaluation.rubric_schema import OVERRIDE_DISCIPLINE
from models.assessment import (
    DegradationConclusion,
    EvaluationScore,
    EvaluationSheet,
    TaskAssignment,
    TaskWaiver,
)
from models.evaluation import DisciplineDecision
from models.leadership import LeadingPost, OutstandingUnit
from models.org import Department, Site


@dataclass(frozen=True)
class OfficerAssessment:
    """What the NĐ 335 workflow and inputs add to one officer's period."""

    human_scores: tuple[HumanScore, ...] = ()
    sheet_status: str | None = None
    assigned: int | None = None
    waived_delays: int = 0
    waived_quality_failures: int = 0
    worked_share: float = 1.0
    findings: tuple[Finding, ...] = ()
    leader_post: LeaderPost | None = None


def sheet_scores(session, period: str) -> dict[int, tuple[str, tuple[HumanScore, ...]]]:
    """Return ``{officer_id: (status, scores)}`` of the period's self-assessment sheets."""
    chains: dict[int, dict[str, dict]] = defaultdict(lambda: defaultdict(dict))
    statuses = dict(session.execute(select(EvaluationSheet.officer_id, EvaluationSheet.status)
                                    .where(EvaluationSheet.period == period)).all())
    rows = session.execute(
        select(EvaluationSheet.officer_id, EvaluationScore.criterion, EvaluationScore.stage,
               EvaluationScore.score, EvaluationScore.note)
        .join(EvaluationSheet, EvaluationSheet.id == EvaluationScore.sheet_id)
        .where(EvaluationSheet.period == period))
    for officer_id, criterion, stage, score, note in rows:
        chains[officer_id][criterion][stage] = (score, note)
    found = {}
    for officer_id, status in statuses.items():
        scores = []
        for criterion, stages in sorted(chains[officer_id].items()):
            (own, own_note), (head, head_note), (final, final_note) = (
                stages.get(stage, (None, "")) for stage in ("self", "head", "final"))
            scores.append(HumanScore(criterion, own, head, final, own_note, head_note,
                                     final_note))
        found[officer_id] = (status, tuple(scores))
    return found


def assignments(session, months: list[str]) -> dict[int, tuple[int | None, float]]:
    """Return ``{officer_id: (assigned, worked share)}`` over the given months.

    Policy: a quarter's assigned number is the sum of its months' (None when no month has
    one); its worked share is the mean of its months', a month without an entry counting
    as fully worked.
    """
    found: dict[int, list] = defaultdict(list)
    rows = session.execute(select(TaskAssignment.officer_id, TaskAssignment.assigned,
                                  TaskAssignment.worked_percent)
                           .where(TaskAssignment.period.in_(months)))
    for officer_id, assigned, percent in rows:
        found[officer_id].append((assigned, 100 if percent is None else percent))
    result = {}
    for officer_id, entries in found.items():
        given = [a for a, _ in entries if a is not None]
        percents = [p for _, p in entries] + [100] * (len(months) - len(entries))
        result[officer_id] = (sum(given) if given else None,
                              sum(percents) / (100 * len(months)))
    return result


def waivers(session, months: list[str]) -> dict[int, dict[str, int]]:
    """Return ``{officer_id: {"delay": n, "quality_failure": n}}`` waived in the months."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    rows = session.execute(select(TaskWaiver.officer_id, TaskWaiver.kind,
                                  func.sum(TaskWaiver.count))
                           .where(TaskWaiver.period.in_(months))
                           .group_by(TaskWaiver.officer_id, TaskWaiver.kind))
    for officer_id, kind, count in rows:
        found[officer_id][kind] = int(count)
    return found


def findings(session, first: date, last: date) -> dict[int, tuple[Finding, ...]]:
    """Return the override findings dated in [first, last], by officer, in date order.

    Discipline counts when recorded as for a violation in public duty.
    """
    found: dict[int, list[Finding]] = defaultdict(list)
    for d in session.scalars(select(DisciplineDecision).where(
            DisciplineDecision.public_duty, DisciplineDecision.decided_on >= first,
            DisciplineDecision.decided_on <= last)):
        note = " ".join(part for part in (d.form, d.reference) if part)
        found[d.officer_id].append(Finding(OVERRIDE_DISCIPLINE, d.decided_on, note))
    for c in session.scalars(select(DegradationConclusion).where(
            DegradationConclusion.concluded_on >= first,
            DegradationConclusion.concluded_on <= last)):
        # the conclusion's kind is the override's trigger (degradation, leader_unit_violation)
        found[c.officer_id].append(Finding(c.kind, c.concluded_on, c.reference))
    return {officer_id: tuple(sorted(items, key=lambda f: (f.day, f.kind, f.note)))
            for officer_id, items in found.items()}


def leading_posts(session, first: date, last: date) -> dict[int, LeaderPost]:
    """Return the leading post each officer held on some day of [first, last], by officer.

    Policy: a post counts when it started on or before ``last`` and did not end before
    ``first``; of several, the one that started last (then the latest recorded).
    """
    rows = session.execute(
        select(LeadingPost, Department.name, Site.name)
        .outerjoin(Department, Department.id == LeadingPost.department_id)
        .outerjoin(Site, Site.id == LeadingPost.site_id)
        .where(LeadingPost.started_on <= last,
               (LeadingPost.ended_on.is_(None)) | (LeadingPost.ended_on >= first))
        .order_by(LeadingPost.officer_id, LeadingPost.started_on, LeadingPost.id))
    found = {}
    for post, department_name, site_name in rows:
        unit_id = post.department_id if post.unit == "department" else post.site_id
        found[post.officer_id] = LeaderPost(
            post.unit, unit_id, department_name if post.unit == "department" else site_name,
            post.title, post.started_on)
    return found


def outstanding_sites(session, year: int) -> set[int]:
    """Return the sites an administrator marked as qualifying for the quota's exception."""
    return set(session.scalars(select(OutstandingUnit.site_id)
                               .where(OutstandingUnit.year == year)))


def period_assessments(session, period: Period) -> dict[int, OfficerAssessment]:
    """Return the NĐ 335 inputs of every officer that has any in the period.

    Override findings are those of the period's year up to its last day (the rubric then
    chooses whether it looks at the period or the year).
    """
    months = [str(m) for m in period.months]
    sheets = sheet_scores(session, str(period))
    assigned, waived = assignments(session, months), waivers(session, months)
    facts = findings(session, date(period.first_day.year, 1, 1), period.last_day)
    posts = leading_posts(session, period.first_day, period.last_day)
    found = {}
    for officer_id in (sheets.keys() | assigned.keys() | waived.keys() | facts.keys()
                       | posts.keys()):
        status, scores = sheets.get(officer_id, (None, ()))
        number, worked = assigned.get(officer_id, (None, 1.0))
        counts = waived.get(officer_id, {})
        found[officer_id] = OfficerAssessment(
            scores, status, number, counts.get("delay", 0), counts.get("quality_failure", 0),
            worked, facts.get(officer_id, ()), posts.get(officer_id))
    return found


def taking_part(assessments: dict[int, OfficerAssessment], period: Period) -> set[int]:
    """Return the officers the NĐ 335 inputs alone make evaluated in the period.

    Policy: a self-assessment sheet, an assigned number or an override finding dated in
    the period makes an officer take part; a waiver alone does not (it waives nothing).
    """
    return {officer_id for officer_id, a in assessments.items()
            if a.sheet_status is not None or a.assigned is not None
            or any(period.first_day <= f.day <= period.last_day for f in a.findings)}


def with_assessment(officer: OfficerMonth, found: OfficerAssessment | None) -> OfficerMonth:
    """Return an officer's inputs with the NĐ 335 inputs added to them.

    The assigned number and waivers join the dossier counts that ``dossier_stats`` gave;
    an officer with an assigned number but no dossier figures gets counts of zero, so the
    quantity rate is 0 rather than "not applicable".
    """
    if found is None:
        return officer
    stats = officer.dossiers
    if found.assigned is not None or found.waived_delays or found.waived_quality_failures:
        stats = replace(stats or DossierStats(), assigned=found.assigned
                        if found.assigned is not None else (stats.assigned if stats else None),
                        waived_delays=found.waived_delays,
                        waived_quality_failures=found.waived_quality_failures)
    return replace(officer, dossiers=stats, human_scores=found.human_scores,
                   sheet_status=found.sheet_status, findings=found.findings,
                   worked_share=found.worked_share, leader_post=found.leader_post)
