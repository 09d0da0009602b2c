"""The register's task counts per officer and month, and the dossiers behind each figure.

Dates in the register are local calendar days (Asia/Ho_Chi_Minh by default), so a month is
the days from its first to its last, with no conversion. Each count belongs to the month
of its own date:

- received, received online, with requests for more papers: the day it was received;
- resolved early / on time / late (result day before / on / after the promised day),
  digitised, quality failures, late with an apology: the day its result was ready;
- returned, returned by post: the day its result was handed back.

An optional figure is None when any dossier it counts over has it unknown (its source had
no such column): a partial count would score an officer on what was not recorded.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select

from evaluation import DossierStats, parse_month
from evaluation.periods import next_month
from models.org import Site
from models.register import Dossier, RegisterImport
from models.staff import User

#: Each figure of the officer's sheet: the date it is counted on and the condition it adds.
FIGURES = {
    "received": ("received_on", None),
    "received_online": ("received_on", Dossier.channel == "online"),
    "supplement_requests": ("received_on", Dossier.supplement_requests > 0),
    "resolved": ("resolved_on", None),
    "early": ("resolved_on", Dossier.resolved_on < Dossier.due_on),
    "on_time": ("resolved_on", Dossier.resolved_on == Dossier.due_on),
    "late": ("resolved_on", Dossier.resolved_on > Dossier.due_on),
    "digitised": ("resolved_on", Dossier.digitised.is_(True)),
    "quality_failures": ("resolved_on", Dossier.quality_failed.is_(True)),
    "late_with_apology": ("resolved_on", and_(Dossier.resolved_on > Dossier.due_on,
                                              Dossier.apology.is_(True))),
    "returned": ("returned_on", None),
    "returned_by_post": ("returned_on", Dossier.return_channel == "post"),
}


def month_days(period: str) -> tuple[date, date]:
    """Return the first day of the month and the first day of the next one."""
    month = parse_month(period)
    after = next_month(month)
    return date(month.year, month.month, 1), date(after.year, after.month, 1)


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _grouped(session, column, start: date, end: date, *parts) -> dict[int, tuple]:
    day = getattr(Dossier, column)
    query = (select(Dossier.officer_id, func.count(Dossier.id), *parts)
             .where(day >= start, day < end, Dossier.officer_id.is_not(None))
             .group_by(Dossier.officer_id))
    return {row[0]: tuple(int(n) for n in row[1:]) for row in session.execute(query)}


def _known(count: int, unknown: int) -> int | None:
    return None if unknown else count


@dataclass(frozen=True)
class RegisterMonth:
    """The register's figures of a month: by officer, and the sites it covers."""

    stats: dict[int, DossierStats]
    #: Sites with at least one dossier received, resolved or returned in the month.
    sites: frozenset[int]


def register_month(session, period: str) -> RegisterMonth:
    """Return the task counts of every officer with register dossiers in the month."""
    start, end = month_days(period)
    received = _grouped(session, "received_on", start, end,
                        _count(Dossier.channel == "online"), _count(Dossier.channel.is_(None)),
                        _count(Dossier.supplement_requests > 0),
                        _count(Dossier.supplement_requests.is_(None)))
    resolved = _grouped(session, "resolved_on", start, end,
                        *(_count(FIGURES[name][1]) for name in ("early", "on_time", "late",
                                                                  "digitised")),
                        _count(Dossier.digitised.is_(None)),
                        _count(Dossier.quality_failed.is_(True)),
                        _count(Dossier.quality_failed.is_(None)),
                        _count(FIGURES["late_with_apology"][1]),
                        _count(and_(Dossier.resolved_on > Dossier.due_on,
                                    Dossier.apology.is_(None))))
    returned = _grouped(session, "returned_on", start, end,
                        _count(Dossier.return_channel == "post"),
                        _count(Dossier.return_channel.is_(None)))
    stats = {}
    for officer_id in received.keys() | resolved.keys() | returned.keys():
        r = received.get(officer_id, (0, 0, 0, 0, 0))
        s = resolved.get(officer_id, (0,) * 10)
        t = returned.get(officer_id, (0, 0, 0))
        stats[officer_id] = DossierStats(
            received=r[0], early=s[1], on_time=s[2], late=s[3],
            digitised=_known(s[4], s[5]),
            received_online=_known(r[1], r[2]), returned_by_post=_known(t[1], t[2]),
            returned=t[0], supplement_requests=_known(r[3], r[4]),
            quality_failures=_known(s[6], s[7]), late_with_apology=_known(s[8], s[9]))
    return RegisterMonth(stats, frozenset(_covered_sites(session, start, end)))


def _covered_sites(session, start: date, end: date) -> set[int]:
    found = set()
    for column in ("received_on", "resolved_on", "returned_on"):
        day = getattr(Dossier, column)
        found |= set(session.scalars(select(Dossier.site_id).where(day >= start, day < end)
                                     .distinct()))
    return found


@dataclass(frozen=True)
class DossierLine:
    """A dossier as the list behind a figure shows it."""

    id: int
    code: str
    procedure: str
    field: str
    received_on: date
    due_on: date
    resolved_on: date | None
    returned_on: date | None
    channel: str | None
    return_channel: str | None
    digitised: bool | None
    supplement_requests: int | None
    apology: bool | None
    quality_failed: bool | None
    rated: bool


@dataclass(frozen=True)
class DossierPage:
    """One page of the dossiers behind a figure."""

    lines: list[DossierLine]
    total: int
    page: int
    pages: int


def dossiers_behind(session, officer_id: int, period: str, figure: str, *, page: int = 1,
                    per_page: int = 100) -> DossierPage:
    """Return the officer's dossiers counted in ``figure`` for the month, by date and code.

    :raises KeyError: for a figure that is not in FIGURES.
    """
    column, condition = FIGURES[figure]
    start, end = month_days(period)
    day = getattr(Dossier, column)
    where = [Dossier.officer_id == officer_id, day >= start, day < end]
    if condition is not None:
        where.append(condition)
    total = session.scalar(select(func.count(Dossier.id)).where(*where))
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = session.execute(
        select(Dossier.id, Dossier.code, Dossier.procedure, Dossier.field, Dossier.received_on,
               Dossier.due_on, Dossier.resolved_on, Dossier.returned_on, Dossier.channel,
               Dossier.return_channel, Dossier.digitised, Dossier.supplement_requests,
               Dossier.apology, Dossier.quality_failed, Dossier.visit_id.is_not(None))
        .where(*where).order_by(day, Dossier.code)
        .offset((page - 1) * per_page).limit(per_page))
    return DossierPage([DossierLine(*row) for row in rows], total, page, pages)


@dataclass(frozen=True)
class ImportLine:
    """A past import into the register, as the import page lists it."""

    id: int
    site_name: str
    source: str
    filename: str
    mapping: str
    rows: int
    created: int
    updated: int
    unchanged: int
    imported_at: object
    imported_by: str | None


def recent_imports(session, limit: int = 20) -> list[ImportLine]:
    """Return the latest imports into the register, newest first."""
    rows = session.execute(
        select(RegisterImport.id, Site.name, RegisterImport.source, RegisterImport.filename,
               RegisterImport.mapping, RegisterImport.rows, RegisterImport.created,
               RegisterImport.updated, RegisterImport.unchanged, RegisterImport.imported_at,
               User.username)
        .join(Site, Site.id == RegisterImport.site_id)
        .outerjoin(User, User.id == RegisterImport.imported_by_id)
        .order_by(RegisterImport.imported_at.desc(), RegisterImport.id.desc()).limit(limit))
    return [ImportLine(*row) for row in rows]
