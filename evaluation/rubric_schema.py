"""The rubric as typed, immutable values, and the fixed vocabulary it may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .grades import Grade
from .rates import BAYES

RUBRIC_FORMAT = "hailong.rubric/1"

# Criterion kinds: the only formulas a rubric can name. No expression is ever evaluated.
RATING_SHARE = "rating_share"
CONDUCT_SHARE = "conduct_share"
CONFIRMED_REPORT_DEDUCTION = "confirmed_report_deduction"
DOSSIER_RATE = "dossier_rate"
BREACH_DEDUCTION = "breach_deduction"
LEADER_SCORE = "leader_score"

# Parameters of each kind: name -> required?
KIND_PARAMS: dict[str, dict[str, bool]] = {
    RATING_SHARE: {"target": True, "target_overrides": False},
    CONDUCT_SHARE: {"target": True, "target_overrides": False},
    CONFIRMED_REPORT_DEDUCTION: {"per_report": False},
    DOSSIER_RATE: {"numerator": True, "denominator": True, "target": True,
                   "target_overrides": False},
    BREACH_DEDUCTION: {"per_breach": False},
    LEADER_SCORE: {},
}

# Fields of the monthly dossier statistics a dossier_rate may count.
DOSSIER_FIELDS = ("received", "early", "on_time", "late", "resolved", "digitised",
                  "received_online", "returned_by_post")
DOSSIER_DENOMINATORS = ("resolved", "received")

DEFAULT_PER_BREACH = 3.0

# Cap triggers: the facts about an officer's month that can limit the grade.
CAP_CONFIRMED_REPORT = "confirmed_report"
CAP_DISCIPLINE = "discipline"
CAP_TRIGGERS = (CAP_CONFIRMED_REPORT, CAP_DISCIPLINE)

ANNUAL_MEAN_OF_MONTHS = "mean_of_months"
ANNUAL_RULES = (ANNUAL_MEAN_OF_MONTHS,)


@dataclass(frozen=True)
class CriterionGroup:
    """A named group of criteria, e.g. A (general criteria) or B (task results)."""

    code: str
    name_vi: str
    name_en: str


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
class Quota:
    """Optional limit on the share of the top grade within a site."""

    enabled: bool = False
    max_share: float = 0.2


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

    @property
    def max_total(self) -> float:
        """Return the sum of the criteria's maximum points (100 in a valid rubric).

        Policy: float noise below 1e-9 is dropped, so points such as 0.1 that sum to
        100.00000000000001 give exactly 100 and a total is never printed above it.
        """
        return round(sum(criterion.max_points for criterion in self.criteria), 9)
