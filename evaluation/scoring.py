"""Score one officer's month against a rubric: every criterion, then the total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .criteria import SCORERS, ScoringContext
from .inputs import OfficerMonth
from .results import CriterionResult
from .rubric_schema import RATING_SHARE, Rubric

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
    ``rating_share`` criterion (None when there is none).
    """
    criteria = tuple(SCORERS[c.kind](c, officer, ctx) for c in rubric.criteria)
    points_sum, applicable_max, rescaled, total = combine_points(
        criteria, rubric.max_total, rubric.rescale_not_applicable)
    _, scored = officer.ratings.scored(rubric.score_unverified)
    satisfaction = next((c for c in criteria if c.kind == RATING_SHARE and c.applicable), None)
    return OfficerScore(
        criteria=criteria, points_sum=points_sum, applicable_max=applicable_max,
        rescaled=rescaled, total=total,
        total_rounded=None if total is None else round_total(total),
        scored_ratings=scored,
        adjusted_satisfaction=None if satisfaction is None else satisfaction.adjusted_rate,
        insufficient_ratings=scored < rubric.adjustment.min_count,
    )
