"""Console sessions kept on the server, so that signing out (or a password change, a
disabled account, "end this session") ends them everywhere at once."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.staff import User

#: How far a session has got: the password is right, and then the second factor is
#: either still to be given ("second_factor"), still to be set up ("enrol"), or done.
SESSION_STAGES = ("second_factor", "enrol", "full")
#: Why a session ended.
END_REASONS = ("logout", "idle", "absolute", "password_change", "password_reset",
               "account_disabled", "ended_by_user", "ended_by_admin", "second_factor_reset",
               "second_factor_change", "abandoned", "command_line")


class StaffSession(Base):
    """One signed-in browser of a staff account."""

    __tablename__ = "staff_sessions"
    __table_args__ = (
        CheckConstraint("stage IN ('second_factor', 'enrol', 'full')", name="stage_known"),
        Index("ix_staff_sessions_user_open", "user_id", "ended_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: SHA-256 of the session's secret; the secret itself is only in the browser's cookie.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    stage: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The last request the person made (background polling does not count).
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(32))
    #: Where and with what the session was started, shown in the list of sessions.
    ip: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()
