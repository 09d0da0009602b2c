"""The dossier register (sổ theo dõi hồ sơ): one row per dossier, its history, its imports
and the saved column mappings of each source.

What is kept of a dossier is exactly what task results and rating by dossier code need
(docs/privacy.md): no applicant name, address or phone number; of the phone and ID number
only a keyed hash of their last four digits.
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigIntKey, NFCString, UTCDateTime, utcnow

#: How a dossier was handed in, or its result handed back.
CHANNELS = ("direct", "online", "post")
#: Where an import came from.
REGISTER_SOURCES = ("file", "api")


class RegisterMapping(Base):
    """A source's column mapping, saved and reused: register field → header names."""

    __tablename__ = "register_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NFCString(120), unique=True)
    #: {field: [header as written, …]}; fields are those of models/ops/register_columns.py.
    columns: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class RegisterImport(Base):
    """One import into the register: a file in the console or the CLI, or an API batch."""

    __tablename__ = "register_imports"
    __table_args__ = (
        CheckConstraint("source IN ('file', 'api')", name="source_known"),
        Index("ix_register_imports_site_at", "site_id", "imported_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    source: Mapped[str] = mapped_column(String(8))
    filename: Mapped[str] = mapped_column(NFCString(255), default="")
    mapping: Mapped[str] = mapped_column(NFCString(120), default="")
    rows: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))


class Dossier(Base):
    """A dossier (hồ sơ) as the register tracks it: received → resolved → returned.

    Dates are local calendar days. An optional figure the source did not give is NULL
    ("unknown"), never false or 0, so a criterion built on it does not apply.
    """

    __tablename__ = "dossiers"
    __table_args__ = (
        CheckConstraint("due_on >= received_on", name="due_after_receipt"),
        CheckConstraint("transferred_on IS NULL OR transferred_on >= received_on",
                        name="transferred_after_receipt"),
        CheckConstraint("resolved_on IS NULL OR resolved_on >= received_on",
                        name="resolved_after_receipt"),
        CheckConstraint("returned_on IS NULL OR (returned_on >= received_on AND "
                        "(resolved_on IS NULL OR returned_on >= resolved_on))",
                        name="returned_after_result"),
        CheckConstraint("channel IS NULL OR channel IN ('direct', 'online', 'post')",
                        name="channel_known"),
        CheckConstraint("return_channel IS NULL OR return_channel IN ('direct', 'online', "
                        "'post')", name="return_channel_known"),
        CheckConstraint("supplement_requests IS NULL OR supplement_requests >= 0",
                        name="supplement_requests_not_negative"),
        Index("ix_dossiers_officer_received", "officer_id", "received_on"),
        Index("ix_dossiers_received", "received_on", "site_id"),
        Index("ix_dossiers_resolved", "resolved_on"),
        Index("ix_dossiers_returned", "returned_on"),
    )

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    #: Dossier code (mã hồ sơ) as printed on the receipt: no spaces, upper case.
    code: Mapped[str] = mapped_column(String(64), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    #: The receiving officer (nhận hồ sơ của); NULL when the register names nobody.
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    #: Name of the procedure (tên thủ tục hành chính), its field (lĩnh vực) and the agency
    #: in charge (cơ quan chủ trì giải quyết).
    procedure: Mapped[str] = mapped_column(NFCString(300), default="")
    field: Mapped[str] = mapped_column(NFCString(200), default="")
    lead_agency: Mapped[str] = mapped_column(NFCString(200), default="")
    received_on: Mapped[date] = mapped_column(Date)
    #: The promised date on the receipt (ngày hẹn trả kết quả).
    due_on: Mapped[date] = mapped_column(Date)
    transferred_on: Mapped[date | None] = mapped_column(Date)
    #: The day the result was ready (ngày có kết quả): early, on time or late against due_on.
    resolved_on: Mapped[date | None] = mapped_column(Date)
    #: The day the result was handed back (ngày trả kết quả); rating by code opens then.
    returned_on: Mapped[date | None] = mapped_column(Date)
    channel: Mapped[str | None] = mapped_column(String(8))
    return_channel: Mapped[str | None] = mapped_column(String(8))
    digitised: Mapped[bool | None] = mapped_column(Boolean)
    #: Requests for more papers (yêu cầu bổ sung hồ sơ) made on this dossier.
    supplement_requests: Mapped[int | None] = mapped_column(Integer)
    #: An extension with a letter of apology (gia hạn, phiếu xin lỗi và hẹn lại).
    apology: Mapped[bool | None] = mapped_column(Boolean)
    #: A recorded quality failure (a justified complaint, a wrongful request for papers).
    quality_failed: Mapped[bool | None] = mapped_column(Boolean)
    #: HMAC-SHA256 (hex) of the last four digits of the applicant's phone / ID number with
    #: the server's key and the dossier code; the second factor of rating by dossier code.
    phone_hash: Mapped[str | None] = mapped_column(String(64))
    id_hash: Mapped[str | None] = mapped_column(String(64))
    #: The visit its one rating by dossier code is bound to, set in the rating's transaction.
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"), unique=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("register_imports.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DossierChange(Base):
    """One import's change to a dossier after its creation: {field: [before, after]}.

    The import that created a dossier is ``dossiers.import_id``; its values then are the
    current ones taken back through these changes."""

    __tablename__ = "dossier_changes"

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("register_imports.id"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changes: Mapped[dict] = mapped_column(JSON)
