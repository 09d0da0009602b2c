"""The reviewers' scores side by side: mean self, head and final score per criterion."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: The scoring steps of a criterion scored by people, in order.
STAGES = ("self", "head", "final")


@dataclass(frozen=True)
class CriterionReview:
    """One criterion's scores over a group of sheets, and how much reviewers lowered them."""

    code: str
    #: Mean score of each step over the sheets that have it (None: no sheet has it).
    self_mean: float | None
    head_mean: float | None
    final_mean: float | None
    self_count: int
    head_count: int
    final_count: int
    #: Sheets with both a self-score and a final score, and how many of them were lowered.
    paired: int
    lowered: int
    #: Mean of (self − final) over the paired sheets: how far the final score fell below
    #: the officer's own (None without a paired sheet; negative when reviewers raised it).
    drop: float | None
    #: Mean of (self − head) over the sheets with both.
    head_drop: float | None


def _mean(values: list[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def review_means(codes: Sequence[str],
                 scores: Iterable[tuple[int, str, str, float]]) -> tuple[CriterionReview, ...]:
    """Return, for each criterion code in ``codes`` (in that order), its reviews' figures.

    ``scores`` are ``(sheet_id, criterion, stage, score)``; a criterion or stage not in
    ``codes``/``STAGES`` is ignored. Each mean is over the sheets that have that step, so a
    sheet still waiting for review weighs in the self mean only.

    Policy (local choice): "lowered" compares the final score with the officer's own on the
    same sheet; a sheet approved without a self-assessment ("không nộp") has nothing to
    compare and is left out of ``paired``, ``lowered`` and ``drop``.
    """
    wanted = set(codes)
    sheets: dict[str, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for sheet_id, criterion, stage, score in scores:
        if criterion in wanted and stage in STAGES:
            sheets[criterion][sheet_id][stage] = float(score)
    found = []
    for code in codes:
        steps = sheets.get(code, {})
        by_stage = {s: [v[s] for v in steps.values() if s in v] for s in STAGES}
        paired = [v["self"] - v["final"] for v in steps.values() if "self" in v and "final" in v]
        to_head = [v["self"] - v["head"] for v in steps.values() if "self" in v and "head" in v]
        found.append(CriterionReview(
            code, _mean(by_stage["self"]), _mean(by_stage["head"]), _mean(by_stage["final"]),
            len(by_stage["self"]), len(by_stage["head"]), len(by_stage["final"]),
            len(paired), sum(1 for d in paired if d > 0), _mean(paired), _mean(to_head)))
    return tuple(found)


def most_lowered(reviews: Iterable[CriterionReview]) -> str | None:
    """Return the code of the criterion whose final scores fell most below the officers' own.

    None when no criterion was lowered on average; drops are compared at six decimals (float
    noise never decides), and on equal drops the first in order wins.
    """
    best: CriterionReview | None = None
    for review in reviews:
        drop = None if review.drop is None else round(review.drop, 6)
        if drop is not None and drop > 0 and (best is None or drop > round(best.drop, 6)):
            best = review
    return None if best is None else best.code
