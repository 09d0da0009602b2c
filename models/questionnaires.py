"""Questionnaires as versioned data: every stored answer keeps the version it was given under."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, NFCString, UTCDateTime, utcnow

#: Item groups: the overall levels, the conduct code, and the listed reasons for dissatisfaction.
ITEM_GROUPS = ("overall", "4xin", "4luon", "5khong", "reason")
#: Groups answered Có / Không; their "Có" share is the conduct rate (criterion A2).
CONDUCT_GROUPS = ("4xin", "4luon")
VERSION_STATUSES = ("draft", "active", "retired")


class Questionnaire(Base):
    """A named questionnaire; its content lives in versions."""

    __tablename__ = "questionnaires"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(NFCString(200))

    versions: Mapped[list["QuestionnaireVersion"]] = relationship(
        back_populates="questionnaire", order_by="QuestionnaireVersion.version"
    )


class QuestionnaireVersion(Base):
    """One frozen version of a questionnaire; exactly one version is active at a time."""

    __tablename__ = "questionnaire_versions"
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "version"),
        CheckConstraint("status IN ('draft', 'active', 'retired')", name="status_known"),
        CheckConstraint("scale_max BETWEEN 2 AND 5", name="scale_in_range"),
        CheckConstraint("satisfied_min_level BETWEEN 1 AND scale_max", name="satisfied_in_scale"),
        CheckConstraint(
            "reason_required_max_level BETWEEN 0 AND satisfied_min_level - 1",
            name="reason_below_satisfied",
        ),
        Index(
            "uq_questionnaire_versions_one_active",
            "status",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    #: Highest overall level: 3 for the national scale, 5 for SIPAS.
    scale_max: Mapped[int] = mapped_column(Integer, default=3)
    #: Levels at or above this count as satisfied (Hài lòng and Rất hài lòng).
    satisfied_min_level: Mapped[int] = mapped_column(Integer, default=2)
    #: Levels at or below this need a reason (Không hài lòng).
    reason_required_max_level: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(NFCString(500), default="")

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="versions")
    items: Mapped[list["QuestionItem"]] = relationship(
        back_populates="version", order_by="QuestionItem.position"
    )


class QuestionItem(Base):
    """One item: an overall level, a conduct item, a prohibited behaviour or a listed reason."""

    __tablename__ = "question_items"
    __table_args__ = (
        UniqueConstraint("version_id", "code"),
        CheckConstraint(
            "item_group IN ('overall', '4xin', '4luon', '5khong', 'reason')", name="group_known"
        ),
        CheckConstraint(
            "(item_group = 'overall' AND level IS NOT NULL) "
            "OR (item_group <> 'overall' AND level IS NULL)",
            name="level_only_for_overall",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"), index=True)
    #: Stable code, e.g. "XIN_CHAO"; tablets and integrations send codes, not labels.
    code: Mapped[str] = mapped_column(String(32))
    item_group: Mapped[str] = mapped_column(String(16))
    label_vi: Mapped[str] = mapped_column(NFCString(300))
    label_en: Mapped[str] = mapped_column(NFCString(300))
    position: Mapped[int] = mapped_column(Integer)
    #: For overall items: the level on the scale (1 = lowest).
    level: Mapped[int | None] = mapped_column(Integer)

    version: Mapped[QuestionnaireVersion] = relationship(back_populates="items")
