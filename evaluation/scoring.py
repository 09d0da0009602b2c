"""Score one officer's month against a rubric: every criterion, then the total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .criteria import SCORERS, ScoringContext
from .inputs import OfficerMonth
from .rates import exact_estimate, exact_fraction
from .results import CriterionResult
from .rubric_schema import HUMAN_SCORE, RATING_SHARE, Rubric

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class OfficerScore:
    """The scored criteria and total of one officer, before grading and ranking."""

    criteria: tuple[CriterionResult, ...]
    points_sum: float
    applicable_max: float
    rescaled: bool
    total: float | None
    total_rounded: float | None
    scored_ratings: int
    adjusted_satisfaction: float | None
    insufficient_ratings: bool
    #: The adjusted satisfaction exactly, which ranking compares (None when there is none).
    satisfaction_key: Fraction | None = None


def round_total(total: float) -> float:
    """Round a total to two decimals, half up, as it is printed.

    Policy: float noise below 1e-9 is dropped first, so a total whose exact value is
    89.995 prints 90.00 even if the float sum came out as 89.99499999999999.
    """
    cleaned = Decimal(repr(round(total, 9)))
    return float(cleaned.quantize(_CENT, rounding=ROUND_HALF_UP))


def combine_points(criteria: tuple[CriterionResult, ...], max_total: float,
                   rescale: bool) -> tuple[float, float, bool, float | None]:
    """Return ``(points_sum, applicable_max, rescaled, total)`` from scored criteria.

    Policy: points are summed unrounded. When some criteria do not apply and the rubric
    rescales, the total is ``points_sum × max_total / applicable_max``; otherwise it is the
    plain sum. With no applicable criterion there is no total (None: not evaluated).
    """
    applicable = [c for c in criteria if c.applicable]
    points_sum = sum(c.points for c in applicable)
    applicable_max = sum(c.max_points for c in applicable)
    if not applicable:
        return 0.0, 0.0, False, None
    rescaled = rescale and applicable_max < max_total
    total = points_sum * max_total / applicable_max if rescaled else points_sum
    return points_sum, applicable_max, rescaled, min(max_total, max(0.0, total))


def score_officer(rubric: Rubric, officer: OfficerMonth, ctx: ScoringContext) -> OfficerScore:
    """Score every criterion of ``rubric`` for ``officer`` and combine them into a total.

    The "chưa đủ phiếu" marker is set when the officer's scored ratings number fewer than
    the rubric's ``adjustment.min_count``; it is printed, and changes neither points nor rank.
    The adjusted satisfaction kept for ranking is that of the first applicable
    ``rating_share`` criterion, or else of the first human-scored criterion showing citizen
    evidence (None when there is none). Ranking compares it exactly (``satisfaction_key``):
    two officers whose rates are mathematically equal tie, whatever float rounding did.
    """
    criteria = tuple(SCORERS[c.kind](c, officer, ctx) for c in rubric.criteria)
    points_sum, applicable_max, rescaled, total = combine_points(
        criteria, rubric.max_total, rubric.rescale_not_applicable)
    k, scored = officer.ratings.scored(rubric.score_unverified)
    satisfaction = next((c for c in criteria if c.adjusted_rate is not None and (
        (c.kind == RATING_SHARE and c.applicable) or c.kind == HUMAN_SCORE)), None)
    key = None
    if satisfaction is not None:
        key = _exact_satisfaction(k, scored, satisfaction.adjusted_rate, rubric, ctx)
    return OfficerScore(
        criteria=criteria, points_sum=points_sum, applicable_max=applicable_max,
        rescaled=rescaled, total=total,
        total_rounded=None if total is None else round_total(total),
        scored_ratings=scored,
        adjusted_satisfaction=None if satisfaction is None else satisfaction.adjusted_rate,
        insufficient_ratings=scored < rubric.adjustment.min_count,
        satisfaction_key=key,
    )


def _exact_satisfaction(k: int, n: int, adjusted: float, rubric: Rubric,
                        ctx: ScoringContext) -> Fraction:
    """Return the adjusted satisfaction exactly (see ``rates.exact_estimate``)."""
    p0 = ctx.satisfaction_p0_exact
    if p0 is None:
        if ctx.satisfaction_p0 is None:
            return exact_fraction(adjusted)
        p0 = exact_fraction(ctx.satisfaction_p0)
    adj = rubric.adjustment
    return exact_estimate(k, n, p0, adj.method, adj.prior_weight, adj.wilson_z)
