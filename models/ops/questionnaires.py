"""Questionnaire versions: clone the active one into a draft, edit the draft, activate it.

A version that is or was active is frozen: ratings were (or may have been) given under
it, and every stored answer keeps the version it was given under. Only drafts change.
"""

import re

from sqlalchemy import func, select

from models.base import utcnow
from models.questionnaires import ITEM_GROUPS, QuestionItem, QuestionnaireVersion
from models.ratings import Rating

CODE_PATTERN = re.compile(r"^[A-Z0-9_]{2,32}$")


class QuestionnaireError(ValueError):
    """A change a questionnaire version cannot take; code says why."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code = code


def is_editable(session, version: QuestionnaireVersion) -> bool:
    """Say whether the version may still change: a draft no rating refers to."""
    if version.status != "draft":
        return False
    used = session.scalar(
        select(func.count(Rating.id)).where(Rating.questionnaire_version_id == version.id)
    )
    return not used


def _require_editable(session, version) -> None:
    if not is_editable(session, version):
        raise QuestionnaireError("frozen", "only a draft without ratings can change")


def clone_version(session, version: QuestionnaireVersion) -> QuestionnaireVersion:
    """Copy a version and its items into a new draft (next version number); flush only."""
    number = session.scalar(
        select(func.max(QuestionnaireVersion.version)).where(
            QuestionnaireVersion.questionnaire_id == version.questionnaire_id)
    )
    draft = QuestionnaireVersion(
        questionnaire_id=version.questionnaire_id, version=number + 1, status="draft",
        scale_max=version.scale_max, satisfied_min_level=version.satisfied_min_level,
        reason_required_max_level=version.reason_required_max_level, note=version.note,
    )
    draft.items = [
        QuestionItem(code=i.code, item_group=i.item_group, label_vi=i.label_vi,
                     label_en=i.label_en, position=i.position, level=i.level)
        for i in version.items
    ]
    session.add(draft)
    session.flush()
    return draft


def update_settings(session, version, *, scale_max, satisfied_min_level,
                    reason_required_max_level, note) -> None:
    """Change a draft's scale and thresholds; flush only.

    :raises QuestionnaireError: "frozen", or "thresholds" when they do not fit the scale.
    """
    _require_editable(session, version)
    if not (2 <= scale_max <= 5 and 1 <= satisfied_min_level <= scale_max
            and 0 <= reason_required_max_level < satisfied_min_level):
        raise QuestionnaireError("thresholds")
    version.scale_max = scale_max
    version.satisfied_min_level = satisfied_min_level
    version.reason_required_max_level = reason_required_max_level
    version.note = note
    session.flush()


def update_item(session, item: QuestionItem, *, label_vi: str, label_en: str) -> None:
    """Change an item's labels in a draft; flush only."""
    _require_editable(session, item.version)
    item.label_vi, item.label_en = label_vi, label_en
    session.flush()


def add_item(session, version, *, code, group, label_vi, label_en, level=None) -> QuestionItem:
    """Add an item at the end of a draft; flush only.

    :raises QuestionnaireError: "frozen", "code" (malformed or taken), "group", "level".
    """
    _require_editable(session, version)
    if not CODE_PATTERN.match(code or "") or any(i.code == code for i in version.items):
        raise QuestionnaireError("code")
    if group not in ITEM_GROUPS:
        raise QuestionnaireError("group")
    if (group == "overall") != (level is not None):
        raise QuestionnaireError("level")
    position = max((i.position for i in version.items), default=-1) + 1
    item = QuestionItem(code=code, item_group=group, label_vi=label_vi, label_en=label_en,
                        position=position, level=level)
    version.items.append(item)
    session.flush()
    return item


def remove_item(session, item: QuestionItem) -> None:
    """Remove an item from a draft; flush only."""
    _require_editable(session, item.version)
    item.version.items.remove(item)
    session.delete(item)
    session.flush()


def activate_version(session, version, now=None) -> QuestionnaireVersion | None:
    """Make a draft the active version and retire the one before; return the retired one.

    :raises QuestionnaireError: "frozen", or "levels" when the overall items are not exactly
        one per level from 1 to scale_max.
    """
    _require_editable(session, version)
    levels = sorted(i.level for i in version.items if i.item_group == "overall")
    if levels != list(range(1, version.scale_max + 1)):
        raise QuestionnaireError("levels")
    current = session.scalar(
        select(QuestionnaireVersion).where(QuestionnaireVersion.status == "active"))
    if current is not None:
        current.status = "retired"
        session.flush()
    version.status = "active"
    version.activated_at = now or utcnow()
    session.flush()
    return current
