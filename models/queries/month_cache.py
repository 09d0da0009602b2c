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
from datetime import datetime

from sqlalchemy import select

from models.input_state import EvaluationInputState, RatingChange
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


def window_tallies(session, marks: Marks, start: datetime, end: datetime, count) -> dict:
    """Return ``{officer_id: (RatingTally, ConductTally)}`` for [start, end).

    ``count(session, start, end, officer_ids)`` counts the given officers' ratings (all
    officers when ``officer_ids`` is None); only officers whose ratings' mark changed since
    the window was last counted are counted again.
    """
    if marks.inputs is None:  # no mark yet (a database loaded with its triggers off)
        return count(session, start, end, None)
    versions = tuple(session.execute(
        select(QuestionnaireVersion.id, QuestionnaireVersion.satisfied_min_level,
               QuestionnaireVersion.scale_max).order_by(QuestionnaireVersion.id)).all())
    key = (_database(session), start, end)
    kept = _tallies.get(key)
    if kept is None or kept.versions != versions:
        tallies = count(session, start, end, None)
    else:
        changed = {officer for officer, token in marks.ratings.items()
                   if kept.marks.get(officer) != token}
        changed |= kept.marks.keys() - marks.ratings.keys()
        tallies = dict(kept.tallies)
        if changed:
            for officer in changed:
                tallies.pop(officer, None)
            tallies.update(count(session, start, end, changed))
    _tallies.put(key, _WindowTallies(versions, dict(marks.ratings), tallies))
    return tallies
