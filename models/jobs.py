"""Scheduled jobs' last runs, which /healthz and /metrics report."""

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, NFCText, UTCDateTime

JOB_STATUSES = ("running", "ok", "failed")


class JobRun(Base):
    """The latest run of one scheduled job (one row per job, updated by every run)."""

    __tablename__ = "job_runs"
    __table_args__ = (
        CheckConstraint("status IN ('running', 'ok', 'failed')", name="status_known"),
    )

    #: The job's name, e.g. "alerts-mail" (the systemd unit is hailong-<name>).
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: End of the last run that succeeded; what "overdue" is measured from.
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: One line: what the last run did, or why it failed.
    detail: Mapped[str] = mapped_column(NFCText, default="")
    #: Host that ran it last.
    host: Mapped[str] = mapped_column(String(255), default="")
