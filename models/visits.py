"""Visits (lượt phục vụ): one served case that one rating may be bound to; integration keys."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, NFCString, UTCDateTime, utcnow
from models.org import Counter, Officer

#: Who opened a visit: a queue system, the officer, the tablet, or the first rating of a
#: dossier of the register typed at /s/.
VISIT_OPENERS = ("api", "officer", "tablet", "register")


#: What a key may do: a site's queue system or one-stop software ("site"), or the province's
#: evaluation software reading the evaluations ("evaluations"); neither can do the other's.
API_KEY_SCOPES = ("site", "evaluations")


class ApiKey(Base):
    """An integration key (a bearer token): a site's systems, or the evaluation software."""

    __tablename__ = "api_keys"
    __table_args__ = (
        CheckConstraint("scope IN ('site', 'evaluations')", name="scope_known"),
        CheckConstraint("scope = 'evaluations' OR site_id IS NOT NULL", name="site_key_has_site"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The site a "site" key acts for; an "evaluations" key reads this site's officers only,
    #: or every site's when empty.
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), index=True)
    scope: Mapped[str] = mapped_column(String(16), default="site", server_default="site")
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
        #: Visits opened at a counter in a window: what the flag rules compare ratings with.
        Index("ix_visits_counter_opened", "counter_id", "opened_at"),
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
    #: The survey token for /s/<token> is never stored: it is derived from this random
    #: nonce with a key only the app holds (models.ops.visits.survey_token), so the app
    #: can print it again while a copy of the database alone cannot. NULL for visits
    #: opened before tokens were derived (their token cannot be shown again).
    token_nonce: Mapped[str | None] = mapped_column(String(32))
    #: SHA-256 of the survey token, to find the visit a token names.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Set in the same transaction as the rating that used the visit.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    counter: Mapped[Counter] = relationship()
    officer: Mapped[Officer] = relationship()
