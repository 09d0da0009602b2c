"""Alerts: every Không hài lòng rating and every reported "5 không" behaviour, with follow-up."""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, NFCText, UTCDateTime, utcnow
from models.ratings import Rating

ALERT_KINDS = ("dissatisfied", "misconduct")
#: mới → đang xác minh → xác nhận / không xác nhận
ALERT_STATUSES = ("new", "verifying", "confirmed", "not_confirmed")


class Alert(Base):
    """Something a leader must see the same day and follow up."""

    __tablename__ = "alerts"
    __table_args__ = (
        CheckConstraint("kind IN ('dissatisfied', 'misconduct')", name="kind_known"),
        CheckConstraint(
            "status IN ('new', 'verifying', 'confirmed', 'not_confirmed')", name="status_known"
        ),
        CheckConstraint(
            "(kind = 'misconduct' AND item_id IS NOT NULL) "
            "OR (kind = 'dissatisfied' AND item_id IS NULL)",
            name="item_only_for_misconduct",
        ),
        Index("ix_alerts_status_created", "status", "created_at"),
        Index("ix_alerts_officer_kind", "officer_id", "kind", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    rating_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ratings.id"), index=True)
    #: The prohibited behaviour reported, for a misconduct alert.
    item_id: Mapped[int | None] = mapped_column(ForeignKey("question_items.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="new")
    #: When the status last changed; a confirmed report counts in the month it was rated.
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(NFCText)

    rating: Mapped[Rating] = relationship()
    events: Mapped[list["AlertEvent"]] = relationship(
        back_populates="alert", order_by="AlertEvent.at"
    )


class AlertEvent(Base):
    """One recorded step of an alert's follow-up."""

    __tablename__ = "alert_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(NFCText, default="")

    alert: Mapped[Alert] = relationship(back_populates="events")
