"""Bind the database to the app: one engine per process, one session per request, and the
one doorway every write goes through (``write_session``)."""

import time

from flask import current_app, g
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from migrations.runner import database_revision, head_revision
from models.engine import SQLITE_BUSY_TIMEOUT_MS, begin_write, make_engine
from web.config import ConfigError

#: Seconds a process trusts its last check that the schema is at head.
SCHEMA_CHECK_TTL = 10.0


class Database:
    """The engine, session factory and schema state of one app."""

    def __init__(self, url: str, *, sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS):
        self.engine = make_engine(url, sqlite_busy_timeout_ms=sqlite_busy_timeout_ms)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.head = head_revision()
        self._schema_ok_until = 0.0
        #: Questionnaire versions that can no longer change, by id (see QuestionnaireCache).
        self.frozen_questionnaires: dict = {}

    def schema_state(self) -> tuple[str, str | None]:
        """Return ("ok" | "behind" | "unreachable", the database revision)."""
        try:
            revision = database_revision(self.engine)
        except SQLAlchemyError:
            return "unreachable", None
        return ("ok" if revision == self.head else "behind"), revision

    def schema_check(self) -> str:
        """Return "ok", "behind" or "unreachable", trusting an "ok" for a few seconds."""
        now = time.monotonic()
        if now < self._schema_ok_until:
            return "ok"
        state, _ = self.schema_state()
        if state == "ok":
            self._schema_ok_until = now + SCHEMA_CHECK_TTL
        return state


def init_app(app) -> None:
    """Create the engine, check it answers, and close each request's session at teardown."""
    database = Database(app.config["DATABASE_URL"],
                        sqlite_busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"])
    app.extensions["hailong.db"] = database
    app.teardown_appcontext(close_session)
    if app.config["CHECK_DATABASE_ON_START"]:
        check_database(database)


def check_database(database: Database) -> None:
    """Fail start-up with one clear sentence when DATABASE_URL cannot be reached.

    :raises ConfigError: when the database does not answer.
    """
    state, _ = database.schema_state()
    if state == "unreachable":
        url = database.engine.url.render_as_string(hide_password=True)
        raise ConfigError(
            f"Cannot connect to the database at DATABASE_URL={url}. "
            "Check the DATABASE_URL setting and that the database server is running."
        )


def get_database() -> Database:
    """Return the current app's Database."""
    return current_app.extensions["hailong.db"]


def get_session() -> Session:
    """Return this request's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = get_database().sessions()
    return g.db_session


def close_session(_exc=None) -> None:
    """Roll back anything uncommitted and close the request's session."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def write_session(session: Session | None = None) -> Session:
    """Return ``session`` (the request's by default) in a fresh write transaction: the one
    doorway for the writes of views, API calls, commands and jobs.

    On SQLite the transaction is ``BEGIN IMMEDIATE`` behind the process's writer queue
    (``models.engine.begin_write``), so a read-then-write never fails half-way with
    "database is locked"; on PostgreSQL the same call opens a normal transaction (row locks
    and constraints do the work). Call it before the first read of what will change. A read
    transaction already open (loading the signed-in account, say) is ended first; it must
    hold no pending change, which would otherwise be written outside the doorway.
    ``tests/web/test_write_doorway.py`` fails when a request or command writes without it.

    :raises RuntimeError: when the session holds changes not yet flushed.
    """
    if session is None:
        session = get_session()
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("write_session: the session holds changes made before the "
                               "write transaction began")
        session.commit()
    begin_write(session)
    return session
