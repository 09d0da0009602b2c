"""Engine set-up: SQLite pragmas and immediate write transactions; psycopg 3 for PostgreSQL."""

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

#: How long a SQLite writer waits for another writer before giving up, in milliseconds
#: (the default of the SQLITE_BUSY_TIMEOUT_MS setting). Past it the write fails with
#: "database is locked", which the web layer answers as 503 database_unavailable.
SQLITE_BUSY_TIMEOUT_MS = 10_000


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

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def begin_write(session: Session) -> None:
    """Start session's transaction as a write transaction.

    On SQLite this is BEGIN IMMEDIATE, taking the write lock before the first read,
    so a read-then-write cannot fail half-way with "database is locked". On
    PostgreSQL it is a normal transaction (row locks and constraints do the work).
    Call it before the first statement of the transaction (SQLAlchemy warns if
    the transaction already holds a connection, and the tests turn that into an error).
    """
    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


def restart_as_write(session: Session) -> None:
    """End the session's read-only transaction and start a write transaction (see begin_write).

    For a request that has only read so far (e.g. loading the signed-in account) and now
    must write: on SQLite a read transaction cannot safely be upgraded to a write one.
    Anything not yet committed is discarded, so call it before the first change.
    """
    if session.in_transaction():
        session.rollback()
    begin_write(session)
