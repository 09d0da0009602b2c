"""Record scheduled jobs' runs (one row per job); flush only."""

from datetime import datetime

from sqlalchemy import select

from models.base import nfc
from models.jobs import JobRun

#: Longest detail line kept.
DETAIL_LENGTH = 500


def record_job_start(session, name: str, host: str, now: datetime) -> None:
    """Mark job ``name`` as running since ``now`` on ``host``."""
    run = session.get(JobRun, name)
    if run is None:
        run = JobRun(name=name)
        session.add(run)
    run.status, run.started_at, run.finished_at, run.host = "running", now, None, host[:255]
    run.detail = ""
    session.flush()


def record_job_end(session, name: str, ok: bool, detail: str, now: datetime) -> None:
    """Mark job ``name`` as finished at ``now``, good or failed, with one line of detail.

    A good end also moves ``last_ok_at``; a failed one leaves it, so the job turns overdue.
    """
    run = session.get(JobRun, name)
    if run is None:
        raise LookupError(f"job {name!r} was never started")
    run.status, run.finished_at = ("ok" if ok else "failed"), now
    run.detail = nfc(" ".join(detail.split()))[:DETAIL_LENGTH]
    if ok:
        run.last_ok_at = now
    session.flush()


def job_runs(session) -> list[JobRun]:
    """Return every job's latest run, by name."""
    return list(session.scalars(select(JobRun).order_by(JobRun.name)))
