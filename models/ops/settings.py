"""Save the organisation names printed on reports (upserts into ``settings``; flushes only)."""

from dataclasses import asdict

from sqlalchemy import select

from evaluation.report import Organisation
from models.base import nfc, utcnow
from models.queries.settings import setting_key
from models.settings import Setting

#: Longest name accepted for an organisation setting.
MAX_LENGTH = 200
#: Longest "Nơi nhận" list (several lines).
MAX_RECIPIENTS_LENGTH = 1000


def max_length(name: str) -> int:
    """Return the longest value accepted for the Organisation field ``name``."""
    return MAX_RECIPIENTS_LENGTH if name == "recipients" else MAX_LENGTH


def save_organisation(session, current: Organisation, wanted: Organisation,
                      user_id: int | None) -> tuple[dict, dict]:
    """Store the fields of ``wanted`` that differ from ``current``; return (before, after).

    The caller starts the write transaction (``web.db.write_session``) before reading
    ``current``, so the stored rows are not changed in between.

    :raises ValueError: when a value is longer than ``max_length(name)`` characters.
    """
    before, after = {}, {}
    now = utcnow()
    old, new = asdict(current), {k: _clean(v) for k, v in asdict(wanted).items()}
    for name, value in new.items():
        if len(value) > max_length(name):
            raise ValueError(f"{name} is longer than {max_length(name)} characters")
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


def _clean(value: str) -> str:
    """Return a value in NFC without surrounding spaces (each line trimmed, no empty lines)."""
    lines = [line.strip() for line in nfc(value).replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line)
