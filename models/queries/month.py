"""compute_month: the one function that computes a month, live while open, frozen once closed."""

import functools
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from evaluation import (
    evaluate_month,
    result_from_dict,
    result_to_dict,
)
from evaluation.periods import Period, parse_period, period_window_utc
from evaluation.report import ContestedRating, ExcludedRating, FlaggedRating, MonthReport
from evaluation.rubric_schema import RUBRIC_FORMAT_2
from evaluation.serialization import inputs_from_dict, inputs_to_dict
from models.base import utcnow
from models.evaluation import EvaluationMonth
from models.queries import month_cache, month_inputs
from models.queries.month_inputs import collect_month_inputs
from models.queries.month_lists import (
    contested_ratings,
    excluded_ratings,
    flagged_ratings,
    late_ratings,
    row_from_plain,
    row_to_plain,
)
from models.queries.rubrics import rubric_for_month, rubric_used
from models.staff import User

SNAPSHOT_FORMAT = "hailong.month-snapshot/1"


#: The steps a live computation reports to its ``progress(step, done, total)``: the officers
#: whose ratings are counted (in SQL, a batch at a time), then the officers scored.
STEPS = ("ratings", "officers")


def compute_month(session, period: str | Period, *, zone: str,
                  progress: Callable[[str, int, int], None] | None = None) -> MonthReport:
    """Return the evaluation of ``period`` ("YYYY-MM", or "YYYY-Qn" under a quarterly
    rubric): the one entry point for every view.

    Contract (the ranking page, officer sheets, the CLI and the PDF/Excel reports all call
    this and nothing else to get a month's figures):

    * An **open** month (or one never closed) is computed live: SQL aggregates over the
      ratings rated in the local calendar month of ``zone`` (``evaluation.periods``), the
      month's dossier figures, breaches, discipline decisions and leader's assessments,
      scored by the rubric in force (``rubric_for_month``) with ``evaluation.evaluate_month``.
      Ratings flagged late (they arrived while the month was closed) are included once the
      month is reopened, and listed in ``late``.
    * A **closed** month is read from its snapshot and reproduces exactly what was frozen,
      whatever happened to ratings or inputs since; ``zone`` is then ignored in favour of
      the zone frozen with it. Only ``late`` is read live: ratings that arrived after
      closing, kept and listed, never added.

    It reads only (no flush, no commit). ``progress``, when given, is called as
    ``progress(step, done, total)`` for the ``STEPS`` of a live computation (a closed month,
    or one reused unchanged, has none to report); it only watches, the report is the same.

    :raises evaluation.PeriodError: when ``period`` is not a month or a quarter.
    :raises models.queries.rubrics.NoRubricInForce: when an open month has no rubric in force
        (``WrongPeriodKind`` when the rubric in force evaluates by the other kind of period).
    """
    month = parse_period(period) if isinstance(period, str) else period
    row = session.get(EvaluationMonth, str(month))
    if row is not None and row.status == "closed":
        return _from_snapshot(session, row)
    return compute_live_month(session, month, zone=zone, progress=progress)


def compute_live_month(session, month: Period, *, zone: str,
                       progress: Callable[[str, int, int], None] | None = None) -> MonthReport:
    """Compute ``month`` from the current data, whatever its status (closing uses this).

    A computation is reused while no input changed since (models/queries/month_cache.py):
    the same report when nothing changed; otherwise the unchanged officers' rating tallies,
    and everything but the ratings while only ratings changed. ``progress`` as in
    ``compute_month``: only the officers counted again are reported.
    """
    marks = month_cache.read_marks(session)  # before anything the marks guard
    kept = month_cache.kept_report(session, marks, str(month), zone)
    if kept is not None:
        return kept
    computed_at = utcnow()
    start, end = period_window_utc(month, zone)
    rubric = rubric_for_month(session, month)
    decree = rubric.rubric.format == RUBRIC_FORMAT_2
    tallies = month_cache.window_tallies(session, marks, start, end,
                                         _rating_counter(_step(progress, "ratings")))
    facts = month_cache.period_facts(
        session, marks, str(month), decree,
        lambda: month_inputs.period_facts(session, str(month), decree=decree))
    inputs = collect_month_inputs(session, str(month), start, end, decree=decree,
                                  tallies=tallies, facts=facts)
    report = MonthReport(
        period=str(month), status=_status(session, month), frozen=False, rubric=rubric,
        inputs=inputs, result=evaluate_month(rubric.rubric, inputs,
                                             _step(progress, "officers")),
        exclusions=excluded_ratings(session, start, end),
        contested=contested_ratings(session, start, end), late=late_ratings(session, start, end),
        computed_at=computed_at, zone=zone, window=(start, end),
        flags=flagged_ratings(session, start, end),
    )
    month_cache.keep_report(session, marks, str(month), zone, report)
    return report


def _step(progress, step: str):
    """Return ``progress`` bound to one step, as a ``(done, total)`` callable, or None."""
    return None if progress is None else functools.partial(progress, step)


def _rating_counter(progress):
    """Return the counter of the window's ratings (of ``officer_ids`` only, unless None), in
    SQL, reporting the officers counted to ``progress`` when it is given."""
    return _RatingCounter(progress)


class _RatingCounter:
    """Counts ratings in SQL; ``quietly`` is the same count without reporting, for a count
    that completes one already reported (the window's latest day, counted apart)."""

    def __init__(self, progress):
        self.progress = progress

    def __call__(self, session, start, end, officer_ids):
        if self.progress is None:
            return month_inputs.rating_tallies(session, start, end, officer_ids)
        return month_inputs.rating_tallies(session, start, end, officer_ids,
                                           progress=self.progress)

    def quietly(self, session, start, end, officer_ids):
        return month_inputs.rating_tallies(session, start, end, officer_ids)


def _status(session, month: Period) -> str:
    status = session.scalar(select(EvaluationMonth.status)
                            .where(EvaluationMonth.period == str(month)))
    return status or "open"


def snapshot_of(report: MonthReport) -> dict:
    """Return the JSON-ready snapshot that freezes ``report`` when its month closes."""
    return {
        "format": SNAPSHOT_FORMAT,
        "period": report.period,
        "zone": report.zone,
        "computed_at": report.computed_at.isoformat(),
        "rubric": {"id": report.rubric.id, "document": report.rubric.document},
        "inputs": inputs_to_dict(report.inputs),
        "result": result_to_dict(report.result),
        "exclusions": [row_to_plain(row) for row in report.exclusions],
        "contested": [row_to_plain(row) for row in report.contested],
        "flags": [row_to_plain(row) for row in report.flags],
    }


def _from_snapshot(session, row: EvaluationMonth) -> MonthReport:
    """Rebuild a closed month's report from its snapshot; only late ratings are read live."""
    snapshot = row.snapshot
    if snapshot.get("format") != SNAPSHOT_FORMAT:
        raise ValueError(f"month {row.period}: unknown snapshot format {snapshot.get('format')!r}")
    zone = snapshot["zone"]
    start, end = period_window_utc(parse_period(row.period), zone)
    closed_by = session.get(User, row.closed_by_id) if row.closed_by_id else None
    return MonthReport(
        period=row.period, status=row.status, frozen=True,
        rubric=rubric_used(snapshot["rubric"]["id"], snapshot["rubric"]["document"]),
        inputs=inputs_from_dict(snapshot["inputs"]),
        result=result_from_dict(snapshot["result"]),
        exclusions=tuple(row_from_plain(ExcludedRating, x) for x in snapshot["exclusions"]),
        contested=tuple(row_from_plain(ContestedRating, x) for x in snapshot["contested"]),
        late=late_ratings(session, start, end),
        computed_at=datetime.fromisoformat(snapshot["computed_at"]), zone=zone,
        window=(start, end), closed_at=row.closed_at,
        closed_by=(closed_by.full_name or closed_by.username) if closed_by else None,
        flags=tuple(row_from_plain(FlaggedRating, x) for x in snapshot.get("flags", ())),
    )
