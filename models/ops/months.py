"""Close and reopen a month: freeze its snapshot, or open it again with a leader's reason."""

from dataclasses import replace
from datetime import datetime

from sqlalchemy import text

from evaluation.periods import parse_period, period_window_utc
from evaluation.report import MonthReport
from models.base import nfc, utcnow
from models.evaluation import EvaluationMonth, MonthEvent
from models.ops.flags import pending_in_window
from models.queries.month import compute_live_month, snapshot_of
from models.staff import User

#: Roles that may reopen a closed month.
REOPEN_ROLES = ("leader", "admin")


#: Sheet steps that let a period close: approved, or approved without a self-assessment.
FINISHED_SHEETS = ("approved", "not_submitted")


class MonthStateError(ValueError):
    """A month cannot be closed or reopened as asked; ``code`` says why.

    ``count`` says how many ratings stand in the way (``flags_pending``); ``pending`` names
    the officers whose self-assessment is not yet approved (``assessments_pending``).
    """

    def __init__(self, code: str, message: str, pending: tuple[str, ...] = (),
                 count: int = 0):
        super().__init__(message)
        self.code = code
        self.message = message
        self.pending = pending
        self.count = count


def pending_assessments(report: MonthReport) -> tuple[str, ...]:
    """Return "CODE Name" of each evaluated officer whose sheet is not approved.

    Only rubrics with criteria scored by people have sheets to approve.
    """
    if not report.rubric.rubric.scored_by_people:
        return ()
    return tuple(f"{o.code} {o.full_name}" for o in report.inputs.officers
                 if o.sheet_status not in FINISHED_SHEETS)


def lock_month_closing(session) -> None:
    """Serialise closing with rating intake (PostgreSQL; SQLite's BEGIN IMMEDIATE does it).

    ``record_rating`` reads the month's status ``FOR SHARE`` (a ROW SHARE lock on
    ``evaluation_months``); closing takes ``EXCLUSIVE`` mode first. So a rating either
    commits before the closing's aggregates run (and is counted), or reads "closed" once
    the closing commits (and is flagged late): none can slip between the two.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE evaluation_months IN EXCLUSIVE MODE"))


def close_month(session, period: str, *, zone: str, user_id: int | None = None,
                now: datetime | None = None, progress=None) -> MonthReport:
    """Freeze ``period``: compute it live, store inputs, rubric and results; flush only.

    Start the transaction with ``web.db.write_session``. Returns the frozen report.

    Policy: a month with a held rating (a flag waiting for a leader's decision) does not
    close, so a frozen month never holds a rating nobody decided on; the refusal says how
    many wait.

    :raises MonthStateError: ``not_ended`` before the month's last local day is over,
        ``already_closed`` when it is closed, ``flags_pending`` while ratings are held,
        ``assessments_pending`` while an evaluated officer's self-assessment is neither
        approved nor marked "không nộp" by the leader (rubrics with criteria scored by people).
    :raises models.queries.rubrics.NoRubricInForce: when no rubric applies to the month.

    ``progress``: as in ``models.queries.month.compute_month`` (it only watches).
    """
    month = parse_period(period)
    now = now or utcnow()
    if now < period_window_utc(month, zone)[1]:
        raise MonthStateError("not_ended", f"{month} has not ended yet; close it afterwards")
    lock_month_closing(session)
    row = session.get(EvaluationMonth, str(month))
    if row is not None and row.status == "closed":
        raise MonthStateError("already_closed", f"{month} is already closed")
    held = pending_in_window(session, *period_window_utc(month, zone))
    if held:
        raise MonthStateError(
            "flags_pending", f"{held} ratings of {month} are flagged and wait for a leader's "
            "decision (see the review queue, or `hailong flags list`); decide them first",
            count=held)
    report = compute_live_month(session, month, zone=zone, progress=progress)
    pending = pending_assessments(report)
    if pending:
        raise MonthStateError("assessments_pending",
                              f"{len(pending)} self-assessment(s) of {month} are not approved",
                              pending)
    if row is None:
        row = EvaluationMonth(period=str(month))
        session.add(row)
    row.status, row.snapshot = "closed", snapshot_of(report)
    row.rubric_version_id, row.closed_at, row.closed_by_id = report.rubric.id, now, user_id
    session.flush()
    session.add(MonthEvent(period=str(month), action="close", at=now, user_id=user_id))
    session.flush()
    return replace(report, status="closed", frozen=True, closed_at=now)


def reopen_month(session, period: str, *, reason: str, user_id: int | None,
                 now: datetime | None = None) -> dict:
    """Reopen a closed month as a live draft; return a summary of the snapshot it leaves.

    The snapshot stays stored (it is what was last frozen) until the next closing replaces
    it; the summary (totals and grades by officer code) is meant for the audit entry.

    :raises MonthStateError: ``reason_required``, ``leader_required`` (the user is not an
        active leader or administrator) or ``not_closed``.
    """
    reason = nfc((reason or "").strip())
    if not reason:
        raise MonthStateError("reason_required", "reopening a month needs a reason")
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active or user.role not in REOPEN_ROLES:
        raise MonthStateError("leader_required", "only a leader may reopen a month")
    row = session.get(EvaluationMonth, str(parse_period(period)))
    if row is None or row.status != "closed":
        raise MonthStateError("not_closed", f"{period} is not closed")
    row.status = "open"
    session.add(MonthEvent(period=row.period, action="reopen", at=now or utcnow(),
                           user_id=user_id, reason=reason))
    session.flush()
    return snapshot_summary(row.snapshot)


def snapshot_summary(snapshot: dict) -> dict:
    """Return what a snapshot decided, compactly: rubric, time, total and grade per officer."""
    officers = snapshot["result"]["officers"]
    return {
        "rubric": f"{snapshot['result']['rubric_name']} v{snapshot['result']['rubric_version']}",
        "computed_at": snapshot["computed_at"],
        "totals": {o["code"]: [o["total_rounded"], o["grade"]] for o in officers},
    }
