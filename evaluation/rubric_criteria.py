"""Reading and writing the criteria section of a rubric document."""

from __future__ import annotations

from typing import Any

from .rubric_composite import (
    evidence_to_dict,
    parse_citizen_evidence,
    parse_sub_rates,
    sub_rates_to_list,
)
from .rubric_reader import Reader
from .rubric_schema import (
    BREACH_DEDUCTION,
    CONFIRMED_REPORT_DEDUCTION,
    DEFAULT_PER_BREACH,
    DOSSIER_DENOMINATORS,
    DOSSIER_FIELDS,
    DOSSIER_RATE,
    FORMAT_2_KINDS,
    HUMAN_SCORE,
    KIND_PARAMS,
    RUBRIC_FORMAT,
    RUBRIC_FORMAT_2,
    TASK_RESULTS,
    Criterion,
)

_CRITERION_REQUIRED = {"code", "name_vi", "name_en", "group", "max_points", "kind"}
_DEDUCTION_PARAM = {CONFIRMED_REPORT_DEDUCTION: "per_report", BREACH_DEDUCTION: "per_breach"}
_POINTS_TOLERANCE = 1e-9


def parse_criteria(r: Reader, value: Any, path: str, groups: set[str],
                   fmt: str = RUBRIC_FORMAT) -> tuple[Criterion, ...]:
    """Read the criteria list; check codes are unique and maximum points sum to 100.

    The kinds of Nghị định 335 (``human_score``, ``task_results``) need format 2.
    """
    items = r.sequence(value, path) or []
    criteria, seen = [], {}
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        criterion = _parse_criterion(r, item, where, groups, fmt)
        if criterion is None:
            continue
        if criterion.code in seen:
            r.add(f"{where}.code", "duplicate_code",
                  f"criterion code {criterion.code!r} is already used at {seen[criterion.code]}")
        seen.setdefault(criterion.code, where)
        criteria.append(criterion)
    if items and len(criteria) == len(items):
        total = sum(c.max_points for c in criteria)
        r.check(abs(total - 100) <= _POINTS_TOLERANCE, path, "points_not_100",
                f"maximum points must sum to 100; they sum to {total:g}")
    return tuple(criteria)


def _parse_criterion(r: Reader, item: Any, path: str, groups: set[str],
                     fmt: str) -> Criterion | None:
    obj = r.mapping(item, path)
    if obj is None:
        return None
    before = len(r.problems)
    r.keys(obj, path, _CRITERION_REQUIRED, {"params"})
    code = r.code(obj, "code", path)
    group = r.text(obj, "group", path)
    if group is not None:
        r.check(group in groups, f"{path}.group", "unknown_group",
                f"group {group!r} is not among the rubric's groups ({', '.join(sorted(groups))})")
    max_points = r.number(obj, "max_points", path)
    if max_points is not None and max_points <= 0:
        r.add(f"{path}.max_points", "negative_points" if max_points < 0 else "zero_points",
              f"maximum points must be greater than 0; got {max_points:g}")
    kind = r.text(obj, "kind", path)
    if kind is not None and kind not in KIND_PARAMS:
        r.add(f"{path}.kind", "unknown_kind",
              f"unknown kind {kind!r} (known: {', '.join(KIND_PARAMS)})")
        kind = None
    elif kind in FORMAT_2_KINDS and fmt != RUBRIC_FORMAT_2:
        r.add(f"{path}.kind", "needs_format_2",
              f"kind {kind!r} needs \"format\": \"{RUBRIC_FORMAT_2}\"")
        kind = None
    params = _parse_params(r, obj.get("params", {}), f"{path}.params", kind, max_points)
    names = (r.text(obj, "name_vi", path), r.text(obj, "name_en", path))
    if len(r.problems) > before:
        return None
    return Criterion(code=code, name_vi=names[0], name_en=names[1], group=group,
                     max_points=max_points, kind=kind, **params)


def _parse_params(r: Reader, value: Any, path: str, kind: str | None,
                  max_points: float | None) -> dict[str, Any]:
    obj = r.mapping(value, path)
    if obj is None or kind is None:
        return {}
    spec = KIND_PARAMS[kind]
    required = {name for name, is_required in spec.items() if is_required}
    r.keys(obj, path, required, spec.keys() - required, "missing_param", "unknown_param")
    params: dict[str, Any] = {}
    if "target" in spec:
        params["target"] = _target(r, obj.get("target"), f"{path}.target")
        params["target_overrides"] = _overrides(r, obj.get("target_overrides", {}),
                                                f"{path}.target_overrides")
    if kind == DOSSIER_RATE:
        params["numerator"] = _numerator(r, obj.get("numerator", []), f"{path}.numerator")
        params["denominator"] = _denominator(r, obj.get("denominator"), f"{path}.denominator")
    if kind in _DEDUCTION_PARAM:
        default = DEFAULT_PER_BREACH if kind == BREACH_DEDUCTION else max_points
        params["deduction"] = _deduction(r, obj, _DEDUCTION_PARAM[kind], path, default)
    if kind == TASK_RESULTS and "sub_rates" in obj:
        params["sub_rates"] = parse_sub_rates(r, obj["sub_rates"], f"{path}.sub_rates")
    if kind == TASK_RESULTS and "unit_sub_rates" in obj:
        params["unit_sub_rates"] = parse_sub_rates(r, obj["unit_sub_rates"],
                                                   f"{path}.unit_sub_rates",
                                                   taken=params.get("sub_rates", ()))
    if kind == HUMAN_SCORE and "citizen_evidence" in obj:
        params["citizen_evidence"] = parse_citizen_evidence(r, obj["citizen_evidence"],
                                                            f"{path}.citizen_evidence")
    return params


def _target(r: Reader, value: Any, path: str) -> float | None:
    if value is None:
        return None
    target = r.number_value(value, path)
    if target is not None and not 0 < target <= 1:
        r.add(path, "target_out_of_range",
              f"a target is a share: greater than 0 and at most 1; got {target:g}")
    return target


def _overrides(r: Reader, value: Any, path: str) -> tuple[tuple[str, float], ...]:
    obj = r.mapping(value, path) or {}
    pairs = []
    for flag, raw in obj.items():
        r.check(isinstance(flag, str) and flag.isidentifier(), f"{path}.{flag}", "bad_flag",
                f"a department flag is a plain identifier such as 'land_group'; got {flag!r}")
        pairs.append((flag, _target(r, raw, f"{path}.{flag}")))
    return tuple(pairs)


def _numerator(r: Reader, value: Any, path: str) -> tuple[str, ...]:
    fields = r.sequence(value, path) or []
    for index, name in enumerate(fields):
        r.check(name in DOSSIER_FIELDS, f"{path}[{index}]", "unknown_dossier_field",
                f"unknown dossier field {name!r} (known: {', '.join(DOSSIER_FIELDS)})")
        r.check(name not in fields[:index], f"{path}[{index}]", "duplicate_field",
                f"dossier field {name!r} is listed twice")
    return tuple(fields)


def _denominator(r: Reader, value: Any, path: str) -> str | None:
    if value is None:
        return None
    r.check(value in DOSSIER_DENOMINATORS, path, "unknown_dossier_field",
            f"the denominator must be one of {', '.join(DOSSIER_DENOMINATORS)}; got {value!r}")
    return value


def _deduction(r: Reader, obj: dict, key: str, path: str, default: float | None) -> float | None:
    value = r.number(obj, key, path, default)
    if value is not None and key in obj:
        r.check(value >= 0, f"{path}.{key}", "negative_points",
                f"a deduction must not be negative; got {value:g}")
    return value


def criterion_to_dict(criterion: Criterion) -> dict[str, Any]:
    """Return the document form of ``criterion``."""
    params: dict[str, Any] = {}
    if criterion.target is not None:
        params["target"] = plain_number(criterion.target)
    if criterion.target_overrides:
        params["target_overrides"] = {f: plain_number(t) for f, t in criterion.target_overrides}
    if criterion.kind == DOSSIER_RATE:
        params["numerator"] = list(criterion.numerator)
        params["denominator"] = criterion.denominator
    if criterion.kind in _DEDUCTION_PARAM:
        params[_DEDUCTION_PARAM[criterion.kind]] = plain_number(criterion.deduction)
    if criterion.kind == TASK_RESULTS:
        params["sub_rates"] = sub_rates_to_list(criterion.sub_rates, plain_number)
        if criterion.unit_sub_rates:
            params["unit_sub_rates"] = sub_rates_to_list(criterion.unit_sub_rates, plain_number)
    if criterion.citizen_evidence is not None:
        params["citizen_evidence"] = evidence_to_dict(criterion.citizen_evidence, plain_number)
    return {"code": criterion.code, "group": criterion.group, "name_vi": criterion.name_vi,
            "name_en": criterion.name_en, "max_points": plain_number(criterion.max_points),
            "kind": criterion.kind, "params": params}


def plain_number(value: float) -> int | float:
    """Return whole floats as ints so that edited documents stay readable."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
