"""Save the organisation names printed on reports (upserts into ``settings``; flushes only)."""

from dataclasses import asdict

from sqlalchemy import select

from models.base import nfc, utcnow
from models.queries.settings import Organisation, setting_key
from models.settings import Setting

#: Longest name accepted for any organisation setting.
MAX_LENGTH = 200


def save_organisation(session, current: Organisation, wanted: Organisation,
                      user_id: int | None) -> tuple[dict, dict]:
    """Store the fields of ``wanted`` that differ from ``current``; return (before, after).

    The caller starts the write transaction (``begin_write`` on SQLite) before reading
    ``current``, so the stored rows are not changed in between.

    :raises ValueError: when a value is longer than MAX_LENGTH characters.
    """
    before, after = {}, {}
    now = utcnow()
    old, new = asdict(current), {k: nfc(v.strip()) for k, v in asdict(wanted).items()}
    for name, value in new.items():
        if len(value) > MAX_LENGTH:
            raise ValueError(f"{name} is longer than {MAX_LENGTH} characters")
        if value == old[name]:
            continue
        row = session.scalar(select(Setting).where(Setting.key == setting_key(name)))
        if row is None:
            row = Setting(key=setting_key(name))
            session.add(row)
        row.value, row.updated_at, row.updated_by_id = value, now, user_id
        before[name], after[name] = old[name], value
    session.flush()
    return before, after
