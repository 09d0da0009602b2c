"""The world the fuzz tests attack: a paired tablet with its officer on duty, an open visit, a
site integration key, unused pairing codes, and a visit at another site.

Hypothesis runs many examples inside one test function, so these function-scoped fixtures are
shared by the examples of a test on purpose: the assertions compare the database before and
after each request, never against a fresh one.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import strategies as st
from sqlalchemy import func, select

from models import Alert, OfficerSignIn, Rating, RatingAnswer, Tablet, Visit
from models.ops.devices import issue_pairing_code
from models.ops.register import import_register
from tests.kiosk.tablet_support import (  # noqa: F401 - fixtures
    NOW,
    frozen_now_fixture,
    paired_fixture,
    signed_in,
)
from tests.visits_support import bearer, open_test_visit
from web.dossier_key import dossier_hash_key

#: Rows that a refused request must leave as they were.
WRITTEN = (Rating, RatingAnswer, Alert, Visit, Tablet, OfficerSignIn)
#: The dossier code of the world's open visit.
DOSSIER_CODE = "000.00.01.H13-261102-0001"
#: A dossier of the register, handed back today, whose applicant gave the phone …5678.
REGISTER_CODE = "000.00.01.H13-261201-0009"
#: Pairing codes issued up front (each pairs one tablet, once).
PAIRING_CODES = 20


@pytest.fixture
def app_config(app_config):
    """Rate limits high enough that fuzzing reaches the code behind them."""
    return {
        **app_config,
        "KIOSK_PAIR_RATE_LIMIT": "100000/minute",
        "SURVEY_LOOKUP_RATE_LIMIT": "100000/minute",
        "SURVEY_POSTER_RATE_LIMIT": "100000/minute",
        "LOGIN_LIMITS_PER_USERNAME": "100000/minute",
        "LOGIN_LIMITS_PER_CLIENT": "100000/minute",
    }


@dataclass(frozen=True)
class World:
    """Real ids, codes and credentials to put into otherwise hostile requests."""

    tablet_headers: dict
    bearer_headers: dict
    officer_id: int
    officer_code: str
    counter_id: int
    counter_code: str
    questionnaire_version_id: int
    visit_id: int
    visit_token: str
    foreign_visit_id: int
    pairing_codes: tuple[str, ...]
    codes_by_group: dict

    def ids(self) -> list[int]:
        """Return the ids that exist, to put into paths."""
        return [self.visit_id, self.foreign_visit_id, self.officer_id, self.counter_id]

    def good(self) -> dict:
        """Return a strategy of a valid value for each body field name the API uses."""
        codes = self.codes_by_group
        conduct = codes["4xin"] + codes["4luon"]
        return {
            "officer_id": st.just(self.officer_id),
            "counter_id": st.just(self.counter_id),
            "questionnaire_version_id": st.just(self.questionnaire_version_id),
            "visit_id": st.sampled_from([None, self.visit_id, self.foreign_visit_id]),
            "level": st.sampled_from([1, 2, 3]),
            "answers": st.dictionaries(st.sampled_from(conduct), st.booleans(), max_size=8),
            "reported": st.lists(st.sampled_from(codes["5khong"]), max_size=2),
            "reasons": st.lists(st.sampled_from(codes["reason"]), max_size=2),
            "rated_at": st.integers(0, 50).map(
                lambda minutes: (NOW - timedelta(minutes=minutes)).isoformat()),
            "sent_at": st.just(NOW.isoformat()),
            "pin": st.sampled_from(["1234", "0000"]),
            "code": st.sampled_from(self.pairing_codes),
            "counter": st.just(self.counter_code),
            "officer": st.sampled_from([self.officer_code, None]),
            "ticket_number": st.sampled_from(["A-017", None]),
            "dossier_code": st.sampled_from([DOSSIER_CODE, None]),
            "outbox_length": st.integers(0, 50),
            "dead_letters": st.integers(0, 5),
        }


@pytest.fixture
def world(app, db, paired, questionnaire, make_officer):
    """Build the world: the tablet's officer signed in since an hour before NOW."""
    officer = paired.officer
    with app.app_context():
        key = dossier_hash_key()
    today = datetime.now(UTC).date()
    import_register(db, officer.site_id, [(1, {
        "code": REGISTER_CODE, "officer_code": officer.code, "received_on": today.isoformat(),
        "due_on": today.isoformat(), "returned_on": today.isoformat(),
        "applicant_phone": "0912345678"})], key=key, zone="Asia/Ho_Chi_Minh",
        today=today + timedelta(days=1))
    signed_in(db, officer, paired.tablet_id, NOW - timedelta(hours=1))
    visit = open_test_visit(db, officer, ticket_number="A-001", dossier_code=DOSSIER_CODE)
    foreign = open_test_visit(db, make_officer(), ticket_number="B-001")
    now = datetime.now(UTC)
    codes = tuple(issue_pairing_code(db, officer.counters[0], now=now).code
                  for _ in range(PAIRING_CODES))
    groups = {}
    for item in questionnaire.items:
        groups.setdefault(item.group, []).append(item.code)
    built = World(
        tablet_headers=paired.headers,
        bearer_headers=bearer(db, officer.counters[0].site),
        officer_id=officer.id,
        officer_code=officer.code,
        counter_id=officer.counters[0].id,
        counter_code=officer.counters[0].code,
        questionnaire_version_id=questionnaire.version_id,
        visit_id=visit.id,
        visit_token=visit.survey_token,
        foreign_visit_id=foreign.id,
        pairing_codes=codes,
        codes_by_group=groups,
    )
    db.commit()
    return built


def row_counts(db) -> dict[str, int]:
    """Count the rows a refused request must not add or remove (read afresh)."""
    db.rollback()
    counts = {entity.__tablename__: db.scalar(select(func.count()).select_from(entity))
              for entity in WRITTEN}
    db.rollback()
    return counts
