"""Dashboard figures of a month, computed in the background and read by the console's pages."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, String
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


class DashboardDay(Base):
    """One local day's ballot and conduct tallies by department, kept for the month's figures.

    ``token`` digests what the tallies were counted from (the day's rating marks, the
    departments of the officers rated, the zone; models/queries/dashboard_days.py): a day
    whose token no longer matches is counted again, so a refresh reads days, not ratings.
    """

    __tablename__ = "dashboard_days"

    zone: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The local calendar day in ``zone``.
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    #: ``{"ballots": [[department, weekday, hour, version, level, n]], "conduct":
    #: [[department, item, answered, yes]]}``.
    figures: Mapped[dict] = mapped_column(JSON)
