"""The month's manual inputs: breaches, discipline decisions and the leader's assessment."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from evaluation import Month, parse_month
from models.base import nfc, utcnow
from models.evaluation import (
    BreachEntry,
    DisciplineDecision,
    EvaluationMonth,
    LeaderAssessment,
)
from models.org import Officer
from models.queries.rubrics import NoRubricInForce, rubric_for_month

#: Longest breach kind or discipline form; longest note.
MAX_LABEL, MAX_NOTE = 120, 1000


class InputError(ValueError):
    """An input that cannot be recorded; ``code`` is stable, ``message`` in English."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def ensure_month_open(session, period: str) -> None:
    """Refuse a change to a closed month's inputs (reopen it first).

    :raises InputError: ``month_closed``.
    """
    status = session.scalar(select(EvaluationMonth.status)
                            .where(EvaluationMonth.period == period))
    if status == "closed":
        raise InputError("month_closed", f"{period} is closed; reopen it to change its inputs")


def period_of(day: date) -> str:
    """Return the month ("YYYY-MM") a dated entry belongs to."""
    return str(Month(day.year, day.month))


#: The same, under a name that does not clash with evaluation.periods.period_of.
period_of_day = period_of


def _officer(session, officer_id: int) -> Officer:
    officer = session.get(Officer, officer_id)
    if officer is None:
        raise InputError("unknown_officer", f"no officer with id {officer_id}")
    return officer


def _label(text: str | None, code: str) -> str:
    text = nfc((text or "").strip())
    if not text or len(text) > MAX_LABEL:
        raise InputError(code, f"must be 1 to {MAX_LABEL} characters")
    return text


def _note(text: str | None) -> str:
    text = nfc((text or "").strip())
    if len(text) > MAX_NOTE:
        raise InputError("note_too_long", f"the note is longer than {MAX_NOTE} characters")
    return text


def add_breach(session, officer_id: int, *, occurred_on: date, kind: str,
               deduction: float | None, note: str = "", user_id: int | None) -> BreachEntry:
    """Record a breach (criterion B4) in the month of ``occurred_on``; flush.

    ``deduction`` None means the rubric's default per breach.
    """
    _officer(session, officer_id)
    period = period_of(occurred_on)
    ensure_month_open(session, period)
    if deduction is not None and not 0 <= deduction <= 100:
        raise InputError("bad_deduction", "a deduction is between 0 and 100 points")
    entry = BreachEntry(officer_id=officer_id, period=period, occurred_on=occurred_on,
                        kind=_label(kind, "bad_kind"), deduction=deduction, note=_note(note),
                        created_by_id=user_id)
    session.add(entry)
    session.flush()
    return entry


def add_discipline(session, officer_id: int, *, decided_on: date, form: str, reference: str = "",
                   note: str = "", user_id: int | None,
                   public_duty: bool = True) -> DisciplineDecision:
    """Record a discipline decision in the month of ``decided_on``; flush.

    ``public_duty``: for a violation in public duty (NĐ 335/2025 then grades the rest of the
    year Không hoàn thành nhiệm vụ under a rubric with that override).
    """
    _officer(session, officer_id)
    period = period_of(decided_on)
    ensure_month_open(session, period)
    reference = nfc((reference or "").strip())
    if len(reference) > MAX_LABEL:
        raise InputError("bad_reference", f"must be at most {MAX_LABEL} characters")
    decision = DisciplineDecision(officer_id=officer_id, period=period, decided_on=decided_on,
                                  form=_label(form, "bad_form"), reference=reference,
                                  note=_note(note), created_by_id=user_id,
                                  public_duty=public_duty)
    session.add(decision)
    session.flush()
    return decision


def delete_entry(session, entry: BreachEntry | DisciplineDecision) -> dict:
    """Delete a breach or discipline decision of an open month; return what it was."""
    ensure_month_open(session, entry.period)
    before = entry_as_dict(entry)
    session.delete(entry)
    session.flush()
    return before


def entry_as_dict(entry) -> dict:
    """Return a breach, decision or assessment as plain values for the audit log."""
    names = [c.key for c in entry.__table__.columns if c.key not in ("created_at", "updated_at")]
    values = {name: getattr(entry, name) for name in names}
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


@dataclass(frozen=True)
class LeaderScoreChange:
    """The leader's assessment before and after a change (None: not entered)."""

    before: dict | None
    after: dict | None


def leader_score_limit(session, period: str) -> float:
    """Return the highest leader's score the month's rubric accepts (its B5-like criterion)."""
    try:
        rubric = rubric_for_month(session, parse_month(period)).rubric
    except NoRubricInForce:
        return 100.0
    maxima = [c.max_points for c in rubric.criteria if c.kind == "leader_score"]
    return maxima[0] if maxima else 100.0


def set_leader_score(session, officer_id: int, period: str, *, score: float | None,
                     note: str = "", user_id: int | None) -> LeaderScoreChange:
    """Enter, change or (with ``score`` None) clear the leader's assessment; flush."""
    _officer(session, officer_id)
    parse_month(period)
    ensure_month_open(session, period)
    limit = leader_score_limit(session, period)
    if score is not None and not 0 <= score <= limit:
        raise InputError("bad_score", f"the leader's score is between 0 and {limit:g}")
    row = session.scalar(select(LeaderAssessment).where(
        LeaderAssessment.officer_id == officer_id, LeaderAssessment.period == period))
    before = entry_as_dict(row) if row else None
    if score is None:
        if row is not None:
            session.delete(row)
        session.flush()
        return LeaderScoreChange(before, None)
    row = row or LeaderAssessment(officer_id=officer_id, period=period)
    row.score, row.note = float(score), _note(note)
    row.updated_at, row.updated_by_id = utcnow(), user_id
    session.add(row)
    session.flush()
    return LeaderScoreChange(before, entry_as_dict(row))
