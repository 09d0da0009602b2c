"""Load a questionnaire version as plain values, shared by the tablet and the phone survey."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.questionnaires import CONDUCT_GROUPS, QuestionnaireVersion


@dataclass(frozen=True)
class ItemView:
    """One questionnaire item."""

    id: int
    code: str
    group: str
    label_vi: str
    label_en: str
    position: int
    level: int | None

    def label(self, locale: str) -> str:
        """Return the label in locale (Vietnamese unless English is asked for)."""
        return self.label_en if locale == "en" else self.label_vi


@dataclass(frozen=True)
class QuestionnaireView:
    """A questionnaire version with its items, ready to render or to validate against."""

    version_id: int
    code: str
    name: str
    version: int
    scale_max: int
    satisfied_min_level: int
    reason_required_max_level: int
    items: tuple[ItemView, ...]

    def group(self, name: str) -> tuple[ItemView, ...]:
        """Return the items of one group, in order."""
        return tuple(item for item in self.items if item.group == name)

    @property
    def levels(self) -> tuple[ItemView, ...]:
        """Return the overall levels, best first (the order citizens see them)."""
        return tuple(sorted(self.group("overall"), key=lambda item: -item.level))

    @property
    def conduct_items(self) -> tuple[ItemView, ...]:
        """Return the "4 xin, 4 luôn" items answered Có / Không."""
        return tuple(item for item in self.items if item.group in CONDUCT_GROUPS)

    def by_code(self) -> dict[str, ItemView]:
        """Return the items keyed by code."""
        return {item.code: item for item in self.items}

    def is_satisfied(self, level: int) -> bool:
        """Say whether a rating at level counts as satisfied (models.ratings.satisfied_rating
        is the same rule in SQL)."""
        return level >= self.satisfied_min_level

    def needs_reason(self, level: int) -> bool:
        """Say whether a rating at level must give a reason (Không hài lòng)."""
        return level <= self.reason_required_max_level

    def to_dict(self) -> dict:
        """Return the version as JSON-ready data (both languages) for the tablet."""
        return {
            "version_id": self.version_id,
            "code": self.code,
            "version": self.version,
            "scale_max": self.scale_max,
            "satisfied_min_level": self.satisfied_min_level,
            "reason_required_max_level": self.reason_required_max_level,
            "items": [
                {
                    "code": item.code,
                    "group": item.group,
                    "label_vi": item.label_vi,
                    "label_en": item.label_en,
                    "level": item.level,
                    # Decided here, once: the tablet never compares levels itself.
                    "satisfied": (self.is_satisfied(item.level)
                                  if item.group == "overall" else None),
                }
                for item in self.items
            ],
        }


def _view(version: QuestionnaireVersion) -> QuestionnaireView:
    items = tuple(
        ItemView(i.id, i.code, i.item_group, i.label_vi, i.label_en, i.position, i.level)
        for i in sorted(version.items, key=lambda i: (i.position, i.id))
    )
    return QuestionnaireView(
        version_id=version.id,
        code=version.questionnaire.code,
        name=version.questionnaire.name,
        version=version.version,
        scale_max=version.scale_max,
        satisfied_min_level=version.satisfied_min_level,
        reason_required_max_level=version.reason_required_max_level,
        items=items,
    )


def load_questionnaire(session, version_id: int) -> QuestionnaireView | None:
    """Return the questionnaire version with this id, or None."""
    version = session.scalar(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.id == version_id)
        .options(
            selectinload(QuestionnaireVersion.items),
            selectinload(QuestionnaireVersion.questionnaire),
        )
    )
    return _view(version) if version else None


def load_active_questionnaire(session) -> QuestionnaireView | None:
    """Return the active questionnaire version, or None when none is active."""
    version_id = session.scalar(
        select(QuestionnaireVersion.id).where(QuestionnaireVersion.status == "active")
    )
    return load_questionnaire(session, version_id) if version_id else None
