"""Counter tablets: pairing, officer sign-ins and PIN lock-outs."""

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, NFCString, UTCDateTime, utcnow
from models.org import Counter, Officer

#: Why a sign-in ended.
SIGN_OUT_REASONS = ("manual", "closing_time", "replaced", "revoked", "moved")


class Tablet(Base):
    """A tablet paired with a counter; it authenticates with a device secret."""

    __tablename__ = "tablets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NFCString(120), default="")
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), index=True)
    #: SHA-256 of the device secret; the secret itself lives only on the tablet.
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    paired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: What the last heartbeat said.
    last_heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    app_version: Mapped[str] = mapped_column(String(32), default="")
    outbox_length: Mapped[int] = mapped_column(Integer, default=0)
    oldest_unsent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dead_letters: Mapped[int] = mapped_column(Integer, default=0)
    #: Tablet clock minus server clock at the last heartbeat, in seconds.
    clock_skew_seconds: Mapped[int] = mapped_column(Integer, default=0)

    counter: Mapped[Counter | None] = relationship()


class PairingCode(Base):
    """A one-time 6-digit code an administrator gives to pair a tablet with a counter."""

    __tablename__ = "pairing_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    #: SHA-256 of the code; codes live 10 minutes and are used once.
    code_hash: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    tablet_id: Mapped[int | None] = mapped_column(ForeignKey("tablets.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class OfficerSignIn(Base):
    """Who sat at which counter, from when to when: evidence for the monthly evaluation."""

    __tablename__ = "officer_sign_ins"
    __table_args__ = (
        CheckConstraint(
            "signed_out_at IS NULL OR signed_out_at >= signed_in_at", name="out_after_in"
        ),
        CheckConstraint(
            "sign_out_reason IS NULL OR sign_out_reason IN "
            "('manual', 'closing_time', 'replaced', 'revoked', 'moved')",
            name="sign_out_reason_known",
        ),
        Index(
            "uq_officer_sign_ins_one_open_per_tablet",
            "tablet_id",
            unique=True,
            sqlite_where=text("signed_out_at IS NULL"),
            postgresql_where=text("signed_out_at IS NULL"),
        ),
        Index("ix_officer_sign_ins_officer_in", "officer_id", "signed_in_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    tablet_id: Mapped[int] = mapped_column(ForeignKey("tablets.id"))
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    signed_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    signed_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sign_out_reason: Mapped[str | None] = mapped_column(String(16))

    officer: Mapped[Officer] = relationship()
    counter: Mapped[Counter] = relationship()


class PinLockout(Base):
    """Wrong PINs of one officer on one tablet since their last sign-in there, and the lock.

    The count grows by one in the same statement that checks the lock (models/ops/pins.py),
    so workers and hosts sharing the database share one count.
    """

    __tablename__ = "pin_lockouts"

    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), primary_key=True)
    tablet_id: Mapped[int] = mapped_column(ForeignKey("tablets.id"), primary_key=True)
    #: PIN attempts counted as wrong in a row (an attempt counts before its PIN is checked;
    #: a right PIN sets it back to 0).
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Locked until a leader unlocks (the last step of the escalation).
    needs_unlock: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PinLockoutEvent(Base):
    """One lock-out: the wrong PIN that locked an officer out of a tablet (also audited)."""

    __tablename__ = "pin_lockout_events"
    __table_args__ = (Index("ix_pin_lockout_events_tablet_at", "tablet_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tablet_id: Mapped[int] = mapped_column(ForeignKey("tablets.id"))
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    failures: Mapped[int] = mapped_column(Integer)
    #: The lock it started: until then, or (needs_unlock) until a leader unlocks.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    needs_unlock: Mapped[bool] = mapped_column(Boolean, default=False)


#: open → closed by a leader, with a note.
LOCKOUT_ALERT_STATUSES = ("open", "closed")


class LockoutAlert(Base):
    """Repeated PIN lock-outs at one tablet: someone may be guessing officers' PINs there."""

    __tablename__ = "lockout_alerts"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed')", name="status_known"),
        CheckConstraint("status = 'open' OR (closed_at IS NOT NULL AND note IS NOT NULL)",
                        name="closing_has_note"),
        Index("uq_lockout_alerts_one_open_per_tablet", "tablet_id", unique=True,
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
        Index("ix_lockout_alerts_status_raised", "status", "raised_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tablet_id: Mapped[int] = mapped_column(ForeignKey("tablets.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Lock-outs at the tablet within the alert window, as of the latest one.
    lockouts: Mapped[int] = mapped_column(Integer, default=0)
    last_lockout_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="open")
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(NFCString(500))
