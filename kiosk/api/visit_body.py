"""Read and check the JSON body of POST /api/v1/visits, declared once as `OpenVisit`."""

import unicodedata
from dataclasses import dataclass
from typing import Annotated

import msgspec
from flask import request
from msgspec import Meta

from kiosk.api import schema
from models.ops.visits import MAX_DOSSIER_CODE_LENGTH, MAX_TICKET_LENGTH, normalise_dossier_code
from web.errors import ApiError

#: Largest body accepted for opening a visit, in bytes.
MAX_BODY_BYTES = 4096


class OpenVisit(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A visit to open: text fields are trimmed and NFC-normalised; a ticket number, a dossier
    code or both are required."""

    counter: Annotated[str, Meta(max_length=32, description="Counter code.")]
    officer: Annotated[str, Meta(
        max_length=32, description="Staff code of the officer serving; default: who is "
        "signed in at the counter's tablet.")] | None = None
    ticket_number: Annotated[str, Meta(max_length=MAX_TICKET_LENGTH)] | None = None
    dossier_code: Annotated[str, Meta(
        max_length=MAX_DOSSIER_CODE_LENGTH, description="Stored without spaces, in upper "
        "case. A ticket number, a dossier code or both are required.")] | None = None


#: field → (longest accepted text, required), from the declaration.
FIELDS = {field.name: (field.type.max_length, field.required)
          for field in schema.fields(OpenVisit)}


@dataclass(frozen=True)
class OpenVisitRequest:
    """What an integration asked for: a counter, maybe an officer, a ticket and/or a dossier."""

    counter: str
    officer: str | None
    ticket_number: str | None
    dossier_code: str | None


def read_open_visit_request() -> OpenVisitRequest:
    """Return the checked body of an open-visit request.

    :raises ApiError: 413 for a body over MAX_BODY_BYTES (web/bodies.py refuses a longer
        chunked body before this runs); 415 for a body that is not JSON; 400 for anything
        that is not a JSON object of known text fields within their lengths, or that gives
        neither a ticket number nor a dossier code.
    """
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise ApiError(413, "payload_too_large", f"The body exceeds {MAX_BODY_BYTES} bytes.")
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_body",
                       "Send a JSON object with Content-Type: application/json.")
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise ApiError(400, "unknown_field", f"Unknown field {unknown[0]!r}.", field=unknown[0])
    values = {name: _text(body, name, *spec) for name, spec in FIELDS.items()}
    if values["dossier_code"]:
        values["dossier_code"] = normalise_dossier_code(values["dossier_code"]) or None
    if not (values["ticket_number"] or values["dossier_code"]):
        raise ApiError(400, "ticket_or_dossier_required",
                       "Give a ticket_number, a dossier_code, or both.")
    return OpenVisitRequest(**values)


def _text(body: dict, name: str, longest: int, required: bool) -> str | None:
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ApiError(400, "missing_field", f"{name!r} is required.", field=name)
        return None
    if not isinstance(value, str):
        raise ApiError(400, "invalid_field", f"{name!r} must be a string.", field=name)
    value = unicodedata.normalize("NFC", value.strip())
    if any(unicodedata.category(char).startswith("C") for char in value):
        raise ApiError(400, "invalid_field", f"{name!r} contains control characters.",
                       field=name)
    if len(value) > longest:
        raise ApiError(400, "field_too_long", f"{name!r} is longer than {longest}.", field=name)
    return value
