"""Grade a year (NĐ 335/2025, Điều 19) and set its calendar; flush only, the caller commits.

Start the transaction with ``web.db.write_session`` (the write doorway).
"""

from dataclasses import dataclass

from sqlalchemy import select

from evaluation.annual_deadline import (
    DeadlineError,
    annual_window,
    deadline_state,
    format_day_month,
    parse_day_month,
)
from evaluation.periods import months_of_year, parse_period
from models.base import nfc, utcnow
from models.evaluation import YearGrading
from models.queries.year import YearReport, compute_year
from models.queries.year_grading import (
    DEADLINE_KEY,
    OPENS_KEY,
    load_calendar,
    local_day,
    window_of,
)
from models.settings import Setting
from models.staff import User

#: Longest reason accepted for a late grading.
MAX_REASON = 1000
#: Roles that may grade the year: the centre's leader.
GRADING_ROLES = ("leader",)


class YearGradingError(Exception):
    """A grading or a calendar change refused; ``code`` names why (see each function)."""

    def __init__(self, code: str, message: str, **details):
        super().__init__(message)
        self.code, self.details = code, details


@dataclass(frozen=True)
class Graded:
    """A grading just stored, with the roll-up it was made from."""

    grading: YearGrading
    report: YearReport


def grade_year(session, year: int, *, zone: str, user: User | None, reason: str = "",
               now=None) -> Graded:
    """Grade ``year`` now, on the periods closed at this moment; store it; flush.

    Policy: the year may be graded from the day the calendar opens it (default 1 December,
    a local choice) — the months not closed yet are left out, not counted as zero, and the
    grading lists them. Grading (or grading again, which changes the year's grade) after the
    deadline (default 15 December, NĐ 335/2025 Điều 19) needs a written reason, stored and
    printed with the result. Only an active leader grades.

    :raises YearGradingError: ``leader_required``, ``not_open`` (before the opening day),
        ``reason_required`` (late, no reason), ``reason_too_long``, ``nothing_closed`` (no
        period of the year is closed).
    """
    now = now or utcnow()
    if user is None or not user.active or user.role not in GRADING_ROLES:
        raise YearGradingError("leader_required", "only a centre leader grades the year")
    window = window_of(session, year)
    state = deadline_state(window, local_day(now, zone))
    if not state.may_grade:
        raise YearGradingError("not_open", f"{year} may be graded from {window.opens}",
                               opens=window.opens)
    reason = nfc((reason or "").strip())
    if len(reason) > MAX_REASON:
        raise YearGradingError("reason_too_long", f"the reason is over {MAX_REASON} characters")
    if state.late and not reason:
        raise YearGradingError("reason_required",
                               f"grading {year} after {window.deadline} needs a written reason",
                               deadline=window.deadline)
    report = compute_year(session, year, zone=zone, now=now)
    if report.result is None:
        raise YearGradingError("nothing_closed", f"no period of {year} is closed")
    covered = {str(m) for p in report.closed_months for m in parse_period(p).months}
    grading = YearGrading(
        year=year, graded_at=now, graded_by_id=user.id, periods=list(report.closed_months),
        superseded=[list(pair) for pair in report.superseded],
        not_counted=[str(m) for m in months_of_year(year) if str(m) not in covered],
        deadline=window.deadline, late=state.late, reason=reason,
        summary={o.code: [o.mean_total_rounded, o.grade.value if o.grade else None]
                 for o in report.result.officers})
    session.add(grading)
    session.flush()
    return Graded(grading, report)


def save_calendar(session, opens_text: str, deadline_text: str,
                  user_id: int | None) -> tuple[dict, dict]:
    """Store the day the year may be graded from and its deadline ("DD/MM"); flush.

    Returns ``(before, after)`` of the values that changed.

    :raises DeadlineError: ``bad_format``, ``bad_day``, ``opens_after_deadline``.
    """
    wanted = {"opens": parse_day_month(opens_text), "deadline": parse_day_month(deadline_text)}
    annual_window(2001, wanted["opens"], wanted["deadline"])
    current = load_calendar(session)
    before, after = {}, {}
    now = utcnow()
    for name, key in (("opens", OPENS_KEY), ("deadline", DEADLINE_KEY)):
        if wanted[name] == current[name]:
            continue
        row = session.scalar(select(Setting).where(Setting.key == key))
        if row is None:
            row = Setting(key=key)
            session.add(row)
        row.value, row.updated_at, row.updated_by_id = (format_day_month(wanted[name]), now,
                                                        user_id)
        before[name] = format_day_month(current[name])
        after[name] = format_day_month(wanted[name])
    session.flush()
    return before, after


__all__ = ["DeadlineError", "Graded", "YearGradingError", "grade_year", "save_calendar"]
