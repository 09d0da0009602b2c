"""The year's grading calendar (settings) and its gradings, read."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from evaluation.annual_deadline import (
    DEFAULT_DEADLINE,
    DEFAULT_OPENS,
    AnnualWindow,
    annual_window,
    format_day_month,
    parse_day_month,
)
from models.evaluation import EvaluationMonth, YearGrading
from models.queries.year import StaleGrading, YearReport, compute_year
from models.settings import Setting

#: ``settings`` keys of the day the year may be graded from and of its deadline ("DD/MM").
OPENS_KEY, DEADLINE_KEY = "annual.opens", "annual.deadline"


def load_calendar(session) -> dict[str, tuple[int, int]]:
    """Return ``{"opens": (day, month), "deadline": (day, month)}``: stored, else defaults.

    Defaults: opens 01/12 (local choice), deadline 15/12 (NĐ 335/2025, Điều 19).
    """
    stored: Mapping[str, str] = dict(session.execute(
        select(Setting.key, Setting.value).where(Setting.key.in_((OPENS_KEY, DEADLINE_KEY)))
    ).all())
    return {"opens": parse_day_month(stored.get(OPENS_KEY, format_day_month(DEFAULT_OPENS))),
            "deadline": parse_day_month(stored.get(DEADLINE_KEY,
                                                   format_day_month(DEFAULT_DEADLINE)))}


def window_of(session, year: int) -> AnnualWindow:
    """Return ``year``'s grading calendar under the stored settings."""
    calendar = load_calendar(session)
    return annual_window(year, calendar["opens"], calendar["deadline"])


def local_day(now: datetime, zone: str) -> date:
    """Return the local calendar day of the instant ``now``."""
    return now.astimezone(ZoneInfo(zone)).date()


def latest_grading(session, year: int) -> YearGrading | None:
    """Return the year's latest grading (its grade), or None when it was never graded."""
    return session.scalars(select(YearGrading).where(YearGrading.year == year)
                           .order_by(YearGrading.graded_at.desc(), YearGrading.id.desc())).first()


def gradings_of(session, year: int) -> list[YearGrading]:
    """Return every grading of the year, newest first."""
    return list(session.scalars(select(YearGrading).where(YearGrading.year == year)
                                .order_by(YearGrading.graded_at.desc(), YearGrading.id.desc())))


def has_closed_period(session, year: int) -> bool:
    """Say whether a month or quarter of ``year`` is closed."""
    return session.scalar(select(EvaluationMonth.period).where(
        EvaluationMonth.status == "closed", EvaluationMonth.period.like(f"{year:04d}-%"))
        .limit(1)) is not None


@dataclass(frozen=True)
class GradedYear:
    """A year as it stands: its latest grading (if any) and the roll-up to show.

    ``report`` is the grading's roll-up (rebuilt from the periods it counted) when the year
    is graded, else the draft of the periods closed now; ``stale`` names the periods of the
    grading reopened since (the report is then the draft); ``draft`` is always the roll-up of
    the periods closed now.
    """

    grading: YearGrading | None
    report: YearReport
    draft: YearReport
    stale: tuple[str, ...]


def graded_year(session, year: int, *, zone: str, now: datetime | None = None,
                progress=None) -> GradedYear:
    """Return the year as graded (its latest grading), else the draft of its closed periods."""
    grading = latest_grading(session, year)
    draft = compute_year(session, year, zone=zone, now=now, progress=progress)
    if grading is None:
        return GradedYear(None, draft, draft, ())
    if tuple(grading.periods) == draft.closed_months:
        # The same closed periods: the grading's roll-up is the draft (read once).
        return GradedYear(grading, draft, draft, ())
    try:
        report = compute_year(session, year, zone=zone, now=now, only=tuple(grading.periods))
    except StaleGrading as exc:
        return GradedYear(grading, draft, draft, exc.periods)
    return GradedYear(grading, report, draft, ())
