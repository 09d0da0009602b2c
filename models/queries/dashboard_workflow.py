"""The NĐ 335 workflow on the dashboard: officers at each step, reviewers' mean scores.

Read live from the sheets and their scores on every request (two indexed queries), never from
the stored dashboard figures: a score given or changed shows on the next page load.
"""

from dataclasses import dataclass

from sqlalchemy import select

from evaluation.periods import Month, Period, parse_period
from evaluation.review_means import CriterionReview, most_lowered, review_means
from evaluation.rubric_schema import Criterion
from models.assessment import EvaluationScore, EvaluationSheet
from models.org import Officer, Site
from models.queries.rubrics import NoRubricInForce, WrongPeriodKind, rubric_for_month

#: The dashboard's steps, in order, and the sheet statuses each gathers.
STEPS = (
    ("to_hand_in", ("none", "draft", "returned")),
    ("waiting_head", ("submitted",)),
    ("waiting_leader", ("reviewed",)),
    ("approved", ("approved",)),
    ("khong_nop", ("not_submitted",)),
)


@dataclass(frozen=True)
class WorkflowFigures:
    """A period's workflow for the officers in view."""

    period: str
    #: Officers at each step, in ``STEPS`` order: (code, count).
    steps: tuple[tuple[str, int], ...]
    officers: int
    #: The rubric's criteria scored by people, and their reviews (same order).
    criteria: tuple[Criterion, ...]
    reviews: tuple[CriterionReview, ...]
    #: The criterion whose final scores fell most below the officers' own, or None.
    most_lowered: str | None
    #: The sites an officer in view works at, as (id, name), for the site filter.
    sites: tuple[tuple[int, str], ...]


def workflow_period(session, month: Month) -> tuple[Period, object] | None:
    """Return the workflow period of a calendar month (its quarter under a quarterly rubric)
    and the rubric in force; None when no rubric applies."""
    try:
        return month, rubric_for_month(session, month)
    except WrongPeriodKind as exc:
        if exc.proper is None:
            return None
        quarter = parse_period(exc.proper)
        try:
            return quarter, rubric_for_month(session, quarter)
        except NoRubricInForce:
            return None
    except NoRubricInForce:
        return None


def workflow_figures(session, month: Month, *, departments: frozenset[int] | None = None,
                     site_id: int | None = None) -> WorkflowFigures | None:
    """Return the workflow of ``month``'s period for the officers in view; None: no rubric.

    The officers are those the status board lists: every active officer, and any other
    with a sheet in the period; ``departments`` (a liaison's) and ``site_id`` narrow them.
    """
    found = workflow_period(session, month)
    if found is None:
        return None
    period, rubric = found
    key = str(period)
    query = (select(Officer.id, Officer.active, Officer.site_id, Site.name,
                    EvaluationSheet.status)
             .join(Site, Site.id == Officer.site_id)
             .outerjoin(EvaluationSheet, (EvaluationSheet.officer_id == Officer.id)
                        & (EvaluationSheet.period == key)))
    if departments is not None:
        query = query.where(Officer.department_id.in_(sorted(departments)))
    rows = [r for r in session.execute(query) if r.active or r.status is not None]
    sites = tuple(sorted({(r.site_id, r.name) for r in rows}, key=lambda s: (s[1], s[0])))
    if site_id is not None:
        rows = [r for r in rows if r.site_id == site_id]
    statuses = [r.status or "none" for r in rows]
    steps = tuple((code, sum(1 for s in statuses if s in members)) for code, members in STEPS)
    criteria = rubric.rubric.scored_by_people
    in_view = {r.id for r in rows}
    scores = [] if not criteria or not in_view else [
        (sheet_id, criterion, stage, score) for sheet_id, officer_id, criterion, stage, score
        in session.execute(
            select(EvaluationScore.sheet_id, EvaluationSheet.officer_id,
                   EvaluationScore.criterion, EvaluationScore.stage, EvaluationScore.score)
            .join(EvaluationSheet, EvaluationSheet.id == EvaluationScore.sheet_id)
            .where(EvaluationSheet.period == key))
        if officer_id in in_view]
    reviews = review_means([c.code for c in criteria], scores)
    return WorkflowFigures(key, steps, len(rows), criteria, reviews, most_lowered(reviews),
                           sites)
