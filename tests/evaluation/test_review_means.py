"""The reviewers' mean scores per criterion, and which criterion they lowered most."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.review_means import most_lowered, review_means

CODES = ["A1", "A2", "A3"]


def test_a_worked_example():
    scores = [
        # Sheet 1: handed in, reviewed, approved; A2 lowered 14 → 12 → 11.
        (1, "A1", "self", 10), (1, "A1", "head", 10), (1, "A1", "final", 10),
        (1, "A2", "self", 14), (1, "A2", "head", 12), (1, "A2", "final", 11),
        # Sheet 2: handed in, waiting for the head.
        (2, "A1", "self", 8), (2, "A2", "self", 15),
        # Sheet 3: không nộp: the leader's scores only.
        (3, "A1", "final", 6), (3, "A2", "final", 9),
        # Ignored: an unknown criterion and an unknown stage.
        (1, "B1", "self", 70), (1, "A1", "draft", 1),
    ]
    a1, a2, a3 = review_means(CODES, scores)
    assert (a1.self_mean, a1.head_mean, a1.final_mean) == (9.0, 10.0, 8.0)
    assert (a1.self_count, a1.head_count, a1.final_count) == (2, 1, 2)
    assert (a1.paired, a1.lowered, a1.drop) == (1, 0, 0.0)
    assert (a2.self_mean, a2.head_mean, a2.final_mean) == (14.5, 12.0, 10.0)
    assert (a2.paired, a2.lowered, a2.drop, a2.head_drop) == (1, 1, 3.0, 2.0)
    assert (a3.self_mean, a3.paired, a3.drop) == (None, 0, None)
    assert most_lowered((a1, a2, a3)) == "A2"


@pytest.mark.parametrize("drops, expected", [
    ([None, None, None], None), ([0.0, -1.0, None], None), ([1.0, 2.0, 0.5], "A2"),
    ([2.0, 2.0, 1.0], "A1"),
    # Equal at six decimals: float noise never decides, the first in order wins.
    ([0.1 + 0.2, 0.3, 0.0], "A1"),
])
def test_the_most_lowered_criterion(drops, expected):
    scores = []
    for sheet, (code, drop) in enumerate(zip(CODES, drops, strict=True)):
        if drop is not None:
            scores += [(sheet, code, "self", 5.0 + drop), (sheet, code, "final", 5.0)]
    assert most_lowered(review_means(CODES, scores)) == expected


SCORE = st.sampled_from([0.0, 0.5, 3.0, 7.5, 10.0, 14.0, 15.0])
SHEETS = st.dictionaries(st.integers(1, 30), st.fixed_dictionaries(
    {}, optional=dict.fromkeys(("self", "head", "final"), SCORE)), max_size=30)


@given(SHEETS)
def test_means_counts_and_drops_agree_with_the_sheets(sheets):
    scores = [(sheet, "A2", stage, value) for sheet, stages in sheets.items()
              for stage, value in stages.items()]
    (review,) = review_means(["A2"], scores)
    for stage in ("self", "head", "final"):
        values = [s[stage] for s in sheets.values() if stage in s]
        mean = getattr(review, f"{stage}_mean")
        assert getattr(review, f"{stage}_count") == len(values)
        if values:
            assert min(values) - 1e-9 <= mean <= max(values) + 1e-9
            assert math.isclose(mean, sum(values) / len(values), abs_tol=1e-9)
        else:
            assert mean is None
    pairs = [s["self"] - s["final"] for s in sheets.values() if "self" in s and "final" in s]
    assert review.paired == len(pairs) and review.lowered == sum(1 for d in pairs if d > 0)
    assert 0 <= review.lowered <= review.paired
    if pairs:
        assert math.isclose(review.drop, sum(pairs) / len(pairs), abs_tol=1e-9)
    assert (most_lowered([review]) == "A2") == (bool(pairs) and round(review.drop, 6) > 0)
