"""Grades: from thresholds, then caps, then the optional top-grade quota."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from .grades import Grade
from .ranking import RankedOfficer
from .results import GradeChange
from .rubric_schema import CAP_CONFIRMED_REPORT, CAP_DISCIPLINE, Cap, GradeThreshold

__all__ = ["Grade", "GradeOutcome", "apply_quota", "cap_grade", "grade_for_total",
           "grade_labels"]

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


def _quota_reason(site_name: str, share: float, allowed: int, counted: int, place: int,
                  holders: int, to_grade: Grade, labels: Labels) -> tuple[str, str]:
    top_vi, top_en = labels[Grade.HOAN_THANH_XUAT_SAC]
    to_vi, to_en = labels[to_grade]
    pct = f"{share * 100:g}%"
    return (f"Hạn mức {top_vi} tại {site_name}: {pct} ({allowed}/{counted} người); "
            f"đứng thứ {place}/{holders} người đạt mức này nên xếp loại {to_vi}.",
            f"Quota for {top_en} at {site_name}: {pct} ({allowed} of {counted} officers); "
            f"placed {place} of {holders} at that grade, so graded {to_en}.")


def apply_quota(listing: Sequence[RankedOfficer], grades: dict[int, Grade | None],
                max_share: float, site_name: str, labels: Labels) -> dict[int, GradeChange]:
    """Grade down the site's top-grade holders beyond the quota, in listing order.

    Policy: the quota is ``floor(max_share × officers graded in the site)``. Holders of
    Hoàn thành xuất sắc nhiệm vụ (after caps) keep it in the site's listing order until the
    quota is used; the others go one grade down, with the reason. A name never decides a
    grade: when the last holder within the quota and the first beyond it are equal on total,
    adjusted satisfaction and scored ratings, every holder equal to them goes down too, so
    the quota is never exceeded. Returns the changes by officer id.
    """
    counted = sum(1 for r in listing if grades[r.candidate.officer_id] is not None)
    allowed = math.floor(max_share * counted + 1e-9)
    holders = [r for r in listing if grades[r.candidate.officer_id] == Grade.HOAN_THANH_XUAT_SAC]
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
            vi, en = _quota_reason(site_name, max_share, allowed, counted, place, len(holders),
                                   to_grade, labels)
            changes[ranked.candidate.officer_id] = GradeChange(
                "quota", Grade.HOAN_THANH_XUAT_SAC, to_grade, vi, en)
    return changes
