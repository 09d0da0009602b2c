"""Compute a month's dashboard figures: from compute_month's report, and SQL tallies of ratings.

Satisfaction by site, department and officer, the targets and the dossier figures come from
the report (the one computation of a month). What the engine does not compute — ballots by
level, weekday and hour, and answers per conduct item — is summed from the month's local
days, each tallied in SQL once and kept until one of its ratings changes
(models/queries/dashboard_days.py). Everything is kept by department, so a liaison's view
is a sum over theirs.
"""

from collections import defaultdict

from sqlalchemy import select

from evaluation.inputs import OfficerMonth
from evaluation.report import MonthReport
from evaluation.rubric_schema import HUMAN_SCORE, RATING_SHARE
from models.queries.dashboard_days import MonthDays, month_days
from models.questionnaires import QuestionItem, QuestionnaireVersion

FORMAT = "hailong.dashboard/1"
CONDUCT_GROUPS = ("4xin", "4luon")
#: What each officer row of the details holds, in order.
OFFICER_FIELDS = ("id", "code", "name", "site", "department", "scored", "raw", "adjusted",
                  "target", "insufficient", "total", "grade")
DOSSIER_FIELDS = ("received", "early", "on_time", "late", "digitised")


def dashboard_month(session, report: MonthReport) -> tuple[dict, dict, list[dict]]:
    """Return ``(summary, details, counted)``: the month's dashboard figures, ready to store
    as JSON, and the day tallies counted now, to keep (models/queries/dashboard_days.py)."""
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
    days = month_days(session, start, end, report.zone)
    cells, levels = _ballots(session, days)
    details = {"officers": _officers(report), "cells": cells, "levels": levels,
               "conduct": _conduct(session, days)}
    return summary, details, days.counted


def _satisfaction_criterion(report: MonthReport):
    return next((c for c in report.rubric.rubric.criteria if c.kind == RATING_SHARE
                 or (c.kind == HUMAN_SCORE and c.citizen_evidence is not None)), None)


def _target(criterion, flags):
    """Return the satisfaction target of a rating_share criterion or of citizen evidence."""
    if criterion is None:
        return None
    if criterion.kind == HUMAN_SCORE:
        return criterion.citizen_evidence.satisfaction_target_for(flags)
    return criterion.target_for(flags)


def _departments(report: MonthReport) -> list[dict]:
    criterion = _satisfaction_criterion(report)
    seen = {}
    for officer in report.inputs.officers:
        seen.setdefault(officer.department_id, {
            "id": officer.department_id, "name": officer.department_name,
            "land_group": "land_group" in officer.department_flags,
            "target": _target(criterion, officer.department_flags)})
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
                                       "post", "post_base", "digitised_base"), 0)})
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
        total[name] += getattr(d, name) or 0
    if d.digitised is not None:
        total["digitised_base"] += d.resolved
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
        share = next((c for c in o.criteria if c.kind in (RATING_SHARE, HUMAN_SCORE)
                      and c.raw_rate is not None), None)
        rows.append([o.officer_id, o.code, o.full_name, o.site_id, o.department_id,
                     o.scored_ratings, share.raw_rate if share else None,
                     o.adjusted_satisfaction, share.target if share else None,
                     o.insufficient_ratings, o.total_rounded,
                     o.grade.value if o.grade else None])
    return rows


def _ballots(session, days: MonthDays) -> tuple[list, list]:
    """Sum the days' ballots (not excluded, not held) by department, local weekday and hour,
    and by level.

    Returns ``cells`` as [department, weekday (0 = Sunday), hour, ballots, dissatisfied] and
    ``levels`` as [department, level, ballots]; department is None for a rating no officer
    was signed in for. "Dissatisfied" is a level below its questionnaire version's
    ``satisfied_min_level``, read now (the one rule: models.ratings.satisfied_rating).
    """
    satisfied_from = dict(session.execute(
        select(QuestionnaireVersion.id, QuestionnaireVersion.satisfied_min_level)).all())
    cells, levels = defaultdict(lambda: [0, 0]), defaultdict(int)
    for day in days.figures:
        for department_id, weekday, hour, version, level, count in day["ballots"]:
            cell = cells[(department_id, weekday, hour)]
            cell[0] += count
            cell[1] += 0 if level >= satisfied_from[version] else count
            levels[(department_id, level)] += count
    return ([[d, w, h, n, bad] for (d, w, h), (n, bad) in sorted(cells.items(), key=_order)],
            [[d, level, n] for (d, level), n in sorted(levels.items(), key=_order)])


def _order(item):
    key = item[0]
    return tuple(-1 if part is None else part for part in key)


def _conduct(session, days: MonthDays) -> list[list]:
    """Sum the days' "4 xin, 4 luôn" answers (ballots not excluded, not held) per item.

    Returns [department, code, label_vi, label_en, answered, yes], items in questionnaire
    order; items of several versions sharing a code are counted together.
    """
    items = {row.id: row for row in session.execute(
        select(QuestionItem.id, QuestionItem.code, QuestionItem.item_group,
               QuestionItem.position, QuestionItem.label_vi, QuestionItem.label_en)
        .where(QuestionItem.item_group.in_(CONDUCT_GROUPS)))}
    totals: dict[tuple, list] = {}
    for day in days.figures:
        for department_id, item_id, answered, yes in day["conduct"]:
            item = items.get(item_id)
            if item is None:
                continue
            total = totals.setdefault((department_id, item.code), [item, 0, 0])
            total[1] += answered
            total[2] += yes
    ordered = sorted(totals.items(), key=lambda kv: (
        CONDUCT_GROUPS.index(kv[1][0].item_group), kv[1][0].position, kv[0][1],
        -1 if kv[0][0] is None else kv[0][0]))
    return [[department_id, code, item.label_vi, item.label_en, answered, yes]
            for (department_id, code), (item, answered, yes) in ordered]
