"""One month's inputs per officer and per site, as the app aggregates them."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date

from .periods import parse_period

#: Department flag for land, construction and investment departments (85% satisfaction target).
LAND_GROUP = "land_group"


def _check_counts(value: object) -> None:
    """Refuse negative counts in an input tally (its fields are its ``__dict__``: no slots)."""
    for name, number in vars(value).items():
        if isinstance(number, int) and not isinstance(number, bool) and number < 0:
            raise ValueError(f"{type(value).__name__}.{name} must not be negative")


def _check_part(value: object, part: str, whole: str) -> None:
    if getattr(value, part) > getattr(value, whole):
        raise ValueError(f"{type(value).__name__}.{part} must not exceed {whole}")


@dataclass(frozen=True)
class RatingTally:
    """Counts of an officer's ratings in the month (excluded ratings are not in the others)."""

    #: Verified ratings (bound to a visit), not excluded.
    verified: int = 0
    #: Of those, Rất hài lòng or Hài lòng.
    verified_satisfied: int = 0
    #: Unverified ratings (e.g. from a counter's static QR poster), not excluded.
    unverified: int = 0
    unverified_satisfied: int = 0
    #: Ratings a leader excluded, with a reason recorded elsewhere.
    excluded: int = 0
    #: Counts per answer level of the verified ratings, for display: ((level code, count), ...).
    levels: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        _check_counts(self)
        _check_part(self, "verified_satisfied", "verified")
        _check_part(self, "unverified_satisfied", "unverified")

    def scored(self, include_unverified: bool) -> tuple[int, int]:
        """Return ``(satisfied, scored)`` counting unverified ratings only when asked."""
        if include_unverified:
            return (self.verified_satisfied + self.unverified_satisfied,
                    self.verified + self.unverified)
        return self.verified_satisfied, self.verified


@dataclass(frozen=True)
class ConductItemTally:
    """Answers to one "4 xin, 4 luôn" item, for display."""

    code: str
    answered: int
    yes: int

    def __post_init__(self) -> None:
        _check_counts(self)
        _check_part(self, "yes", "answered")


@dataclass(frozen=True)
class ConductTally:
    """Answers ("Có" / "Không") to the "4 xin, 4 luôn" items of an officer's ratings."""

    #: Items answered in verified, not excluded ratings, and how many were "Có".
    answered: int = 0
    yes: int = 0
    unverified_answered: int = 0
    unverified_yes: int = 0
    items: tuple[ConductItemTally, ...] = ()

    def __post_init__(self) -> None:
        _check_counts(self)
        _check_part(self, "yes", "answered")
        _check_part(self, "unverified_yes", "unverified_answered")

    def scored(self, include_unverified: bool) -> tuple[int, int]:
        """Return ``(yes, answered)`` counting unverified ratings only when asked."""
        if include_unverified:
            return self.yes + self.unverified_yes, self.answered + self.unverified_answered
        return self.yes, self.answered


@dataclass(frozen=True)
class DossierStats:
    """An officer's dossiers in the month, from the one-stop software's export."""

    received: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    #: None when the source does not say which dossiers were digitised (the official register
    #: has no such column), so a criterion built on it does not apply rather than scoring 0.
    digitised: int | None = 0
    #: Optional in the export: None when the one-stop software did not provide the figure.
    received_online: int | None = 0
    returned_by_post: int | None = 0
    # The task-result counts of Nghị định 335/2025 (quantity, quality, progress). Each is None
    # when no source gave it, so a criterion built on it does not apply rather than scoring 0.
    #: Dossiers (tasks) the officer was assigned or expected to handle in the period (giao).
    assigned: int | None = None
    #: Results handed back to the applicant in the period.
    returned: int | None = None
    #: Dossiers with at least one request for more papers (yêu cầu bổ sung hồ sơ).
    supplement_requests: int | None = None
    #: Recorded quality failures (a justified complaint, a wrongful request for more papers),
    #: before any waiver.
    quality_failures: int | None = None
    #: Late dossiers that came with an extension and a letter of apology (gia hạn, xin lỗi).
    late_with_apology: int | None = None
    #: Delays and quality failures a leader waived for an objective cause (NĐ 335: "nguyên
    #: nhân khách quan được cấp có thẩm quyền xác nhận"), each recorded with its reason.
    waived_delays: int = 0
    waived_quality_failures: int = 0

    def __post_init__(self) -> None:
        _check_counts(self)

    @property
    def resolved(self) -> int:
        """Return the dossiers resolved in the month: early + on time + late."""
        return self.early + self.on_time + self.late

    def count(self, name: str) -> int | None:
        """Return the count named ``name`` (a rubric dossier field); None if not provided."""
        return self.resolved if name == "resolved" else getattr(self, name)


#: The units a leading post may lead: the officer's department or the whole site.
LEADS_DEPARTMENT = "department"
LEADS_SITE = "site"
LEADS_UNITS = (LEADS_DEPARTMENT, LEADS_SITE)

#: The counts pooled over a unit's officers (``resolved`` is derived from them).
_POOLED_FIELDS = tuple(f.name for f in fields(DossierStats))


def pool_dossiers(members: tuple[DossierStats | None, ...]) -> DossierStats | None:
    """Return the pooled task counts of a unit's officers, or None when none has any.

    Policy (local choice, see docs/legal.md): each count is the sum over the members with
    dossier figures; a count that some of them lack (None: no source gave it, e.g. an
    officer without an assigned number) is None for the unit too, so the unit's sub-rate
    does not apply rather than counting some officers' dossiers against others' assignment.
    Members without any dossier figures are left out of the pool.
    """
    found = [stats for stats in members if stats is not None]
    if not found:
        return None
    pooled: dict[str, int | None] = {}
    for name in _POOLED_FIELDS:
        values = [getattr(stats, name) for stats in found]
        pooled[name] = None if any(v is None for v in values) else sum(values)
    return DossierStats(**pooled)


@dataclass(frozen=True)
class LeaderPost:
    """A leading or managing post (công chức lãnh đạo, quản lý) held in the period.

    The rubric's ``unit_sub_rates`` are computed on the led unit's pooled counts (the
    engine pools them over the unit's officers in the period) and the leaders' override
    applies only to an officer holding one.
    """

    #: "department" (the officer's department) or "site" (the whole centre or site).
    unit: str
    unit_id: int
    unit_name: str
    #: The post as printed, e.g. "Trưởng bộ phận", "Phó Giám đốc".
    title: str = ""
    #: The first day the post was held (for the sheet).
    since: date | None = None

    def __post_init__(self) -> None:
        if self.unit not in LEADS_UNITS:
            raise ValueError(f"LeaderPost.unit must be one of {', '.join(LEADS_UNITS)}")


@dataclass(frozen=True)
class Breach:
    """A recorded breach of discipline or office culture (e.g. a late arrival)."""

    kind: str
    day: date
    #: Points to take off; None means the rubric's default per breach.
    deduction: float | None = None

    def __post_init__(self) -> None:
        if self.deduction is not None and not 0 <= self.deduction < math.inf:
            raise ValueError("Breach.deduction must be a finite number of at least 0")


@dataclass(frozen=True)
class HumanScore:
    """The chain of scores people gave one human-scored criterion (NĐ 335's general criteria).

    The officer's self-score, the department head's and the centre leader's final score,
    each on the criterion's own scale; only the final score counts.
    """

    criterion: str
    self_score: float | None = None
    head_score: float | None = None
    final_score: float | None = None
    #: The officer's short text with the self-score.
    self_note: str = ""
    #: Why the head (or the leader) scored lower than the step before; empty if not lower.
    head_reason: str = ""
    final_reason: str = ""

    def __post_init__(self) -> None:
        for score in (self.self_score, self.head_score, self.final_score):
            if score is not None and not math.isfinite(score):
                raise ValueError("HumanScore scores must be finite numbers")


@dataclass(frozen=True)
class Finding:
    """A fact behind a grade override: a discipline decision or a conclusion of degradation."""

    #: "discipline_public_duty" or "degradation" (rubric_schema.OVERRIDE_TRIGGERS).
    kind: str
    day: date
    #: What is printed with it: the form of discipline, the decision's number, …
    note: str = ""


@dataclass(frozen=True)
class OfficerMonth:
    """Everything the rubric needs about one counter officer for one month."""

    officer_id: int
    code: str
    full_name: str
    title: str
    site_id: int
    site_name: str
    department_id: int
    department_name: str
    #: Flags of the officer's department, e.g. {"land_group"}; rubric target overrides use them.
    department_flags: frozenset[str] = frozenset()
    ratings: RatingTally = RatingTally()
    conduct: ConductTally = ConductTally()
    #: "5 không" reports confirmed by the leader's follow-up.
    confirmed_reports: int = 0
    #: None when the one-stop software has no data for the officer this month.
    dossiers: DossierStats | None = None
    breaches: tuple[Breach, ...] = ()
    #: A discipline decision (quyết định kỷ luật) took effect in the month.
    discipline: bool = False
    discipline_note: str = ""
    #: The leader's assessment, on the criterion's own scale; None when not entered.
    leader_score: float | None = None
    #: Scores people gave the human-scored criteria (self-assessment, review, approval).
    human_scores: tuple[HumanScore, ...] = ()
    #: Where the officer's self-assessment stands (see models.evaluation_sheets); None: none.
    sheet_status: str | None = None
    #: Facts behind grade overrides in the period's year up to its end, by date.
    findings: tuple[Finding, ...] = ()
    #: Share of the period actually worked (leave and absence pro-rated in the year), 0…1.
    worked_share: float = 1.0
    #: The leading post held in the period (the latest one starting in it); None: not a leader.
    leader_post: LeaderPost | None = None

    def __post_init__(self) -> None:
        if self.confirmed_reports < 0:
            raise ValueError("OfficerMonth.confirmed_reports must not be negative")
        if self.leader_score is not None and not math.isfinite(self.leader_score):
            raise ValueError("OfficerMonth.leader_score must be a finite number")
        if not 0 <= self.worked_share <= 1:
            raise ValueError("OfficerMonth.worked_share must be between 0 and 1")

    def human_score(self, criterion: str) -> HumanScore | None:
        """Return the scores people gave ``criterion``, or None."""
        return next((h for h in self.human_scores if h.criterion == criterion), None)


@dataclass(frozen=True)
class SiteMonth:
    """A site's rates for the month, when the app supplies them.

    A rate left as None is derived by the engine as the pooled share over the site's
    officers' scored tallies (see ``engine.site_rates``).
    """

    site_id: int
    site_name: str
    satisfaction_p0: float | None = None
    conduct_p0: float | None = None
    #: The agency qualifies for the rubric's outstanding-unit quota exception this year
    #: (e.g. graded Hoàn thành xuất sắc nhiệm vụ the year before), as an administrator recorded.
    outstanding: bool = False

    def __post_init__(self) -> None:
        for rate in (self.satisfaction_p0, self.conduct_p0):
            if rate is not None and not 0 <= rate <= 1:
                raise ValueError("SiteMonth rates are shares between 0 and 1")


@dataclass(frozen=True)
class MonthInputs:
    """All officers' inputs for one period (``YYYY-MM``, or ``YYYY-Qn`` for a quarter)."""

    period: str
    officers: tuple[OfficerMonth, ...]
    sites: tuple[SiteMonth, ...] = ()

    def __post_init__(self) -> None:
        parse_period(self.period)
        ids = [officer.officer_id for officer in self.officers]
        if len(set(ids)) != len(ids):
            raise ValueError("MonthInputs.officers lists an officer more than once")
        site_ids = [site.site_id for site in self.sites]
        if len(set(site_ids)) != len(site_ids):
            raise ValueError("MonthInputs.sites lists a site more than once")
