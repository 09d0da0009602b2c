"""Months scored before NĐ 335 (rubric format 1) read back and re-score exactly as frozen.

``data/legacy_months.json`` was written by ``data/make_legacy_months.py`` with the engine as
it was at commit dceb9ae: twenty months under variants of the then default rubric (quota on
and off, Wilson, unverified ratings scored, no caps).
"""

import json
from pathlib import Path

import pytest

from evaluation.engine import evaluate_month, result_from_dict, result_to_dict
from evaluation.rubric import parse_rubric, rubric_to_dict
from evaluation.serialization import inputs_from_dict, inputs_to_dict

CASES = json.loads((Path(__file__).parent / "data" / "legacy_months.json")
                   .read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"month-{i}" for i in range(len(CASES))])
def test_a_month_frozen_before_nd335_decodes_and_re_scores_exactly(case):
    rubric = parse_rubric(case["rubric"])
    inputs = inputs_from_dict(case["inputs"])
    frozen = result_from_dict(case["result"])
    assert evaluate_month(rubric, inputs) == frozen
    assert rubric_to_dict(rubric) == case["rubric"]


def _as_before(before, after):
    """Return ``after`` without the fields added since ``before`` was written."""
    if isinstance(before, dict):
        return {key: _as_before(before[key], after[key]) for key in before}
    if isinstance(before, list):
        return [_as_before(b, a) for b, a in zip(before, after, strict=True)]
    return after


@pytest.mark.parametrize("case", CASES[:3], ids=[f"month-{i}" for i in range(3)])
def test_a_frozen_month_written_again_keeps_every_figure(case):
    again = result_to_dict(result_from_dict(case["result"]))
    assert _as_before(case["result"], again) == case["result"]
    assert inputs_from_dict(inputs_to_dict(inputs_from_dict(case["inputs"]))) == \
        inputs_from_dict(case["inputs"])
