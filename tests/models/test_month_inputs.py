"""Manual monthly inputs: breaches, discipline decisions and the leader's assessment."""

from datetime import date

import pytest
from sqlalchemy import select

from models import BreachEntry, EvaluationMonth, LeaderAssessment
from models.ops.inputs import (
    InputError,
    add_breach,
    add_discipline,
    delete_entry,
    set_leader_score,
)
from models.queries.month import compute_month
from tests.monthdata import ZONE, with_rubric


@pytest.fixture
def officer(db, make_officer):
    with_rubric(db)
    return make_officer()


def test_a_breach_lands_in_the_month_of_its_date_and_costs_points(db, officer):
    add_breach(db, officer.id, occurred_on=date(2026, 10, 14), kind=" Đi muộn ",
               deduction=None, note="15 phút", user_id=None)
    add_breach(db, officer.id, occurred_on=date(2026, 10, 15), kind="Về sớm", deduction=2,
               user_id=None)
    db.commit()
    entry = db.scalar(select(BreachEntry).order_by(BreachEntry.id))
    assert (entry.period, entry.kind, entry.note) == ("2026-10", "Đi muộn", "15 phút")
    result = compute_month(db, "2026-10", zone=ZONE).officer_result(officer.id)
    b4 = next(c for c in result.criteria if c.code == "B4")
    assert b4.points == 15 - 3 - 2


def test_a_discipline_decision_grades_the_month_down(db, officer):
    set_leader_score(db, officer.id, "2026-10", score=10, user_id=None)
    add_discipline(db, officer.id, decided_on=date(2026, 10, 20), form="Cảnh cáo",
                   reference="05/QĐ-TTPVHCC", user_id=None)
    db.commit()
    result = compute_month(db, "2026-10", zone=ZONE).officer_result(officer.id)
    assert result.grade.value == "khong_hoan_thanh"
    assert "Cảnh cáo 05/QĐ-TTPVHCC" in result.grade_changes[0].reason_vi


def test_the_leader_score_is_entered_changed_and_cleared(db, officer):
    first = set_leader_score(db, officer.id, "2026-10", score=8.5, note="Tốt", user_id=None)
    second = set_leader_score(db, officer.id, "2026-10", score=9, user_id=None)
    assert first.before is None and second.before["score"] == 8.5
    assert second.after["score"] == 9
    cleared = set_leader_score(db, officer.id, "2026-10", score=None, user_id=None)
    assert cleared.after is None and db.scalar(select(LeaderAssessment)) is None


@pytest.mark.parametrize("score", [-1, 10.5, 50])
def test_the_leader_score_stays_within_the_rubric_criterion(db, officer, score):
    with pytest.raises(InputError) as refused:
        set_leader_score(db, officer.id, "2026-10", score=score, user_id=None)
    assert refused.value.code == "bad_score"


@pytest.mark.parametrize("fields, code", [
    ({"kind": "  "}, "bad_kind"),
    ({"kind": "x" * 121}, "bad_kind"),
    ({"deduction": -1}, "bad_deduction"),
    ({"note": "x" * 1001}, "note_too_long"),
])
def test_bad_breaches_are_refused(db, officer, fields, code):
    values = {"occurred_on": date(2026, 10, 1), "kind": "Đi muộn", "deduction": None,
              "user_id": None, **fields}
    with pytest.raises(InputError) as refused:
        add_breach(db, officer.id, **values)
    assert refused.value.code == code


def test_a_closed_months_inputs_cannot_change(db, officer):
    entry = add_breach(db, officer.id, occurred_on=date(2026, 10, 1), kind="Đi muộn",
                       deduction=None, user_id=None)
    db.add(EvaluationMonth(period="2026-10", status="closed", snapshot={}))
    db.flush()
    attempts = [
        lambda: add_breach(db, officer.id, occurred_on=date(2026, 10, 2), kind="Về sớm",
                           deduction=None, user_id=None),
        lambda: add_discipline(db, officer.id, decided_on=date(2026, 10, 2), form="Khiển trách",
                               user_id=None),
        lambda: set_leader_score(db, officer.id, "2026-10", score=5, user_id=None),
        lambda: delete_entry(db, entry),
    ]
    for attempt in attempts:
        with pytest.raises(InputError) as refused:
            attempt()
        assert refused.value.code == "month_closed"


def test_an_unknown_officer_is_refused(db, officer):
    with pytest.raises(InputError) as refused:
        set_leader_score(db, 999, "2026-10", score=5, user_id=None)
    assert refused.value.code == "unknown_officer"
