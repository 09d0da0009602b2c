"""Flags on ratings that look bent, where a phone rating came from, and dossier-code look-ups."""

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from integrity import RULES
from models.base import Base, BigIntKey, NFCString, UTCDateTime, utcnow
from models.ratings import Rating

#: pending (the rating is held out of every count) → accepted (it counts) or excluded.
FLAG_STATUSES = ("pending", "accepted", "excluded")
#: Longest reason a leader may give for a decision.
MAX_DECISION_LENGTH = 500
#: Characters kept of a keyed hash (hex): 128 bits, plenty to tell clients apart.
HASH_LENGTH = 32


def _known(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class RatingFlag(Base):
    """One rule that fired on one rating: why, in data, and the leader's decision."""

    __tablename__ = "rating_flags"
    __table_args__ = (
        CheckConstraint(_known("rule", RULES), name="rule_known"),
        CheckConstraint(_known("status", FLAG_STATUSES), name="status_known"),
        CheckConstraint(
            "status = 'pending' OR (decided_at IS NOT NULL AND decision_reason IS NOT NULL)",
            name="decision_has_reason",
        ),
        UniqueConstraint("rating_id", "rule"),
        Index("ix_rating_flags_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ratings.id", ondelete="CASCADE"))
    #: Which rule fired (integrity.RULES).
    rule: Mapped[str] = mapped_column(String(32))
    #: Why, as numbers and names the queue turns into a sentence (e.g. seconds and threshold).
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str | None] = mapped_column(NFCString(MAX_DECISION_LENGTH))

    rating: Mapped[Rating] = relationship()


class RatingOrigin(Base):
    """Where a phone rating came from, kept only as keyed hashes (never an address itself)."""

    __tablename__ = "rating_origins"

    rating_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ratings.id", ondelete="CASCADE"), primary_key=True
    )
    #: The staff account whose console session the sending browser held, or had held (a
    #: marker cookie the console leaves); None for a citizen's browser.
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: True when the session was live at that moment, False when only the marker was there.
    staff_session: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Keyed hash of the sender's address; None on a network many people share.
    address_hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH))
    #: Keyed hash of address and browser traits (cookie-less); None on a shared network.
    phone_hash: Mapped[str | None] = mapped_column(String(HASH_LENGTH), index=True)


class SurveyLookup(Base):
    """One dossier code typed at /s/: from which client (hashed), which code (hashed), found."""

    __tablename__ = "survey_lookups"
    __table_args__ = (
        Index("ix_survey_lookups_client_at", "client_hash", "at"),
        Index("ix_survey_lookups_at", "at"),
    )

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    client_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    code_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    found: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
