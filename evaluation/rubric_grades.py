"""Reading the grade thresholds and caps of a rubric document."""

from __future__ import annotations

import itertools
from typing import Any

from .grades import Grade
from .rubric_reader import Reader
from .rubric_schema import (
    CAP_TRIGGERS,
    OVERRIDE_TRIGGERS,
    OVERRIDE_WINDOWS,
    WITHIN_YEAR,
    Cap,
    GradeThreshold,
    Override,
)

DEFAULT_CAPS = [{"when": "confirmed_report", "grade": "hoan_thanh"},
                {"when": "discipline", "grade": "khong_hoan_thanh"}]


def _grade(r: Reader, value: Any, path: str) -> Grade | None:
    try:
        return Grade(value)
    except ValueError:
        known = ", ".join(g.value for g in Grade)
        r.add(path, "unknown_grade", f"unknown grade {value!r} (known: {known})")
        return None


def parse_grades(r: Reader, value: Any, path: str) -> tuple[GradeThreshold, ...]:
    """Read grade thresholds: all four grades once, best first, minimum totals decreasing."""
    thresholds: list[GradeThreshold] = []
    before = len(r.problems)
    for index, item in enumerate(r.sequence(value, path) or []):
        where = f"{path}[{index}]"
        obj = r.mapping(item, where)
        if obj is None:
            continue
        r.keys(obj, where, {"grade", "label_vi", "label_en", "min_total"}, set())
        grade = _grade(r, obj.get("grade"), f"{where}.grade") if "grade" in obj else None
        low = r.number(obj, "min_total", where)
        if low is not None:
            r.check(0 <= low <= 100, f"{where}.min_total", "out_of_range",
                    f"a minimum total must be between 0 and 100; got {low:g}")
        if grade is not None and any(t.grade == grade for t in thresholds):
            r.add(f"{where}.grade", "duplicate_grade", f"grade {grade.value!r} is listed twice")
        elif grade is not None and low is not None:
            thresholds.append(GradeThreshold(grade, r.text(obj, "label_vi", where),
                                             r.text(obj, "label_en", where), low))
    if len(r.problems) == before:
        _check_threshold_order(r, thresholds, path)
    return tuple(thresholds)


def _check_threshold_order(r: Reader, thresholds: list[GradeThreshold], path: str) -> None:
    missing = [g.value for g in Grade if g not in {t.grade for t in thresholds}]
    if missing:
        r.add(path, "missing_grade",
              f"every grade needs a threshold; missing: {', '.join(missing)}")
        return
    listed = [t.grade for t in thresholds]
    lows = [t.min_total for t in thresholds]
    if listed != list(Grade) or any(a <= b for a, b in itertools.pairwise(lows)):
        order = " > ".join(f"{t.grade.value} {t.min_total:g}" for t in thresholds)
        r.add(path, "thresholds_out_of_order",
              "list grades best first (hoan_thanh_xuat_sac, hoan_thanh_tot, hoan_thanh, "
              f"khong_hoan_thanh) with strictly decreasing minimum totals; got {order}")
    elif lows[-1] != 0:
        r.add(f"{path}[{len(lows) - 1}].min_total", "lowest_threshold_not_zero",
              f"the lowest grade must start at 0 so that every total has a grade; got {lows[-1]:g}")


def parse_caps(r: Reader, value: Any, path: str) -> tuple[Cap, ...]:
    """Read the caps; each trigger at most once. An empty list means no caps."""
    caps: list[Cap] = []
    items = [] if value == [] else r.sequence(value, path) or []  # an empty list means no caps
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        obj = r.mapping(item, where)
        if obj is None:
            continue
        r.keys(obj, where, {"when", "grade"}, set())
        when = obj.get("when")
        if when is not None and when not in CAP_TRIGGERS:
            r.add(f"{where}.when", "unknown_cap",
                  f"unknown cap trigger {when!r} (known: {', '.join(CAP_TRIGGERS)})")
        elif any(c.when == when for c in caps):
            r.add(f"{where}.when", "duplicate_cap", f"cap {when!r} is listed twice")
        grade = _grade(r, obj.get("grade"), f"{where}.grade") if "grade" in obj else None
        if when in CAP_TRIGGERS and grade is not None:
            caps.append(Cap(when, grade))
    return tuple(caps)


def parse_overrides(r: Reader, value: Any, path: str) -> tuple[Override, ...]:
    """Read the grade overrides (format 2); each trigger at most once; ``[]`` means none."""
    overrides: list[Override] = []
    items = [] if value == [] else r.sequence(value, path) or []
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        obj = r.mapping(item, where)
        if obj is None:
            continue
        r.keys(obj, where, {"when"}, {"within"})
        when, within = obj.get("when"), obj.get("within", WITHIN_YEAR)
        if when is not None and when not in OVERRIDE_TRIGGERS:
            r.add(f"{where}.when", "unknown_override",
                  f"unknown override {when!r} (known: {', '.join(OVERRIDE_TRIGGERS)})")
        elif any(o.when == when for o in overrides):
            r.add(f"{where}.when", "duplicate_override", f"override {when!r} is listed twice")
        r.check(within in OVERRIDE_WINDOWS, f"{where}.within", "unknown_window",
                f"unknown window {within!r} (known: {', '.join(OVERRIDE_WINDOWS)})")
        if when in OVERRIDE_TRIGGERS and within in OVERRIDE_WINDOWS:
            overrides.append(Override(when, within))
    return tuple(overrides)
