"""The annual roll-up of a year's closed months, under the rubric's annual rule."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from evaluation import YearResult, evaluate_year, month_window_utc
from evaluation.periods import counted_periods, months_of_year, parse_period
from evaluation.report import RubricUsed
from models.base import utcnow
from models.evaluation import EvaluationMonth
from models.queries.month import compute_month


@dataclass(frozen=True)
class YearReport:
    """A year's roll-up, the months it is made of and the ended months it leaves out."""

    year: int
    #: None when no month of the year is closed yet.
    result: YearResult | None
    #: The rubric whose annual rule and thresholds applied: that of the latest closed month.
    rubric: RubricUsed | None
    closed_months: tuple[str, ...]
    #: Months of the year that have ended but are not closed (not rolled up).
    open_months: tuple[str, ...]
    #: Closed months left out because a closed quarter covers them: ``(month, quarter)``.
    superseded: tuple[tuple[str, str], ...] = ()


class StaleGrading(Exception):
    """A year's grading names a period that is no longer closed (it was reopened)."""

    def __init__(self, periods: tuple[str, ...]):
        super().__init__(f"reopened since the grading: {', '.join(periods)}")
        self.periods = periods


def compute_year(session, year: int, *, zone: str, now: datetime | None = None,
                 progress=None, only: tuple[str, ...] | None = None) -> YearReport:
    """Roll up ``year`` from its closed months, each read through ``compute_month``.

    Policy: only closed periods (months, or quarters under a quarterly rubric) count. A
    closed period is the figure that was signed; an open one is a draft that may still
    change, and a month before the system was in use would otherwise grade officers on
    deductions alone. A month is counted once: a closed quarter replaces the closed months
    it covers (``evaluation.periods.counted_periods``), which the report lists as
    ``superseded``. The rubric of the latest counted period gives the annual rule (mean of
    period totals, discipline cap) and the thresholds.

    :param progress: called as ``progress(done, total)`` with the closed periods read so far.
    :param only: the periods a grading counted (``YearGrading.periods``): the year is
        rebuilt from them alone, as graded.
    :raises StaleGrading: when one of ``only`` is no longer closed.
    """
    closed = session.scalars(
        select(EvaluationMonth.period)
        .where(EvaluationMonth.status == "closed", EvaluationMonth.period.like(f"{year:04d}-%"))
    ).all()
    periods, superseded = counted_periods(closed)
    if only is not None:
        reopened = tuple(p for p in only if p not in closed)
        if reopened:
            raise StaleGrading(reopened)
        periods, _ = counted_periods(only)
        superseded = tuple((m, q) for m, q in superseded if q in periods)
    now = now or utcnow()
    ended = [str(m) for m in months_of_year(year) if month_window_utc(m, zone)[1] <= now]
    covered = {str(m) for p in periods for m in parse_period(p).months}
    open_months = tuple(p for p in ended if p not in covered)
    if not periods:
        return YearReport(year, None, None, (), open_months)
    reports = []
    for period in periods:
        if progress:
            progress(len(reports), len(periods))
        reports.append(compute_month(session, period, zone=zone))
    if progress:
        progress(len(reports), len(periods))
    rubric = reports[-1].rubric
    result = evaluate_year(rubric.rubric, [report.result for report in reports])
    return YearReport(year, result, rubric, periods, open_months, superseded)
