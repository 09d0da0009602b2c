"""Compute a month's dashboard figures: from compute_month's report, and SQL tallies of ratings.

Satisfaction by site, department and officer, the targets and the dossier figures come from
the report (the one computation of a month). What the engine does not compute — ballots by
level, weekday and hour, and answers per conduct item — is tallied in SQL over the month's
ratings. Everything is kept by department, so a liaison's view is a sum over theirs.
"""

from collections import defaultdict

from sqlalchemy import case, func, select

from evaluation.inputs import OfficerMonth
from evaluation.rubric_schema import RATING_SHARE
from models.org import Officer
from models.queries.local_hours import local_weekday_hour, offset_spans
from models.queries.month import MonthReport
from models.questionnaires import QuestionItem, QuestionnaireVersion
from models.ratings import Rating, RatingAnswer

FORMAT = "hailong.dashboard/1"
#: What each officer row of the details holds, in order.
OFFICER_FIELDS = ("id", "code", "name", "site", "department", "scored", "raw", "adjusted",
                  "target", "insufficient", "total", "grade")
DOSSIER_FIELDS = ("received", "early", "on_time", "late", "digitised")


def dashboard_month(session, report: MonthReport) -> tuple[dict, dict]:
    """Return ``(summary, details)``: the month's dashboard figures, ready to store as JSON."""
    start, end = report.window
    summary = {
        "format": FORMAT, "period": report.period, "zone": report.zone,
        "status": report.status, "frozen": report.frozen,
        "computed_at": report.computed_at.isoformat(),
        "rubric": {"name": report.rubric.name, "version": report.rubric.version},
        "sites": [{"id": s.site_id, "name": s.site_name, "p0": s.satisfaction_p0}
                  for s in report.result.sites],
        "departments": _departments(report), "units": _units(report),
    }
    cells, levels = _ballots(session, start, end, report.zone)
    details = {"officers": _officers(report), "cells": cells, "levels": levels,
               "conduct": _conduct(session, start, end)}
    return summary, details


def _satisfaction_criterion(report: MonthReport):
    return next((c for c in report.rubric.rubric.criteria if c.kind == RATING_SHARE), None)


def _departments(report: MonthReport) -> list[dict]:
    criterion = _satisfaction_criterion(report)
    seen = {}
    for officer in report.inputs.officers:
        seen.setdefault(officer.department_id, {
            "id": officer.department_id, "name": officer.department_name,
            "land_group": "land_group" in officer.department_flags,
            "target": criterion.target_for(officer.department_flags) if criterion else None})
    return sorted(seen.values(), key=lambda d: d["id"])


def _units(report: MonthReport) -> list[dict]:
    """Return pooled tallies and dossier sums per (site, department)."""
    include = report.rubric.rubric.score_unverified
    units: dict[tuple[int, int], dict] = {}
    for officer in report.inputs.officers:
        unit = units.setdefault((officer.site_id, officer.department_id), {
            "site": officer.site_id, "department": officer.department_id, "officers": 0,
            "satisfied": 0, "scored": 0, "conduct_yes": 0, "conduct_answered": 0,
            "dossiers": dict.fromkeys((*DOSSIER_FIELDS, "reporting", "online", "online_base",
                                       "post", "post_base"), 0)})
        unit["officers"] += 1
        satisfied, scored = officer.ratings.scored(include)
        yes, answered = officer.conduct.scored(include)
        unit["satisfied"] += satisfied
        unit["scored"] += scored
        unit["conduct_yes"] += yes
        unit["conduct_answered"] += answered
        _add_dossiers(unit["dossiers"], officer)
    return [units[key] for key in sorted(units)]


def _add_dossiers(total: dict, officer: OfficerMonth) -> None:
    """Add an officer's dossier figures; optional counts only where the export had them."""
    d = officer.dossiers
    if d is None:
        return
    total["reporting"] += 1
    for name in DOSSIER_FIELDS:
        total[name] += getattr(d, name)
    if d.received_online is not None:
        total["online"] += d.received_online
        total["online_base"] += d.received
    if d.returned_by_post is not None:
        total["post"] += d.returned_by_post
        total["post_base"] += d.resolved


def _officers(report: MonthReport) -> list[list]:
    """Return a row per officer holding OFFICER_FIELDS (the printed total, the grade code)."""
    rows = []
    for o in report.result.officers:
        share = next((c for c in o.criteria if c.kind == RATING_SHARE), None)
        rows.append([o.officer_id, o.code, o.full_name, o.site_id, o.department_id,
                     o.scored_ratings, share.raw_rate if share else None,
                     o.adjusted_satisfaction, share.target if share else None,
                     o.insufficient_ratings, o.total_rounded,
                     o.grade.value if o.grade else None])
    return rows


def _ballots(session, start, end, zone: str) -> tuple[list, list]:
    """Tally the month's ballots (not excluded) by department, local weekday and hour, level.

    Returns ``cells`` as [department, weekday (0 = Sunday), hour, ballots, dissatisfied] and
    ``levels`` as [department, level, ballots]; department is None for a rating no officer
    was signed in for.
    """
    dialect = session.get_bind().dialect.name
    satisfied = Rating.level >= QuestionnaireVersion.satisfied_min_level
    cells, levels = defaultdict(lambda: [0, 0]), defaultdict(int)
    for span_start, span_end, offset in offset_spans(start, end, zone):
        weekday, hour = local_weekday_hour(Rating.rated_at, offset, dialect)
        rows = session.execute(
            select(Officer.department_id, weekday, hour, Rating.level, satisfied, func.count())
            .select_from(Rating)
            .join(QuestionnaireVersion, QuestionnaireVersion.id == Rating.questionnaire_version_id)
            .outerjoin(Officer, Officer.id == Rating.officer_id)
            .where(Rating.rated_at >= span_start, Rating.rated_at < span_end, ~Rating.excluded)
            .group_by(Officer.department_id, weekday, hour, Rating.level, satisfied))
        for department, day, hour_of_day, level, happy, count in rows:
            cell = cells[(department, int(day), int(hour_of_day))]
            cell[0] += count
            cell[1] += 0 if happy else count
            levels[(department, level)] += count
    return ([[d, w, h, n, bad] for (d, w, h), (n, bad) in sorted(cells.items(), key=_order)],
            [[d, level, n] for (d, level), n in sorted(levels.items(), key=_order)])


def _order(item):
    key = item[0]
    return tuple(-1 if part is None else part for part in key)


def _conduct(session, start, end) -> list[list]:
    """Tally the "4 xin, 4 luôn" answers of the month's ballots (not excluded) per item.

    Returns [department, code, label_vi, label_en, answered, yes], items in questionnaire
    order; items of several versions sharing a code are counted together.
    """
    rows = session.execute(
        select(Officer.department_id, QuestionItem.code, QuestionItem.item_group,
               func.min(QuestionItem.position), func.min(QuestionItem.label_vi),
               func.min(QuestionItem.label_en), func.count(),
               func.coalesce(func.sum(case((RatingAnswer.value, 1), else_=0)), 0))
        .select_from(RatingAnswer)
        .join(Rating, Rating.id == RatingAnswer.rating_id)
        .join(QuestionItem, QuestionItem.id == RatingAnswer.item_id)
        .outerjoin(Officer, Officer.id == Rating.officer_id)
        .where(Rating.rated_at >= start, Rating.rated_at < end, ~Rating.excluded,
               QuestionItem.item_group.in_(("4xin", "4luon")))
        .group_by(Officer.department_id, QuestionItem.code, QuestionItem.item_group)
    ).all()
    rows.sort(key=lambda r: (r[2] != "4xin", r[3], r[1], -1 if r[0] is None else r[0]))
    return [[d, code, vi, en, int(n), int(yes)] for d, code, _g, _p, vi, en, n, yes in rows]
