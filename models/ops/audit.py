"""Write audit entries into an append-only log sealed by a hash chain.

An entry is kept aside when it is recorded and sealed as its transaction commits: the
chain's head row is locked (so concurrent writers append one after the other and the
chain never forks), each entry gets the next sequence number and the SHA-256 of the
previous entry's hash and its own content, and the head moves on. A rolled-back
transaction leaves nothing. `verify_chain` walks the log and names the first link that
no longer holds: an entry changed, removed, inserted or reordered after it was sealed.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from models.audit import AuditChainHead, AuditEntry
from models.base import storable_text, utcnow

#: Key of Session.info holding the entries of the transaction that are not sealed yet.
PENDING = "hailong.audit.pending"
#: The id of the head row.
HEAD_ID = 1


def record_audit(
    session,
    *,
    action: str,
    actor: str,
    user_id: int | None = None,
    ip: str | None = None,
    object_type: str | None = None,
    object_id=None,
    before: dict | None = None,
    after: dict | None = None,
    note: str | None = None,
) -> AuditEntry:
    """Add one audit entry; it is written and sealed when the session commits."""
    entry = AuditEntry(
        at=utcnow(),
        action=action,
        actor=actor,
        user_id=user_id,
        ip=ip,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        before=before,
        after=after,
        note=note,
    )
    if not session.in_transaction():
        session.connection()  # tie the entry to a transaction, so a rollback drops it
    session.info.setdefault(PENDING, []).append(entry)
    return entry


def _json(value):
    """Return value as the database gives it back (keys as text, tuples as lists)."""
    return None if value is None else json.loads(json.dumps(value))


def entry_content(entry: AuditEntry) -> list:
    """Return what an entry's hash covers, as the database stores it (seal stores the note
    as storable text first, so the hash of an entry read back is the same)."""
    return [
        entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        entry.user_id,
        entry.actor,
        entry.ip,
        entry.action,
        entry.object_type,
        entry.object_id,
        _json(entry.before),
        _json(entry.after),
        entry.note,
    ]


def link_hash(previous_hash: str, seq: int, content: list) -> str:
    """Return the chain hash of the entry at seq whose predecessor's hash is previous_hash."""
    document = json.dumps([seq, previous_hash, *content], ensure_ascii=False,
                          separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def seal(session, entries: list[AuditEntry]) -> None:
    """Append entries to the chain (the head row is locked until commit); flush only."""
    with session.no_autoflush:  # entries added directly must not be flushed unsealed
        head = session.scalar(
            select(AuditChainHead).where(AuditChainHead.id == HEAD_ID).with_for_update()
        )
    if head is None:  # the migration creates it; a fresh schema built otherwise may not
        head = AuditChainHead(id=HEAD_ID, seq=0, hash="")
        session.add(head)
    for entry in entries:
        entry.note = storable_text(entry.note)  # hash the text exactly as it is stored
        entry.chain_seq = head.seq + 1
        entry.chain_hash = link_hash(head.hash, entry.chain_seq, entry_content(entry))
        head.seq, head.hash = entry.chain_seq, entry.chain_hash
        session.add(entry)
    session.flush()


@event.listens_for(Session, "before_commit")
def _seal_pending(session) -> None:
    """Seal what record_audit kept aside, and any entry added to the session directly."""
    entries = session.info.pop(PENDING, [])
    added = sorted((item for item in session.new
                    if isinstance(item, AuditEntry) and item.chain_seq is None
                    and item not in entries), key=lambda item: item.at or utcnow())
    if entries or added:
        for entry in added:
            entry.at = entry.at or utcnow()
        seal(session, [*entries, *added])


@event.listens_for(Session, "after_rollback")
def _drop_pending(session) -> None:
    session.info.pop(PENDING, None)


@dataclass(frozen=True)
class ChainReport:
    """What verify_chain found: the entries checked and the first broken link, if any."""

    checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify_chain(session, *, batch: int = 2000, expect: Iterable[tuple[int, str]] = ()
                 ) -> ChainReport:
    """Walk the whole chain in order and report the first link that does not hold.

    :param expect: (seq, hash) pairs recorded elsewhere earlier (anchors): each must still
        be in the chain, which catches a log rewritten and re-hashed from end to end.
    """
    anchors = dict(expect)
    previous_seq, previous_hash, checked = 0, "", 0
    while True:
        query = select(AuditEntry).order_by(AuditEntry.chain_seq).limit(batch)
        rows = session.scalars(query.where(AuditEntry.chain_seq > previous_seq)).all()
        for entry in rows:
            problem = _link_problem(entry, previous_seq, previous_hash, anchors)
            if problem:
                return _report(session, checked, entry.chain_seq, entry.id, problem)
            previous_seq, previous_hash = entry.chain_seq, entry.chain_hash
            checked += 1
        session.expunge_all()
        if len(rows) < batch:
            break
    return _report(session, checked, None, None, _tail_problem(
        session, previous_seq, previous_hash, anchors))


def _link_problem(entry, previous_seq, previous_hash, anchors) -> str | None:
    if entry.chain_seq != previous_seq + 1:
        first, last = previous_seq + 1, entry.chain_seq - 1
        return (f"entry {first} is missing" if first == last
                else f"entries {first}–{last} are missing")
    if entry.chain_hash != link_hash(previous_hash, entry.chain_seq, entry_content(entry)):
        return "the entry differs from what was sealed (its hash does not match)"
    if entry.chain_seq in anchors and anchors.pop(entry.chain_seq) != entry.chain_hash:
        return "the entry's hash differs from the one recorded earlier (the log was re-hashed)"
    return None


def _tail_problem(session, last_seq, last_hash, anchors) -> str | None:
    head = session.get(AuditChainHead, HEAD_ID)
    if anchors:
        return f"the recorded entry {min(anchors)} is no longer in the log"
    head_seq, head_hash = (head.seq, head.hash) if head is not None else (0, "")
    if head_seq > last_seq:
        return f"entries {last_seq + 1}–{head_seq} at the end of the log were removed"
    if (head_seq, head_hash) != (last_seq, last_hash):
        return f"the log ends at entry {last_seq}, which the chain head does not name"
    return None


def _report(session, checked, seq, entry_id, problem) -> ChainReport:
    head = session.get(AuditChainHead, HEAD_ID)
    return ChainReport(checked=checked, head_seq=head.seq if head else 0,
                       head_hash=head.hash if head else "", broken_seq=seq,
                       broken_id=entry_id, problem=problem)

