"""Rating a register dossier by its code: the second factor, the window, one rating."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from models import Dossier, Rating, Site, Visit
from models.ops.dossier_rating import (
    digits_given,
    dossier_by_id,
    find_dossier,
    rate_dossier,
    window_end,
)
from models.ops.ratings import RatingSubmission
from tests.register_support import KEY, ZONE, import_items
from tests.visits_support import open_test_visit

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def item(code, **fields):
    return {"code": code, "officer_code": "CB0001", "received_on": "2026-10-01",
            "due_on": "2026-10-08", "resolved_on": "2026-10-07", "returned_on": "2026-10-31",
            **fields}


def find(db, code, digits=None, now=NOW):
    return find_dossier(db, code, digits, key=KEY, zone=ZONE, now=now)


@pytest.fixture
def dossiers(db, register_site, questionnaire):
    import_items(db, register_site.site, [
        item("PHONE", applicant_phone="0912 345 678"),
        item("ID", applicant_id="027190001234"),
        item("BOTH", applicant_phone="0987654321", applicant_id="027190005555"),
        item("BARE"),
        item("OPEN", returned_on=None),
        item("NOBODY", officer_code=None),
    ])
    db.commit()
    return register_site


@pytest.mark.parametrize("code, digits, found", [
    ("PHONE", "5678", True), ("PHONE", "1234", False), ("PHONE", None, False),
    ("ID", "1234", True), ("ID", "5678", False),
    ("BOTH", "4321", True), ("BOTH", "5555", True), ("BOTH", "0000", False),
    ("BARE", None, True), ("BARE", "9999", True), ("NOPE", "5678", False),
])
def test_a_wrong_pair_is_answered_like_an_unknown_code(db, dossiers, code, digits, found):
    assert (find(db, code, digits) is not None) is found


def test_the_second_factor_is_a_site_setting(db, dossiers):
    db.get(Site, dossiers.site.id).dossier_second_factor = False
    db.commit()
    assert find(db, "PHONE").state == "open"


def test_digits_are_four_digits_with_spaces_allowed():
    assert [digits_given(t) for t in ("56 78", "5678", "567", "abcd", None, "56789")] == [
        "5678", "5678", None, None, None, None]


def test_the_window_runs_to_the_end_of_the_last_local_day(db, dossiers):
    end = window_end(date(2026, 10, 31), 30, ZONE)
    assert end == datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    assert find(db, "BARE", now=end - timedelta(seconds=1)).state == "open"
    assert find(db, "BARE", now=end).state == "expired"


def test_states_say_why_a_dossier_cannot_be_rated(db, dossiers):
    assert find(db, "OPEN").state == "not_returned"
    assert find(db, "NOBODY").state == "no_officer"


def submission(level=3):
    return RatingSubmission(id=uuid.uuid4(), source="dossier_code", level=level)


def test_the_first_rating_opens_the_dossiers_visit_for_the_receiving_officer(db, dossiers,
                                                                             questionnaire):
    found = find(db, "PHONE", "5678")
    outcome = rate_dossier(db, questionnaire, found, submission(), zone=ZONE, now=NOW)
    db.commit()
    assert outcome.status == "created"
    rating = db.get(Rating, outcome.id)
    visit = db.get(Visit, rating.visit_id)
    assert (rating.officer_id, rating.verified, rating.source) == (
        dossiers.hoa.id, True, "dossier_code")
    assert (visit.opened_via, visit.dossier_code, visit.closed_at) == ("register", "PHONE", NOW)
    assert db.scalar(select(Dossier.visit_id).where(Dossier.code == "PHONE")) == visit.id
    assert find(db, "PHONE", "5678").state == "rated"


def test_a_second_rating_of_a_dossier_is_refused(db, dossiers, questionnaire):
    found = find(db, "BARE")
    assert rate_dossier(db, questionnaire, found, submission(), zone=ZONE,
                        now=NOW).status == "created"
    db.commit()
    stale = dossier_by_id(db, found.id, zone=ZONE, now=NOW)
    again = rate_dossier(db, questionnaire, found, submission(), zone=ZONE, now=NOW)
    assert stale.state == "rated" and again.status == "rejected"
    db.rollback()
    assert db.query(Rating).count() == 1


def test_a_queue_visit_of_the_same_code_and_officer_is_one_served_case(db, dossiers,
                                                                       questionnaire):
    queue = open_test_visit(db, dossiers.hoa, dossier_code="BARE")
    other = open_test_visit(db, dossiers.nam, dossier_code="BARE")
    db.commit()
    outcome = rate_dossier(db, questionnaire, find(db, "BARE"), submission(), zone=ZONE,
                           now=NOW)
    db.commit()
    assert outcome.status == "created"
    db.refresh(queue)
    db.refresh(other)
    assert queue.used_at is not None and other.used_at is None


def test_a_dossier_rated_through_its_queue_visit_cannot_be_rated_again(db, dossiers,
                                                                       make_rating):
    queue = open_test_visit(db, dossiers.hoa, dossier_code="BARE")
    make_rating(dossiers.hoa, visit_id=queue.id, source="qr_visit")
    db.commit()
    assert find(db, "BARE").state == "rated"
