"""The one monthly ranking: used by the console page, the PDF, the Excel file and the CLI."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from .collation import person_name_sort_key


@dataclass(frozen=True)
class RankCandidate:
    """What ranking looks at for one officer of a group (a site or a department)."""

    officer_id: int
    full_name: str
    #: The printed total (two decimals); None when the officer was not evaluated.
    total: float | None
    adjusted_satisfaction: float | None
    scored_ratings: int
    #: The adjusted satisfaction as an exact fraction; compared instead of the float.
    satisfaction_key: Fraction | None = None

    def merit(self) -> tuple[float, float | Fraction, int]:
        """Return the numeric ordering key: total, adjusted satisfaction, scored ratings.

        Satisfaction compares exactly when the exact value is known, so two mathematically
        equal rates (2 of 3 and 10 of 15 at a site rate of 2/3) are equal here.
        """
        satisfaction = self.satisfaction_key
        if satisfaction is None:
            satisfaction = self.adjusted_satisfaction
        satisfaction = -1.0 if satisfaction is None else satisfaction
        total = -1.0 if self.total is None else self.total
        return total, satisfaction, self.scored_ratings


@dataclass(frozen=True)
class RankedOfficer:
    """A candidate with its rank (shared on equal totals) and its place in the listing."""

    candidate: RankCandidate
    #: Competition rank (1, 2, 2, 4); None when not evaluated.
    rank: int | None
    #: 1-based place in the listing; unique within the group.
    position: int


def _listing_key(candidate: RankCandidate) -> tuple:
    total, satisfaction, scored = candidate.merit()
    return (candidate.total is None, -total, -satisfaction, -scored,
            person_name_sort_key(candidate.full_name), candidate.officer_id)


def rank_officers(candidates: Iterable[RankCandidate]) -> list[RankedOfficer]:
    """Rank the officers of one group and return them in listing order.

    Policy (docs/domain.md, "Ranking"):

    * Listing order: printed total, highest first; then adjusted satisfaction, highest first
      (an officer without one comes after those with one); then number of scored ratings,
      most first; then name in Vietnamese order (given name, then family and middle names;
      see ``collation.person_name_sort_key``); finally officer id, so the order never
      depends on input order.
    * Rank: competition ranking on the printed total alone. "Equal" means equal when
      rounded to two decimals, as printed: those officers share a rank even when a
      tie-breaker orders them in the listing, and the next total takes the rank after
      all of them (1, 2, 2, 4). Tie-breakers order the listing; they never split a rank.
    * Officers without a total (no criterion applied) get no rank and are listed last.

    Sorting makes this O(n log n).
    """
    ordered = sorted(candidates, key=_listing_key)
    ranked: list[RankedOfficer] = []
    rank = None
    for position, candidate in enumerate(ordered, start=1):
        if candidate.total is None:
            rank = None
        elif not ranked or ranked[-1].candidate.total != candidate.total:
            rank = position
        ranked.append(RankedOfficer(candidate, rank, position))
    return ranked
