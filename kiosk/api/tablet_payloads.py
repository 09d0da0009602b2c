"""Turn the JSON a tablet sends into typed values; anything malformed becomes a clear refusal."""

import uuid
from datetime import UTC, datetime

from flask import current_app, request

from models.ops.ratings import RatingSubmission
from models.ops.tablets import Heartbeat, TabletRating
from models.ratings import MAX_TEXT_LENGTH
from web.errors import ApiError

#: Most ratings one upload may carry, and the largest upload body, in bytes.
MAX_BATCH_ITEMS = 200
MAX_BATCH_BYTES = 2 * 1024 * 1024
#: Largest body of the other tablet calls.
MAX_SMALL_BODY_BYTES = 16 * 1024
#: Ids are 32-bit integers in the database.
MAX_ID = 2**31 - 1
#: Item codes are short identifiers; a PIN is a few digits.
MAX_CODE_LENGTH = 64
MAX_PIN_LENGTH = 32
#: A pairing code is 6 digits (spaces around it are forgiven); a tablet's name is short text.
MAX_PAIRING_CODE_LENGTH = 16
MAX_TABLET_NAME_LENGTH = 120
#: Times a tablet may send: a tablet whose clock reset to 1970 is corrected, not refused.
EARLIEST_INSTANT = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_YEAR = 3000


class ItemInvalid(ValueError):
    """One rating in a batch that is not shaped as the API describes."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def json_body(max_bytes: int = MAX_SMALL_BODY_BYTES) -> dict:
    """Return the request's JSON object, refusing a body that is too large or not JSON.

    :raises ApiError: 413 payload_too_large, 415 unsupported_media_type, 400 invalid_json
        or invalid_body.
    """
    request.max_content_length = max_bytes
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    try:
        body = current_app.json.loads(request.get_data(cache=False))
    except ValueError:
        raise ApiError(400, "invalid_json", "The body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_body", "The body must be a JSON object.")
    return body


def _field_error(name: str, what: str):
    return ItemInvalid("invalid_field", f"{name} must be {what}")


def integer(value, name: str, *, low: int = 1, high: int = MAX_ID) -> int:
    """Return value if it is a whole number in range (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _field_error(name, f"a whole number from {low} to {high}")
    return value


def text(value, name: str, max_length: int, *, optional: bool = False) -> str | None:
    """Return value if it is storable text of at most max_length characters."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _field_error(name, "text")
    if len(value) > max_length:
        raise ItemInvalid("text_too_long", f"{name} is longer than {max_length} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _field_error(name, "valid Unicode text") from None
    if "\x00" in value:
        raise _field_error(name, "text without NUL characters")
    return value


def instant(value, name: str, *, optional: bool = False) -> datetime | None:
    """Return an ISO 8601 date-time with a time zone as an aware datetime."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise _field_error(name, "an ISO 8601 date-time")
    try:
        parsed = datetime.fromisoformat(value)
        utc = parsed.astimezone(UTC) if parsed.tzinfo is not None else None
    except (ValueError, OverflowError):
        raise _field_error(name, "an ISO 8601 date-time") from None
    if utc is None:
        raise _field_error(name, "a date-time with a time zone (e.g. ending in Z)")
    if not EARLIEST_INSTANT.year <= utc.year < LATEST_YEAR:
        raise _field_error(name, f"a date-time from {EARLIEST_INSTANT.year} to {LATEST_YEAR}")
    return utc


def _codes(value, name: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _field_error(name, "a list of item codes")
    return tuple(text(code, name, MAX_CODE_LENGTH) for code in value)


def _answers(value) -> dict[str, bool]:
    if not isinstance(value, dict):
        raise _field_error("answers", "an object of item code to true/false")
    for code, answer in value.items():
        text(code, "answers", MAX_CODE_LENGTH)
        if not isinstance(answer, bool):
            raise _field_error("answers", "an object of item code to true/false")
    return dict(value)


def rating_id(raw) -> uuid.UUID:
    """Return the client-generated UUID of a batch item."""
    value = raw.get("id")
    if not isinstance(value, str) or len(value) > 64:
        raise _field_error("id", "a UUID")
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _field_error("id", "a UUID") from None


def tablet_rating(raw: dict, rating_uuid: uuid.UUID) -> TabletRating:
    """Return one batch item as a TabletRating.

    :raises ItemInvalid: naming the first field that is missing or of the wrong type.
    """
    visit = raw.get("visit_id")
    submission = RatingSubmission(
        id=rating_uuid,
        source="kiosk",
        level=integer(raw.get("level"), "level", low=-MAX_ID, high=MAX_ID),
        answers=_answers(raw.get("answers", {})),
        reported=_codes(raw.get("reported", []), "reported"),
        reasons=_codes(raw.get("reasons", []), "reasons"),
        reason_text=text(raw.get("reason_text"), "reason_text", MAX_TEXT_LENGTH, optional=True),
        comment=text(raw.get("comment"), "comment", MAX_TEXT_LENGTH, optional=True),
        client_rated_at=instant(raw.get("rated_at"), "rated_at"),
    )
    return TabletRating(
        submission=submission,
        questionnaire_version_id=integer(
            raw.get("questionnaire_version_id"), "questionnaire_version_id"
        ),
        officer_id=integer(raw.get("officer_id"), "officer_id"),
        counter_id=integer(raw.get("counter_id"), "counter_id"),
        visit_id=None if visit is None else integer(visit, "visit_id"),
    )


def batch(body: dict) -> tuple[datetime, list]:
    """Return the upload's sending time and its raw items.

    :raises ApiError: 400 when sent_at or the list is missing or malformed, 413 when the
        list is longer than MAX_BATCH_ITEMS.
    """
    try:
        sent_at = instant(body.get("sent_at"), "sent_at")
    except ItemInvalid as exc:
        raise ApiError(400, "invalid_sent_at", exc.message) from None
    items = body.get("ratings")
    if not isinstance(items, list):
        raise ApiError(400, "invalid_body", "ratings must be a list.")
    if len(items) > MAX_BATCH_ITEMS:
        raise ApiError(413, "batch_too_large", f"Send at most {MAX_BATCH_ITEMS} ratings at once.")
    return sent_at, items


def heartbeat(body: dict) -> Heartbeat:
    """Return a heartbeat report.

    :raises ApiError: 400 invalid_body naming the wrong field.
    """
    try:
        return Heartbeat(
            sent_at=instant(body.get("sent_at"), "sent_at"),
            app_version=text(body.get("app_version", ""), "app_version", 32),
            outbox_length=integer(body.get("outbox_length"), "outbox_length", low=0),
            oldest_unsent_at=instant(
                body.get("oldest_unsent_at"), "oldest_unsent_at", optional=True
            ),
            dead_letters=integer(body.get("dead_letters"), "dead_letters", low=0),
        )
    except ItemInvalid as exc:
        raise ApiError(400, "invalid_body", exc.message) from None


def pairing(body: dict) -> tuple[str, str]:
    """Return the pairing code and the tablet's name (empty when not given).

    :raises ApiError: 400 invalid_body naming the wrong field.
    """
    try:
        code = text(body.get("code"), "code", MAX_PAIRING_CODE_LENGTH)
        name = text(body.get("name", ""), "name", MAX_TABLET_NAME_LENGTH)
    except ItemInvalid as exc:
        raise ApiError(400, "invalid_body", exc.message) from None
    return code, name.strip()


def sign_out(body: dict) -> str:
    """Return the PIN typed to sign out.

    :raises ApiError: 400 invalid_body.
    """
    try:
        return text(body.get("pin"), "pin", MAX_PIN_LENGTH)
    except ItemInvalid as exc:
        raise ApiError(400, "invalid_body", exc.message) from None


def sign_in(body: dict) -> tuple[int, str]:
    """Return the officer id and the PIN typed.

    :raises ApiError: 400 invalid_body naming the wrong field.
    """
    try:
        officer_id = integer(body.get("officer_id"), "officer_id")
        pin = text(body.get("pin"), "pin", MAX_PIN_LENGTH)
    except ItemInvalid as exc:
        raise ApiError(400, "invalid_body", exc.message) from None
    return officer_id, pin
