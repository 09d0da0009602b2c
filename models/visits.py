"""Visits (lượt phục vụ): one served case that one rating may be bound to; integration keys."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, NFCString, UTCDateTime, utcnow
from models.org import Counter, Officer

#: Who opened a visit: a queue system, the officer, the tablet, or the first rating of a
#: dossier of the register typed at /s/.
VISIT_OPENERS = ("api", "officer", "tablet", "register")


class ApiKey(Base):
    """An integration key for a site's queue system or one-stop software (a bearer token)."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    name: Mapped[str] = mapped_column(NFCString(120))
    #: First characters of the key, shown so staff can tell keys apart.
    prefix: Mapped[str] = mapped_column(String(12))
    #: SHA-256 of the whole key (keys are long random strings, so a fast hash is enough).
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Visit(Base):
    """A served case: a queue ticket or a dossier code, at a counter, with an officer."""

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint("opened_via IN ('api', 'officer', 'tablet', 'register')",
                        name="opened_via_known"),
        CheckConstraint("closed_at IS NULL OR closed_at >= opened_at", name="closed_after_open"),
        Index("ix_visits_counter_open", "counter_id", "closed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), index=True)
    #: Queue ticket number, when the queue system opened the visit.
    ticket_number: Mapped[str | None] = mapped_column(String(32))
    #: Dossier code (mã hồ sơ) printed on the receipt; a citizen may type it at /s/.
    dossier_code: Mapped[str | None] = mapped_column(String(64), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_via: Mapped[str] = mapped_column(String(16))
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Single-use survey token (96 random bits, URL-safe) for /s/<token>.
    survey_token: Mapped[str] = mapped_column(String(32), unique=True)
    token_expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Set in the same transaction as the rating that used the visit.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    counter: Mapped[Counter] = relationship()
    officer: Mapped[Officer] = relationship()
