"""Count attempts against rate limits in the database: check and count in one step.

Every limit of every key is one row (``models.throttles.ThrottleWindow``). Taking an
attempt visits its rows one by one in key order: a window that has ended is deleted
(and reported, so its refusals can be summarised), then the attempt is counted with an
upsert, which locks the row until the transaction ends. If any window is then over its
limit, or a gate is still closed, the counts are taken back and one refusal is counted
instead. Concurrent attempts on the same key therefore queue on its row (PostgreSQL) or on
the write lock (SQLite): exactly ``amount`` of them get through per window, whichever
worker or host they reach. Keys are visited in sorted order, so two attempts that share
rows never lock them in opposite orders.

Operations flush and never commit; the caller commits, in a write transaction of its own
so the count is visible to others before the guarded work (a password check) begins.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from models.throttles import ThrottleWindow

#: The suffix of a gate's key (a "not before" moment rather than a count).
GATE = "gate"


@dataclass(frozen=True)
class Limit:
    """At most ``amount`` attempts in a window of ``seconds``."""

    amount: int
    seconds: int

    def __post_init__(self):
        if self.amount < 1 or self.seconds < 1:
            raise ValueError("a limit needs a positive amount and period")


@dataclass(frozen=True)
class Check:
    """The limits one key (e.g. "login/user/alice") is held to."""

    key: str
    limits: tuple[Limit, ...]


@dataclass(frozen=True)
class EndedWindow:
    """A window that ended with attempts refused in it."""

    key: str
    refused: int
    ended_at: float


@dataclass(frozen=True)
class Verdict:
    """Whether an attempt may go on; if not, how long to wait.

    ``first_refusal`` is true for the first refusal of a window (log it; later ones are
    summarised when the window ends, see ``ended``).
    """

    allowed: bool
    retry_after: float = 0.0
    first_refusal: bool = False
    ended: tuple[EndedWindow, ...] = ()


def window_key(key: str, limit: Limit) -> str:
    """Return the row key of one limit of a key."""
    return f"{key}/{limit.seconds}"


def gate_key(key: str) -> str:
    """Return the row key of a key's gate."""
    return f"{key}/{GATE}"


def take(session, checks: Sequence[Check], now: float, *, gate: str | None = None) -> Verdict:
    """Count one attempt against every limit of checks, unless one refuses it.

    :param gate: a gate row key (see ``gate_key``) the attempt must also find open.
    """
    limits = {window_key(check.key, limit): limit for check in checks for limit in check.limits}
    keys = sorted({*limits, *([gate] if gate else [])})
    ended, counted, refusals = [], [], []
    for key in keys:
        finished = _end_if_over(session, key, now)
        if finished is not None:
            ended.append(finished)
        if key == gate:
            opens_at = _gate_opens_at(session, key)
            if opens_at is not None and opens_at > now:
                refusals.append((opens_at - now, key))
            continue
        hits, ends_at = _count(session, key, limits[key], now)
        counted.append(key)
        if hits > limits[key].amount:
            refusals.append((ends_at - now, key))
    if not refusals:
        return Verdict(True, ended=tuple(ended))
    for key in counted:
        _uncount(session, key)
    wait, key = max(refusals)
    first = _count_refusal(session, key, now) == 1
    return Verdict(False, retry_after=wait, first_refusal=first, ended=tuple(ended))


def set_gate(session, key: str, opens_at: float) -> None:
    """Close a gate until opens_at (an upsert; flush only)."""
    _upsert(session, key, hits=0, ends_at=opens_at, on_conflict={"ends_at": opens_at})


def clear(session, keys: Iterable[str], now: float) -> tuple[EndedWindow, ...]:
    """Forget the rows of keys (e.g. after a successful log-in); return those with refusals."""
    ended = []
    for key in sorted(set(keys)):
        row = session.execute(
            delete(ThrottleWindow).where(ThrottleWindow.key == key)
            .returning(ThrottleWindow.refused, ThrottleWindow.ends_at)
        ).first()
        if row is not None and row.refused:
            ended.append(EndedWindow(key, row.refused, min(row.ends_at, now)))
    return tuple(ended)


def prune(session, now: float, batch: int = 200) -> tuple[EndedWindow, ...]:
    """Delete up to batch windows that have ended; return those with refusals.

    Rows another transaction holds are skipped (PostgreSQL), so pruning never waits.
    """
    expired = (
        select(ThrottleWindow.key).where(ThrottleWindow.ends_at <= now)
        .order_by(ThrottleWindow.key).limit(batch).with_for_update(skip_locked=True)
    )
    rows = session.execute(
        delete(ThrottleWindow).where(ThrottleWindow.key.in_(expired.scalar_subquery()))
        .returning(ThrottleWindow.key, ThrottleWindow.refused, ThrottleWindow.ends_at)
    ).all()
    return tuple(EndedWindow(row.key, row.refused, row.ends_at) for row in rows if row.refused)


def hits_in_window(session, key: str, now: float) -> int:
    """Return the attempts counted in a window that has not ended (0 if none)."""
    row = session.execute(
        select(ThrottleWindow.hits, ThrottleWindow.ends_at).where(ThrottleWindow.key == key)
    ).first()
    return row.hits if row is not None and row.ends_at > now else 0


def _end_if_over(session, key: str, now: float) -> EndedWindow | None:
    row = session.execute(
        delete(ThrottleWindow).where(ThrottleWindow.key == key, ThrottleWindow.ends_at <= now)
        .returning(ThrottleWindow.refused, ThrottleWindow.ends_at)
    ).first()
    return EndedWindow(key, row.refused, row.ends_at) if row is not None and row.refused else None


def _gate_opens_at(session, key: str) -> float | None:
    return session.scalar(
        select(ThrottleWindow.ends_at).where(ThrottleWindow.key == key).with_for_update()
    )


def _count(session, key: str, limit: Limit, now: float) -> tuple[int, float]:
    table = ThrottleWindow.__table__
    row = _upsert(session, key, hits=1, ends_at=now + limit.seconds,
                  on_conflict={"hits": table.c.hits + 1})
    return row.hits, row.ends_at


def _uncount(session, key: str) -> None:
    table = ThrottleWindow.__table__
    session.execute(table.update().where(table.c.key == key).values(hits=table.c.hits - 1))


def _count_refusal(session, key: str, now: float) -> int:
    table = ThrottleWindow.__table__
    row = _upsert(session, key, hits=0, ends_at=now,
                  on_conflict={"refused": table.c.refused + 1}, refused=1)
    return row.refused


def _upsert(session, key: str, *, hits: int, ends_at: float, on_conflict: dict, refused=0):
    """Insert a row or, when the key exists, apply on_conflict to it; return the row."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = ThrottleWindow.__table__
    statement = (
        insert(table).values(key=key, hits=hits, refused=refused, ends_at=ends_at)
        .on_conflict_do_update(index_elements=[table.c.key], set_=on_conflict)
        .returning(table.c.hits, table.c.refused, table.c.ends_at)
    )
    return session.execute(statement).one()
