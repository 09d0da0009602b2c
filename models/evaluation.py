"""Monthly evaluation: rubric versions, monthly inputs, and the months' lifecycle and snapshots."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, NFCString, NFCText, UTCDateTime, utcnow
from models.org import Officer

#: A month is written "YYYY-MM" (local calendar month, Asia/Ho_Chi_Minh by default).
PERIOD_CHECK = "period LIKE '____-__'"
RUBRIC_STATUSES = ("draft", "active", "retired")
MONTH_STATUSES = ("open", "closed")


class RubricVersion(Base):
    """A rubric document (criteria, points, thresholds, caps) in force from a date."""

    __tablename__ = "rubric_versions"
    __table_args__ = (
        UniqueConstraint("name", "version"),
        CheckConstraint("status IN ('draft', 'active', 'retired')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NFCString(200))
    version: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    #: The rubric as data (see docs/rubric.md); never code.
    document: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EvaluationMonth(Base):
    """A month's lifecycle: open (live draft) or closed (frozen snapshot)."""

    __tablename__ = "evaluation_months"
    __table_args__ = (
        CheckConstraint(PERIOD_CHECK, name="period_format"),
        CheckConstraint("status IN ('open', 'closed')", name="status_known"),
        CheckConstraint("status = 'open' OR snapshot IS NOT NULL", name="closed_has_snapshot"),
    )

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    rubric_version_id: Mapped[int | None] = mapped_column(ForeignKey("rubric_versions.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Inputs, rubric and results frozen at closing; the printout is rebuilt from it.
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    #: When the leader opened the period's self-assessments, and until when officers may
    #: submit theirs (NĐ 335 workflow); empty while not opened.
    assessment_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assessment_opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assessment_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MonthEvent(Base):
    """A close or reopen of a month, with the reason (reopening requires one)."""

    __tablename__ = "month_events"
    __table_args__ = (
        CheckConstraint("action IN ('close', 'reopen')", name="action_known"),
        CheckConstraint("action = 'close' OR reason <> ''", name="reopen_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(ForeignKey("evaluation_months.period"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(NFCText, default="")


class DossierImport(Base):
    """One import of the one-stop system's dossier statistics for a month."""

    __tablename__ = "dossier_imports"
    __table_args__ = (CheckConstraint(PERIOD_CHECK, name="period_format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    filename: Mapped[str] = mapped_column(NFCString(255))
    row_count: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class DossierStat(Base):
    """Dossier totals of one officer in one month, imported as counted elsewhere (centres
    without the per-dossier register; see models/register.py)."""

    __tablename__ = "dossier_stats"
    __table_args__ = (
        UniqueConstraint("officer_id", "period"),
        CheckConstraint(PERIOD_CHECK, name="period_format"),
        CheckConstraint(
            "received >= 0 AND resolved_early >= 0 AND resolved_on_time >= 0 "
            "AND resolved_late >= 0 AND digitised >= 0",
            name="counts_not_negative",
        ),
        CheckConstraint(
            "(received_online IS NULL OR received_online >= 0) "
            "AND (returned_by_post IS NULL OR returned_by_post >= 0)",
            name="optional_counts_not_negative",
        ),
        CheckConstraint(
            "(returned IS NULL OR returned >= 0) "
            "AND (supplement_requests IS NULL OR supplement_requests >= 0) "
            "AND (quality_failures IS NULL OR quality_failures >= 0) "
            "AND (late_with_apology IS NULL OR late_with_apology >= 0)",
            name="task_counts_not_negative",
        ),
        Index("ix_dossier_stats_period", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    period: Mapped[str] = mapped_column(String(7))
    received: Mapped[int] = mapped_column(Integer)
    resolved_early: Mapped[int] = mapped_column(Integer)
    resolved_on_time: Mapped[int] = mapped_column(Integer)
    resolved_late: Mapped[int] = mapped_column(Integer)
    digitised: Mapped[int] = mapped_column(Integer)
    received_online: Mapped[int | None] = mapped_column(Integer)
    returned_by_post: Mapped[int | None] = mapped_column(Integer)
    #: The task-result counts of NĐ 335 (optional columns of the totals file; None: absent).
    returned: Mapped[int | None] = mapped_column(Integer)
    supplement_requests: Mapped[int | None] = mapped_column(Integer)
    quality_failures: Mapped[int | None] = mapped_column(Integer)
    late_with_apology: Mapped[int | None] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_imports.id"))

    officer: Mapped[Officer] = relationship()


class BreachEntry(Base):
    """A recorded breach of discipline or office culture (criterion B4)."""

    __tablename__ = "breach_entries"
    __table_args__ = (
        CheckConstraint(PERIOD_CHECK, name="period_format"),
        CheckConstraint("deduction IS NULL OR deduction >= 0", name="deduction_not_negative"),
        Index("ix_breach_entries_period_officer", "period", "officer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    period: Mapped[str] = mapped_column(String(7))
    occurred_on: Mapped[date] = mapped_column(Date)
    #: e.g. late arrival, absence without leave, uniform, phone use at the counter.
    kind: Mapped[str] = mapped_column(NFCString(120))
    #: Points deducted; empty means the rubric's default deduction.
    deduction: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(NFCText, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class DisciplineDecision(Base):
    """A discipline decision; it grades the month Không hoàn thành nhiệm vụ."""

    __tablename__ = "discipline_decisions"
    __table_args__ = (
        CheckConstraint(PERIOD_CHECK, name="period_format"),
        Index("ix_discipline_decisions_period_officer", "period", "officer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    period: Mapped[str] = mapped_column(String(7))
    decided_on: Mapped[date] = mapped_column(Date)
    #: Form of discipline (khiển trách, cảnh cáo, …) and the decision's number.
    form: Mapped[str] = mapped_column(NFCString(120))
    reference: Mapped[str] = mapped_column(NFCString(120), default="")
    note: Mapped[str] = mapped_column(NFCText, default="")
    #: For a violation in public duty (NĐ 335/2025: the year is graded Không hoàn thành).
    public_duty: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class LeaderAssessment(Base):
    """The leader's score of the tasks assigned to an officer in a month (criterion B5)."""

    __tablename__ = "leader_assessments"
    __table_args__ = (
        UniqueConstraint("officer_id", "period"),
        CheckConstraint(PERIOD_CHECK, name="period_format"),
        CheckConstraint("score >= 0", name="score_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    period: Mapped[str] = mapped_column(String(7))
    score: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(NFCText, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class YearGrading(Base):
    """One grading of a year (NĐ 335/2025, Điều 19): the periods it counted, by whom, when.

    The latest row of a year is its grade; an earlier one stays as history. The result is
    rebuilt from the closed periods it names (frozen snapshots), so it reproduces while none
    of them is reopened. Grading after the deadline needs a written reason.
    """

    __tablename__ = "year_gradings"
    __table_args__ = (
        CheckConstraint("NOT late OR reason <> ''", name="late_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    graded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The closed periods counted, in order ("2026-09", "2026-Q4").
    periods: Mapped[list] = mapped_column(JSON)
    #: Closed months left out because a counted quarter covers them: [[month, quarter], …].
    superseded: Mapped[list] = mapped_column(JSON)
    #: Months of the year not closed at grading (left out, not counted as zero).
    not_counted: Mapped[list] = mapped_column(JSON)
    #: The deadline in force when graded, and whether the grading came after it.
    deadline: Mapped[date] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(NFCText, default="")
    #: Officer code → [annual total printed, grade], for the audit trail and comparisons.
    summary: Mapped[dict] = mapped_column(JSON)
