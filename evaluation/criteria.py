"""The fixed criterion kinds: how each turns an officer's inputs into points."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from .criteria_nd335 import score_human, score_task_results
from .inputs import DossierStats, OfficerMonth
from .rates import estimate_rate, points_for_rate, raw_rate
from .results import CriterionResult
from .rubric_schema import (
    BREACH_DEDUCTION,
    CONDUCT_SHARE,
    CONFIRMED_REPORT_DEDUCTION,
    DEFAULT_PER_BREACH,
    DOSSIER_RATE,
    HUMAN_SCORE,
    LEADER_SCORE,
    RATING_SHARE,
    TASK_RESULTS,
    Adjustment,
    Criterion,
)


@dataclass(frozen=True)
class ScoringContext:
    """What a criterion needs beyond the officer's own inputs."""

    adjustment: Adjustment
    score_unverified: bool
    satisfaction_p0: float | None
    conduct_p0: float | None
    #: The site's satisfaction rate as an exact fraction (Σk/Σn), for ranking.
    satisfaction_p0_exact: Fraction | None = None
    #: For an officer holding a leading post: the led unit's pooled task counts.
    unit_dossiers: DossierStats | None = None


def _not_applicable(criterion: Criterion, reason: str, **extra) -> CriterionResult:
    return CriterionResult(criterion.code, criterion.kind, criterion.max_points, False, 0.0,
                           not_applicable_reason=reason, **extra)


def _share(criterion: Criterion, officer: OfficerMonth, counts: tuple[tuple[str, int], ...],
           p0: float | None, ctx: ScoringContext) -> CriterionResult:
    """Score an adjusted share of answers against the criterion's target.

    Policy: an officer with no answers gets the site rate p0; answers below the rubric's
    ``min_count`` are marked insufficient ("chưa đủ phiếu") but still scored. When the site
    has no answers at all (no p0), the criterion does not apply.
    """
    adj = ctx.adjustment
    (_, k), (_, n) = counts
    if p0 is None:
        return _not_applicable(criterion, "no_site_rate", inputs=counts,
                               insufficient=n < adj.min_count)
    inputs = (*counts, ("site_rate", p0), ("prior_weight", adj.prior_weight))
    adjusted = estimate_rate(k, n, p0, adj.method, adj.prior_weight, adj.wilson_z)
    target = criterion.target_for(officer.department_flags)
    return CriterionResult(criterion.code, criterion.kind, criterion.max_points, True,
                           points_for_rate(adjusted, target, criterion.max_points),
                           inputs=inputs, raw_rate=raw_rate(k, n), adjusted_rate=adjusted,
                           target=target, insufficient=n < adj.min_count)


def score_rating_share(criterion: Criterion, officer: OfficerMonth,
                       ctx: ScoringContext) -> CriterionResult:
    """Score the adjusted share of satisfied ratings (Rất hài lòng + Hài lòng)."""
    k, n = officer.ratings.scored(ctx.score_unverified)
    return _share(criterion, officer, (("satisfied", k), ("scored", n)), ctx.satisfaction_p0, ctx)


def score_conduct_share(criterion: Criterion, officer: OfficerMonth,
                        ctx: ScoringContext) -> CriterionResult:
    """Score the adjusted share of "Có" among answered "4 xin, 4 luôn" items."""
    k, n = officer.conduct.scored(ctx.score_unverified)
    return _share(criterion, officer, (("yes", k), ("answered", n)), ctx.conduct_p0, ctx)


def _deduct(criterion: Criterion, count: int, deduction: float, name: str) -> CriterionResult:
    points = max(0.0, criterion.max_points - deduction)
    return CriterionResult(criterion.code, criterion.kind, criterion.max_points, True, points,
                           inputs=((name, count), ("deduction", deduction)))


def score_confirmed_reports(criterion: Criterion, officer: OfficerMonth,
                            ctx: ScoringContext) -> CriterionResult:
    """Take ``per_report`` points off per confirmed "5 không" report, not below 0."""
    per_report = criterion.deduction if criterion.deduction is not None else criterion.max_points
    count = officer.confirmed_reports
    return _deduct(criterion, count, per_report * count, "confirmed_reports")


def score_breaches(criterion: Criterion, officer: OfficerMonth,
                   ctx: ScoringContext) -> CriterionResult:
    """Take each breach's own deduction, or ``per_breach`` when it has none, not below 0."""
    default = criterion.deduction if criterion.deduction is not None else DEFAULT_PER_BREACH
    total = sum(b.deduction if b.deduction is not None else default for b in officer.breaches)
    return _deduct(criterion, len(officer.breaches), float(total), "breaches")


def score_dossier_rate(criterion: Criterion, officer: OfficerMonth,
                       ctx: ScoringContext) -> CriterionResult:
    """Score a raw dossier rate (no adjustment) against the target.

    Policy: no dossier data, a field the export did not provide (an optional count left
    out of the import), or a zero denominator makes the criterion not applicable.
    """
    stats = officer.dossiers
    if stats is None:
        return _not_applicable(criterion, "no_dossier_data")
    names = (*criterion.numerator, criterion.denominator)
    if any(stats.count(name) is None for name in names):
        return _not_applicable(criterion, "no_dossier_field")
    counts = tuple((name, stats.count(name)) for name in criterion.numerator)
    denominator = stats.count(criterion.denominator)
    inputs = (*counts, (criterion.denominator, denominator))
    if denominator == 0:
        return _not_applicable(criterion, "no_dossiers", inputs=inputs)
    rate = sum(count for _, count in counts) / denominator
    target = criterion.target_for(officer.department_flags)
    return CriterionResult(criterion.code, criterion.kind, criterion.max_points, True,
                           points_for_rate(rate, target, criterion.max_points), inputs=inputs,
                           raw_rate=rate, target=target)


def score_leader(criterion: Criterion, officer: OfficerMonth,
                 ctx: ScoringContext) -> CriterionResult:
    """Take the leader's score as points, clamped to 0..max; not applicable when not entered."""
    score = officer.leader_score
    if score is None:
        return _not_applicable(criterion, "no_leader_score")
    points = min(criterion.max_points, max(0.0, float(score)))
    return CriterionResult(criterion.code, criterion.kind, criterion.max_points, True, points,
                           inputs=(("leader_score", score),))


Scorer = Callable[[Criterion, OfficerMonth, ScoringContext], CriterionResult]

SCORERS: dict[str, Scorer] = {
    RATING_SHARE: score_rating_share,
    CONDUCT_SHARE: score_conduct_share,
    CONFIRMED_REPORT_DEDUCTION: score_confirmed_reports,
    DOSSIER_RATE: score_dossier_rate,
    BREACH_DEDUCTION: score_breaches,
    LEADER_SCORE: score_leader,
    HUMAN_SCORE: score_human,
    TASK_RESULTS: score_task_results,
}
