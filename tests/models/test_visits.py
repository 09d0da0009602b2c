"""Visits: opening and closing, single-use rating by token, poster ratings and their cool-down."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from models import OfficerSignIn, Rating, Tablet, Visit
from models.ops.ratings import RatingContext, record_rating
from models.ops.visits import (
    CooldownActive,
    VisitError,
    close_visit,
    normalise_dossier_code,
    rate_counter,
    rate_visit,
    survey_token,
    token_hash,
    token_key_from_secret,
)
from models.queries.visit_counters import counter_by_code
from models.queries.visits import open_visit_at_counter, rating_tie, visit_by_dossier_code
from tests.visits_support import TOKEN_KEY, ZONE, open_test_visit, submission, visit_row

NOW = datetime(2026, 11, 5, 2, 0, tzinfo=UTC)


def test_a_survey_token_is_96_bits_in_16_url_safe_characters_derived_from_a_random_nonce(
    db, make_officer
):
    officer = make_officer()
    visits = [open_test_visit(db, officer) for _ in range(200)]
    tokens = {visit.survey_token for visit in visits}
    assert len(tokens) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{16}", token) for token in tokens)
    for visit in visits:
        assert visit.survey_token == survey_token(TOKEN_KEY, visit.token_nonce)
        assert visit.token_hash == token_hash(visit.survey_token)


def test_the_database_keeps_no_survey_token_only_its_hash_and_nonce(db, make_officer):
    visit = open_test_visit(db, make_officer())
    db.commit()
    stored = db.execute(select(Visit.__table__)).mappings().one()
    assert visit.survey_token not in {str(value) for value in stored.values()}
    assert survey_token(token_key_from_secret("another-secret"), visit.token_nonce) \
        != visit.survey_token


def test_a_visit_expires_after_the_sites_token_lifetime(db, make_counter, make_officer,
                                                        make_site):
    counter = make_counter(site=make_site(token_ttl_days=3))
    visit = open_test_visit(db, make_officer(counter=counter), now=NOW)
    assert visit.token_expires_at == NOW + timedelta(days=3)
    assert visit_row(db, visit).state(NOW + timedelta(days=3)) == "expired"


def test_opening_a_second_visit_closes_the_first_which_can_still_be_rated(
    db, make_officer, questionnaire
):
    officer = make_officer()
    first = open_test_visit(db, officer, now=NOW, ticket_number="A001")
    second = open_test_visit(db, officer, now=NOW + timedelta(minutes=5), ticket_number="A002")
    assert first.closed_at == NOW + timedelta(minutes=5) and second.closed_at is None
    assert open_visit_at_counter(db, officer.counters[0].id, NOW).id == second.id
    outcome = rate_visit(db, questionnaire, visit_row(db, first), submission(), zone=ZONE,
                         now=NOW + timedelta(hours=1))
    assert outcome.status == "created"


@pytest.mark.parametrize(
    "counter_fields, officer_fields, code",
    [
        ({"active": False}, {}, "counter_inactive"),
        ({}, {"active": False}, "officer_inactive"),
    ],
)
def test_a_visit_needs_an_active_counter_and_officer(
    db, make_counter, make_officer, counter_fields, officer_fields, code
):
    counter = make_counter(**counter_fields)
    officer = make_officer(counter=counter, **officer_fields)
    with pytest.raises(VisitError) as raised:
        open_test_visit(db, officer, counter)
    assert raised.value.code == code


def test_an_officer_of_another_site_cannot_serve_the_counter(db, make_counter, make_officer):
    officer = make_officer()
    with pytest.raises(VisitError, match="does not work"):
        open_test_visit(db, officer, make_counter())


@pytest.mark.parametrize(
    "typed, stored",
    [(" 000.00.20.h06-261107-0001 ", "000.00.20.H06-261107-0001"), ("ab 12\t3", "AB123")],
)
def test_dossier_codes_are_stored_and_looked_up_in_one_form(typed, stored):
    assert normalise_dossier_code(typed) == stored


def test_a_visit_takes_one_verified_rating(db, make_officer, questionnaire):
    officer = make_officer()
    row = visit_row(db, open_test_visit(db, officer))
    first = rate_visit(db, questionnaire, row, submission(), zone=ZONE)
    rating = db.get(Rating, first.id)
    assert first.status == "created" and rating.verified and rating.visit_id == row.id
    assert rating.officer_id == officer.id and rating_tie(rating.source, rating.visit_id) == (
        "qr_visit"
    )
    again = rate_visit(db, questionnaire, row, submission(), zone=ZONE)
    assert (again.status, again.code) == ("rejected", "visit_already_rated")
    assert rate_visit(db, questionnaire, row, submission(id=first.id), zone=ZONE).status == (
        "duplicate"
    )
    assert db.scalar(select(func.count(Rating.id))) == 1
    assert visit_row(db, row).is_used() and open_visit_at_counter(db, row.counter_id, NOW) is None


def test_an_expired_token_takes_no_rating(db, make_officer, questionnaire):
    row = visit_row(db, open_test_visit(db, make_officer(), now=NOW))
    outcome = rate_visit(db, questionnaire, row, submission(), zone=ZONE,
                         now=NOW + timedelta(days=7))
    assert (outcome.status, outcome.code) == ("rejected", "token_expired")
    assert db.scalar(select(func.count(Rating.id))) == 0


def test_a_refused_submission_leaves_the_visit_unused(db, make_officer, questionnaire):
    row = visit_row(db, open_test_visit(db, make_officer()))
    outcome = rate_visit(db, questionnaire, row, submission(level=1), zone=ZONE)
    assert (outcome.status, outcome.code) == ("rejected", "reason_required")
    assert db.get(Visit, row.id).used_at is None


def test_a_rating_id_of_another_rating_is_refused_and_the_visit_stays_unused(
    db, make_officer, questionnaire
):
    officer = make_officer()
    taken = rate_visit(db, questionnaire, visit_row(db, open_test_visit(db, officer)),
                       submission(), zone=ZONE)
    row = visit_row(db, open_test_visit(db, officer))
    outcome = rate_visit(db, questionnaire, row, submission(id=taken.id), zone=ZONE)
    assert (outcome.status, outcome.code) == ("rejected", "rating_id_taken")
    assert db.get(Visit, row.id).used_at is None


def _tablet_rating(db, questionnaire, row):
    context = RatingContext(site_id=row.site_id, counter_id=row.counter_id,
                            officer_id=row.officer_id, visit_id=row.id)
    return record_rating(db, questionnaire, submission(source="kiosk"), context, zone=ZONE)


def test_the_tablet_binds_its_rating_through_the_same_claim(db, make_officer, questionnaire):
    officer = make_officer()
    counter = officer.counters[0]
    tablet = Tablet(counter_id=counter.id, secret_hash=token_hash(str(counter.id)))
    db.add(tablet)
    db.flush()
    row = visit_row(db, open_test_visit(db, officer))
    outcome = rate_visit(db, questionnaire, row, submission(source="kiosk"), zone=ZONE,
                         tablet_id=tablet.id, clock_skew=timedelta(seconds=3))
    rating = db.get(Rating, outcome.id)
    assert (rating.tablet_id, rating.verified) == (tablet.id, True)
    assert rating_tie(rating.source, rating.visit_id) == "tablet_visit"
    assert rate_visit(db, questionnaire, row, submission(), zone=ZONE).code == (
        "visit_already_rated")


def test_a_visit_rated_on_the_tablet_cannot_be_rated_by_phone(db, make_officer, questionnaire):
    row = visit_row(db, open_test_visit(db, make_officer()))
    assert _tablet_rating(db, questionnaire, row).status == "created"
    assert visit_row(db, row).state(NOW) == "rated"
    outcome = rate_visit(db, questionnaire, row, submission(), zone=ZONE)
    assert (outcome.status, outcome.code) == ("rejected", "visit_already_rated")


def test_a_visit_rated_by_phone_cannot_be_rated_on_the_tablet(db, make_officer, questionnaire):
    row = visit_row(db, open_test_visit(db, make_officer()))
    assert rate_visit(db, questionnaire, row, submission(), zone=ZONE).status == "created"
    outcome = _tablet_rating(db, questionnaire, row)
    assert (outcome.status, outcome.code) == ("rejected", "visit_already_rated")


def test_a_dossier_code_leads_to_its_newest_visit_that_can_still_be_rated(
    db, make_officer, questionnaire
):
    officer = make_officer()
    older = open_test_visit(db, officer, now=NOW, dossier_code="hs-1")
    newer = open_test_visit(db, officer, now=NOW + timedelta(hours=1), dossier_code="HS-1")
    later = NOW + timedelta(hours=2)
    assert visit_by_dossier_code(db, "HS-1", later).id == newer.id
    rate_visit(db, questionnaire, visit_row(db, newer), submission(), zone=ZONE, now=later)
    assert visit_by_dossier_code(db, "HS-1", later).id == older.id
    rate_visit(db, questionnaire, visit_row(db, older), submission(), zone=ZONE, now=later)
    assert visit_by_dossier_code(db, "HS-1", later).state(later) == "rated"
    assert visit_by_dossier_code(db, "HS-2", later) is None


def _sign_in(db, officer, counter):
    tablet = Tablet(counter_id=counter.id, secret_hash=token_hash(str(counter.id)))
    db.add(tablet)
    db.flush()
    db.add(OfficerSignIn(officer_id=officer.id, tablet_id=tablet.id, counter_id=counter.id,
                         signed_in_at=NOW - timedelta(hours=1)))
    db.flush()


def test_a_poster_rating_goes_unverified_to_whoever_is_signed_in(db, make_officer,
                                                                 questionnaire):
    officer = make_officer()
    counter = officer.counters[0]
    _sign_in(db, officer, counter)
    outcome = rate_counter(db, questionnaire, counter_by_code(db, counter.code),
                           submission(source="kiosk"), zone=ZONE, now=NOW)
    rating = db.get(Rating, outcome.id)
    assert (rating.officer_id, rating.verified, rating.visit_id) == (officer.id, False, None)
    assert rating_tie(rating.source, rating.visit_id) == "counter_poster"


def test_with_nobody_signed_in_a_poster_rating_is_kept_for_the_counter_only(
    db, make_counter, questionnaire
):
    counter = make_counter()
    outcome = rate_counter(db, questionnaire, counter_by_code(db, counter.code), submission(),
                           zone=ZONE, now=NOW)
    rating = db.get(Rating, outcome.id)
    assert (rating.officer_id, rating.counter_id, rating.source) == (None, counter.id,
                                                                     "qr_counter")


def test_poster_ratings_wait_out_the_sites_cool_down(db, make_counter, make_site, questionnaire):
    row = counter_by_code(db, make_counter(site=make_site(cooldown_seconds=20)).code)
    rate_counter(db, questionnaire, row, submission(), zone=ZONE, now=NOW)
    with pytest.raises(CooldownActive) as raised:
        rate_counter(db, questionnaire, row, submission(), zone=ZONE,
                     now=NOW + timedelta(seconds=5))
    assert raised.value.seconds == 15
    later = rate_counter(db, questionnaire, row, submission(), zone=ZONE,
                         now=NOW + timedelta(seconds=20))
    assert later.status == "created"


def test_closing_a_visit_twice_changes_nothing(db, make_officer):
    visit = open_test_visit(db, make_officer(), now=NOW)
    assert close_visit(db, visit.id, NOW + timedelta(minutes=1)) is True
    assert close_visit(db, visit.id, NOW + timedelta(minutes=2)) is False
    assert visit.closed_at == NOW + timedelta(minutes=1)


def test_every_source_maps_to_one_tie():
    assert {rating_tie("kiosk", 1), rating_tie("kiosk", None)} == {
        "tablet_visit", "tablet_without_visit"
    }
    assert rating_tie("dossier_code", 3) == "dossier_code"
    with pytest.raises(KeyError):
        rating_tie("qr_counter", 3)
