"""Plain JSON-ready dicts from result and input dataclasses, and back, without loss."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date
from enum import Enum
from typing import Any

from .inputs import MonthInputs
from .results import MonthResult, YearResult

MONTH_RESULT_FORMAT = "hailong.month-result/1"
YEAR_RESULT_FORMAT = "hailong.year-result/1"
MONTH_INPUTS_FORMAT = "hailong.month-inputs/1"


def to_plain(value: Any) -> Any:
    """Return ``value`` as JSON-ready data: dataclasses become dicts, tuples lists.

    Enums become their values, dates ISO text, frozensets sorted lists; numbers keep their
    type (an int stays an int) so that the data reads back equal.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(to_plain(item) for item in value)
    if isinstance(value, (tuple, list)):
        return [to_plain(item) for item in value]
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(hint: Any, data: Any) -> Any:
    """Rebuild a value of type ``hint`` from data produced by ``to_plain``.

    :raises ValueError: when the data does not fit the type.
    """
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        return from_plain(next(a for a in args if a is not type(None)), data)
    if dataclasses.is_dataclass(hint):
        return _dataclass_from_plain(hint, data)
    if origin is tuple:
        return _tuple_from_plain(args, data)
    if origin is frozenset:
        return frozenset(from_plain(args[0], item) for item in _list(data))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(data)
    if hint is date:
        return date.fromisoformat(data)
    return _scalar(hint, data)


def _dataclass_from_plain(cls: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__} expects an object; got {type(data).__name__}")
    hints = _hints(cls)
    fields = dataclasses.fields(cls)
    unknown = data.keys() - {f.name for f in fields}
    if unknown:
        raise ValueError(f"{cls.__name__} has no field(s) {', '.join(sorted(unknown))}")
    missing = [f.name for f in fields if f.name not in data and f.default is dataclasses.MISSING
               and f.default_factory is dataclasses.MISSING]
    if missing:
        raise ValueError(f"{cls.__name__} lacks field(s) {', '.join(missing)}")
    return cls(**{name: from_plain(hints[name], value) for name, value in data.items()})


def _tuple_from_plain(args: tuple, data: Any) -> tuple:
    items = _list(data)
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(from_plain(args[0], item) for item in items)
    if len(items) != len(args):
        raise ValueError(f"expected {len(args)} items; got {len(items)}")
    return tuple(from_plain(arg, item) for arg, item in zip(args, items, strict=True))


def _list(data: Any) -> list:
    if not isinstance(data, list):
        raise ValueError(f"expected a list; got {type(data).__name__}")
    return data


def _scalar(hint: Any, data: Any) -> Any:
    if hint is Any:
        return data
    if hint is float and isinstance(data, int) and not isinstance(data, bool):
        return data
    if hint in (int, float) and isinstance(data, bool):
        raise ValueError(f"expected a number; got {data!r}")
    if not isinstance(data, hint):
        raise ValueError(f"expected {hint.__name__}; got {type(data).__name__}")
    return data


def _wrap(fmt: str, value: Any) -> dict[str, Any]:
    return {"format": fmt, **to_plain(value)}


def _unwrap(fmt: str, cls: type, data: Any) -> Any:
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise ValueError(f"expected a document of format {fmt!r}")
    return from_plain(cls, {k: v for k, v in data.items() if k != "format"})


def result_to_dict(result: MonthResult) -> dict[str, Any]:
    """Return a month's result as a JSON-ready dict (a closed month's frozen snapshot)."""
    return _wrap(MONTH_RESULT_FORMAT, result)


def result_from_dict(data: dict[str, Any]) -> MonthResult:
    """Rebuild a month's result from ``result_to_dict`` output; the two compare equal."""
    return _unwrap(MONTH_RESULT_FORMAT, MonthResult, data)


def year_result_to_dict(result: YearResult) -> dict[str, Any]:
    """Return an annual roll-up as a JSON-ready dict."""
    return _wrap(YEAR_RESULT_FORMAT, result)


def year_result_from_dict(data: dict[str, Any]) -> YearResult:
    """Rebuild an annual roll-up from ``year_result_to_dict`` output."""
    return _unwrap(YEAR_RESULT_FORMAT, YearResult, data)


def inputs_to_dict(month: MonthInputs) -> dict[str, Any]:
    """Return a month's inputs as a JSON-ready dict, to freeze them with a closed month."""
    return _wrap(MONTH_INPUTS_FORMAT, month)


def inputs_from_dict(data: dict[str, Any]) -> MonthInputs:
    """Rebuild a month's inputs from ``inputs_to_dict`` output."""
    return _unwrap(MONTH_INPUTS_FORMAT, MonthInputs, data)
