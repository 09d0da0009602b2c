""""Satisfied" has one definition: the SQL expression and the Python rule agree on every
level of every scale, and the tablet and survey receive the answer from the server."""

import pytest
from sqlalchemy import select

from models import Rating
from models.questionnaires import QuestionnaireVersion
from models.ratings import satisfied_rating


@pytest.mark.parametrize("threshold", [1, 2, 3])
def test_sql_and_python_say_the_same_for_every_level(db, questionnaire, make_officer,
                                                     make_rating, threshold):
    version = db.get(QuestionnaireVersion, questionnaire.version_id)
    version.reason_required_max_level = 0
    version.satisfied_min_level = threshold
    db.flush()
    officer = make_officer()
    reason = questionnaire.group("reason")[0].code
    for level in range(1, questionnaire.scale_max + 1):
        needs = questionnaire.needs_reason(level)
        outcome = make_rating(officer, level=level, reasons=[reason] if needs else [])
        assert outcome.status == "created", outcome
    rows = db.execute(
        select(Rating.level, satisfied_rating())
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Rating.questionnaire_version_id)
    ).all()
    view = questionnaire.__class__(**{**questionnaire.__dict__, "satisfied_min_level": threshold})
    assert sorted((level, bool(sql)) for level, sql in rows) == [
        (level, view.is_satisfied(level)) for level in range(1, questionnaire.scale_max + 1)]


def test_the_tablet_gets_each_levels_answer_from_the_server(questionnaire):
    levels = [item for item in questionnaire.to_dict()["items"] if item["group"] == "overall"]
    assert {item["level"]: item["satisfied"] for item in levels} == {
        level: level >= questionnaire.satisfied_min_level
        for level in range(1, questionnaire.scale_max + 1)}
    others = [item for item in questionnaire.to_dict()["items"] if item["group"] != "overall"]
    assert others and all(item["satisfied"] is None for item in others)
