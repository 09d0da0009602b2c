"""The rubric as typed, immutable values, and the fixed vocabulary it may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .grades import Grade
from .periods import MONTHLY
from .rates import BAYES

#: The first format: the local plan's criteria (still read and written unchanged).
RUBRIC_FORMAT = "hailong.rubric/1"
#: The second format adds what Nghị định 335/2025 needs: criteria scored by people, the
#: composite task result, grade overrides, the period (month or quarter) and the quota base.
RUBRIC_FORMAT_2 = "hailong.rubric/2"
RUBRIC_FORMATS = (RUBRIC_FORMAT, RUBRIC_FORMAT_2)

# Criterion kinds: the only formulas a rubric can name. No expression is ever evaluated.
RATING_SHARE = "rating_share"
CONDUCT_SHARE = "conduct_share"
CONFIRMED_REPORT_DEDUCTION = "confirmed_report_deduction"
DOSSIER_RATE = "dossier_rate"
BREACH_DEDUCTION = "breach_deduction"
LEADER_SCORE = "leader_score"
#: Scored by people: the officer's self-score, the department head's, the leader's final one.
HUMAN_SCORE = "human_score"
#: NĐ 335's task results: max × the mean of capped sub-rates (quantity, quality, progress).
TASK_RESULTS = "task_results"
#: Kinds only a "hailong.rubric/2" document may use.
FORMAT_2_KINDS = (HUMAN_SCORE, TASK_RESULTS)

# Parameters of each kind: name -> required?
KIND_PARAMS: dict[str, dict[str, bool]] = {
    RATING_SHARE: {"target": True, "target_overrides": False},
    CONDUCT_SHARE: {"target": True, "target_overrides": False},
    CONFIRMED_REPORT_DEDUCTION: {"per_report": False},
    DOSSIER_RATE: {"numerator": True, "denominator": True, "target": True,
                   "target_overrides": False},
    BREACH_DEDUCTION: {"per_breach": False},
    LEADER_SCORE: {},
    HUMAN_SCORE: {"citizen_evidence": False},
    TASK_RESULTS: {"sub_rates": True, "unit_sub_rates": False},
}

# Fields of the monthly dossier statistics a dossier_rate may count.
DOSSIER_FIELDS = ("received", "early", "on_time", "late", "resolved", "digitised",
                  "received_online", "returned_by_post")
DOSSIER_DENOMINATORS = ("resolved", "received")
#: Counts a task-result sub-rate may name: the dossier fields and NĐ 335's task counts.
TASK_FIELDS = (*DOSSIER_FIELDS, "assigned", "returned", "supplement_requests",
               "quality_failures", "late_with_apology")
#: Counts of events a leader waived for an objective cause, by the events they waive.
WAIVER_FIELDS = ("waived_delays", "waived_quality_failures")

DEFAULT_PER_BREACH = 3.0

# Cap triggers: the facts about an officer's month that can limit the grade.
CAP_CONFIRMED_REPORT = "confirmed_report"
CAP_DISCIPLINE = "discipline"
CAP_TRIGGERS = (CAP_CONFIRMED_REPORT, CAP_DISCIPLINE)

# Override triggers (NĐ 335/2025): graded Không hoàn thành nhiệm vụ whatever the points.
#: Disciplined (khiển trách or heavier) for a violation in public duty.
OVERRIDE_DISCIPLINE = "discipline_public_duty"
#: Concluded by the competent level to show degradation (suy thoái tư tưởng, đạo đức, lối sống).
OVERRIDE_DEGRADATION = "degradation"
#: Leaders only: corruption or waste in a unit under the officer's management in the year.
OVERRIDE_LEADER_UNIT = "leader_unit_violation"
OVERRIDE_TRIGGERS = (OVERRIDE_DISCIPLINE, OVERRIDE_DEGRADATION, OVERRIDE_LEADER_UNIT)
#: Overrides that apply only to an officer holding a leading post in the period.
LEADER_OVERRIDES = (OVERRIDE_LEADER_UNIT,)
#: How far back an override's facts count: the period itself, or the year up to its end.
WITHIN_PERIOD = "period"
WITHIN_YEAR = "year"
OVERRIDE_WINDOWS = (WITHIN_PERIOD, WITHIN_YEAR)

# Quota bases: everyone graded in the group (the first format's), or those graded
# Hoàn thành tốt nhiệm vụ (NĐ 335/2025: at most 20% of them).
QUOTA_BASE_GRADED = "graded"
QUOTA_BASE_GOOD = "good"
QUOTA_BASES = (QUOTA_BASE_GRADED, QUOTA_BASE_GOOD)
QUOTA_GROUPS = ("site", "department")

ANNUAL_MEAN_OF_MONTHS = "mean_of_months"
#: NĐ 335: the mean of the period totals over the time actually worked.
ANNUAL_MEAN_OF_PERIODS = "mean_of_periods"
ANNUAL_RULES = (ANNUAL_MEAN_OF_MONTHS, ANNUAL_MEAN_OF_PERIODS)


@dataclass(frozen=True)
class CriterionGroup:
    """A named group of criteria, e.g. A (general criteria) or B (task results)."""

    code: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class Deduction:
    """Per-event deduction inside a sub-rate: each event takes ``share`` of one product off."""

    #: The count of events (e.g. "late", "quality_failures").
    events: str
    #: The count of events a leader waived for an objective cause; None: no waivers.
    waived: str | None
    #: The share of one product's part taken off per event (NĐ 335: 25%).
    share: float


@dataclass(frozen=True)
class SubRate:
    """One part of the task result: ``(Σ numerator − deductions) / denominator``, at most 1."""

    code: str
    name_vi: str
    name_en: str
    numerator: tuple[str, ...]
    denominator: str
    deduction: Deduction | None = None


@dataclass(frozen=True)
class CitizenEvidence:
    """The citizen ratings' part of a human-scored criterion (a local rule, weight editable)."""

    #: Share of the criterion's points drawn from the ratings, 0…1 (0: evidence only).
    weight: float
    satisfaction_target: float
    #: Target for the "4 xin, 4 luôn" share; None leaves conduct answers out.
    conduct_target: float | None = None
    #: (department flag, satisfaction target) pairs, as in target_overrides.
    target_overrides: tuple[tuple[str, float], ...] = ()

    def satisfaction_target_for(self, flags: frozenset[str]) -> float:
        """Return the satisfaction target for a department carrying ``flags`` (lowest wins)."""
        matching = [value for flag, value in self.target_overrides if flag in flags]
        return min(matching) if matching else self.satisfaction_target


@dataclass(frozen=True)
class Criterion:
    """One scored criterion; which fields matter depends on ``kind``."""

    code: str
    name_vi: str
    name_en: str
    group: str
    max_points: float
    kind: str
    #: Share needed for full points (rate kinds), in (0, 1].
    target: float | None = None
    #: (department flag, target) pairs replacing ``target`` for departments with that flag.
    target_overrides: tuple[tuple[str, float], ...] = ()
    #: dossier_rate: fields summed over ``denominator``.
    numerator: tuple[str, ...] = ()
    denominator: str | None = None
    #: Points taken off per confirmed report or per breach (deduction kinds).
    deduction: float | None = None
    #: task_results: the sub-rates whose mean gives the points.
    sub_rates: tuple[SubRate, ...] = ()
    #: task_results, officers holding a leading post only: sub-rates computed on the led
    #: unit's pooled counts and averaged with ``sub_rates`` (NĐ 335: leaders, six items / 6).
    unit_sub_rates: tuple[SubRate, ...] = ()
    #: human_score: the citizen ratings shown as evidence and weighted into the points.
    citizen_evidence: CitizenEvidence | None = None

    def target_for(self, flags: frozenset[str]) -> float | None:
        """Return the target for a department carrying ``flags``.

        Policy: when several overrides match, the lowest (most lenient) target applies,
        so the result does not depend on the order the overrides are listed in.
        """
        matching = [value for flag, value in self.target_overrides if flag in flags]
        return min(matching) if matching else self.target


@dataclass(frozen=True)
class GradeThreshold:
    """The minimum rounded total for a grade, with the labels printed for it."""

    grade: Grade
    label_vi: str
    label_en: str
    min_total: float


@dataclass(frozen=True)
class Cap:
    """A fact about the month (``when``) that limits the grade to at most ``grade``."""

    when: str
    grade: Grade


@dataclass(frozen=True)
class Override:
    """A fact that grades the period Không hoàn thành nhiệm vụ whatever the points."""

    when: str
    #: "period" (facts dated in the period) or "year" (in its year, up to the period's end).
    within: str = WITHIN_YEAR


@dataclass(frozen=True)
class QuotaException:
    """The quota's exception for outstanding units (NĐ 335/2025 mentions one; its rate was
    not found in the sources read, so the centre fills it in from its own decision)."""

    enabled: bool = False
    #: The top-grade share for a qualifying agency; None until the centre fills it in.
    max_share: float | None = None

    @property
    def applies(self) -> bool:
        """Return True when the exception is on and has a rate."""
        return self.enabled and self.max_share is not None


@dataclass(frozen=True)
class Quota:
    """Optional limit on the share of the top grade within each group (a site, a department)."""

    enabled: bool = False
    max_share: float = 0.2
    #: "graded" (share of everyone graded) or "good" (share of those graded Hoàn thành tốt).
    base: str = QUOTA_BASE_GRADED
    #: The groups the quota holds in, each on its own: "site" and/or "department".
    groups: tuple[str, ...] = ("site",)
    #: The exception for outstanding units: the share for groups of an agency (site) an
    #: administrator marked as qualifying for the year; None leaves it off.
    exception: QuotaException | None = None

    def share_for(self, outstanding: bool) -> float:
        """Return the share that holds in a group: the exception's when it applies."""
        if outstanding and self.exception is not None and self.exception.applies:
            return self.exception.max_share
        return self.max_share


@dataclass(frozen=True)
class Adjustment:
    """How satisfaction and conduct shares are adjusted for small samples."""

    method: str = BAYES
    prior_weight: float = 10.0
    #: Below this many scored ratings an officer is marked "chưa đủ phiếu".
    min_count: int = 1
    wilson_z: float = 1.96


@dataclass(frozen=True)
class AnnualRule:
    """How twelve monthly results roll up into the year's grade."""

    rule: str = ANNUAL_MEAN_OF_MONTHS
    discipline_cap: bool = True
    #: Apply the rubric's overrides to the year (facts anywhere in it).
    overrides: bool = True
    #: Apply the rubric's quota to the year's grades as well.
    quota: bool = False


@dataclass(frozen=True)
class Rubric:
    """A versioned set of criteria, grade thresholds, caps and settings."""

    name: str
    version: int
    effective_from: date
    groups: tuple[CriterionGroup, ...]
    criteria: tuple[Criterion, ...]
    grades: tuple[GradeThreshold, ...]
    caps: tuple[Cap, ...]
    quota: Quota = field(default_factory=Quota)
    adjustment: Adjustment = field(default_factory=Adjustment)
    rescale_not_applicable: bool = True
    score_unverified: bool = False
    annual: AnnualRule = field(default_factory=AnnualRule)
    description: str = ""
    format: str = RUBRIC_FORMAT
    #: "month" or "quarter" (format 2; the first format is always monthly).
    period: str = MONTHLY
    overrides: tuple[Override, ...] = ()

    @property
    def scored_by_people(self) -> tuple[Criterion, ...]:
        """Return the criteria people score (self-assessment, review, approval)."""
        return tuple(c for c in self.criteria if c.kind == HUMAN_SCORE)

    @property
    def max_total(self) -> float:
        """Return the sum of the criteria's maximum points (100 in a valid rubric).

        Policy: float noise below 1e-9 is dropped, so points such as 0.1 that sum to
        100.00000000000001 give exactly 100 and a total is never printed above it.
        """
        return round(sum(criterion.max_points for criterion in self.criteria), 9)
