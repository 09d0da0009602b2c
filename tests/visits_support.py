"""Helpers shared by the visit, survey and poster tests (plain functions, not fixtures)."""

import uuid
from datetime import UTC, datetime

from models import Counter, Officer
from models.ops.apikeys import create_api_key
from models.ops.ratings import RatingSubmission
from models.ops.visits import open_visit, token_key_from_secret
from models.queries.visits import visit_by_id

ZONE = "Asia/Ho_Chi_Minh"
#: The SECRET_KEY of the test app (tests/conftest.py).
TEST_SECRET_KEY = "test-secret-key-0123456789abcdefghij"
#: The key the test app derives survey tokens with.
TOKEN_KEY = token_key_from_secret(TEST_SECRET_KEY)


def open_test_visit(db, officer: Officer, counter: Counter | None = None, now=None, **fields):
    """Open a visit for officer at its first counter (through the real operation).

    The visit carries its token as ``survey_token`` (the database keeps only a hash).
    """
    counter = counter or officer.counters[0]
    opened = open_visit(db, counter.id, officer.id, opened_via=fields.pop("opened_via", "api"),
                        now=now or datetime.now(UTC), token_key=TOKEN_KEY, **fields)
    opened.visit.survey_token = opened.token
    return opened.visit


def visit_row(db, visit):
    """Return the query row of a visit."""
    return visit_by_id(db, visit.id)


def submission(level=3, source="qr_visit", **fields) -> RatingSubmission:
    """Return a phone submission with a fresh id."""
    return RatingSubmission(id=fields.pop("id", uuid.uuid4()), source=source, level=level,
                            **fields)


def bearer(db, site, name="Hệ thống xếp hàng") -> dict[str, str]:
    """Create an integration key for site and return the Authorization header carrying it."""
    issued = create_api_key(db, site, name)
    return {"Authorization": f"Bearer {issued.key}"}
