"""Two submissions of one survey token at the same moment store exactly one rating.

Real threads, each with its own connection: on SQLite the write lock (BEGIN IMMEDIATE)
serialises them; on PostgreSQL the conditional UPDATE's row lock and the unique
ratings.visit_id do.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Rating, Visit
from models.engine import begin_write
from models.ops.visits import rate_visit
from models.queries.visits import visit_by_token
from tests.visits_support import ZONE, open_test_visit, submission

ROUNDS = 4


def _submit_in_own_transaction(engine, questionnaire, token, barrier, both_read):
    barrier.wait(timeout=10)
    with Session(engine) as session:
        begin_write(session)
        row = visit_by_token(session, token)
        read_unused = row.used_at is None
        if both_read is not None:  # PostgreSQL: nothing serialises the reads, so make them race
            both_read.wait(timeout=10)
        outcome = rate_visit(session, questionnaire, row, submission(), zone=ZONE)
        session.commit()
        return outcome, read_unused


def test_simultaneous_submissions_of_one_token_create_exactly_one_rating(
    app, db, make_officer, questionnaire
):
    """The race is made to happen, not hoped for: on PostgreSQL both transactions have read
    the visit as unused before either writes; on SQLite the write lock taken before the first
    read makes the second transaction read the first one's commit."""
    engine = app.extensions["hailong.db"].engine
    serialised = engine.dialect.name == "sqlite"
    officer = make_officer()
    tokens = [open_test_visit(db, officer).survey_token for _ in range(ROUNDS)]
    db.commit()
    for token in tokens:
        barrier = threading.Barrier(2)
        both_read = None if serialised else threading.Barrier(2)
        with ThreadPoolExecutor(2) as pool:
            futures = [
                pool.submit(_submit_in_own_transaction, engine, questionnaire, token, barrier,
                            both_read)
                for _ in range(2)
            ]
            results = [f.result() for f in futures]
        outcomes = sorted((outcome.status, outcome.code) for outcome, _ in results)
        assert outcomes == [("created", None), ("rejected", "visit_already_rated")]
        reads = sorted(read_unused for _, read_unused in results)
        assert reads == ([False, True] if serialised else [True, True])
    counts = db.execute(
        select(func.count(Rating.id), func.count(func.distinct(Rating.visit_id)))
    ).one()
    assert tuple(counts) == (ROUNDS, ROUNDS)
    assert db.scalar(select(func.count(Visit.id)).where(Visit.used_at.is_(None))) == 0


def _post_form(app, url, barrier):
    client = app.test_client()
    barrier.wait(timeout=10)
    return client.post(url, data={"level": "3"}).status_code


def test_two_phones_sending_one_link_at_once_store_one_rating(app, db, make_officer,
                                                               questionnaire):
    officer = make_officer()
    token = open_test_visit(db, officer).survey_token
    db.commit()
    barrier = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(_post_form, app, f"/s/{token}", barrier) for _ in range(2)]
        statuses = sorted(future.result() for future in futures)
    assert statuses == [303, 410]
    assert db.scalar(select(func.count(Rating.id))) == 1
