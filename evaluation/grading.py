"""Grades: from thresholds, then caps, then the optional top-grade quota."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from .grades import Grade
from .inputs import Finding
from .ranking import RankedOfficer
from .rates import exact_fraction
from .results import GradeChange
from .rubric_schema import (
    CAP_CONFIRMED_REPORT,
    CAP_DISCIPLINE,
    LEADER_OVERRIDES,
    OVERRIDE_DISCIPLINE,
    OVERRIDE_LEADER_UNIT,
    QUOTA_BASE_GOOD,
    QUOTA_BASE_GRADED,
    WITHIN_PERIOD,
    Cap,
    GradeThreshold,
    Override,
)

__all__ = ["Grade", "GradeOutcome", "apply_overrides", "apply_quota", "cap_grade",
           "grade_for_total", "grade_labels"]

Labels = dict[Grade, tuple[str, str]]


class GradeOutcome(NamedTuple):
    """The grade the thresholds gave, the final grade, and the changes between them."""

    threshold_grade: Grade | None
    grade: Grade | None
    changes: tuple[GradeChange, ...] = ()

    def with_change(self, change: GradeChange) -> GradeOutcome:
        """Return the outcome after one more change."""
        return GradeOutcome(self.threshold_grade, change.to_grade, (*self.changes, change))


def grade_labels(thresholds: Sequence[GradeThreshold]) -> Labels:
    """Return the rubric's printed (Vietnamese, English) label of each grade."""
    labels = {grade: (grade.label_vi, grade.label_en) for grade in Grade}
    labels.update({t.grade: (t.label_vi, t.label_en) for t in thresholds})
    return labels


def grade_for_total(total: float, thresholds: Sequence[GradeThreshold]) -> Grade:
    """Return the best grade whose minimum the total reaches.

    Policy: pass the printed total (two decimals, half up), so that the grade always agrees
    with the figure on the report; a total exactly on a threshold gets the higher grade
    (90.00 is Hoàn thành xuất sắc nhiệm vụ).
    """
    for threshold in sorted(thresholds, key=lambda t: t.grade.order):
        if total >= threshold.min_total:
            return threshold.grade
    return Grade.KHONG_HOAN_THANH


def _cap_reason(when: str, count: int, note: str, grade: Grade,
                labels: Labels) -> tuple[str, str]:
    vi, en = labels[grade]
    if when == CAP_CONFIRMED_REPORT:
        return (f"Có {count} phản ánh vi phạm “5 không” đã được xác minh: xếp loại tối đa {vi}.",
                f"{count} confirmed “5 không” report(s): grade capped at {en}.")
    suffix = f" ({note})" if note else ""
    return (f"Bị xử lý kỷ luật trong kỳ đánh giá{suffix}: {vi}.",
            f"Disciplinary decision in the period{suffix}: {en}.")


def cap_grade(grade: Grade, caps: Sequence[Cap], labels: Labels, confirmed_reports: int,
              discipline: bool, discipline_note: str = "") -> tuple[Grade, tuple[GradeChange, ...]]:
    """Apply the rubric's caps in their listed order and record each change with its reason.

    Policy: a cap only lowers a grade ("at most"); a cap that would not change the grade
    is not recorded. A "confirmed_report" cap applies from one confirmed report.
    """
    changes = []
    triggered = {CAP_CONFIRMED_REPORT: confirmed_reports > 0, CAP_DISCIPLINE: discipline}
    for cap in caps:
        capped = grade.worse_of(cap.grade)
        if triggered[cap.when] and capped != grade:
            vi, en = _cap_reason(cap.when, confirmed_reports, discipline_note, capped, labels)
            changes.append(GradeChange(f"cap_{cap.when}", grade, capped, vi, en))
            grade = capped
    return grade, tuple(changes)


_OVERRIDE_TEXT = {
    OVERRIDE_DISCIPLINE: (
        "Bị kỷ luật từ khiển trách trở lên do vi phạm liên quan đến hoạt động công vụ",
        "Disciplined (reprimand or heavier) for a violation in public duty"),
    "degradation": (
        "Bị cấp có thẩm quyền kết luận có biểu hiện suy thoái về tư tưởng chính trị, đạo đức, "
        "lối sống", "Concluded by the competent level to show political or moral degradation"),
    OVERRIDE_LEADER_UNIT: (
        "Là người đứng đầu, lãnh đạo, quản lý để xảy ra tham nhũng, lãng phí tại đơn vị "
        "thuộc phạm vi phụ trách",
        "As a leader, let corruption or waste occur in a unit under their management"),
}


def findings_in(findings: Sequence[Finding], override: Override, first_day: date,
                last_day: date) -> list[Finding]:
    """Return the findings an override looks at: in the period, or in its year up to its end."""
    start = first_day if override.within == WITHIN_PERIOD else date(last_day.year, 1, 1)
    return [f for f in findings if f.kind == override.when and start <= f.day <= last_day]


def apply_overrides(grade: Grade, overrides: Sequence[Override], findings: Sequence[Finding],
                    first_day: date, last_day: date, labels: Labels,
                    holds_post: bool = False) -> tuple[Grade, tuple[GradeChange, ...]]:
    """Grade Không hoàn thành nhiệm vụ for each override whose facts are found (NĐ 335/2025).

    Policy: an override wins over any points, cap or quota. It is recorded with its reason
    (the dates and what was decided) even when the points already gave the lowest grade.
    ``within: "year"`` looks at the period's year from 1 January to the period's last day
    (the decree's "trong năm đánh giá"); ``"period"`` at the period only. The leaders'
    override (``leader_unit_violation``) applies only when ``holds_post`` (the officer held
    a leading post in the period); for anyone else its findings are ignored.
    """
    changes = []
    vi_label, en_label = labels[Grade.KHONG_HOAN_THANH]
    for override in overrides:
        if override.when in LEADER_OVERRIDES and not holds_post:
            continue
        found = findings_in(findings, override, first_day, last_day)
        if not found:
            continue
        listed = "; ".join(f"{f.day.strftime('%d/%m/%Y')}" + (f" {f.note}" if f.note else "")
                           for f in found)
        scope_vi = "trong kỳ" if override.within == WITHIN_PERIOD else "trong năm đánh giá"
        scope_en = "in the period" if override.within == WITHIN_PERIOD else "in the year"
        vi, en = _OVERRIDE_TEXT[override.when]
        changes.append(GradeChange(f"override_{override.when}", grade, Grade.KHONG_HOAN_THANH,
                                   f"{vi} {scope_vi} ({listed}): {vi_label}.",
                                   f"{en} {scope_en} ({listed}): {en_label}."))
        grade = Grade.KHONG_HOAN_THANH
    return grade, tuple(changes)


def _quota_reason(site_name: str, share: float, allowed: int, counted: int, place: int,
                  holders: int, to_grade: Grade, labels: Labels) -> tuple[str, str]:
    top_vi, top_en = labels[Grade.HOAN_THANH_XUAT_SAC]
    to_vi, to_en = labels[to_grade]
    pct = f"{share * 100:g}%"
    return (f"Hạn mức {top_vi} tại {site_name}: {pct} ({allowed}/{counted} người); "
            f"đứng thứ {place}/{holders} người đạt mức này nên xếp loại {to_vi}.",
            f"Quota for {top_en} at {site_name}: {pct} ({allowed} of {counted} officers); "
            f"placed {place} of {holders} at that grade, so graded {to_en}.")


def _good_base_reason(group: str, share: float, allowed: int, good: int, place: int,
                      holders: int, labels: Labels) -> tuple[str, str]:
    top_vi, top_en = labels[Grade.HOAN_THANH_XUAT_SAC]
    good_vi, good_en = labels[Grade.HOAN_THANH_TOT]
    pct = f"{share * 100:g}%"
    if allowed == 0:
        return (f"Tại {group}, số được xếp loại {good_vi} ({good} người) chưa đủ để có người "
                f"{top_vi} (tối đa {pct} số {good_vi}), nên xếp loại {good_vi}.",
                f"At {group}, too few are graded {good_en} ({good}) for anyone to be {top_en} "
                f"(at most {pct} of those {good_en}), so graded {good_en}.")
    return (f"Tại {group}, {top_vi} không quá {pct} số được xếp loại {good_vi}: tối đa "
            f"{allowed} người; đứng thứ {place}/{holders} người đạt mức này nên xếp loại "
            f"{good_vi}.",
            f"At {group}, {top_en} may be at most {pct} of those graded {good_en}: at most "
            f"{allowed}; placed {place} of {holders} at that grade, so graded {good_en}.")


def quota_allowed(base: str, max_share: float, listing: Sequence[RankedOfficer],
                  grades: dict[int, Grade | None]) -> int:
    """Return how many officers of a group may keep Hoàn thành xuất sắc nhiệm vụ.

    Policy: base "graded" allows ``floor(max_share × officers graded in the group)``. Base
    "good" (NĐ 335/2025: at most 20% of those graded Hoàn thành tốt nhiệm vụ) counts the
    final grades: the *x* kept must satisfy x ≤ share × (T + H − x), where T is the number
    graded Hoàn thành tốt and H the holders of the top grade before the quota (those graded
    down become Hoàn thành tốt). So x = floor(share × (T + H) / (1 + share)), in exact
    fractions. Nobody graded Hoàn thành tốt and one holder: x = 0.
    """
    share = exact_fraction(max_share)
    found = [grades[r.candidate.officer_id] for r in listing]
    if base == QUOTA_BASE_GOOD:
        good = sum(1 for g in found if g == Grade.HOAN_THANH_TOT)
        holders = sum(1 for g in found if g == Grade.HOAN_THANH_XUAT_SAC)
        return math.floor(share * (good + holders) / (1 + share))
    counted = sum(1 for g in found if g is not None)
    return math.floor(max_share * counted + 1e-9)


def apply_quota(listing: Sequence[RankedOfficer], grades: dict[int, Grade | None],
                max_share: float, site_name: str, labels: Labels,
                base: str = QUOTA_BASE_GRADED, exception: bool = False) -> dict[int, GradeChange]:
    """Grade down the group's top-grade holders beyond the quota, in listing order.

    Policy: ``quota_allowed`` holders of Hoàn thành xuất sắc nhiệm vụ (after caps and
    overrides) keep it in the group's listing order; the others go one grade down, with the
    reason. A name never decides a grade: when the last holder within the quota and the
    first beyond it are equal on total, adjusted satisfaction and scored ratings, every
    holder equal to them goes down too, so the quota is never exceeded. Returns the changes
    by officer id. ``site_name`` names the group in the reason; ``exception`` says that
    ``max_share`` is the rubric's exception for an outstanding unit (the reason says so).
    """
    counted = sum(1 for r in listing if grades[r.candidate.officer_id] is not None)
    allowed = quota_allowed(base, max_share, listing, grades)
    holders = [r for r in listing if grades[r.candidate.officer_id] == Grade.HOAN_THANH_XUAT_SAC]
    good = sum(1 for r in listing if grades[r.candidate.officer_id] == Grade.HOAN_THANH_TOT)
    if len(holders) <= allowed:
        return {}
    kept = holders[:allowed]
    if kept and kept[-1].candidate.merit() == holders[allowed].candidate.merit():
        boundary = kept[-1].candidate.merit()
        kept = [r for r in kept if r.candidate.merit() != boundary]
    kept_ids = {r.candidate.officer_id for r in kept}
    changes = {}
    to_grade = Grade.HOAN_THANH_XUAT_SAC.one_below()
    for place, ranked in enumerate(holders, start=1):
        if ranked.candidate.officer_id not in kept_ids:
            if base == QUOTA_BASE_GOOD:
                vi, en = _good_base_reason(site_name, max_share, allowed, good, place,
                                           len(holders), labels)
            else:
                vi, en = _quota_reason(site_name, max_share, allowed, counted, place,
                                       len(holders), to_grade, labels)
            if exception:
                vi += " (Áp dụng tỷ lệ ngoại lệ cho cơ quan, đơn vị được xếp loại Hoàn thành " \
                      "xuất sắc nhiệm vụ.)"
                en += " (The exception's share for an outstanding agency applies.)"
            changes[ranked.candidate.officer_id] = GradeChange(
                "quota", Grade.HOAN_THANH_XUAT_SAC, to_grade, vi, en)
    return changes
