"""Staff accounts of the console and their roles."""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, NFCString, UTCDateTime, utcnow
from models.org import Department, Officer

#: administrator, centre leader, HR, department liaison, counter officer
ROLES = ("admin", "leader", "hr", "liaison", "officer")

user_departments = Table(
    "user_departments",
    Base.metadata,
    #: A department liaison sees only the departments listed here.
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True),
)


class User(Base):
    """A person who signs in to the console."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin', 'leader', 'hr', 'liaison', 'officer')", name="role_known"
        ),
        CheckConstraint("role <> 'officer' OR officer_id IS NOT NULL", name="officer_has_officer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lower-case log-in name.
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(NFCString(120), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    #: The officer this account belongs to, for the officer role.
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Raised when the password changes or the account is disabled (kept for history:
    #: sessions now end through their own records, see models.sessions).
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    #: The TOTP seed (RFC 6238), encrypted with a key derived from SECRET_KEY; set while
    #: enrolling and kept once confirmed.
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    #: When the person confirmed their authenticator app (NULL: no second factor yet).
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last 30-second time step whose code was accepted: a code is taken only once.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    officer: Mapped[Officer | None] = relationship()
    departments: Mapped[list[Department]] = relationship(secondary=user_departments)


class RecoveryCode(Base):
    """A one-time code that stands in for the authenticator app when it is lost."""

    __tablename__ = "recovery_codes"
    __table_args__ = (Index("ix_recovery_codes_user_unused", "user_id", "used_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: argon2id hash of the code (80 random bits): the code itself is shown once.
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
