"""The plain data of a report, which render/ builds documents from without the database."""

# models/queries/ fills these from the database; render/ (PDF, XLSX) imports only this
# module and the rest of evaluation/, so a renderer never loads SQLAlchemy.

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from .inputs import MonthInputs, OfficerMonth
from .results import MonthResult, OfficerResult
from .rubric_schema import Rubric


@dataclass(frozen=True)
class RubricUsed:
    """The rubric a month is scored under: its stored version and the parsed rules."""

    #: Id of the stored RubricVersion; None only for a snapshot whose version was deleted.
    id: int | None
    name: str
    version: int
    effective_from: date
    document: dict
    rubric: Rubric


@dataclass(frozen=True)
class ExcludedRating:
    """A rating a leader left out of scoring, with the reason and who did it."""

    rating_id: str
    officer_id: int | None
    rated_at: datetime
    level: int
    verified: bool
    reason: str
    excluded_at: datetime | None
    excluded_by: str | None


@dataclass(frozen=True)
class ContestedRating:
    """A rating an officer contested, and where the contest stands."""

    contest_id: int
    rating_id: str
    officer_id: int
    rated_at: datetime
    level: int
    excluded: bool
    status: str
    reason: str
    created_at: datetime
    decided_at: datetime | None
    decision_note: str | None


@dataclass(frozen=True)
class FlaggedRating:
    """One flag a rule raised on a rating, and the leader's decision on it."""

    flag_id: int
    rating_id: str
    officer_id: int | None
    rated_at: datetime
    level: int
    verified: bool
    rule: str
    status: str
    created_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decision_reason: str | None


@dataclass(frozen=True)
class LateRating:
    """A rating that arrived after its month was closed: kept and listed, not in the snapshot."""

    rating_id: str
    officer_id: int | None
    rated_at: datetime
    received_at: datetime
    level: int
    verified: bool
    excluded: bool


@dataclass(frozen=True)
class MonthReport:
    """Everything the pages, printouts and commands show about one month.

    ``result`` is the engine's MonthResult (scores, grades, ranks: officers listed by site,
    then site ranking); ``inputs`` holds what each officer was scored on. ``frozen`` says
    whether it was read from a closed month's snapshot. ``late`` is always read live.
    """

    period: str
    #: "open" (live draft; also a month never closed) or "closed".
    status: str
    frozen: bool
    rubric: RubricUsed
    inputs: MonthInputs
    result: MonthResult
    #: Ratings left out of scoring, with the reason and who excluded them.
    exclusions: tuple[ExcludedRating, ...]
    #: Ratings officers contested (any status).
    contested: tuple[ContestedRating, ...]
    #: Ratings that arrived while the month was closed (never in a snapshot).
    late: tuple[LateRating, ...]
    #: When the figures were computed (for a closed month: at closing).
    computed_at: datetime
    #: The IANA zone whose calendar month was evaluated, and its UTC window [start, end).
    zone: str
    window: tuple[datetime, datetime]
    closed_at: datetime | None = None
    closed_by: str | None = None
    #: Flags the rules raised on the month's ratings, and how each was decided.
    flags: tuple[FlaggedRating, ...] = ()

    @cached_property
    def _inputs_by_officer(self) -> dict[int, OfficerMonth]:
        return {officer.officer_id: officer for officer in self.inputs.officers}

    @cached_property
    def _results_by_officer(self) -> dict[int, OfficerResult]:
        return {officer.officer_id: officer for officer in self.result.officers}

    def officer_inputs(self, officer_id: int) -> OfficerMonth | None:
        """Return what an officer was scored on this month, or None if not evaluated."""
        return self._inputs_by_officer.get(officer_id)

    def officer_result(self, officer_id: int) -> OfficerResult | None:
        """Return an officer's scores, grade and ranks, or None if not evaluated."""
        return self._results_by_officer.get(officer_id)


def rank_of(officer: OfficerResult, rank_by: str) -> int | None:
    """Return the officer's rank in the site or in the department."""
    return officer.rank_in_department if rank_by == "department" else officer.rank_in_site


def raw_satisfaction(report, officer_id: int) -> float | None:
    """Return the officer's share of satisfied ratings among those the rubric scores.

    The rate before any adjustment, whatever the rubric's criteria (under NĐ 335 no
    criterion is a plain rating share); None without scored ratings. The ranking page, the
    printout and the workbook all print this one.
    """
    inputs = report.officer_inputs(officer_id)
    if inputs is None:
        return None
    satisfied, scored = inputs.ratings.scored(report.rubric.rubric.score_unverified)
    return satisfied / scored if scored else None


@dataclass(frozen=True)
class Organisation:
    """Who issues the reports and who signs them (Vietnamese, NFC)."""

    #: e.g. "UBND TỈNH BẮC NINH" (the body above the centre in the heading).
    issuing_body: str
    #: e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG".
    centre_name: str
    #: The place of the place-and-date line, e.g. "Bắc Ninh".
    place: str
    #: The title of the signing leader, e.g. "GIÁM ĐỐC".
    director_title: str
    director_name: str
    #: The person who prepares the tables (NGƯỜI LẬP BIỂU).
    preparer_name: str
    #: The ký hiệu (document symbol) after the number, e.g. "BC-TTPVHCC" in "Số: 12/BC-TTPVHCC".
    document_symbol: str = ""
    #: The "Nơi nhận" list beside the signature: one recipient a line, or each ending in ";".
    recipients: str = ""

    def recipient_lines(self) -> list[str]:
        """Return the recipients one a line: split at line ends and after each ";".

        "Sở Nội vụ; Lưu: VT." (as an environment variable holds it) gives two lines, each
        keeping its punctuation as the decree writes it.
        """
        parts = re.split(r"\n|(?<=;)", self.recipients)
        return [part.strip() for part in parts if part.strip()]


@dataclass(frozen=True)
class ItemShare:
    """One "4 xin, 4 luôn" item: how often it was answered, and answered "Có"."""

    code: str
    group: str
    label_vi: str
    answered: int
    yes: int

    @property
    def no(self) -> int:
        """How often the item was answered "Không"."""
        return self.answered - self.yes


@dataclass(frozen=True)
class CitizenComment:
    """A comment or a reason a citizen typed with a rating."""

    rated_at: datetime
    level: int
    text: str
    verified: bool
