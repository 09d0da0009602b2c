"""Long console actions sent once: the one-time nonce each such form carries."""

from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime


class FormSubmission(Base):
    """One long write action (an import, a month close) done for one form nonce.

    The row is inserted in the same transaction as the action's writes, so it exists
    exactly when the action was committed: a second POST carrying the same nonce (a double
    click, a reload that resends the form) finds it and is answered with ``result`` instead
    of doing the action again.
    """

    __tablename__ = "form_submissions"

    #: The nonce the form was rendered with (random, URL-safe).
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: What was done, e.g. "officer.import", "month.close".
    action: Mapped[str] = mapped_column(String(40))
    #: Who sent the form (a replay by another account is refused, not answered).
    user_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), index=True)
    #: What the person was told: {"location": url, "messages": [[category, text], …]}
    #: or, for a page that shows its result in place, what it needs to show it again.
    result: Mapped[dict] = mapped_column(JSON, default=dict)
