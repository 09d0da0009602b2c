"""The evaluation's results: per criterion, per officer, per month and per year."""

from __future__ import annotations

from dataclasses import dataclass

from .grades import Grade
from .inputs import Finding, LeaderPost

#: Why a criterion did not apply: code -> (Vietnamese, English).
NOT_APPLICABLE_REASONS = {
    "no_dossier_data": ("Không có số liệu hồ sơ", "No dossier data"),
    "no_dossiers": ("Không có hồ sơ để tính tỉ lệ", "No dossiers to compute the rate on"),
    "no_dossier_field": ("Số liệu hồ sơ được nhập không có chỉ số này",
                         "The imported dossier figures lack this count"),
    "no_leader_score": ("Lãnh đạo chưa đánh giá", "No leader's assessment entered"),
    "no_site_rate": ("Điểm phục vụ chưa có phiếu đánh giá trong tháng",
                     "No ratings at the site this month"),
    "no_final_score": ("Chưa có điểm lãnh đạo phê duyệt", "Not yet approved by the leader"),
    "no_task_data": ("Chưa có số liệu để tính kết quả thực hiện nhiệm vụ",
                     "No figures to compute the task results on"),
    "no_assignment": ("Chưa nhập số lượng công việc được giao",
                      "No assigned number entered"),
    "no_ratings": ("Không có phiếu đánh giá của người dân trong kỳ",
                   "No citizen rating in the period"),
    "no_unit_data": ("Đơn vị phụ trách chưa có số liệu trong kỳ",
                     "No figures for the led unit in the period"),
}


@dataclass(frozen=True)
class SubRateResult:
    """One sub-rate of a task result (quantity, quality, progress) with the counts behind it."""

    code: str
    applicable: bool
    #: The rate after deductions, between 0 and 1; None when it does not apply.
    rate: float | None
    numerator: int = 0
    denominator: int = 0
    #: Events recorded (delays, quality failures), of which waived for an objective cause.
    events: int = 0
    waived: int = 0
    #: Products taken off the numerator by the deductions (events not waived × share).
    deducted: float = 0.0
    #: A key of NOT_APPLICABLE_REASONS when it does not apply.
    not_applicable_reason: str | None = None
    #: True for a leader's item computed on the led unit's pooled counts.
    unit: bool = False


@dataclass(frozen=True)
class CriterionResult:
    """One criterion's points for one officer, with the numbers behind them."""

    code: str
    kind: str
    max_points: float
    #: False means "không áp dụng": the criterion is left out of the total.
    applicable: bool
    #: Full precision; 0.0 when not applicable.
    points: float
    #: A key of NOT_APPLICABLE_REASONS when not applicable.
    not_applicable_reason: str | None = None
    #: The named inputs used, e.g. (("satisfied", 110), ("scored", 120), ("site_rate", 0.92)).
    inputs: tuple[tuple[str, float], ...] = ()
    raw_rate: float | None = None
    adjusted_rate: float | None = None
    target: float | None = None
    #: Rate kinds: fewer answers than the rubric's minimum count ("chưa đủ phiếu").
    insufficient: bool = False
    #: task_results: each sub-rate; the points are max × the mean of those that apply.
    sub_rates: tuple[SubRateResult, ...] = ()


@dataclass(frozen=True)
class GradeChange:
    """A change to the grade the thresholds gave: a cap, an override or the quota, with why.

    An override is recorded even when the points already gave Không hoàn thành nhiệm vụ,
    since the decree grades the officer so because of it.
    """

    #: "cap_confirmed_report", "cap_discipline", "override_<trigger>" or "quota".
    code: str
    from_grade: Grade
    to_grade: Grade
    reason_vi: str
    reason_en: str


@dataclass(frozen=True)
class OfficerResult:
    """One officer's month: criteria, total, grade and ranks."""

    officer_id: int
    code: str
    full_name: str
    title: str
    site_id: int
    site_name: str
    department_id: int
    department_name: str
    criteria: tuple[CriterionResult, ...]
    #: Sum of the applicable criteria's unrounded points.
    points_sum: float
    #: Sum of the applicable criteria's maximum points.
    applicable_max: float
    #: True when the total was rescaled to 100 over the applicable criteria.
    rescaled: bool
    #: Full-precision total out of 100; None when no criterion applied (not evaluated).
    total: float | None
    #: The total as printed: two decimals, half up. Grades and ranks use it.
    total_rounded: float | None
    #: The grade the thresholds give before caps and quota.
    threshold_grade: Grade | None
    grade: Grade | None
    grade_changes: tuple[GradeChange, ...]
    scored_ratings: int
    adjusted_satisfaction: float | None
    #: "chưa đủ phiếu": fewer scored ratings than the rubric's minimum count.
    insufficient_ratings: bool
    confirmed_reports: int
    discipline: bool
    rank_in_site: int | None
    rank_in_department: int | None
    #: 1-based place in the site's and the department's listing (tie-breakers applied).
    position_in_site: int
    position_in_department: int
    #: Share of the period actually worked (weighs the period in the year's mean).
    worked_share: float = 1.0
    #: The override facts known for the period's year up to its end.
    findings: tuple[Finding, ...] = ()
    #: Where the self-assessment → review → approval stood when computed.
    sheet_status: str | None = None
    #: The leading post held in the period (its unit's items are in the task results).
    leader_post: LeaderPost | None = None


@dataclass(frozen=True)
class SiteRates:
    """The site rates (p0) the month used, and where they came from."""

    site_id: int
    site_name: str
    satisfaction_p0: float | None
    #: "given" by the app, "pooled" over the site's officers, or "none" (no ratings).
    satisfaction_source: str
    conduct_p0: float | None
    conduct_source: str
    #: The agency qualified for the quota's exception for outstanding units (its year).
    outstanding: bool = False


@dataclass(frozen=True)
class MonthResult:
    """The evaluation of one month; officers are listed by site, then site ranking."""

    period: str
    rubric_name: str
    rubric_version: int
    officers: tuple[OfficerResult, ...]
    sites: tuple[SiteRates, ...]


@dataclass(frozen=True)
class AnnualOfficerResult:
    """One officer's year: the monthly totals it rolls up and the year's grade."""

    officer_id: int
    code: str
    full_name: str
    site_id: int
    site_name: str
    department_id: int
    department_name: str
    #: Evaluated periods ("YYYY-MM" or "YYYY-Qn") and their printed totals, in order.
    months: tuple[str, ...]
    monthly_totals: tuple[float, ...]
    mean_total: float | None
    mean_total_rounded: float | None
    threshold_grade: Grade | None
    grade: Grade | None
    grade_changes: tuple[GradeChange, ...]
    #: Months with a discipline decision.
    discipline_months: tuple[str, ...]
    #: Each period's weight in the mean: months covered × share worked.
    weights: tuple[float, ...] = ()


@dataclass(frozen=True)
class YearResult:
    """The annual roll-up of a year's monthly results."""

    year: int
    rubric_name: str
    rubric_version: int
    officers: tuple[AnnualOfficerResult, ...]
