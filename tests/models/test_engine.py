"""Engine set-up: SQLite pragmas and write transactions."""

import threading
import time

import pytest
from sqlalchemy import bindparam, event, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from models import Site
from models.engine import begin_write, lock_row, make_engine, run
from tests.conftest import postgres_url


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'e.sqlite3'}")
    yield engine
    engine.dispose()


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(sqlite_engine):
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_begin_write_takes_the_sqlite_write_lock_before_the_first_read(sqlite_engine):
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
    holder = Session(sqlite_engine)
    begin_write(holder)
    holder.execute(text("SELECT count(*) FROM t"))
    other = make_engine(str(sqlite_engine.url))
    blocked = []

    def try_write():
        with other.connect() as connection:
            connection.exec_driver_sql("PRAGMA busy_timeout=200")
            connection.commit()
            try:
                with connection.begin():
                    connection.exec_driver_sql("INSERT INTO t VALUES (1)")
            except Exception as exc:  # noqa: BLE001 - the lock error is what we expect
                blocked.append(type(exc).__name__)

    thread = threading.Thread(target=try_write)
    thread.start()
    thread.join()
    holder.rollback()
    holder.close()
    other.dispose()
    assert blocked == ["OperationalError"]


def test_begin_write_is_an_ordinary_transaction_on_any_database(app):
    engine = app.extensions["hailong.db"].engine
    with Session(engine) as session:
        begin_write(session)
        assert session.execute(text("SELECT 1")).scalar() == 1
        session.commit()


def test_the_test_suite_runs_on_the_database_it_was_asked_for(app):
    dialect = app.extensions["hailong.db"].engine.dialect.name
    assert dialect == ("postgresql" if postgres_url() else "sqlite")


def test_sqlite_writers_wait_their_turn_and_go_as_soon_as_it_comes(sqlite_engine):
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
    holder = Session(sqlite_engine)
    begin_write(holder)
    holder.execute(text("INSERT INTO t VALUES (1)"))
    waited = []

    def write():
        started = time.monotonic()
        with Session(sqlite_engine) as session:
            begin_write(session)
            waited.append(time.monotonic() - started)
            session.execute(text("INSERT INTO t VALUES (2)"))
            session.commit()

    thread = threading.Thread(target=write)
    thread.start()
    time.sleep(0.3)
    assert waited == []  # still queued behind the holder
    released = time.monotonic()
    holder.commit()
    holder.close()
    thread.join()
    assert 0.3 <= waited[0] < 0.3 + (time.monotonic() - released) + 0.05
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT n FROM t ORDER BY n").scalars().all() == [1, 2]


def test_a_sqlite_writer_kept_waiting_past_the_busy_timeout_gets_database_locked(tmp_path):
    sqlite_engine = make_engine(f"sqlite:///{tmp_path / 'e.sqlite3'}", sqlite_busy_timeout_ms=200)
    holder = Session(sqlite_engine)
    begin_write(holder)
    holder.execute(text("SELECT 1"))
    with Session(sqlite_engine) as session:
        started = time.monotonic()
        with pytest.raises(OperationalError, match="database is locked"):
            begin_write(session)
        assert 0.2 <= time.monotonic() - started < 1.0
    holder.rollback()
    holder.close()
    with Session(sqlite_engine) as session:  # the turn was handed back: a new writer gets it
        begin_write(session)
        session.commit()
    sqlite_engine.dispose()


SITE_CODE = select(Site.code).where(Site.code == bindparam("code"))


def test_run_sees_pending_changes_as_the_sessions_own_execute_does(db):
    db.add(Site(code="NEW", name="Trung tâm mới"))
    assert run(db, SITE_CODE, {"code": "NEW"}).scalar() == "NEW"  # flushed first
    db.add(Site(code="HELD", name="Trung tâm giữ"))
    with db.no_autoflush:
        assert run(db, SITE_CODE, {"code": "HELD"}).scalar() is None
    assert db.scalar(SITE_CODE, {"code": "HELD"}) == "HELD"
    db.rollback()


def test_lock_row_locks_on_postgresql_and_sends_nothing_on_sqlite(app, db):
    engine = app.extensions["hailong.db"].engine
    sent = []

    def record(_conn, _cursor, statement, *_args):
        sent.append(statement)

    db.add(Site(code="LOCK", name="Trung tâm khóa"))
    db.flush()
    event.listen(engine, "before_cursor_execute", record)
    try:
        lock_row(db, SITE_CODE.with_for_update(), {"code": "LOCK"})
    finally:
        event.remove(engine, "before_cursor_execute", record)
    db.rollback()
    if engine.dialect.name == "sqlite":
        assert sent == []
    else:
        assert len(sent) == 1 and "FOR UPDATE" in sent[0]
