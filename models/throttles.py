"""Rate-limit windows kept in the database, so every worker and every host counts together."""

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class ThrottleWindow(Base):
    """One window of one rate limit: how many attempts it let through and refused.

    A window starts at its first attempt and ends ``seconds`` later (the limit's period);
    the next attempt after that starts a new window. A row whose key ends in ``/gate``
    holds no count: it is a "not before" moment (the log-in's progressive delay).
    """

    __tablename__ = "throttle_windows"

    #: What is counted and over which period, e.g. "login/user/alice/60".
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    #: Attempts let through in this window.
    hits: Mapped[int] = mapped_column(Integer, default=0)
    #: Attempts refused in this window (summarised in the audit log when it ends).
    refused: Mapped[int] = mapped_column(Integer, default=0)
    #: When the window ends (a gate: when it opens), in seconds since the epoch.
    ends_at: Mapped[float] = mapped_column(Float, index=True)
