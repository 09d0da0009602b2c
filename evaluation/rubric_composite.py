"""Reading and writing the parameters of the NĐ 335 kinds: task results and human scores."""

from __future__ import annotations

from typing import Any

from .rubric_reader import Reader
from .rubric_schema import (
    TASK_FIELDS,
    WAIVER_FIELDS,
    CitizenEvidence,
    Deduction,
    SubRate,
)

#: A sub-rate's denominator may also be "resolved" (early + on time + late).
_DENOMINATORS = (*TASK_FIELDS,)


def _input(r: Reader, value: Any, path: str, known: tuple[str, ...]) -> str | None:
    if not isinstance(value, str) or value not in known:
        r.add(path, "unknown_input",
              f"unknown input {value!r} (known: {', '.join(known)})")
        return None
    return value


def _share(r: Reader, obj: dict, key: str, path: str, low_open: bool = True) -> float | None:
    value = r.number(obj, key, path)
    if value is not None:
        ok = (0 < value <= 1) if low_open else (0 <= value <= 1)
        bounds = "greater than 0" if low_open else "at least 0"
        r.check(ok, f"{path}.{key}", "out_of_range" if key != "target" else "target_out_of_range",
                f"{key} is a share: {bounds} and at most 1; got {value:g}")
    return value


def parse_sub_rates(r: Reader, value: Any, path: str,
                    taken: tuple[SubRate, ...] = ()) -> tuple[SubRate, ...]:
    """Read a task_results criterion's sub-rates: codes unique, every input known.

    ``taken`` are sub-rates read before (the officer's own, when reading the led unit's
    ``unit_sub_rates``): a code may not repeat one of theirs either.
    """
    rates: list[SubRate] = []
    for index, item in enumerate(r.sequence(value, path) or []):
        where = f"{path}[{index}]"
        obj = r.mapping(item, where)
        if obj is None:
            continue
        before = len(r.problems)
        r.keys(obj, where, {"code", "name_vi", "name_en", "numerator", "denominator"},
               {"deduction"})
        code = r.code(obj, "code", where)
        if code is not None and any(rate.code == code for rate in (*taken, *rates)):
            r.add(f"{where}.code", "duplicate_code", f"sub-rate code {code!r} is already used")
        numerator = r.sequence(obj.get("numerator", []), f"{where}.numerator") or []
        fields = [_input(r, name, f"{where}.numerator[{i}]", TASK_FIELDS)
                  for i, name in enumerate(numerator)]
        for i, name in enumerate(numerator):
            r.check(name not in numerator[:i], f"{where}.numerator[{i}]", "duplicate_field",
                    f"input {name!r} is listed twice")
        denominator = (_input(r, obj["denominator"], f"{where}.denominator", _DENOMINATORS)
                       if "denominator" in obj else None)
        deduction = (_parse_deduction(r, obj["deduction"], f"{where}.deduction")
                     if "deduction" in obj else None)
        names = (r.text(obj, "name_vi", where), r.text(obj, "name_en", where))
        if len(r.problems) == before:
            rates.append(SubRate(code, names[0], names[1], tuple(fields), denominator, deduction))
    return tuple(rates)


def _parse_deduction(r: Reader, value: Any, path: str) -> Deduction | None:
    obj = r.mapping(value, path)
    if obj is None:
        return None
    r.keys(obj, path, {"events", "share"}, {"waived"})
    events = _input(r, obj["events"], f"{path}.events", TASK_FIELDS) if "events" in obj else None
    waived = (_input(r, obj["waived"], f"{path}.waived", WAIVER_FIELDS)
              if "waived" in obj else None)
    share = _share(r, obj, "share", path)
    return Deduction(events, waived, share)


def parse_citizen_evidence(r: Reader, value: Any, path: str) -> CitizenEvidence | None:
    """Read the citizen-rating evidence of a human_score criterion."""
    obj = r.mapping(value, path)
    if obj is None:
        return None
    r.keys(obj, path, {"weight", "satisfaction_target"}, {"conduct_target", "target_overrides"})
    weight = _share(r, obj, "weight", path, low_open=False)
    satisfaction = _target(r, obj, "satisfaction_target", path)
    conduct = _target(r, obj, "conduct_target", path) if "conduct_target" in obj else None
    overrides = []
    for flag, raw in (r.mapping(obj.get("target_overrides", {}),
                                f"{path}.target_overrides") or {}).items():
        r.check(isinstance(flag, str) and flag.isidentifier(), f"{path}.target_overrides.{flag}",
                "bad_flag", f"a department flag is a plain identifier; got {flag!r}")
        target = r.number_value(raw, f"{path}.target_overrides.{flag}")
        if target is not None and not 0 < target <= 1:
            r.add(f"{path}.target_overrides.{flag}", "target_out_of_range",
                  f"a target is a share: greater than 0 and at most 1; got {target:g}")
        overrides.append((flag, target))
    return CitizenEvidence(weight, satisfaction, conduct, tuple(overrides))


def _target(r: Reader, obj: dict, key: str, path: str) -> float | None:
    value = r.number(obj, key, path)
    if value is not None and not 0 < value <= 1:
        r.add(f"{path}.{key}", "target_out_of_range",
              f"a target is a share: greater than 0 and at most 1; got {value:g}")
    return value


def sub_rates_to_list(rates: tuple[SubRate, ...], number) -> list[dict[str, Any]]:
    """Return the document form of sub-rates (``number`` writes whole floats as ints)."""
    items = []
    for rate in rates:
        item = {"code": rate.code, "name_vi": rate.name_vi, "name_en": rate.name_en,
                "numerator": list(rate.numerator), "denominator": rate.denominator}
        if rate.deduction is not None:
            deduction = {"events": rate.deduction.events, "share": number(rate.deduction.share)}
            if rate.deduction.waived is not None:
                deduction["waived"] = rate.deduction.waived
            item["deduction"] = deduction
        items.append(item)
    return items


def evidence_to_dict(evidence: CitizenEvidence, number) -> dict[str, Any]:
    """Return the document form of citizen evidence."""
    result: dict[str, Any] = {"weight": number(evidence.weight),
                              "satisfaction_target": number(evidence.satisfaction_target)}
    if evidence.conduct_target is not None:
        result["conduct_target"] = number(evidence.conduct_target)
    if evidence.target_overrides:
        result["target_overrides"] = {f: number(t) for f, t in evidence.target_overrides}
    return result
