"""Plain JSON-ready dicts from result and input dataclasses, and back, without loss."""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import Any

from .inputs import MonthInputs
from .results import MonthResult, YearResult

MONTH_RESULT_FORMAT = "hailong.month-result/1"
YEAR_RESULT_FORMAT = "hailong.year-result/1"
MONTH_INPUTS_FORMAT = "hailong.month-inputs/1"

_SCALARS = (str, int, float, bool, type(None))

Decoder = Callable[[Any], Any]


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def to_plain(value: Any) -> Any:
    """Return ``value`` as JSON-ready data: dataclasses become dicts, tuples lists.

    Enums become their values, dates ISO text, frozensets sorted lists; numbers keep their
    type (an int stays an int) so that the data reads back equal.
    """
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, (tuple, list)):
        return [to_plain(item) for item in value]
    if dataclasses.is_dataclass(value):
        return {name: to_plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(to_plain(item) for item in value)
    raise TypeError(f"cannot convert {type(value).__name__} to plain data")


def from_plain(hint: Any, data: Any) -> Any:
    """Rebuild a value of type ``hint`` from data produced by ``to_plain``.

    :raises ValueError: when the data does not fit the type.
    """
    return _decoder(hint)(data)


@functools.cache
def _decoder(hint: Any) -> Decoder:
    """Return a function that rebuilds values of type ``hint`` (built once per type)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = _decoder(next(a for a in args if a is not type(None)))
        return lambda data: None if data is None else inner(data)
    if dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        return lambda data: tuple(item(x) for x in _list(data))
    if origin is tuple:
        return _fixed_tuple_decoder(tuple(_decoder(arg) for arg in args))
    if origin is frozenset:
        item = _decoder(args[0])
        return lambda data: frozenset(item(x) for x in _list(data))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if hint is date:
        return lambda data: date.fromisoformat(_checked(str, data))
    return functools.partial(_checked, hint)


def _dataclass_decoder(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    decoders = {f.name: _decoder(hints[f.name]) for f in fields}
    required = {f.name for f in fields if f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING}

    def _decode(data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError(f"{cls.__name__} expects an object; got {type(data).__name__}")
        if not required <= data.keys() or not data.keys() <= decoders.keys():
            wrong = sorted((required - data.keys()) | (data.keys() - decoders.keys()))
            raise ValueError(f"{cls.__name__}: missing or unknown field(s) {', '.join(wrong)}")
        return cls(**{name: decoders[name](value) for name, value in data.items()})

    return _decode


def _fixed_tuple_decoder(decoders: tuple[Decoder, ...]) -> Decoder:
    def _decode(data: Any) -> tuple:
        items = _list(data)
        if len(items) != len(decoders):
            raise ValueError(f"expected {len(decoders)} items; got {len(items)}")
        return tuple(d(item) for d, item in zip(decoders, items, strict=True))

    return _decode


def _list(data: Any) -> list:
    if not isinstance(data, list):
        raise ValueError(f"expected a list; got {type(data).__name__}")
    return data


def _checked(hint: type, data: Any) -> Any:
    """Return ``data`` if it is a ``hint``; an int is accepted (and kept) for a float."""
    if isinstance(data, bool) and hint is not bool:
        raise ValueError(f"expected {hint.__name__}; got {data!r}")
    if isinstance(data, hint) or (hint is float and isinstance(data, int)):
        return data
    raise ValueError(f"expected {hint.__name__}; got {type(data).__name__}")


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
