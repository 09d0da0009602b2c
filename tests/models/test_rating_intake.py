"""Taking in a rating: exactly once, validated against its questionnaire, alerts raised."""

import unicodedata
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from models import Alert, EvaluationMonth, Rating, RatingAnswer
from models.ops.ratings import (
    MAX_CLOCK_SKEW,
    RatingSubmission,
    effective_time,
)


def test_a_new_rating_is_created_with_its_answers(db, make_officer, make_rating):
    officer = make_officer()
    outcome = make_rating(officer, level=3, answers={"XIN_CHAO": True, "LUON_MIM_CUOI": False})
    assert outcome.status == "created"
    rating = db.get(Rating, outcome.id)
    assert (rating.conduct_answered, rating.conduct_yes) == (2, 1)
    assert db.scalar(select(func.count()).select_from(RatingAnswer)) == 2
    assert rating.verified is False and rating.officer_id == officer.id


def test_the_same_id_twice_is_a_duplicate_and_stores_one_row(db, make_officer, make_rating):
    officer = make_officer()
    rating_id = uuid.uuid4()
    assert make_rating(officer, id=rating_id).status == "created"
    assert make_rating(officer, id=rating_id, level=1, reasons=["LY_DO_CHO_LAU"]).status == (
        "duplicate"
    )
    assert db.scalar(select(func.count(Rating.id))) == 1
    assert db.get(Rating, rating_id).level == 3


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"level": 4}, "invalid_level"),
        ({"level": 0}, "invalid_level"),
        ({"source": "fax"}, "unknown_source"),
        ({"answers": {"NO_SUCH_ITEM": True}}, "unknown_item"),
        ({"answers": {"KHONG_THAM_NHUNG": True}}, "unknown_item"),
        ({"reported": ["XIN_CHAO"]}, "unknown_item"),
        ({"reasons": ["HAI_LONG"]}, "unknown_item"),
        ({"level": 1}, "reason_required"),
        ({"level": 1, "reason_text": "   "}, "reason_required"),
        ({"comment": "x" * 1001}, "text_too_long"),
    ],
)
def test_invalid_submissions_are_rejected_with_a_code(db, make_officer, make_rating, fields, code):
    outcome = make_rating(make_officer(), **fields)
    assert (outcome.status, outcome.code) == ("rejected", code)
    assert db.scalar(select(func.count(Rating.id))) == 0


def test_a_typed_reason_is_enough_for_dissatisfaction(make_officer, make_rating):
    assert make_rating(make_officer(), level=1, reason_text="Chờ lâu").status == "created"


def test_dissatisfaction_and_each_reported_behaviour_raise_alerts(db, make_officer, make_rating):
    officer = make_officer()
    make_rating(officer, level=1, reasons=["LY_DO_THAI_DO"],
                reported=["KHONG_CUA_QUYEN", "KHONG_QUAN_LIEU"])
    kinds = sorted(db.scalars(select(Alert.kind)))
    assert kinds == ["dissatisfied", "misconduct", "misconduct"]
    assert all(a.officer_id == officer.id for a in db.scalars(select(Alert)))


def test_text_is_stored_in_nfc(db, make_officer, make_rating):
    decomposed = unicodedata.normalize("NFD", "Cán bộ rất nhiệt tình")
    outcome = make_rating(make_officer(), comment=f"  {decomposed} ")
    assert db.get(Rating, outcome.id).comment == unicodedata.normalize("NFC", decomposed.strip())


def test_a_rating_for_a_closed_month_is_kept_and_flagged_late(db, make_officer, make_rating):
    db.add(EvaluationMonth(period="2026-10", status="closed", snapshot={}))
    at = datetime(2026, 10, 15, 3, tzinfo=UTC)
    outcome = make_rating(make_officer(), client_rated_at=at)
    assert db.get(Rating, outcome.id).late is True


def test_a_second_rating_of_one_visit_is_rejected(db, make_officer, make_rating):
    from models import Visit

    officer = make_officer()
    now = datetime.now(UTC)
    visit = Visit(site_id=officer.site_id, counter_id=officer.counters[0].id,
                  officer_id=officer.id, opened_via="api", token_hash="t" * 64,
                  token_expires_at=now + timedelta(days=7))
    db.add(visit)
    db.flush()
    assert make_rating(officer, source="qr_visit", visit_id=visit.id).status == "created"
    second = make_rating(officer, source="kiosk", visit_id=visit.id)
    assert (second.status, second.code) == ("rejected", "visit_already_rated")
    assert db.scalar(select(func.count(Rating.id))) == 1


NOW = datetime(2026, 10, 20, 8, 0, tzinfo=UTC)


def _submission(at):
    return RatingSubmission(id=uuid.uuid4(), source="kiosk", level=3, client_rated_at=at)


@pytest.mark.parametrize(
    "client_at, skew, expected, corrected",
    [
        (None, None, NOW, False),
        (NOW - timedelta(hours=2), timedelta(seconds=5), NOW - timedelta(hours=2, seconds=5),
         False),
        (NOW - timedelta(minutes=1), timedelta(hours=3), NOW - timedelta(hours=3, minutes=1), True),
        (NOW + timedelta(hours=1), timedelta(hours=1), NOW, True),
        (NOW + timedelta(hours=5), None, NOW, True),
        (NOW + MAX_CLOCK_SKEW / 2, None, NOW, False),
    ],
)
def test_the_moment_is_on_the_server_clock_and_a_large_correction_is_flagged(
    client_at, skew, expected, corrected
):
    assert effective_time(_submission(client_at), skew, NOW) == (expected, corrected)


def test_nul_characters_are_dropped_before_storing_on_any_database(db, make_officer, make_rating):
    outcome = make_rating(make_officer(), comment="Tốt\x00 lắm", reason_text=None)
    assert outcome.status == "created"
    db.commit()
    assert db.get(Rating, outcome.id).comment == "Tốt lắm"


def test_a_lone_surrogate_is_stored_as_a_replacement_character(db, make_officer, make_rating):
    outcome = make_rating(make_officer(), comment="Tốt\ud800 lắm", reason_text=None)
    db.commit()
    assert db.get(Rating, outcome.id).comment == "Tốt\ufffd lắm"
