"""Rubric versions as data: which applies to a month; clone, edit, activate, retire."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from evaluation import Month, RubricError
from models import RubricVersion
from models.ops.rubrics import (
    RubricChangeError,
    activate_rubric,
    clone_rubric,
    document_text,
    retire_rubric,
    save_draft,
)
from models.queries.rubrics import NoRubricInForce, rubric_for_month
from tests.monthdata import with_rubric


@pytest.fixture
def default(db):
    with_rubric(db)
    return db.scalar(select(RubricVersion))


def edited(row, **changes) -> str:
    document = dict(row.document, **changes)
    return json.dumps(document, ensure_ascii=False)


def test_a_clone_is_a_draft_with_the_next_number(db, default):
    draft = clone_rubric(db, default.id, user_id=None)
    assert (draft.status, draft.version, draft.name) == ("draft", 2, default.name)
    assert draft.document["version"] == 2
    assert default.document["version"] == 1


def test_a_month_uses_the_latest_active_version_in_force_on_its_first_day(db, default):
    draft = clone_rubric(db, default.id, user_id=None)
    save_draft(db, draft.id, edited(draft, description="Từ tháng 11"))
    activate_rubric(db, draft.id, effective_from=date(2026, 10, 15))
    assert rubric_for_month(db, Month(2026, 10)).version == 1
    assert rubric_for_month(db, Month(2026, 11)).version == 2
    assert rubric_for_month(db, Month(2026, 11)).document["effective_from"] == "2026-10-15"
    with pytest.raises(NoRubricInForce):
        rubric_for_month(db, Month(2025, 12))


def test_drafts_and_retired_versions_never_apply(db, default):
    clone_rubric(db, default.id, user_id=None)
    retire_rubric(db, default.id)
    with pytest.raises(NoRubricInForce):
        rubric_for_month(db, Month(2026, 10))


def test_activating_on_the_same_date_replaces_the_version_in_force(db, default):
    draft = clone_rubric(db, default.id, user_id=None)
    retired = activate_rubric(db, draft.id, effective_from=date(2026, 1, 1))
    assert retired == [default.id] and default.status == "retired"
    assert rubric_for_month(db, Month(2026, 5)).id == draft.id


def test_a_draft_document_with_problems_is_refused_whole(db, default):
    draft = clone_rubric(db, default.id, user_id=None)
    criteria = [dict(c) for c in draft.document["criteria"]]
    criteria[0]["kind"] = "python_expression"
    criteria[1]["params"] = {"target": 95}
    with pytest.raises(RubricError) as refused:
        save_draft(db, draft.id, edited(draft, criteria=criteria))
    codes = {(p.path, p.code) for p in refused.value.problems}
    assert ("$.criteria[0].kind", "unknown_kind") in codes
    assert ("$.criteria[1].params.target", "target_out_of_range") in codes
    assert db.get(RubricVersion, draft.id).document["criteria"][0]["kind"] == "rating_share"


@pytest.mark.parametrize("text, code", [
    ('{"format": ', "bad_json"),
    ("[" * 5000 + "]" * 5000, "bad_json"),
    ("x" * 200_001, "too_long"),
])
def test_text_that_is_not_a_json_document_is_refused(db, default, text, code):
    draft = clone_rubric(db, default.id, user_id=None)
    with pytest.raises(RubricChangeError) as refused:
        save_draft(db, draft.id, text)
    assert refused.value.code == code


def test_only_drafts_are_edited_and_numbers_stay_unique(db, default):
    with pytest.raises(RubricChangeError) as active:
        save_draft(db, default.id, document_text(default))
    assert active.value.code == "not_draft"
    draft = clone_rubric(db, default.id, user_id=None)
    with pytest.raises(RubricChangeError) as taken:
        save_draft(db, draft.id, edited(draft, version=1))
    assert taken.value.code == "duplicate_version"


def test_a_saved_draft_takes_its_name_number_and_date_from_the_document(db, default):
    draft = clone_rubric(db, default.id, user_id=None)
    save_draft(db, draft.id, edited(draft, name="Bộ tiêu chí QĐ 180", version=7,
                                    effective_from="2027-01-01"))
    assert (draft.name, draft.version, draft.effective_from) == (
        "Bộ tiêu chí QĐ 180", 7, date(2027, 1, 1))


def test_retiring_needs_an_active_version_and_activating_a_new_one(db, default):
    draft = clone_rubric(db, default.id, user_id=None)
    with pytest.raises(RubricChangeError):
        retire_rubric(db, draft.id)
    with pytest.raises(RubricChangeError):
        activate_rubric(db, default.id, effective_from=date(2026, 1, 1))
