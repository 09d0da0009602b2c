"""NĐ 335 inputs a leader records: the assigned number and share worked, waivers for an
objective cause, and conclusions of degradation. Each flushes and never commits."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from evaluation import parse_month
from evaluation.periods import QUARTERLY, period_of
from models.assessment import DegradationConclusion, TaskAssignment, TaskWaiver
from models.base import nfc, utcnow
from models.ops.inputs import InputError, ensure_month_open, entry_as_dict, period_of_day
from models.ops.leadership import (
    check_conclusion_kind,
    ensure_not_own,
    ensure_not_own_unit,
    input_officer,
)

#: Largest assigned number (as the dossier import's counts).
MAX_ASSIGNED = 1_000_000
MAX_TEXT = 1000
MAX_CODE = 64


def ensure_month_and_quarter_open(session, month: str) -> None:
    """Refuse a change to a month that is closed, or whose quarter is closed.

    :raises InputError: ``month_closed``.
    """
    ensure_month_open(session, month)
    ensure_month_open(session, str(period_of(parse_month(month), QUARTERLY)))


def _text(value: str | None, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = nfc((value or "").strip())
    if required and not text:
        raise InputError("reason_required", "a reason is required")
    if len(text) > limit:
        raise InputError("note_too_long", f"at most {limit} characters")
    return text


@dataclass(frozen=True)
class Change:
    """An entry before and after a change (None: absent), for the audit log."""

    before: dict | None
    after: dict | None


def set_assignment(session, officer_id: int, period: str, *, assigned: int | None,
                   worked_percent: int | None, note: str = "", user_id: int | None,
                   source: str = "console") -> Change:
    """Enter, change or clear (both values None) an officer's assigned number for a month.

    :raises InputError: ``unknown_officer``, ``own_record``, ``own_unit``, ``month_closed``,
        ``bad_assigned``, ``bad_percent``, ``note_too_long``.
    """
    input_officer(session, officer_id, user_id)
    period = str(parse_month(period))
    ensure_not_own_unit(session, user_id, officer_id, period)
    ensure_month_and_quarter_open(session, period)
    if assigned is not None and not 0 <= assigned <= MAX_ASSIGNED:
        raise InputError("bad_assigned", f"the assigned number is 0 to {MAX_ASSIGNED}")
    if worked_percent is not None and not 0 <= worked_percent <= 100:
        raise InputError("bad_percent", "the share worked is 0 to 100 percent")
    row = session.scalar(select(TaskAssignment).where(
        TaskAssignment.officer_id == officer_id, TaskAssignment.period == period))
    before = entry_as_dict(row) if row else None
    if assigned is None and worked_percent is None:
        if row is not None:
            session.delete(row)
        session.flush()
        return Change(before, None)
    row = row or TaskAssignment(officer_id=officer_id, period=period)
    row.assigned, row.worked_percent, row.note = assigned, worked_percent, _text(note)
    row.source, row.updated_at, row.updated_by_id = source, utcnow(), user_id
    session.add(row)
    session.flush()
    return Change(before, entry_as_dict(row))


def add_waiver(session, officer_id: int, period: str, *, kind: str, count: int,
               reason: str, dossier_code: str = "", user_id: int | None) -> TaskWaiver:
    """Record delays or quality failures waived for an objective cause (NĐ 335); flush.

    :raises InputError: ``unknown_officer``, ``own_record``, ``own_unit``, ``month_closed``,
        ``bad_kind``, ``bad_count``, ``reason_required``, ``note_too_long``.
    """
    input_officer(session, officer_id, user_id)
    period = str(parse_month(period))
    ensure_not_own_unit(session, user_id, officer_id, period)
    ensure_month_and_quarter_open(session, period)
    if kind not in ("delay", "quality_failure"):
        raise InputError("bad_kind", "a waiver is for a delay or a quality failure")
    if not 1 <= count <= MAX_ASSIGNED:
        raise InputError("bad_count", "a waiver covers at least one event")
    code = "".join(_text(dossier_code, limit=MAX_CODE).split()).upper() or None
    waiver = TaskWaiver(officer_id=officer_id, period=period, kind=kind, count=count,
                        dossier_code=code, reason=_text(reason, required=True),
                        created_by_id=user_id)
    session.add(waiver)
    session.flush()
    return waiver


def add_degradation(session, officer_id: int, *, concluded_on: date, reference: str,
                    note: str = "", user_id: int | None,
                    kind: str = "degradation") -> DegradationConclusion:
    """Record a competent level's conclusion behind a grade override; flush.

    ``kind`` is "degradation", or "leader_unit_violation" (corruption or waste in a unit
    under the officer's management), which needs a leading post held in the conclusion's
    year up to its date.

    :raises InputError: ``unknown_officer``, ``own_record``, ``month_closed``,
        ``bad_conclusion_kind``, ``not_a_leader``, ``reason_required`` (the conclusion's
        reference is required), ``note_too_long``.
    """
    input_officer(session, officer_id, user_id)
    check_conclusion_kind(session, officer_id, kind, concluded_on)
    period = period_of_day(concluded_on)
    ensure_month_and_quarter_open(session, period)
    entry = DegradationConclusion(officer_id=officer_id, period=period, kind=kind,
                                  concluded_on=concluded_on,
                                  reference=_text(reference, required=True, limit=200),
                                  note=_text(note), created_by_id=user_id)
    session.add(entry)
    session.flush()
    return entry


def delete_task_entry(session, entry: TaskWaiver | DegradationConclusion, *,
                      user_id: int | None) -> dict:
    """Delete a waiver or conclusion of an open period; return what it was.

    :raises InputError: ``own_record``, ``own_unit`` (a waiver), ``month_closed``.
    """
    ensure_not_own(session, user_id, entry.officer_id)
    if isinstance(entry, TaskWaiver):
        ensure_not_own_unit(session, user_id, entry.officer_id, entry.period)
    ensure_month_and_quarter_open(session, entry.period)
    before = entry_as_dict(entry)
    session.delete(entry)
    session.flush()
    return before


__all__ = ["Change", "add_degradation", "add_waiver", "delete_task_entry",
           "ensure_month_and_quarter_open", "set_assignment"]
