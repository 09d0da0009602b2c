"""The dashboard's ballot and conduct tallies, counted per local day and kept between refreshes.

A month's ballots by department, local weekday, hour and level, and its "4 xin, 4 luôn"
answers by department and item, are sums over its local days. Each day's tallies are kept in
``dashboard_days`` under a token that digests everything they were counted from:

* the day's window (its local midnights in the zone, clipped to the period's window);
* the change marks of the ratings of every UTC day the window touches (``rating_day_changes``,
  replaced by database triggers on every insert, update or delete of a rating: a new rating,
  an exclusion, a flag holding or releasing it, a contest's decision, a rating moved to
  another moment or officer — models/input_state.py);
* the departments of the officers rated on those UTC days (the tallies are kept by
  department; an officer with no rating there cannot change them);
* the format of the kept figures.

What is not in the token is read at every refresh: the questionnaire versions' satisfied
levels (a day keeps ballots by version and level, "dissatisfied" is decided when summing)
and the items' codes, groups and labels (a day keeps answers by item id).

A refresh reads the marks first, then counts again only the days whose token changed, so a
change committed while it counts can only make the next refresh count that day again, never
hide it. Without marks (the inputs' mark row missing: a database loaded with its triggers
off) every day is counted and nothing is kept.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import product
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, literal, select

from models.dashboards import DashboardDay
from models.input_state import EvaluationInputState, RatingDayChange
from models.org import Officer
from models.queries.local_hours import local_weekday_hour, offset_spans
from models.ratings import Rating, RatingAnswer

#: Changes whenever what a day keeps, or how it is counted, changes: every kept day is then
#: counted again.
FORMAT = "hailong.dashboard-day/1"


@dataclass
class MonthDays:
    """A window's day tallies: each day's figures, and the days counted now (to keep)."""

    figures: list[dict] = field(default_factory=list)
    #: Rows for ``dashboard_days`` (zone, day, token, figures) of the days counted now.
    counted: list[dict] = field(default_factory=list)


def local_days(start: datetime, end: datetime, zone: str) -> list[tuple[date, datetime, datetime]]:
    """Return ``[(local day, window start, window end)]`` covering [start, end) in UTC."""
    tz = ZoneInfo(zone)
    days, day = [], start.astimezone(tz).date()
    while True:
        day_start = max(start, datetime.combine(day, time(), tz).astimezone(UTC))
        if day_start >= end:
            return days
        day_end = min(end, datetime.combine(day + timedelta(days=1), time(), tz).astimezone(UTC))
        days.append((day, day_start, day_end))
        day += timedelta(days=1)


def _utc_days(start: datetime, end: datetime) -> list[date]:
    """Return the UTC calendar days that [start, end) touches."""
    first, last = start.astimezone(UTC).date(), (end - timedelta(microseconds=1)).astimezone(
        UTC).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _digest(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def month_days(session, start: datetime, end: datetime, zone: str) -> MonthDays:
    """Return the day tallies of [start, end): kept ones where their token still holds."""
    days = local_days(start, end, zone)
    result = MonthDays()
    if not days:
        return result
    marked = session.scalar(select(EvaluationInputState.token)
                            .where(EvaluationInputState.id == 1)) is not None
    utc_first, utc_last = _utc_days(start, end)[0], _utc_days(start, end)[-1]
    marks: dict[date, list] = defaultdict(list)
    for officer_id, day, token in session.execute(
            select(RatingDayChange.officer_id, RatingDayChange.day, RatingDayChange.token)
            .where(RatingDayChange.day >= utc_first, RatingDayChange.day <= utc_last)):
        marks[day].append((officer_id, token))
    # A day's tallies depend on the departments of the officers rated that day only.
    departments = dict(session.execute(select(Officer.id, Officer.department_id)).all())
    marks_digest = {day: _digest(*sorted((officer, token, departments.get(officer))
                                         for officer, token in found))
                    for day, found in marks.items()}
    kept = {}
    if marked:
        kept = {row.day: (row.token, row.figures) for row in session.execute(
            select(DashboardDay.day, DashboardDay.token, DashboardDay.figures)
            .where(DashboardDay.zone == zone, DashboardDay.day >= days[0][0],
                   DashboardDay.day <= days[-1][0]))}
    for day, day_start, day_end in days:
        token = _digest(FORMAT, zone, day_start.isoformat(), day_end.isoformat(),
                        *(marks_digest.get(d, "-") for d in _utc_days(day_start, day_end)))
        stored = kept.get(day)
        if stored is not None and stored[0] == token:
            result.figures.append(stored[1])
            continue
        figures = count_day(session, day_start, day_end, zone)
        result.figures.append(figures)
        if marked:
            result.counted.append({"zone": zone, "day": day, "token": token,
                                   "figures": figures})
    return result


def _department(officer_side: bool):
    """Return the department column of a tally: the officer's, or None (no officer)."""
    return Officer.department_id if officer_side else literal(None).label("department")


def _from_ratings(query, officer_side: bool, start, end, *conditions):
    """Limit ``query`` to the window's ratings that count (not excluded, not held), from one side.

    Officer side: officers LEFT JOIN their ratings (the window in the join condition), which
    keeps SQLite reading each officer's range of the covering index ``ix_ratings_officer_month``
    instead of looking up a million table rows. The other side: the ratings no officer was
    signed in for (poster ratings), a small range of the same index.
    """
    window = and_(Rating.rated_at >= start, Rating.rated_at < end, ~Rating.excluded,
                  ~Rating.held, *conditions)
    if officer_side:
        return query.select_from(Officer).outerjoin(
            Rating, and_(Rating.officer_id == Officer.id, window))
    return query.select_from(Rating).where(Rating.officer_id.is_(None), window)


def count_day(session, start: datetime, end: datetime, zone: str) -> dict:
    """Count one day's ballots and conduct answers (not excluded, not held) in SQL.

    Returns ``{"ballots": [[department, weekday (0 = Sunday), hour, version, level, n]],
    "conduct": [[department, item, answered, yes]]}``, department None for a rating no
    officer was signed in for; only ratings with conduct answers are joined to their answers.
    """
    dialect = session.get_bind().dialect.name
    ballots = []
    for (span_start, span_end, offset), side in product(offset_spans(start, end, zone),
                                                        (True, False)):
        weekday, hour = local_weekday_hour(Rating.rated_at, offset, dialect)
        department = _department(side)
        version = Rating.questionnaire_version_id
        rows = session.execute(_from_ratings(
            select(department, weekday, hour, version, Rating.level, func.count(Rating.id)),
            side, span_start, span_end)
            .group_by(department, weekday, hour, version, Rating.level))
        ballots += [[d, int(w), int(h), v, level, n] for d, w, h, v, level, n in rows if n]
    conduct = []
    for side in (True, False):
        department = _department(side)
        rows = session.execute(_from_ratings(
            select(department, RatingAnswer.item_id, func.count(RatingAnswer.item_id),
                   func.coalesce(func.sum(case((RatingAnswer.value, 1), else_=0)), 0)),
            side, start, end, Rating.conduct_answered > 0)
            .outerjoin(RatingAnswer, RatingAnswer.rating_id == Rating.id)
            .group_by(department, RatingAnswer.item_id))
        conduct += [[d, item, answered, int(yes)] for d, item, answered, yes in rows
                    if answered]
    return {"ballots": sorted(ballots, key=_none_first), "conduct": sorted(conduct,
                                                                           key=_none_first)}


def _none_first(row):
    return tuple(-1 if part is None else part for part in row)
