"""The month's manual and imported inputs, as the console's input pages list them."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select

from models.evaluation import (
    BreachEntry,
    DisciplineDecision,
    DossierImport,
    DossierStat,
    LeaderAssessment,
)
from models.org import Department, Officer, Site
from models.staff import User


@dataclass(frozen=True)
class OfficerInputs:
    """One officer's inputs for a month, in one row."""

    officer_id: int
    code: str
    full_name: str
    site_name: str
    department_name: str
    #: (received, early, on time, late, digitised), or None when not imported.
    dossiers: tuple[int, int, int, int, int] | None
    leader_score: float | None
    breaches: int
    discipline: int


@dataclass(frozen=True)
class ImportRow:
    """One dossier import."""

    filename: str
    imported_at: datetime
    imported_by: str | None
    row_count: int


def _counts(model, period):
    return (select(model.officer_id, func.count(model.id).label("n"))
            .where(model.period == period).group_by(model.officer_id).subquery())


def month_input_rows(session, period: str, *, site_id: int | None = None,
                     department_id: int | None = None) -> list[OfficerInputs]:
    """Return every active officer (and any other with inputs) with the month's inputs."""
    breaches, decisions = _counts(BreachEntry, period), _counts(DisciplineDecision, period)
    query = (
        select(Officer.id, Officer.code, Officer.full_name, Site.name, Department.name,
               DossierStat.received, DossierStat.resolved_early, DossierStat.resolved_on_time,
               DossierStat.resolved_late, DossierStat.digitised, LeaderAssessment.score,
               func.coalesce(breaches.c.n, 0), func.coalesce(decisions.c.n, 0), Officer.active)
        .join(Site, Site.id == Officer.site_id)
        .join(Department, Department.id == Officer.department_id)
        .outerjoin(DossierStat, and_(DossierStat.officer_id == Officer.id,
                                     DossierStat.period == period))
        .outerjoin(LeaderAssessment, and_(LeaderAssessment.officer_id == Officer.id,
                                          LeaderAssessment.period == period))
        .outerjoin(breaches, breaches.c.officer_id == Officer.id)
        .outerjoin(decisions, decisions.c.officer_id == Officer.id)
        .order_by(Site.name, Department.name, Officer.code)
    )
    if site_id is not None:
        query = query.where(Officer.site_id == site_id)
    if department_id is not None:
        query = query.where(Officer.department_id == department_id)
    rows = []
    for row in session.execute(query):
        dossiers = None if row[5] is None else tuple(row[5:10])
        found = OfficerInputs(*row[:5], dossiers, row[10], row[11], row[12])
        if row[13] or dossiers or found.leader_score is not None or found.breaches \
                or found.discipline:
            rows.append(found)
    return rows


def officer_entries(session, officer_id: int, period: str):
    """Return an officer's breaches, discipline decisions and assessment for a month."""
    breaches = session.scalars(select(BreachEntry).where(
        BreachEntry.officer_id == officer_id, BreachEntry.period == period)
        .order_by(BreachEntry.occurred_on, BreachEntry.id)).all()
    decisions = session.scalars(select(DisciplineDecision).where(
        DisciplineDecision.officer_id == officer_id, DisciplineDecision.period == period)
        .order_by(DisciplineDecision.decided_on, DisciplineDecision.id)).all()
    assessment = session.scalar(select(LeaderAssessment).where(
        LeaderAssessment.officer_id == officer_id, LeaderAssessment.period == period))
    return breaches, decisions, assessment


def month_imports(session, period: str) -> list[ImportRow]:
    """Return the month's dossier imports, newest first (the first one is in use)."""
    rows = session.execute(
        select(DossierImport, User.username)
        .outerjoin(User, User.id == DossierImport.imported_by_id)
        .where(DossierImport.period == period)
        .order_by(DossierImport.imported_at.desc(), DossierImport.id.desc()))
    return [ImportRow(i.filename, i.imported_at, username, i.row_count) for i, username in rows]
