"""Typed field reading for rubric documents, collecting path-located problems."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_CODE_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,31}")

#: Every problem code a rubric document can get, with its meaning. The codes are stable;
#: the admin console translates them.
PROBLEM_CODES = {
    "not_an_object": "a JSON object was expected",
    "not_a_list": "a JSON list was expected",
    "empty_list": "a list must not be empty",
    "missing_field": "a required field is absent",
    "unknown_field": "a field that the format does not define",
    "wrong_type": "a value of the wrong type (text, number, whole number, true/false)",
    "empty_text": "a text that is empty or only spaces",
    "bad_code": "a code that is not a letter followed by letters, digits or '_'",
    "unsupported_format": "the document is not in 'hailong.rubric/1' or 'hailong.rubric/2'",
    "bad_version": "the version is not a whole number of at least 1",
    "bad_date": "a date that is not a real date written YYYY-MM-DD",
    "duplicate_code": "a group or criterion code used twice",
    "unknown_group": "a criterion names a group that is not defined",
    "negative_points": "maximum points or a deduction below 0",
    "zero_points": "maximum points of 0",
    "points_not_100": "the criteria's maximum points do not sum to 100",
    "unknown_kind": "a criterion kind that is not one of the fixed kinds",
    "missing_param": "a parameter the kind requires is absent",
    "unknown_param": "a parameter the kind does not take",
    "target_out_of_range": "a target that is not a share in (0, 1]",
    "bad_flag": "a department flag that is not a plain identifier",
    "unknown_dossier_field": "a dossier field that the statistics do not have",
    "duplicate_field": "a dossier field listed twice in a numerator",
    "unknown_grade": "a grade that is not one of the four official grades",
    "duplicate_grade": "a grade listed twice",
    "missing_grade": "one of the four grades has no threshold",
    "thresholds_out_of_order": "grades not listed best first with decreasing minimum totals",
    "lowest_threshold_not_zero": "the lowest grade does not start at 0",
    "out_of_range": "a number outside its allowed range",
    "exception_without_share": "a quota exception enabled without its max_share",
    "unknown_cap": "a cap trigger that is not one of the fixed triggers",
    "duplicate_cap": "a cap trigger listed twice",
    "unknown_method": "an adjustment method other than bayes or wilson",
    "unknown_rule": "an annual rule other than mean_of_months or mean_of_periods",
    "needs_format_2": "a kind or field that only the format 'hailong.rubric/2' has",
    "unknown_period": "a period other than month or quarter",
    "bad_quarter_start": "a quarterly rubric that does not take effect on a quarter's first day",
    "unknown_input": "a task-result sub-rate names an input the task counts do not have",
    "unknown_override": "an override trigger that is not one of the fixed triggers",
    "duplicate_override": "an override trigger listed twice",
    "unknown_window": "an override window other than period or year",
    "unknown_base": "a quota base other than graded or good",
    "unknown_quota_group": "a quota group other than site or department",
}


@dataclass(frozen=True)
class RubricProblem:
    """One problem in a rubric document: where, a stable code, and an English message."""

    path: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message} [{self.code}]"


class Reader:
    """Reads fields of a decoded JSON document and records every problem found."""

    def __init__(self) -> None:
        self.problems: list[RubricProblem] = []

    def add(self, path: str, code: str, message: str) -> None:
        """Record a problem at ``path``; ``code`` must be one of PROBLEM_CODES."""
        if code not in PROBLEM_CODES:
            raise KeyError(f"undeclared rubric problem code {code!r}")
        self.problems.append(RubricProblem(path, code, message))

    def mapping(self, value: Any, path: str) -> dict | None:
        """Return ``value`` if it is a JSON object, else record ``not_an_object``."""
        if isinstance(value, dict):
            return value
        self.add(path, "not_an_object", f"must be an object; got {_type_name(value)}")
        return None

    def sequence(self, value: Any, path: str) -> list | None:
        """Return ``value`` if it is a non-empty JSON array, else record the problem."""
        if not isinstance(value, list):
            self.add(path, "not_a_list", f"must be a list; got {_type_name(value)}")
            return None
        if not value:
            self.add(path, "empty_list", "must not be empty")
        return value

    def keys(self, obj: dict, path: str, required: set[str], optional: set[str],
             missing: str = "missing_field", unknown: str = "unknown_field") -> None:
        """Record required keys that are absent and keys that are not allowed."""
        for key in sorted(required - obj.keys()):
            self.add(f"{path}.{key}", missing, f"'{key}' is required")
        for key in sorted(k for k in obj if k not in required | optional):
            allowed = ", ".join(sorted(required | optional)) or "none"
            self.add(f"{path}.{key}", unknown, f"'{key}' is not allowed here (allowed: {allowed})")

    def text(self, obj: dict, key: str, path: str, default: str | None = None) -> str | None:
        """Return the NFC-normalised, stripped, non-empty string at ``key``."""
        if key not in obj:
            return default
        value = obj[key]
        if not isinstance(value, str):
            self.add(f"{path}.{key}", "wrong_type", f"must be text; got {_type_name(value)}")
            return None
        value = unicodedata.normalize("NFC", value).strip()
        if not value and default is None:
            self.add(f"{path}.{key}", "empty_text", "must not be empty")
            return None
        return value

    def code(self, obj: dict, key: str, path: str) -> str | None:
        """Return an identifier: a letter then up to 31 letters, digits or underscores."""
        value = self.text(obj, key, path)
        if value is not None and not _CODE_PATTERN.fullmatch(value):
            self.add(f"{path}.{key}", "bad_code",
                     f"must be a letter followed by letters, digits or '_' (max 32); got {value!r}")
            return None
        return value

    def number(self, obj: dict, key: str, path: str, default: float | None = None) -> float | None:
        """Return the finite number at ``key`` as a float."""
        if key not in obj:
            return default
        return self.number_value(obj[key], f"{path}.{key}")

    def number_value(self, value: Any, path: str) -> float | None:
        """Return ``value`` as a float if it is a finite JSON number."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.add(path, "wrong_type", f"must be a number; got {_type_name(value)}")
            return None
        if not math.isfinite(value):
            self.add(path, "wrong_type", f"must be a finite number; got {value!r}")
            return None
        return float(value)

    def integer(self, obj: dict, key: str, path: str, default: int | None = None) -> int | None:
        """Return the whole number at ``key``."""
        if key not in obj:
            return default
        value = obj[key]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(f"{path}.{key}", "wrong_type", f"must be a whole number; got {value!r}")
            return None
        return value

    def boolean(self, obj: dict, key: str, path: str, default: bool) -> bool | None:
        """Return the true/false value at ``key``."""
        value = obj.get(key, default)
        if not isinstance(value, bool):
            self.add(f"{path}.{key}", "wrong_type", f"must be true or false; got {value!r}")
            return None
        return value

    def check(self, ok: bool, path: str, code: str, message: str) -> bool:
        """Record a problem unless ``ok``; return ``ok``."""
        if not ok:
            self.add(path, code, message)
        return ok


def _type_name(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
