"""Two submissions of one survey token at the same moment store exactly one rating.

Real threads, each with its own connection: on SQLite the write lock (BEGIN IMMEDIATE)
serialises them; on PostgreSQL the conditional UPDATE's row lock and the unique
ratings.visit_id do.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Rating, Visit
from models.engine import begin_write
from models.ops.visits import rate_visit
from models.queries.visits import visit_by_token
from tests.visits_support import ZONE, open_test_visit, submission

ROUNDS = 4


def _submit_in_own_transaction(engine, questionnaire, token, barrier):
    barrier.wait(timeout=10)
    with Session(engine) as session:
        begin_write(session)
        row = visit_by_token(session, token)
        time.sleep(0.05)  # hold the transaction open so the other thread reads "unused" too
        outcome = rate_visit(session, questionnaire, row, submission(), zone=ZONE)
        session.commit()
        return outcome


def test_simultaneous_submissions_of_one_token_create_exactly_one_rating(
    app, db, make_officer, questionnaire
):
    engine = app.extensions["hailong.db"].engine
    officer = make_officer()
    tokens = [open_test_visit(db, officer).survey_token for _ in range(ROUNDS)]
    db.commit()
    for token in tokens:
        barrier = threading.Barrier(2)
        with ThreadPoolExecutor(2) as pool:
            futures = [
                pool.submit(_submit_in_own_transaction, engine, questionnaire, token, barrier)
                for _ in range(2)
            ]
            outcomes = sorted((f.result().status, f.result().code) for f in futures)
        assert outcomes == [("created", None), ("rejected", "visit_already_rated")]
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
