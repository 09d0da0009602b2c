"""The append-only audit log of staff actions."""

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigIntKey, NFCText, UTCDateTime, utcnow


class AuditEntry(Base):
    """One staff action: who, when, what, and the values before and after.

    The database refuses UPDATE, DELETE, TRUNCATE and INSERT OR REPLACE on this table
    (triggers in the migrations), and every entry is sealed into a hash chain when its
    transaction commits (models.ops.audit): `hailong audit verify` finds the first link
    that no longer holds.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: Who acted, kept as text so the entry reads on its own: a username, "cli", "system".
    actor: Mapped[str] = mapped_column(String(80))
    ip: Mapped[str | None] = mapped_column(String(45))
    #: Verb-like code, e.g. "officer.update", "rating.exclude", "login.failure".
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(NFCText)
    #: Position in the hash chain: 1, 2, 3 … with no gap, in the order entries committed.
    chain_seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    #: SHA-256 over the previous entry's hash and this entry's content (see models.ops.audit).
    chain_hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(Base):
    """The end of the audit hash chain: one row, locked while entries are sealed, so
    concurrent writers append one after the other and the chain never forks."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The chain_seq and chain_hash of the last entry sealed (0 and "" before the first).
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64), default="")
