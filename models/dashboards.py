"""Dashboard figures of a month, computed in the background and read by the console's pages."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime
from models.evaluation import PERIOD_CHECK


class DashboardMonth(Base):
    """A month's dashboard figures by site and department, as last computed.

    A province-sized month takes seconds to aggregate, so the figures are computed by
    ``hailong dashboard refresh`` (or by the first page that finds them missing or too old)
    and pages read them here; ``computed_at`` is printed beside them.
    """

    __tablename__ = "dashboard_months"
    __table_args__ = (CheckConstraint(PERIOD_CHECK, name="period_format"),)

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The month's state the figures were computed from: "open" (live) or "closed" (snapshot).
    status: Mapped[str] = mapped_column(String(16))
    #: For a closed month, when it was closed: a later closing makes the figures outdated.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Small figures by site and department (the 12-month trend reads only these).
    summary: Mapped[dict] = mapped_column(JSON)
    #: Figures per officer, per weekday and hour, per level and per conduct item.
    details: Mapped[dict] = mapped_column(JSON)
