"""Parse, validate and write rubric documents; load the shipped default rubric."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from typing import Any

from .periods import MONTHLY, PERIOD_KINDS, QUARTERLY
from .rubric_criteria import criterion_to_dict, parse_criteria, plain_number
from .rubric_grades import DEFAULT_CAPS, parse_caps, parse_grades, parse_overrides
from .rubric_reader import PROBLEM_CODES, Reader, RubricProblem
from .rubric_schema import (
    RUBRIC_FORMAT,
    RUBRIC_FORMAT_2,
    RUBRIC_FORMATS,
    Adjustment,
    AnnualRule,
    CriterionGroup,
    Quota,
    Rubric,
)
from .rubric_settings import parse_adjustment, parse_annual, parse_quota

__all__ = ["PROBLEM_CODES", "RubricError", "RubricProblem", "load_default_rubric",
           "load_local_plan_rubric", "parse_rubric", "rubric_to_dict"]

_REQUIRED = {"format", "name", "version", "effective_from", "groups", "criteria", "grades"}
_OPTIONAL = {"description", "caps", "quota", "adjustment", "rescale_not_applicable",
             "score_unverified", "annual"}
#: What format 2 adds at the top level.
_OPTIONAL_2 = {"period", "overrides"}
_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")


class RubricError(ValueError):
    """A rubric document that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, problems: list[RubricProblem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"The rubric has {len(self.problems)} problem(s):\n{lines}")


def parse_rubric(document: Any) -> Rubric:
    """Validate a decoded rubric document and return it as a ``Rubric``.

    :raises RubricError: listing every problem, each with a path, a stable code and a message.
    """
    r = Reader()
    root = r.mapping(document, "$")
    if root is None:
        raise RubricError(r.problems)
    fmt = root.get("format", RUBRIC_FORMAT)
    if "format" in root:
        r.check(fmt in RUBRIC_FORMATS, "$.format", "unsupported_format",
                f"format must be {RUBRIC_FORMAT!r} or {RUBRIC_FORMAT_2!r}; got {fmt!r}")
    second = fmt == RUBRIC_FORMAT_2
    fmt = RUBRIC_FORMAT_2 if second else RUBRIC_FORMAT
    r.keys(root, "$", _REQUIRED, _OPTIONAL | (_OPTIONAL_2 if second else set()))
    fields = _parse_header(r, root)
    groups = _parse_groups(r, root["groups"], "$.groups") if "groups" in root else ()
    fields["groups"] = groups
    fields["criteria"] = (parse_criteria(r, root["criteria"], "$.criteria",
                                         {g.code for g in groups}, fmt)
                          if "criteria" in root else ())
    fields["grades"] = parse_grades(r, root["grades"], "$.grades") if "grades" in root else ()
    fields["caps"] = parse_caps(r, root.get("caps", DEFAULT_CAPS), "$.caps")
    fields["quota"] = parse_quota(r, root.get("quota", {}), "$.quota")
    if fields["quota"].exception is not None:
        r.check(second, "$.quota.exception", "needs_format_2",
                f"the quota's exception needs \"format\": \"{RUBRIC_FORMAT_2}\"")
    fields["adjustment"] = parse_adjustment(r, root.get("adjustment", {}), "$.adjustment")
    fields["annual"] = parse_annual(r, root.get("annual", {}), "$.annual", second)
    fields["rescale_not_applicable"] = r.boolean(root, "rescale_not_applicable", "$", True)
    fields["score_unverified"] = r.boolean(root, "score_unverified", "$", False)
    fields["format"] = fmt
    fields["period"] = _parse_period(r, root.get("period", MONTHLY), fields["effective_from"])
    fields["overrides"] = parse_overrides(r, root.get("overrides", []), "$.overrides")
    if r.problems:
        raise RubricError(r.problems)
    return Rubric(**fields)


def _parse_period(r: Reader, value: Any, effective_from: date | None) -> str:
    """Read the period kind; a quarterly rubric takes effect on a quarter's first day."""
    if value not in PERIOD_KINDS:
        r.add("$.period", "unknown_period",
              f"unknown period {value!r} (known: {', '.join(PERIOD_KINDS)})")
        return MONTHLY
    if value == QUARTERLY and effective_from is not None:
        r.check(effective_from.day == 1 and effective_from.month in (1, 4, 7, 10),
                "$.effective_from", "bad_quarter_start",
                "a quarterly rubric takes effect on the first day of a quarter (01-01, 04-01, "
                f"07-01 or 10-01); got {effective_from.isoformat()}")
    return value


def _parse_header(r: Reader, root: dict) -> dict[str, Any]:
    version = r.integer(root, "version", "$")
    if version is not None:
        r.check(version >= 1, "$.version", "bad_version",
                f"version must be a whole number of at least 1; got {version}")
    return {"name": r.text(root, "name", "$"), "version": version,
            "effective_from": _parse_date(r, root.get("effective_from"), "$.effective_from"),
            "description": r.text(root, "description", "$", default="")}


def _parse_date(r: Reader, value: Any, path: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, str) and _DATE_PATTERN.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    r.add(path, "bad_date", f"must be a calendar date written YYYY-MM-DD; got {value!r}")
    return None


def _parse_groups(r: Reader, value: Any, path: str) -> tuple[CriterionGroup, ...]:
    groups: list[CriterionGroup] = []
    for index, item in enumerate(r.sequence(value, path) or []):
        where = f"{path}[{index}]"
        obj = r.mapping(item, where)
        if obj is None:
            continue
        r.keys(obj, where, {"code", "name_vi", "name_en"}, set())
        code = r.code(obj, "code", where)
        if code is not None and any(g.code == code for g in groups):
            r.add(f"{where}.code", "duplicate_code", f"group code {code!r} is already used")
        groups.append(CriterionGroup(code, r.text(obj, "name_vi", where),
                                     r.text(obj, "name_en", where)))
    return tuple(groups)


def rubric_to_dict(rubric: Rubric) -> dict[str, Any]:
    """Return the JSON-ready document form of ``rubric``; ``parse_rubric`` reads it back.

    A first-format rubric is written exactly as before format 2 existed.
    """
    document = {
        "format": rubric.format, "name": rubric.name, "version": rubric.version,
        "effective_from": rubric.effective_from.isoformat(), "description": rubric.description,
        "groups": [{"code": g.code, "name_vi": g.name_vi, "name_en": g.name_en}
                   for g in rubric.groups],
        "criteria": [criterion_to_dict(c) for c in rubric.criteria],
        "grades": [{"grade": t.grade.value, "label_vi": t.label_vi, "label_en": t.label_en,
                    "min_total": plain_number(t.min_total)} for t in rubric.grades],
        "caps": [{"when": c.when, "grade": c.grade.value} for c in rubric.caps],
        "quota": _quota_dict(rubric.quota), "adjustment": _adjustment_dict(rubric.adjustment),
        "rescale_not_applicable": rubric.rescale_not_applicable,
        "score_unverified": rubric.score_unverified,
        "annual": _annual_dict(rubric.annual, rubric.format),
    }
    if rubric.format == RUBRIC_FORMAT_2:
        document["period"] = rubric.period
        document["overrides"] = [{"when": o.when, "within": o.within} for o in rubric.overrides]
    return document


def _annual_dict(annual: AnnualRule, fmt: str) -> dict[str, Any]:
    result: dict[str, Any] = {"rule": annual.rule, "discipline_cap": annual.discipline_cap}
    if fmt == RUBRIC_FORMAT_2:
        result |= {"overrides": annual.overrides, "quota": annual.quota}
    return result


def _quota_dict(quota: Quota) -> dict[str, Any]:
    result: dict[str, Any] = {"enabled": quota.enabled,
                              "max_share": plain_number(quota.max_share)}
    if quota.base != Quota().base or quota.groups != Quota().groups:
        result |= {"base": quota.base, "groups": list(quota.groups)}
    if quota.exception is not None:
        share = quota.exception.max_share
        result["exception"] = {"enabled": quota.exception.enabled,
                               "max_share": None if share is None else plain_number(share)}
    return result


def _adjustment_dict(adjustment: Adjustment) -> dict[str, Any]:
    return {"method": adjustment.method, "prior_weight": plain_number(adjustment.prior_weight),
            "min_count": adjustment.min_count, "wilson_z": plain_number(adjustment.wilson_z)}


def _load(filename: str) -> Rubric:
    text = resources.files(__package__).joinpath(filename).read_text("utf-8")
    return parse_rubric(json.loads(text))


def load_default_rubric() -> Rubric:
    """Return the default rubric: "NĐ 335/2025 – công chức một cửa" (``default_rubric.json``)."""
    return _load("default_rubric.json")


def load_local_plan_rubric() -> Rubric:
    """Return the local template "Kế hoạch Trung tâm (bộ tiêu chí địa phương)".

    It is the rubric the product shipped before Nghị định 335/2025 (citizen ratings,
    dossier rates against the centre plan's targets, discipline and the leader's mark).
    """
    return _load("local_plan_rubric.json")
