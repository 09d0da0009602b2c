"""A month's evaluation inputs, aggregated in the database: SQL tallies grouped by officer."""

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import and_, case, func, select

from evaluation import (
    Breach,
    ConductTally,
    DossierStats,
    MonthInputs,
    OfficerMonth,
    RatingTally,
)
from evaluation.inputs import LAND_GROUP, SiteMonth
from evaluation.periods import parse_period
from models.alerts import Alert
from models.evaluation import BreachEntry, DisciplineDecision, DossierStat, LeaderAssessment
from models.org import Department, Officer, Site
from models.queries.assessment_inputs import (
    outstanding_sites,
    period_assessments,
    taking_part,
    with_assessment,
)
from models.queries.register import register_month
from models.questionnaires import QuestionnaireVersion
from models.ratings import Rating, satisfied_rating

#: Officers counted by one tally query when the count reports its progress.
TALLY_BATCH = 100
#: Columns of one officer's tally row, after the officer id, in the order selected.
TALLY_FIELDS = ("verified", "verified_satisfied", "unverified", "unverified_satisfied",
                "excluded", "answered", "yes", "unverified_answered", "unverified_yes")


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _sum_if(condition, column):
    return func.coalesce(func.sum(case((condition, column), else_=0)), 0)


def _scale_max(session) -> int:
    """Return the longest scale of any questionnaire version (3, or 5 for SIPAS)."""
    return session.scalar(select(func.max(QuestionnaireVersion.scale_max))) or 3


def rating_tallies(session, start: datetime, end: datetime,
                   officer_ids: Collection[int] | None = None,
                   progress: Callable[[int, int], None] | None = None) -> dict[int, tuple]:
    """Return ``{officer_id: (RatingTally, ConductTally)}`` for ratings rated in [start, end)
    (of the given officers only, when ``officer_ids`` is not None).

    ``progress``, when given, is called as ``progress(counted, total)`` with the officers
    counted so far: the officers are then counted ``TALLY_BATCH`` at a time, one query per
    batch (each officer's tally is its own group, so the batches' union is the one query's
    answer). Without it, one query counts them all.

    One GROUP BY over the officers LEFT JOINed to their ratings of the window. The window
    sits in the join condition, which keeps the join order officers → ratings on SQLite, so
    each officer is one range of the covering index ``ix_ratings_officer_month`` and the
    table itself is never read; PostgreSQL hashes. "Satisfied" is ``level >=`` the
    ``satisfied_min_level`` of the rating's own questionnaire version. Excluded ratings are
    counted apart and nowhere else; held ratings (a flag waits for a leader,
    models/ops/flags.py) count nowhere, so neither the officer's rates nor the site's p0 see
    them. Officers without ratings in the window are left out.
    """
    levels = range(_scale_max(session), 0, -1)
    if progress is not None:
        return _tallies_in_batches(session, start, end, officer_ids, levels, progress)
    query = _tally_query(start, end, levels)
    if officer_ids is not None:
        query = query.where(Officer.id.in_(sorted(officer_ids)))
    return _read_tallies(session.execute(query), levels)


def _tally_query(start: datetime, end: datetime, levels, batch: list[int] | None = None):
    """Return the tally query (see ``rating_tallies``); for a ``batch`` of officers, their
    ids restrict the ratings joined too, so that PostgreSQL reads only their index ranges
    instead of the whole month for each batch."""
    counted = and_(~Rating.excluded, ~Rating.held)
    verified, unverified = and_(Rating.verified, counted), and_(~Rating.verified, counted)
    satisfied = satisfied_rating()
    joined = and_(Rating.officer_id == Officer.id, Rating.rated_at >= start, Rating.rated_at < end)
    if batch is not None:
        joined = and_(joined, Rating.officer_id.in_(batch))
    query = (
        select(
            Officer.id,
            _count_if(verified), _count_if(and_(verified, satisfied)),
            _count_if(unverified), _count_if(and_(unverified, satisfied)),
            _count_if(Rating.excluded),
            _sum_if(verified, Rating.conduct_answered), _sum_if(verified, Rating.conduct_yes),
            _sum_if(unverified, Rating.conduct_answered), _sum_if(unverified, Rating.conduct_yes),
            *(_count_if(and_(verified, Rating.level == level)) for level in levels),
        )
        .select_from(Officer)
        .outerjoin(Rating, joined)
        .outerjoin(QuestionnaireVersion,
                   QuestionnaireVersion.id == Rating.questionnaire_version_id)
        .group_by(Officer.id)
    )
    return query if batch is None else query.where(Officer.id.in_(batch))


def _tallies_in_batches(session, start, end, officer_ids, levels, progress) -> dict[int, tuple]:
    """Count ``TALLY_BATCH`` officers at a time, reporting each batch to ``progress``."""
    if officer_ids is None:
        officer_ids = session.scalars(select(Officer.id)).all()
    ids = sorted(officer_ids)
    tallies: dict[int, tuple] = {}
    progress(0, len(ids))
    for first in range(0, len(ids), TALLY_BATCH):
        batch = ids[first:first + TALLY_BATCH]
        tallies.update(_read_tallies(session.execute(_tally_query(start, end, levels, batch)),
                                     levels))
        progress(first + len(batch), len(ids))
    return tallies


def _read_tallies(rows, levels) -> dict[int, tuple]:
    """Turn the tally query's rows into tallies, leaving out officers without ratings."""
    tallies = {}
    for officer_id, *numbers in rows:
        counts = dict(zip(TALLY_FIELDS, (int(n) for n in numbers), strict=False))
        if counts["verified"] + counts["unverified"] + counts["excluded"] == 0:
            continue
        by_level = numbers[len(TALLY_FIELDS):]
        tallies[officer_id] = (
            RatingTally(counts["verified"], counts["verified_satisfied"], counts["unverified"],
                        counts["unverified_satisfied"], counts["excluded"],
                        tuple((str(level), int(n)) for level, n in zip(levels, by_level,
                                                                        strict=True))),
            ConductTally(counts["answered"], counts["yes"], counts["unverified_answered"],
                         counts["unverified_yes"]),
        )
    return tallies


def confirmed_reports(session, start: datetime, end: datetime) -> dict[int, int]:
    """Return ``{officer_id: confirmed "5 không" reports}`` for ratings rated in [start, end).

    Policy: a report counts when its misconduct alert is ``confirmed``, whether or not the
    rating was verified (the leader's follow-up is the verification); a report on an
    excluded rating does not count, since an excluded rating counts for nothing, nor one
    on a held rating until a leader accepts it.
    """
    rows = session.execute(
        select(Rating.officer_id, func.count(Alert.id))
        .join(Rating, Rating.id == Alert.rating_id)
        .where(Alert.kind == "misconduct", Alert.status == "confirmed",
               Rating.rated_at >= start, Rating.rated_at < end, ~Rating.excluded,
               ~Rating.held, Rating.officer_id.is_not(None))
        .group_by(Rating.officer_id)
    )
    return {row[0]: row[1] for row in rows}


@dataclass(frozen=True)
class MonthDossiers:
    """A month's dossier figures by officer and where each officer's came from."""

    stats: dict[int, DossierStats]
    #: Officers whose figures are counted from the register's dossiers.
    from_register: frozenset[int]
    #: Officers whose imported totals were left out because the register covers them.
    ignored_totals: frozenset[int]


def month_dossiers(session, period: str) -> MonthDossiers:
    """Return the month's dossier figures: from the register, else from imported totals.

    Policy (never both for one officer and month): an officer's figures come from the
    register when the officer has register dossiers received, resolved or returned in the
    month, or when the officer's site has any (the register then covers that site's month,
    and an officer with none there has none); otherwise from the month's imported totals.
    """
    register = register_month(session, period)
    totals = _imported_totals(session, period)
    sites = dict(session.execute(select(Officer.id, Officer.site_id)
                                 .where(Officer.id.in_(list(totals)))).all()) if totals else {}
    stats = dict(register.stats)
    ignored = set()
    for officer_id, figures in totals.items():
        if officer_id in stats or sites.get(officer_id) in register.sites:
            ignored.add(officer_id)
        else:
            stats[officer_id] = figures
    return MonthDossiers(stats, frozenset(register.stats), frozenset(ignored))


def dossier_stats(session, period: str) -> dict[int, DossierStats]:
    """Return the month's dossier figures by officer (the one doorway; see month_dossiers).

    An optional count a source did not have stays None: a criterion built on it does not
    apply, rather than scoring a rate of 0.
    """
    return month_dossiers(session, period).stats


def _imported_totals(session, period: str) -> dict[int, DossierStats]:
    """Return the month's imported per-officer totals."""
    # Plain rows, not entities: nothing of the identity map is needed for a thousand rows.
    rows = session.execute(select(
        DossierStat.officer_id, DossierStat.received, DossierStat.resolved_early,
        DossierStat.resolved_on_time, DossierStat.resolved_late, DossierStat.digitised,
        DossierStat.received_online, DossierStat.returned_by_post, DossierStat.returned,
        DossierStat.supplement_requests, DossierStat.quality_failures,
        DossierStat.late_with_apology).where(DossierStat.period == period))
    return {
        s.officer_id: DossierStats(
            s.received, s.resolved_early, s.resolved_on_time, s.resolved_late, s.digitised,
            s.received_online, s.returned_by_post, returned=s.returned,
            supplement_requests=s.supplement_requests, quality_failures=s.quality_failures,
            late_with_apology=s.late_with_apology)
        for s in rows
    }


def breaches(session, period: str) -> dict[int, tuple[Breach, ...]]:
    """Return the month's recorded breaches by officer, in date order."""
    found: dict[int, list[Breach]] = defaultdict(list)
    for entry in session.scalars(select(BreachEntry).where(BreachEntry.period == period)
                                 .order_by(BreachEntry.occurred_on, BreachEntry.id)):
        found[entry.officer_id].append(Breach(entry.kind, entry.occurred_on, entry.deduction))
    return {officer_id: tuple(items) for officer_id, items in found.items()}


def discipline_notes(session, period: str) -> dict[int, str]:
    """Return ``{officer_id: note}`` for officers with a discipline decision in the month."""
    notes: dict[int, list[str]] = defaultdict(list)
    for d in session.scalars(select(DisciplineDecision).where(DisciplineDecision.period == period)
                             .order_by(DisciplineDecision.decided_on, DisciplineDecision.id)):
        notes[d.officer_id].append(" ".join(part for part in (d.form, d.reference) if part))
    return {officer_id: "; ".join(parts) for officer_id, parts in notes.items()}


def leader_scores(session, period: str) -> dict[int, float]:
    """Return the leader's assessment of each officer for the month."""
    rows = session.execute(select(LeaderAssessment.officer_id, LeaderAssessment.score)
                           .where(LeaderAssessment.period == period))
    return {row[0]: row[1] for row in rows}


def _sum_stats(items: list[DossierStats]) -> DossierStats:
    """Return the sum of months' dossier counts.

    Policy: a count that any of the months left unknown (None) is unknown for the quarter
    too, so a rate is never computed on a part of the quarter's dossiers.
    """
    totals = {}
    for item in fields(DossierStats):
        values = [getattr(stats, item.name) for stats in items]
        totals[item.name] = None if any(v is None for v in values) else sum(values)
    return DossierStats(**totals)


def period_figures(session, months: list[str]) -> tuple[dict, dict, dict, dict]:
    """Return dossiers, breaches, discipline notes and leader's scores over the months.

    A month is read as it is; a quarter sums its months' dossier counts, lists their
    breaches and decisions, and takes the mean of the leader's scores entered.
    """
    if len(months) == 1:
        period = months[0]
        return (dossier_stats(session, period), breaches(session, period),
                discipline_notes(session, period), leader_scores(session, period))
    dossiers, found, notes, scores = (defaultdict(list) for _ in range(4))
    for month in months:
        for source, target in ((dossier_stats, dossiers), (breaches, found),
                               (discipline_notes, notes), (leader_scores, scores)):
            for officer_id, value in source(session, month).items():
                target[officer_id].append(value)
    return ({k: _sum_stats(v) for k, v in dossiers.items()},
            {k: tuple(b for month in v for b in month) for k, v in found.items()},
            {k: "; ".join(v) for k, v in notes.items()},
            {k: sum(v) / len(v) for k, v in scores.items()})


@dataclass(frozen=True)
class PeriodFacts:
    """What a period's evaluation reads besides its ratings and confirmed reports."""

    dossiers: dict
    breaches: dict
    discipline: dict
    leader: dict
    assessments: dict
    #: Officers taking part through the NĐ 335 inputs (empty unless ``decree``).
    taking_part: frozenset
    #: Every officer's name, site and department, by officer id.
    officers: tuple
    #: Sites marked as qualifying for the quota's exception in the period's year.
    outstanding: frozenset = frozenset()


def period_facts(session, period: str, *, decree: bool = True) -> PeriodFacts:
    """Read the period's dossier figures, breaches, discipline decisions, leader's scores,
    NĐ 335 inputs and officers (everything ``collect_month_inputs`` needs but the ratings)."""
    parsed = parse_period(period)
    dossiers, found_breaches, discipline, leader = period_figures(
        session, [str(month) for month in parsed.months])
    assessments = period_assessments(session, parsed)
    return PeriodFacts(dossiers, found_breaches, discipline, leader, assessments,
                       frozenset(taking_part(assessments, parsed)) if decree else frozenset(),
                       tuple(_officer_rows(session)),
                       frozenset(outstanding_sites(session, parsed.first_day.year))
                       if decree else frozenset())


def collect_month_inputs(session, period: str, start: datetime, end: datetime, *,
                         decree: bool = True, tallies: dict | None = None,
                         facts: PeriodFacts | None = None) -> MonthInputs:
    """Aggregate the evaluation inputs of every officer with anything in the period.

    ``period`` is a month ("YYYY-MM") or, under a quarterly rubric, a quarter ("YYYY-Qn")
    whose [start, end) window and months are read together.

    Policy: an officer takes part in a period when they have at least one rating in the
    window (excluded ones included), a confirmed report, dossier figures, a breach, a
    discipline decision, a leader's assessment, or — when ``decree`` (a rubric of the second
    format, which scores them) — a self-assessment sheet, an assigned number or an override
    finding in the period: under the local plan an assigned number alone must not grade an
    officer on deductions. An officer with none of these (on leave, not yet started) is not
    evaluated, rather than graded on deductions alone. Site and department are the officer's
    current ones; a closed period keeps them in its snapshot.

    ``tallies`` (the window's rating tallies) and ``facts`` (``period_facts`` for the same
    period and ``decree``) are given when the caller has them already (the month cache,
    models/queries/month_cache.py); they are read here otherwise.
    """
    if tallies is None:
        tallies = rating_tallies(session, start, end)
    if facts is None:
        facts = period_facts(session, period, decree=decree)
    reports = confirmed_reports(session, start, end)
    present = (tallies.keys() | reports.keys() | facts.dossiers.keys() | facts.breaches.keys()
               | facts.discipline.keys() | facts.leader.keys() | facts.taking_part)
    officers = []
    for row in facts.officers:
        if row.id not in present:
            continue
        rating_tally, conduct = tallies.get(row.id, (RatingTally(), ConductTally()))
        officers.append(with_assessment(OfficerMonth(
            officer_id=row.id, code=row.code, full_name=row.full_name, title=row.title,
            site_id=row.site_id, site_name=row.site_name, department_id=row.department_id,
            department_name=row.department_name,
            department_flags=frozenset({LAND_GROUP}) if row.land_group else frozenset(),
            ratings=rating_tally, conduct=conduct, confirmed_reports=reports.get(row.id, 0),
            dossiers=facts.dossiers.get(row.id), breaches=facts.breaches.get(row.id, ()),
            discipline=row.id in facts.discipline,
            discipline_note=facts.discipline.get(row.id, ""),
            leader_score=facts.leader.get(row.id),
        ), facts.assessments.get(row.id)))
    # Sites qualifying for the quota's exception (a second-format rubric only); their rates
    # are left to the engine to pool, as for every other site.
    sites = tuple(SiteMonth(site_id, name, outstanding=True) for site_id, name in
                  sorted({(o.site_id, o.site_name) for o in officers
                          if o.site_id in facts.outstanding}))
    return MonthInputs(period, tuple(officers), sites)


def _officer_rows(session) -> list:
    """Return every officer's name, site and department, by officer id."""
    rows = session.execute(
        select(Officer.id, Officer.code, Officer.full_name, Officer.title, Officer.site_id,
               Site.name.label("site_name"), Officer.department_id,
               Department.name.label("department_name"), Department.land_group)
        .join(Site, Site.id == Officer.site_id)
        .join(Department, Department.id == Officer.department_id)
        .order_by(Officer.id)
    )
    return list(rows)
