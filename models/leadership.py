"""NĐ 335/2025 for leaders and outstanding units: who holds a leading or managing post (công
chức lãnh đạo, quản lý) and which agencies qualify for the quota's exception in a year."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, NFCString, NFCText, UTCDateTime, utcnow

#: The units a post may lead: the officer's department (at their site) or the whole site.
POST_UNITS = ("department", "site")


class LeadingPost(Base):
    """An officer holds a leading or managing post over a unit from a date (to a date).

    The evaluation of a period uses the post held on any of its days: the officer's task
    results then also average the led unit's items, and the leaders' override applies.
    """

    __tablename__ = "leading_posts"
    __table_args__ = (
        CheckConstraint("unit IN ('department', 'site')", name="unit_known"),
        CheckConstraint("(unit = 'department' AND department_id IS NOT NULL AND site_id IS NULL)"
                        " OR (unit = 'site' AND site_id IS NOT NULL AND department_id IS NULL)",
                        name="unit_named"),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
        Index("ix_leading_posts_officer_started", "officer_id", "started_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    unit: Mapped[str] = mapped_column(NFCString(16))
    #: The department led (its officers at the post holder's site), for unit "department".
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    #: The site led, for unit "site".
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    #: The post as printed, e.g. "Trưởng bộ phận", "Phó Giám đốc".
    title: Mapped[str] = mapped_column(NFCString(120))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    #: The appointment decision, or anything else worth keeping.
    note: Mapped[str] = mapped_column(NFCText, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class OutstandingUnit(Base):
    """An agency (site) that qualifies for the quota's exception in a year (NĐ 335/2025).

    The rubric's ``quota.exception`` holds the share; this row says the site qualifies,
    e.g. because it was graded Hoàn thành xuất sắc nhiệm vụ the year before.
    """

    __tablename__ = "outstanding_units"
    __table_args__ = (
        UniqueConstraint("site_id", "year"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_in_range"),
        CheckConstraint("reference <> ''", name="reference_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    year: Mapped[int] = mapped_column(Integer)
    #: The decision that makes the agency qualify (its number and date).
    reference: Mapped[str] = mapped_column(NFCString(200))
    note: Mapped[str] = mapped_column(NFCText, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
