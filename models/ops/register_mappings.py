"""Save, list and find the register's column mappings (one per source, reused)."""

from sqlalchemy import select

from models.base import utcnow
from models.ops.register_columns import AUTO, BY_NAME, PRESETS, mapping_columns, preset_columns
from models.register import RegisterMapping
from tabular import Column

#: Longest header name a mapping keeps.
MAX_HEADER = 200
MAX_NAME = 120


class MappingError(ValueError):
    """A mapping that cannot be saved: ``code`` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def clean_columns(columns: dict) -> dict[str, list[str]]:
    """Return a mapping's columns: known fields only, header names trimmed, blanks dropped.

    :raises MappingError: ``header_too_long``.
    """
    cleaned = {}
    for name, headers in columns.items():
        if name not in BY_NAME:
            continue
        kept = [" ".join(str(h).split()) for h in headers if str(h).strip()]
        if any(len(h) > MAX_HEADER for h in kept):
            raise MappingError("header_too_long")
        if kept:
            cleaned[name] = kept
    return cleaned


def save_mapping(session, mapping: RegisterMapping, name: str, columns: dict, *,
                 user_id: int | None) -> RegisterMapping:
    """Create or change a saved mapping; flush only.

    :raises MappingError: ``name_required``, ``name_too_long``, ``name_taken``,
        ``reserved_name`` (a preset's), ``header_too_long``.
    """
    name = " ".join((name or "").split())
    if not name:
        raise MappingError("name_required")
    if len(name) > MAX_NAME:
        raise MappingError("name_too_long")
    if name in PRESETS or name == AUTO:
        raise MappingError("reserved_name")
    taken = session.scalar(select(RegisterMapping.id).where(RegisterMapping.name == name))
    if taken is not None and taken != mapping.id:
        raise MappingError("name_taken")
    mapping.name, mapping.columns = name, clean_columns(columns)
    mapping.updated_at, mapping.updated_by_id = utcnow(), user_id
    session.add(mapping)
    session.flush()
    return mapping


def saved_mappings(session) -> list[RegisterMapping]:
    """Return the saved mappings by name."""
    return list(session.scalars(select(RegisterMapping).order_by(RegisterMapping.name)))


def columns_for(session, name: str) -> tuple[Column, ...]:
    """Return the columns of a preset ("auto", "mau06", …) or of a saved mapping by name.

    :raises MappingError: ``unknown_mapping``.
    """
    if name == AUTO or name in PRESETS:
        return preset_columns(name)
    saved = session.scalar(select(RegisterMapping).where(RegisterMapping.name == name))
    if saved is None:
        raise MappingError("unknown_mapping")
    return mapping_columns(saved.columns)
