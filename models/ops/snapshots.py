"""Plain before/after values of an entity for the audit log."""

import uuid
from datetime import date, datetime, time


def json_value(value):
    """Return value as something JSON can hold (times and ids as text)."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(json_value(item) for item in value)
    return value


def snapshot(entity, fields) -> dict:
    """Return {field: value} for the named attributes of entity, JSON-ready."""
    return {name: json_value(getattr(entity, name)) for name in fields}


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Return only the fields whose values differ, as (before, after)."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}
