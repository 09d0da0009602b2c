"""Typed field reading for rubric documents, collecting path-located problems."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_CODE_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,31}")


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
        """Record a problem at ``path``."""
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
