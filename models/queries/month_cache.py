"""A computed month kept for reuse while nothing it was computed from has changed.

Database triggers replace a random token on every change of an evaluation input
(``evaluation_input_state``) and, per officer, on every change of that officer's ratings
(``rating_changes``; models/input_state.py). ``compute_live_month`` reads these marks first,
then:

* when every mark is what it was at the last computation of the same month, zone and
  database, that computation is returned as it was (``computed_at`` says when);
* otherwise the month is computed again, counting again only the ratings of the officers
  whose mark changed (each officer's tally is one range of the covering index), the other
  officers' tallies being reused, and reading the rest of the period's inputs (dossiers,
  breaches, assessments, officers…) again only when the inputs' mark changed.

Marks are read before anything they guard, in the same transaction, so a change committed
while a month is computed can only make the next view compute again, never hide the change.
The kept results live in the process (each gunicorn worker keeps its own), a few months at a
time. Closed months never come here: they read their snapshot.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from evaluation import ConductTally, RatingTally
from models.input_state import EvaluationInputState, RatingChange, RatingDayChange
from models.questionnaires import QuestionnaireVersion

#: How many months (and rating windows) a process keeps.
KEPT = 6


@dataclass(frozen=True)
class Marks:
    """The change marks at one moment: the inputs' token and each officer's ratings' token."""

    inputs: str | None
    ratings: dict[int, str]


class _Kept:
    """A small least-recently-used map, safe across threads."""

    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_reports = _Kept(KEPT)
_tallies = _Kept(KEPT)
_facts = _Kept(KEPT)


def clear() -> None:
    """Forget every kept computation (benchmarks time a cold computation this way)."""
    _reports.clear()
    _tallies.clear()
    _facts.clear()


def read_marks(session) -> Marks:
    """Return the current marks; read them before the data they guard."""
    inputs = session.scalar(select(EvaluationInputState.token)
                            .where(EvaluationInputState.id == 1))
    ratings = dict(session.execute(select(RatingChange.officer_id, RatingChange.token)).all())
    return Marks(inputs, ratings)


def _database(session) -> str:
    return session.get_bind().url.render_as_string(hide_password=True)


def kept_report(session, marks: Marks, period: str, zone: str):
    """Return the report computed for ``period`` and ``zone`` under exactly ``marks``, or None."""
    if marks.inputs is None:
        return None
    kept = _reports.get((_database(session), period, zone))
    if kept is not None and kept[0] == marks:
        return kept[1]
    return None


def keep_report(session, marks: Marks, period: str, zone: str, report) -> None:
    """Keep ``report`` as the computation of ``period`` and ``zone`` under ``marks``."""
    if marks.inputs is not None:
        _reports.put((_database(session), period, zone), (marks, report))


def period_facts(session, marks: Marks, period: str, decree: bool, read):
    """Return ``read()`` (the period's facts besides its ratings), reused while the inputs'
    mark is unchanged: new ratings alone do not read them again."""
    if marks.inputs is None:
        return read()
    key = (_database(session), period, decree)
    kept = _facts.get(key)
    if kept is not None and kept[0] == marks.inputs:
        return kept[1]
    facts = read()
    _facts.put(key, (marks.inputs, facts))
    return facts


@dataclass(frozen=True)
class _WindowTallies:
    versions: tuple
    marks: dict[int, str]
    tallies: dict[int, tuple]
    #: The marks of each officer's ratings per UTC day of the window, when counted.
    day_marks: dict[tuple[int, date], str]
    #: Tallies of single days, counted apart and included in ``tallies``: (officer, day).
    days: dict[tuple[int, date], tuple | None]


def _utc_day_range(start: datetime, end: datetime, day: date) -> tuple[datetime, datetime]:
    """Return the part of [start, end) that falls on the UTC calendar day ``day``."""
    midnight = datetime.combine(day, time(), UTC)
    return max(start, midnight), min(end, midnight + timedelta(days=1))


def _day_marks(session, start: datetime, end: datetime, officers=None) -> dict:
    """Return ``{(officer, UTC day): token}`` of the window's days (of ``officers`` only)."""
    query = select(RatingDayChange.officer_id, RatingDayChange.day, RatingDayChange.token).where(
        RatingDayChange.day >= start.astimezone(UTC).date(),
        RatingDayChange.day <= (end - timedelta(microseconds=1)).astimezone(UTC).date())
    if officers is not None:
        query = query.where(RatingDayChange.officer_id.in_(sorted(officers)))
    return {(officer, day): token for officer, day, token in session.execute(query)}


def _numbers(pair) -> list[int]:
    ratings, conduct = pair
    return [ratings.verified, ratings.verified_satisfied, ratings.unverified,
            ratings.unverified_satisfied, ratings.excluded, conduct.answered, conduct.yes,
            conduct.unverified_answered, conduct.unverified_yes,
            *(n for _level, n in ratings.levels)]


def _adjusted(total, minus: list, plus: list):
    """Return ``total`` less the ``minus`` tallies plus the ``plus`` ones (None: nothing).

    Tallies are sums over ratings, so a day's tally counted again replaces its old one
    exactly; None (no rating counted) when no rating is left, as a count from scratch
    leaves such an officer out.
    """
    parts = [pair for pair in (total, *minus, *plus) if pair is not None]
    if not parts:
        return None
    levels = [level for level, _n in parts[0][0].levels]
    numbers = _numbers(total) if total is not None else [0] * (9 + len(levels))
    for pair, sign in [*((p, -1) for p in minus), *((p, 1) for p in plus)]:
        if pair is not None:
            numbers = [a + sign * b for a, b in zip(numbers, _numbers(pair), strict=True)]
    v, vs, u, us, excluded, answered, yes, u_answered, u_yes, *by_level = numbers
    if v + u + excluded == 0:
        return None
    return (RatingTally(v, vs, u, us, excluded, tuple(zip(levels, by_level, strict=True))),
            ConductTally(answered, yes, u_answered, u_yes))


def window_tallies(session, marks: Marks, start: datetime, end: datetime, count) -> dict:
    """Return ``{officer_id: (RatingTally, ConductTally)}`` for [start, end).

    ``count(session, start, end, officer_ids)`` counts the given officers' ratings (all
    officers when ``officer_ids`` is None). Only officers whose ratings' mark changed since
    the window was last counted are looked at again, and of those only the UTC days whose
    mark changed (``rating_day_changes``): a day whose old tally is known (counted apart
    before, or with no rating then) is counted again alone and replaces its old tally in the
    officer's total; otherwise the officer's whole window is counted again. A first count
    counts the window's latest rated day apart — the day new ratings come to — so that a
    morning's ratings recount only that day.

    Settled counts only are kept: a day with no mark is taken for a day with no rating, so
    a count of a whole window is kept only when the day marks read again after it are those
    read before it (on PostgreSQL each statement sees the latest commits: a rating committed
    on a new day between the marks and the count would otherwise be counted twice later).
    A count of single days needs no such check: a day counted with a rating its mark did
    not show yet is counted again, old tally out, when that mark is seen.
    """
    if marks.inputs is None:  # no mark yet (a database loaded with its triggers off)
        return count(session, start, end, None)
    # The latest day counted after the rest of the same officers' window is counted without
    # reporting, when the count can (its ``quietly``), so that a progress bar runs once.
    quietly = getattr(count, "quietly", count)
    versions = tuple(session.execute(
        select(QuestionnaireVersion.id, QuestionnaireVersion.satisfied_min_level,
               QuestionnaireVersion.scale_max).order_by(QuestionnaireVersion.id)).all())
    key = (_database(session), start, end)
    kept = _tallies.get(key)
    if kept is None or kept.versions != versions:
        day_marks = _day_marks(session, start, end)  # before the ratings they guard
        latest = max((day for _officer, day in day_marks), default=None)
        if latest is None:
            tallies, days = count(session, start, end, None), {}
        else:
            split = _utc_day_range(start, end, latest)[0]
            tallies = count(session, start, split, None) if split > start else {}
            last = (quietly if split > start else count)(session, split, end, None)
            days = {(officer, latest): last.get(officer) for officer in
                    {officer for officer, _day in day_marks} | set(tallies) | set(last)}
            tallies = {officer: pair for officer in set(tallies) | set(last) if (
                pair := _adjusted(tallies.get(officer), [], [last.get(officer)]))}
        if _day_marks(session, start, end) == day_marks:  # settled: see the docstring
            _tallies.put(key, _WindowTallies(versions, dict(marks.ratings), tallies, day_marks,
                                             days))
        return tallies
    changed = {officer for officer, token in marks.ratings.items()
               if kept.marks.get(officer) != token}
    changed |= kept.marks.keys() - marks.ratings.keys()
    tallies, day_marks, days = dict(kept.tallies), dict(kept.day_marks), dict(kept.days)
    if changed:
        now_marks = _day_marks(session, start, end, changed)  # before the ratings
        before = {k: v for k, v in kept.day_marks.items() if k[0] in changed}
        moved = {k for k in now_marks.keys() | before.keys() if now_marks.get(k) != before.get(k)}
        whole, by_day = set(), {}
        for officer, day in moved:
            # A day with no mark before had no rating then: its old tally is nothing.
            if (officer, day) in days or (officer, day) not in before:
                by_day.setdefault(day, set()).add(officer)
            else:
                whole.add(officer)
        for day, officers in by_day.items():
            officers -= whole
            if not officers:
                continue
            counted = count(session, *_utc_day_range(start, end, day), officers)
            for officer in officers:
                tallies[officer] = _adjusted(tallies.get(officer),
                                             [days.get((officer, day))], [counted.get(officer)])
                days[(officer, day)] = counted.get(officer)
        settled = True
        if whole:
            for officer_day in [k for k in days if k[0] in whole]:
                del days[officer_day]
            # The latest rated day apart again, as in a first count.
            latest = max(day for _officer, day in (*day_marks, *now_marks))
            split = _utc_day_range(start, end, latest)[0]
            counted = count(session, start, split, whole) if split > start else {}
            last = (quietly if split > start else count)(session, split, end, whole)
            for officer in whole:
                tallies[officer] = _adjusted(counted.get(officer), [], [last.get(officer)])
                days[(officer, latest)] = last.get(officer)
            settled = _day_marks(session, start, end, whole) == {
                k: v for k, v in now_marks.items() if k[0] in whole}
        tallies = {officer: pair for officer, pair in tallies.items() if pair is not None}
        for k in before:
            day_marks.pop(k, None)
        day_marks.update(now_marks)
        if not settled:  # settled: see the docstring
            return tallies
    _tallies.put(key, _WindowTallies(versions, dict(marks.ratings), tallies, day_marks, days))
    return tallies
