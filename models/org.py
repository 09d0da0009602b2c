"""The organisation: sites, departments, counters, officers and who serves which counter."""

from datetime import datetime, time

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Time,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from models.base import Base, NFCString, UTCDateTime, utcnow

#: Site kinds: the provincial centre and the commune/ward centres created by the 2025 reform.
SITE_KINDS = ("province", "commune")

counter_assignments = Table(
    "counter_assignments",
    Base.metadata,
    #: The counter an officer may sign in at.
    Column("counter_id", ForeignKey("counters.id", ondelete="CASCADE"), primary_key=True),
    #: The officer who serves that counter.
    Column("officer_id", ForeignKey("officers.id", ondelete="CASCADE"), primary_key=True),
)


class Site(Base):
    """A service centre: the provincial centre or a commune/ward centre."""

    __tablename__ = "sites"
    __table_args__ = (
        CheckConstraint("kind IN ('province', 'commune')", name="kind_known"),
        CheckConstraint("cooldown_seconds >= 0", name="cooldown_not_negative"),
        CheckConstraint("token_ttl_days BETWEEN 1 AND 90", name="token_ttl_in_range"),
        CheckConstraint("opens_at < closes_at", name="opens_before_closing"),
        CheckConstraint("dossier_rating_days BETWEEN 1 AND 90",
                        name="dossier_rating_days_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Short stable code used on the command line and in imports.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    #: Full Vietnamese name as printed on reports.
    name: Mapped[str] = mapped_column(NFCString(200))
    kind: Mapped[str] = mapped_column(String(16), default="province")
    address: Mapped[str] = mapped_column(NFCString(300), default="")
    #: Opening and closing time, local; tablets sign officers out at closing time.
    opens_at: Mapped[time] = mapped_column(Time, default=time(7, 30))
    closes_at: Mapped[time] = mapped_column(Time, default=time(17, 0))
    #: Seconds a tablet or poster refuses a new rating while no visit is open.
    cooldown_seconds: Mapped[int] = mapped_column(Integer, default=20)
    #: Days a single-use survey token stays valid.
    token_ttl_days: Mapped[int] = mapped_column(Integer, default=7)
    #: Days after a dossier's result is handed back during which it can be rated by its code.
    dossier_rating_days: Mapped[int] = mapped_column(Integer, default=30)
    #: Ask the last four digits of the applicant's phone or ID when the register has them.
    dossier_second_factor: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    counters: Mapped[list["Counter"]] = relationship(back_populates="site")


class Department(Base):
    """A department (sở, ngành) or a commune unit whose officers sit at the counters."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(NFCString(200))
    #: Land, construction and investment procedures: satisfaction target 85% instead of 90%.
    land_group: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Counter(Base):
    """A service counter (quầy) at a site."""

    __tablename__ = "counters"
    __table_args__ = (CheckConstraint("number > 0", name="number_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Globally unique code, e.g. "TTHC-05"; printed under the poster QR.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    #: The number shown to citizens ("Quầy số 5").
    number: Mapped[int] = mapped_column(Integer)
    #: The department the counter serves, when it serves one.
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    name: Mapped[str] = mapped_column(NFCString(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    site: Mapped[Site] = relationship(back_populates="counters")
    department: Mapped[Department | None] = relationship()
    officers: Mapped[list["Officer"]] = relationship(
        secondary=counter_assignments, back_populates="counters"
    )


class Officer(Base):
    """A one-stop officer (công chức một cửa) who is rated and evaluated."""

    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Staff code, used to sign in at the tablet and to import dossier statistics.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    full_name: Mapped[str] = mapped_column(NFCString(120))
    #: Job title (chức vụ) as printed on reports.
    title: Mapped[str] = mapped_column(NFCString(120), default="")
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    #: Re-encoded JPEG of the officer's face, shown on the tablet.
    photo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    photo_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Hash of the PIN the officer types at the tablet; never the PIN itself.
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    site: Mapped[Site] = relationship()
    department: Mapped[Department] = relationship()
    counters: Mapped[list[Counter]] = relationship(
        secondary=counter_assignments, back_populates="officers"
    )
