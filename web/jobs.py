"""Scheduled jobs: one run at a time across every host, each run recorded for /healthz."""

import fcntl
import functools
import os
import socket
import zlib
from contextlib import contextmanager
from datetime import UTC, datetime

import click
from sqlalchemy import text
from sqlalchemy.orm import Session

from models.ops.jobs import record_job_end, record_job_start
from web.db import get_database, write_session


class JobRun:
    """A job's run in progress: ``report`` sets the line recorded at its end."""

    def __init__(self, name: str, engine) -> None:
        self.name, self._engine, self.detail = name, engine, ""

    def report(self, detail: str) -> None:
        """Set what the run did, recorded when it ends."""
        self.detail = detail

    def beat(self, detail: str) -> None:
        """Record a good run now without ending (each round of a ``--watch`` loop)."""
        self.detail = detail
        self._write(record_job_end, True, detail)
        self._write(record_job_start, socket.gethostname())

    def _write(self, operation, *args) -> None:
        with Session(self._engine) as session:
            write_session(session)
            operation(session, self.name, *args, datetime.now(UTC))
            session.commit()


@contextmanager
def _only_run(engine, name: str):
    """Hold a lock named after the job for the whole run; yield False when another holds it.

    PostgreSQL: a session advisory lock (so two hosts' timers never run a job twice at once).
    SQLite: an ``flock`` on a file beside the database (one host only shares the file).
    """
    if engine.dialect.name == "postgresql":
        key = zlib.crc32(f"hailong.job.{name}".encode())
        with engine.connect() as connection:
            got = connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            connection.commit()
            try:
                yield bool(got)
            finally:
                if got:
                    connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    connection.commit()
        return
    path = f"{engine.url.database}.job-{name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def scheduled_job(name: str):
    """Decorate a CLI command as scheduled job ``name``: locked, recorded, failure recorded.

    The command receives a ``job`` keyword (a ``JobRun``). A run that finds the job already
    running elsewhere says so and exits successfully (a timer on a second host is not an
    error). A run that raises is recorded as failed and the error goes on.
    """

    def decorate(command):
        @functools.wraps(command)
        def run(*args, **kwargs):
            engine = get_database().engine
            with _only_run(engine, name) as mine:
                if not mine:
                    click.echo(f"{name} is already running; nothing to do.")
                    return None
                job = JobRun(name, engine)
                job._write(record_job_start, socket.gethostname())
                try:
                    result = command(*args, job=job, **kwargs)
                except BaseException as exc:
                    job._write(record_job_end, False, _failure(exc, job))
                    raise
                job._write(record_job_end, True, job.detail)
                return result

        return run

    return decorate


def _failure(exc: BaseException, job: JobRun) -> str:
    if isinstance(exc, click.ClickException):
        return exc.format_message()
    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
        return f"stopped ({type(exc).__name__}); last: {job.detail}"
    return f"{type(exc).__name__}: {exc}"
