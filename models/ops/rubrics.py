"""Rubric versions: clone into a draft, edit the draft's document, activate, retire."""

import copy
import json
from datetime import date, datetime

from sqlalchemy import func, select

from evaluation import Rubric, RubricError, parse_rubric, rubric_to_dict
from models.base import utcnow
from models.evaluation import RubricVersion

#: Longest rubric document accepted from the console, in characters.
MAX_DOCUMENT_LENGTH = 200_000


class RubricChangeError(ValueError):
    """A rubric change that cannot be made; ``code`` is stable, ``message`` in English."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _version(session, version_id: int) -> RubricVersion:
    version = session.get(RubricVersion, version_id)
    if version is None:
        raise RubricChangeError("not_found", f"no rubric version {version_id}")
    return version


def clone_rubric(session, version_id: int, *, user_id: int | None) -> RubricVersion:
    """Copy a version into a new draft, numbered after the highest version of its name."""
    source = _version(session, version_id)
    number = session.scalar(select(func.max(RubricVersion.version))
                            .where(RubricVersion.name == source.name)) + 1
    document = copy.deepcopy(source.document)
    document["version"] = number
    draft = RubricVersion(name=source.name, version=number, effective_from=source.effective_from,
                          document=document, status="draft", created_by_id=user_id)
    session.add(draft)
    session.flush()
    return draft


def parse_document_text(text: str) -> Rubric:
    """Decode and validate a rubric typed as JSON text.

    :raises RubricChangeError: ``too_long`` or ``bad_json`` (with the line and column).
    :raises evaluation.RubricError: listing every problem of the document.
    """
    if len(text) > MAX_DOCUMENT_LENGTH:
        raise RubricChangeError("too_long", f"longer than {MAX_DOCUMENT_LENGTH} characters")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RubricChangeError("bad_json", f"line {exc.lineno}, column {exc.colno}: {exc.msg}") \
            from None
    except RecursionError:
        raise RubricChangeError("bad_json", "nested too deeply") from None
    return parse_rubric(document)


def save_draft(session, version_id: int, text: str) -> RubricVersion:
    """Validate ``text`` and store it, normalised, as the draft's document; flush.

    :raises RubricChangeError: ``not_draft``, ``bad_json``, ``too_long`` or
        ``duplicate_version`` (another version has the same name and number).
    :raises evaluation.RubricError: when the document has problems.
    """
    draft = _version(session, version_id)
    if draft.status != "draft":
        raise RubricChangeError("not_draft", "only a draft can be edited; clone this version")
    rubric = parse_document_text(text)
    _check_unique(session, rubric.name, rubric.version, draft.id)
    draft.document = rubric_to_dict(rubric)
    draft.name, draft.version, draft.effective_from = (rubric.name, rubric.version,
                                                       rubric.effective_from)
    session.flush()
    return draft


def _check_unique(session, name: str, number: int, own_id: int) -> None:
    taken = session.scalar(select(RubricVersion.id).where(
        RubricVersion.name == name, RubricVersion.version == number, RubricVersion.id != own_id))
    if taken is not None:
        raise RubricChangeError("duplicate_version",
                                f"{name!r} already has a version {number}; raise the number")


def activate_rubric(session, version_id: int, *, effective_from: date,
                    now: datetime | None = None) -> list[int]:
    """Put a draft (or retired) version in force from ``effective_from``; flush.

    An active version with the same effective date is retired: it is being replaced.
    Return the ids of the versions retired.

    :raises RubricChangeError: ``already_active``, ``bad_effective_date`` (a quarterly
        rubric takes effect on a quarter's first day).
    """
    version = _version(session, version_id)
    if version.status == "active":
        raise RubricChangeError("already_active", "this version is already active")
    document = dict(version.document, effective_from=effective_from.isoformat())
    try:
        parse_rubric(document)
    except RubricError:
        raise RubricChangeError("bad_effective_date",
                                "the rubric cannot take effect on that date") from None
    replaced = session.scalars(select(RubricVersion).where(
        RubricVersion.status == "active", RubricVersion.effective_from == effective_from)).all()
    for other in replaced:
        other.status = "retired"
    version.document, version.effective_from = document, effective_from
    version.status, version.activated_at = "active", now or utcnow()
    session.flush()
    return [other.id for other in replaced]


def retire_rubric(session, version_id: int) -> None:
    """Take an active version out of force; months already closed keep their copy. Flush.

    :raises RubricChangeError: ``not_active``.
    """
    version = _version(session, version_id)
    if version.status != "active":
        raise RubricChangeError("not_active", "only an active version can be retired")
    version.status = "retired"
    session.flush()


def document_text(version: RubricVersion) -> str:
    """Return a version's document as indented JSON for the editor."""
    return json.dumps(version.document, ensure_ascii=False, indent=2)
