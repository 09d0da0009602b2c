"""Engine set-up: SQLite pragmas and immediate write transactions; psycopg 3 for PostgreSQL."""

import fcntl
import os
import sqlite3
import time

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

#: How long a SQLite writer waits for another writer before giving up, in milliseconds
#: (the default of the SQLITE_BUSY_TIMEOUT_MS setting). Past it the write fails with
#: "database is locked", which the web layer answers as 503 database_unavailable.
SQLITE_BUSY_TIMEOUT_MS = 10_000
#: The execution option marking a connection whose transaction began as a write one
#: (``begin_write``); the tests check every write of a request or command carries it.
WRITE_MARK = "hailong_write"


def make_engine(url: str, *, sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
                **kwargs) -> Engine:
    """Create an engine for url, tuned for the embedded SQLite file or for PostgreSQL.

    ``sqlite_busy_timeout_ms`` is how long a SQLite connection waits for the write lock;
    PostgreSQL ignores it.
    """
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": sqlite_busy_timeout_ms / 1000}, **kwargs
        )
        _tune_sqlite(engine, sqlite_busy_timeout_ms)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("connect_args", {"connect_timeout": 5})
    return create_engine(url, **kwargs)


def _tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Turn on WAL, foreign keys and a busy timeout; let SQLAlchemy own BEGIN.

    pysqlite's own transaction handling is switched off so that a write path can
    open its transaction with BEGIN IMMEDIATE (see begin_write) and never hit
    SQLITE_BUSY when a read inside the transaction is followed by a write.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    database = engine.url.database
    lock_path = database + ".write-lock" if database and database != ":memory:" else None

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode == "IMMEDIATE" and lock_path:
            _take_writer_turn(connection.connection.info, lock_path, busy_timeout_ms / 1000)
        connection.exec_driver_sql(f"BEGIN {mode}")

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        _end_writer_turn(record.info)


#: Longest pause between two looks at a busy writer queue, in seconds.
WRITER_POLL_MAX = 0.002


def _take_writer_turn(info: dict, lock_path: str, timeout: float) -> None:
    """Wait for this connection's turn to write, in a queue the kernel runs.

    SQLite's busy handler sleeps 1, 2, 5, 10 … 100 ms between attempts, so with many
    concurrent writers the lock sits free while they sleep and throughput collapses. A write
    transaction (BEGIN IMMEDIATE, see begin_write) therefore first takes an exclusive
    ``flock`` on a file beside the database, looking again every 0.1–2 ms, and lets it go when
    the connection returns to the pool after its COMMIT or ROLLBACK. The kernel drops a
    crashed process's lock. Past the busy timeout the wait fails as SQLite would, "database
    is locked" (the app answers 503).
    """
    if "writer_fd" not in info:
        info["writer_fd"] = _acquire(lock_path, timeout)


def _end_writer_turn(info: dict) -> None:
    fd = info.pop("writer_fd", None)
    if fd is not None:
        os.close(fd)  # closing the descriptor drops its flock


def _acquire(lock_path: str, timeout: float) -> int:
    """Return a descriptor holding the exclusive lock on lock_path, waiting up to timeout."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    deadline, pause = time.monotonic() + timeout, 0.0001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise OperationalError(
                    "BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked")
                ) from None
            time.sleep(pause)
            pause = min(pause * 2, WRITER_POLL_MAX)


def begin_write(session: Session) -> None:
    """Start session's transaction as a write transaction.

    On SQLite this is BEGIN IMMEDIATE, taking the write lock before the first read,
    so a read-then-write cannot fail half-way with "database is locked". On
    PostgreSQL it is a normal transaction (row locks and constraints do the work).
    Call it before the first statement of the transaction (SQLAlchemy warns if
    the transaction already holds a connection, and the tests turn that into an error).
    """
    session.connection(execution_options={"sqlite_begin": "IMMEDIATE", WRITE_MARK: True})


def run(session: Session, statement, parameters: dict | list | None = None):
    """Execute a prebuilt Core statement on the session's connection (the hot paths).

    Statements built once at import time with ``bindparam`` keep their compiled form and
    cache key, and the connection skips the ORM's execute path (about a sixth of the cost
    of building and running a statement through the session: issue 17, docs/benchmarks.md).
    Pending ORM changes are flushed first, as the session's own execute does (autoflush).
    """
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()
    return session.connection().execute(statement, parameters or {})


def lock_row(session: Session, statement, parameters: dict) -> None:
    """Run a row-locking ``SELECT … FOR UPDATE`` (prebuilt), except on SQLite.

    On SQLite the write transaction (BEGIN IMMEDIATE) already holds the database's one
    write lock, so SQLAlchemy drops FOR UPDATE and the statement would only read a row
    nobody uses: it is skipped there (issue 17).
    """
    if session.connection().dialect.name != "sqlite":
        run(session, statement, parameters)
