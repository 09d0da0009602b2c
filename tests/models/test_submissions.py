"""A form's one-time nonce: claimed with the action's writes, a replay finds the first."""

import threading
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import FormSubmission, Setting
from models.engine import begin_write
from models.ops.submissions import KEPT_FOR, claim_submission, record_result

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def rows(db):
    count = db.scalar(select(func.count()).select_from(FormSubmission))
    db.commit()  # end the read, so the next begin_write starts a write transaction
    return count


def claim(session, nonce, *, user_id=1, now=NOW):
    return claim_submission(session, nonce, action="officer.import", user_id=user_id, now=now)


def test_a_first_claim_is_free_and_a_replay_gets_the_first_answer(db):
    begin_write(db)
    assert claim(db, "n" * 32) is None
    record_result(db, "n" * 32, {"location": "/admin/officers", "messages": [["success", "3"]]})
    db.commit()
    begin_write(db)
    earlier = claim(db, "n" * 32, user_id=2)
    assert earlier is not None
    assert (earlier.action, earlier.user_id) == ("officer.import", 1)
    assert earlier.result == {"location": "/admin/officers", "messages": [["success", "3"]]}
    db.rollback()
    assert rows(db) == 1


def test_a_rolled_back_action_leaves_its_nonce_free(db):
    """A refused import writes nothing, not even its nonce: the corrected try goes through."""
    begin_write(db)
    assert claim(db, "r" * 32) is None
    db.add(Setting(key="written.with.the.import", value="1"))
    db.rollback()
    assert rows(db) == 0
    begin_write(db)
    assert claim(db, "r" * 32) is None
    db.commit()
    assert rows(db) == 1


def test_old_nonces_are_pruned_and_recent_ones_kept(db):
    begin_write(db)
    claim(db, "o" * 32, now=NOW - KEPT_FOR - timedelta(seconds=1))
    claim(db, "k" * 32, now=NOW - KEPT_FOR + timedelta(minutes=1))
    db.commit()
    begin_write(db)
    claim(db, "f" * 32)
    db.commit()
    kept = set(db.scalars(select(FormSubmission.nonce)))
    assert kept == {"k" * 32, "f" * 32}


def test_two_requests_racing_with_one_nonce_do_the_action_once(app, db):
    """The second claim waits for the first transaction, then finds its row (both
    databases), so exactly one of two concurrent submissions does the work."""
    engine = app.extensions["hailong.db"].engine
    first = Session(engine, expire_on_commit=False)
    begin_write(first)
    assert claim(first, "x" * 32) is None
    first.add(Setting(key="imported.once", value="1"))
    first.flush()
    outcome = {}

    def second():
        with Session(engine, expire_on_commit=False) as session:
            begin_write(session)
            earlier = claim(session, "x" * 32, user_id=1)
            outcome["earlier"] = earlier and earlier.nonce
            if earlier is None:
                session.add(Setting(key="imported.once", value="2"))
                session.commit()
            else:
                session.rollback()

    thread = threading.Thread(target=second)
    thread.start()
    thread.join(0.5)  # the second request is held by the first one's transaction
    assert "earlier" not in outcome
    first.commit()
    first.close()
    thread.join(60)
    assert not thread.is_alive()
    assert outcome["earlier"] == "x" * 32
    db.expire_all()
    assert db.scalars(select(Setting.value).where(Setting.key == "imported.once")).all() == ["1"]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["a" * 32, "b" * 32, "c" * 32, "d" * 32]), max_size=12))
def test_each_nonce_is_claimed_exactly_once_whatever_the_order(app, sends):
    engine = app.extensions["hailong.db"].engine
    with Session(engine) as session:
        begin_write(session)
        session.execute(FormSubmission.__table__.delete())
        session.commit()
        done = []
        for nonce in sends:
            begin_write(session)
            if claim(session, nonce) is None:
                done.append(nonce)
            session.commit()
        assert sorted(done) == sorted(set(sends))
