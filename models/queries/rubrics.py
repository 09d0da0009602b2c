"""Rubric versions: which one applies to a month, and the console's listings."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from evaluation import parse_rubric
from evaluation.periods import Period, period_of
from evaluation.report import RubricUsed
from models.evaluation import RubricVersion
from models.staff import User


class NoRubricInForce(LookupError):
    """No active rubric version is in force for a month."""

    def __init__(self, period: str):
        super().__init__(f"no active rubric is in force for {period}")
        self.period = period


class WrongPeriodKind(NoRubricInForce):
    """The rubric in force evaluates by another kind of period (a quarter, not a month).

    ``proper`` names the period to ask for instead ("2026-Q4" for "2026-11"), or None when
    a quarter was asked of a monthly rubric (ask for its months).
    """

    def __init__(self, period: str, kind: str, proper: str | None):
        LookupError.__init__(self, f"the rubric in force for {period} evaluates by {kind}")
        self.period, self.kind, self.proper = period, kind, proper


@dataclass(frozen=True)
class RubricRow:
    """One rubric version as the console lists it."""

    id: int
    name: str
    version: int
    effective_from: date
    status: str
    created_at: datetime
    created_by: str | None
    activated_at: datetime | None


def rubric_for_month(session, month: Period) -> RubricUsed:
    """Return the rubric in force for ``month`` (a month, or a quarter).

    Policy: among the *active* versions, the one with the latest ``effective_from`` on or
    before the period's first day; on equal dates the newest version number wins. A version
    that takes effect in the middle of a month therefore applies from the next month: one
    period is always scored under one rubric. Drafts and retired versions never apply. The
    rubric's period kind must be the one asked for: a quarterly rubric scores quarters.

    :raises NoRubricInForce: when no active version is in force on the period's first day.
    :raises WrongPeriodKind: when the rubric in force evaluates by another kind of period.
    """
    used = rubric_on(session, month.first_day, str(month))
    if used.rubric.period != month.kind:
        proper = str(period_of(month, used.rubric.period)) if month.kind == "month" else None
        raise WrongPeriodKind(str(month), used.rubric.period, proper)
    return used


def rubric_on(session, first_day: date, label: str = "") -> RubricUsed:
    """Return the rubric in force on ``first_day``, whatever its period kind.

    :raises NoRubricInForce: when no active version is in force then.
    """
    row = session.scalar(
        select(RubricVersion)
        .where(RubricVersion.status == "active", RubricVersion.effective_from <= first_day)
        .order_by(RubricVersion.effective_from.desc(), RubricVersion.version.desc(),
                  RubricVersion.id.desc())
        .limit(1)
    )
    if row is None:
        raise NoRubricInForce(label or first_day.isoformat())
    return rubric_used(row.id, row.document)


def rubric_used(version_id: int | None, document: dict) -> RubricUsed:
    """Return a stored (hence already validated) rubric document as a RubricUsed."""
    rubric = parse_rubric(document)
    return RubricUsed(version_id, rubric.name, rubric.version, rubric.effective_from,
                      document, rubric)


def list_rubric_versions(session) -> list[RubricRow]:
    """Return every rubric version, newest effective date first."""
    rows = session.execute(
        select(RubricVersion, User.username)
        .outerjoin(User, User.id == RubricVersion.created_by_id)
        .order_by(RubricVersion.effective_from.desc(), RubricVersion.name,
                  RubricVersion.version.desc())
    ).all()
    return [RubricRow(v.id, v.name, v.version, v.effective_from, v.status, v.created_at,
                      username, v.activated_at) for v, username in rows]
