"""NĐ 335/2025 inputs: self-assessment sheets and their scores, assigned tasks, waivers,
conclusions of degradation, and who heads each department (the direct reviewer)."""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, NFCString, NFCText, UTCDateTime, utcnow
from models.evaluation import PERIOD_CHECK

#: Where a sheet stands: the officer drafts and submits, the head reviews, the leader
#: approves or sends back, or approves without a self-assessment ("không nộp").
SHEET_STATUSES = ("draft", "submitted", "reviewed", "returned", "approved", "not_submitted")
#: The scores of one criterion: the officer's, the department head's, the leader's final one.
SCORE_STAGES = ("self", "head", "final")
WAIVER_KINDS = ("delay", "quality_failure")


class EvaluationSheet(Base):
    """One officer's self-assessment for a period (tháng hoặc quý), through its review."""

    __tablename__ = "evaluation_sheets"
    __table_args__ = (
        UniqueConstraint("officer_id", "period"),
        CheckConstraint(PERIOD_CHECK, name="period_format"),
        CheckConstraint("status IN ('draft', 'submitted', 'reviewed', 'returned', 'approved', "
                        "'not_submitted')", name="status_known"),
        Index("ix_evaluation_sheets_period_status", "period", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    #: "YYYY-MM", or "YYYY-Qn" under a quarterly rubric.
    period: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Why the leader sent the sheet back (kept until the next approval).
    returned_reason: Mapped[str] = mapped_column(NFCText, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    scores: Mapped[list["EvaluationScore"]] = relationship(
        back_populates="sheet", cascade="all, delete-orphan", order_by="EvaluationScore.id")


class EvaluationScore(Base):
    """A score one person gave one human-scored criterion of a sheet, with their text."""

    __tablename__ = "evaluation_scores"
    __table_args__ = (
        UniqueConstraint("sheet_id", "criterion", "stage"),
        CheckConstraint("stage IN ('self', 'head', 'final')", name="stage_known"),
        CheckConstraint("score >= 0", name="score_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("evaluation_sheets.id", ondelete="CASCADE"))
    #: The rubric criterion's code (e.g. "A2").
    criterion: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(8))
    score: Mapped[float] = mapped_column(Float)
    #: The officer's short text (self), or why a reviewer scored lower than the step before.
    note: Mapped[str] = mapped_column(NFCText, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sheet: Mapped[EvaluationSheet] = relationship(back_populates="scores")


class TaskAssignment(Base):
    """What an officer was assigned in a month (NĐ 335's quantity base) and the share worked."""

    __tablename__ = "task_assignments"
    __table_args__ = (
        UniqueConstraint("officer_id", "period"),
        CheckConstraint(PERIOD_CHECK, name="period_format"),
        CheckConstraint("assigned IS NULL OR assigned >= 0", name="assigned_not_negative"),
        CheckConstraint("worked_percent IS NULL OR (worked_percent >= 0 AND worked_percent <= 100)",
                        name="worked_percent_range"),
        CheckConstraint("source IN ('console', 'import')", name="source_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    #: The calendar month, "YYYY-MM" (a quarter sums its three months).
    period: Mapped[str] = mapped_column(String(7))
    #: Dossiers (tasks, converted) assigned or expected; empty: not set.
    assigned: Mapped[int | None] = mapped_column(Integer)
    #: Share of the month actually worked, in percent (leave, absence); empty means 100.
    worked_percent: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(NFCText, default="")
    source: Mapped[str] = mapped_column(String(8), default="console")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class TaskWaiver(Base):
    """A delay or quality failure a leader waived for an objective cause, with the reason."""

    __tablename__ = "task_waivers"
    __table_args__ = (
        CheckConstraint(PERIOD_CHECK, name="period_format"),
        CheckConstraint("kind IN ('delay', 'quality_failure')", name="kind_known"),
        CheckConstraint("count >= 1", name="count_positive"),
        CheckConstraint("reason <> ''", name="reason_given"),
        Index("ix_task_waivers_period_officer", "period", "officer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    #: The month the delays or failures are counted in, "YYYY-MM".
    period: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(Integer, default=1)
    #: The dossier concerned, when the waiver is for one.
    dossier_code: Mapped[str | None] = mapped_column(String(64))
    #: The objective cause confirmed by the competent level (required).
    reason: Mapped[str] = mapped_column(NFCText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


#: What a recorded conclusion finds: degradation, or (leaders only) corruption or waste in a
#: unit under the officer's management. Each is a grade override of the same name.
CONCLUSION_KINDS = ("degradation", "leader_unit_violation")


class DegradationConclusion(Base):
    """A competent level's conclusion behind a grade override: degradation, or (for an
    officer holding a leading post) corruption or waste in a unit under them."""

    __tablename__ = "degradation_conclusions"
    __table_args__ = (
        CheckConstraint(PERIOD_CHECK, name="period_format"),
        CheckConstraint("kind IN ('degradation', 'leader_unit_violation')", name="kind_known"),
        Index("ix_degradation_conclusions_officer", "officer_id", "concluded_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    #: The month of the conclusion's date, "YYYY-MM" (closed months refuse changes).
    period: Mapped[str] = mapped_column(String(7))
    concluded_on: Mapped[date] = mapped_column(Date)
    #: One of CONCLUSION_KINDS.
    kind: Mapped[str] = mapped_column(String(32), default="degradation",
                                      server_default="degradation")
    #: The conclusion's number and who concluded it.
    reference: Mapped[str] = mapped_column(NFCString(200), default="")
    note: Mapped[str] = mapped_column(NFCText, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class DepartmentHead(Base):
    """Who heads a department: the direct reviewer of its officers' self-assessments."""

    __tablename__ = "department_heads"

    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
