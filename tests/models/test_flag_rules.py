"""Each flag rule on hand-built ratings: it fires on the abuse, never on a fair officer."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from integrity import Thresholds
from models import Rating, RatingFlag
from models.ops.audit import record_audit
from models.ops.origins import SubmissionOrigin, note_lookup, record_origin
from models.ops.ratings import RatingContext, RatingSubmission, record_rating
from models.ops.screening import Screening, screen_rating
from models.queries.flags import improbable_top_shares
from tests.visits_support import ZONE, open_test_visit

#: Monday 2 November 2026, 09:00 in Hà Nội.
T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
HASH = "a:{}".format


def screening(**changes) -> Screening:
    return Screening(Thresholds(**changes), ZONE, HASH)


def rules(db, rating_id, **changes) -> set[str]:
    return {finding.rule for finding in screen_rating(db, rating_id, screening(**changes))}


def store(db, q, officer, at, *, source="kiosk", visit=None, origin=None, level=3):
    """Record a rating given at ``at`` through the real intake; return its id."""
    submission = RatingSubmission(id=uuid.uuid4(), source=source, level=level,
                                  client_rated_at=at if source == "kiosk" else None)
    context = RatingContext(site_id=officer.site_id, counter_id=officer.counters[0].id,
                            officer_id=officer.id, visit_id=visit.id if visit else None)
    outcome = record_rating(db, q, submission, context, zone=ZONE, now=at)
    assert outcome.status == "created", outcome
    if origin is not None:
        record_origin(db, submission.id, origin)
    return submission.id


def visit_at(db, officer, at, via="api"):
    return open_test_visit(db, officer, now=at, opened_via=via)


def test_a_fair_day_at_a_counter_raises_no_flag(db, make_officer, questionnaire):
    officer = make_officer()
    ids = []
    for n in range(40):  # a tablet rating every 12 minutes, 08:00–15:48
        ids.append(store(db, questionnaire, officer, T0 - timedelta(hours=1) + n * timedelta(
            minutes=12)))
    for n in range(10):  # phone ratings of queue visits, each from its own phone
        at = T0 + timedelta(minutes=40 * n)
        visit = visit_at(db, officer, at)
        ids.append(store(db, questionnaire, officer, at + timedelta(minutes=8), source="qr_visit",
                         visit=visit, origin=SubmissionOrigin(phone_hash=f"p{n}",
                                                              address_hash=f"a{n}")))
    assert [rules(db, rating_id) for rating_id in ids] == [set()] * 50


def test_a_burst_flags_the_ratings_past_the_allowance(db, make_officer, questionnaire):
    officer = make_officer()
    ids = [store(db, questionnaire, officer, T0 + timedelta(minutes=n)) for n in range(7)]
    assert [rules(db, i) for i in ids] == [set()] * 5 + [{"burst"}] * 2
    for n in range(3):
        visit_at(db, officer, T0 + timedelta(minutes=n, seconds=30))
    assert [rules(db, i) for i in ids] == [set()] * 7


@pytest.mark.parametrize("local, source, opened_local, flagged", [
    ("2026-11-02 06:30", "kiosk", None, True),
    ("2026-11-02 07:20", "kiosk", None, False),        # within the grace
    ("2026-11-08 10:00", "kiosk", None, True),         # Sunday
    ("2026-11-02 21:00", "qr_visit", "2026-11-02 10:00", False),  # rated at home
    ("2026-11-02 21:05", "qr_visit", "2026-11-02 21:00", True),   # visit opened at night
    ("2026-11-02 20:00", "qr_counter", None, True),
])
def test_outside_opening_hours(db, make_officer, questionnaire, local, source, opened_local,
                               flagged):
    def utc(text):
        return datetime.fromisoformat(text).replace(tzinfo=UTC) - timedelta(hours=7)

    officer = make_officer()
    visit = visit_at(db, officer, utc(opened_local)) if opened_local else None
    rating_id = store(db, questionnaire, officer, utc(local), source=source, visit=visit)
    assert ("outside_hours" in rules(db, rating_id)) is flagged


def test_the_same_phone_rating_one_officer_again_and_again(db, make_officer, questionnaire):
    officer, colleague = make_officer(), make_officer()
    phone = SubmissionOrigin(phone_hash="p1", address_hash="a1")
    found = []
    for day in range(3):
        at = T0 + timedelta(days=day)
        visit = visit_at(db, officer, at)
        rating_id = store(db, questionnaire, officer, at + timedelta(minutes=9),
                          source="qr_visit", visit=visit, origin=phone)
        found.append(rules(db, rating_id))
    assert found == [set(), set(), {"same_phone"}]
    visit = visit_at(db, colleague, T0 + timedelta(days=3))
    other = store(db, questionnaire, colleague, T0 + timedelta(days=3, minutes=9),
                  source="qr_visit", visit=visit, origin=phone)
    assert rules(db, other) == set()
    third = rating_id
    assert "same_phone" not in rules(db, third, same_phone_days=1)


def test_dossier_code_probing(db, make_officer, questionnaire):
    officer = make_officer()
    for n in range(4):
        note_lookup(db, "p1", f"code{n}", n == 3, T0 - timedelta(minutes=20 - n))
    visit = visit_at(db, officer, T0 - timedelta(hours=1))
    prober = store(db, questionnaire, officer, T0, source="dossier_code", visit=visit,
                   origin=SubmissionOrigin(phone_hash="p1", address_hash="a1"))
    assert rules(db, prober) == {"code_probing"}
    assert rules(db, prober, probe_codes=5) == set()
    assert rules(db, prober, probe_window_minutes=10) == set()
    flag = screen_rating(db, prober, screening())[0]
    assert flag.details == {"codes": 4, "not_found": 3, "minutes": 60}


def test_officer_invites_past_what_the_counter_served(db, make_officer, questionnaire):
    officer = make_officer()
    invites = [visit_at(db, officer, T0 + timedelta(minutes=5 * n), via="officer")
               for n in range(7)]
    last = store(db, questionnaire, officer, T0 + timedelta(minutes=40), source="qr_visit",
                 visit=invites[-1])
    first = store(db, questionnaire, officer, T0 + timedelta(minutes=41), source="qr_visit",
                  visit=invites[0])
    assert rules(db, last) == {"invite_cap"} and rules(db, first) == set()
    for n in range(2):
        visit_at(db, officer, T0 + timedelta(minutes=2 + 5 * n))
    assert rules(db, last) == set()


@pytest.mark.parametrize("seconds, via, flagged", [
    (8, "officer", True), (15, "officer", True), (40, "officer", False), (8, "api", False)])
def test_a_rating_seconds_after_the_officers_invite(db, make_officer, questionnaire, seconds,
                                                   via, flagged):
    officer = make_officer()
    visit = visit_at(db, officer, T0, via=via)
    rating_id = store(db, questionnaire, officer, T0 + timedelta(seconds=seconds),
                      source="qr_visit", visit=visit)
    assert ("fast_after_invite" in rules(db, rating_id)) is flagged


def test_a_phone_on_the_officers_own_console_address(db, make_officer, make_user, questionnaire):
    officer = make_officer()
    user = make_user("officer", officer_id=officer.id)
    record_audit(db, action="visit.open", actor=user.username, user_id=user.id,
                 ip="198.51.100.4")
    db.commit()  # an audit entry is in the log once its transaction commits
    now = datetime.now(UTC)
    visit = visit_at(db, officer, now - timedelta(minutes=10))
    same = store(db, questionnaire, officer, now, source="qr_visit", visit=visit,
                 origin=SubmissionOrigin(address_hash=HASH("198.51.100.4"), phone_hash="x"))
    assert "staff_address" in rules(db, same)  # (the test's clock may add outside_hours)
    elsewhere = store(db, questionnaire, officer, now, source="qr_counter",
                      origin=SubmissionOrigin(address_hash=HASH("203.0.113.9"), phone_hash="y"))
    assert "staff_address" not in rules(db, elsewhere)
    later = store(db, questionnaire, officer, now + timedelta(hours=2), source="qr_counter",
                  origin=SubmissionOrigin(address_hash=HASH("198.51.100.4"), phone_hash="z"))
    assert "staff_address" not in rules(db, later)


@pytest.mark.parametrize("own, live", [(True, True), (False, True), (True, False)])
def test_a_staff_browser(db, make_officer, make_user, questionnaire, own, live):
    officer = make_officer()
    user = make_user("officer", officer_id=officer.id if own else make_officer().id)
    rating_id = store(db, questionnaire, officer, T0, source="qr_counter",
                      origin=SubmissionOrigin(staff_user_id=user.id, staff_session=live))
    [finding] = screen_rating(db, rating_id, screening())
    assert finding.details == {"username": user.username, "live": live, "own": own}


def test_an_officer_far_above_the_site_is_listed_and_a_fair_one_is_not(
    db, make_officer, questionnaire
):
    first = make_officer()
    counter = first.counters[0]
    fair = [first] + [make_officer(counter=counter) for _ in range(3)]
    stuffer, few = make_officer(counter=counter), make_officer(counter=counter)
    at = T0
    for officer, top, total in [*[(o, 24, 40) for o in fair], (stuffer, 39, 40), (few, 20, 20)]:
        for n in range(total):
            at += timedelta(seconds=1)
            store(db, questionnaire, officer, at, level=3 if n < top else 2)
    listed = improbable_top_shares(db, T0, T0 + timedelta(days=1), Thresholds())
    assert [row.officer_id for row in listed] == [stuffer.id]
    assert listed[0].ratings == 40 and listed[0].top == 39 and listed[0].z > 3
    assert listed[0].site_share == pytest.approx((24 * 4 + 20) / 180)


def test_held_and_excluded_ratings_leave_the_site_comparison(db, make_officer, questionnaire):
    officer = make_officer()
    rating_id = store(db, questionnaire, officer, T0)
    db.execute(RatingFlag.__table__.insert().values(rating_id=rating_id, rule="burst",
                                                    details={}, status="pending",
                                                    created_at=T0))
    db.get(Rating, rating_id).held = True
    db.flush()
    assert improbable_top_shares(db, T0, T0 + timedelta(days=1),
                                 Thresholds(top_share_min_ratings=1)) == []
