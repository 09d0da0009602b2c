"""Read and check the JSON body of POST /api/v1/dossiers, declared once as `RegisterBatch`.

The declaration documents each field's type; the register import (models/ops/register.py)
checks the values as it checks a row of an imported file, so here a body is only held to
its shape: known fields with plain values, and the declared number of items.
"""

import json
from typing import Annotated, Literal

import msgspec
from flask import current_app, request
from msgspec import Meta

from kiosk.api import schema
from web.errors import ApiError

#: Most dossiers one batch may carry.
MAX_ITEMS = 500
#: Longest text an item's value may be before the register's own checks.
MAX_VALUE_LENGTH = 500

DateText = Annotated[str, Meta(
    description="A local calendar date, YYYY-MM-DD (or DD/MM/YYYY); an instant with a UTC "
    "offset is taken on the centre's calendar.")]
Flag = bool | None
Channel = Literal["direct", "online", "post"]


class RegisterDossier(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """One dossier of the register. A field left out stays as the register has it (unknown
    for a new dossier); a flag or count sent as null means no/0. Applicant names and
    addresses are not accepted; a phone or ID number is reduced to a keyed hash of its last
    four digits on arrival."""

    code: Annotated[str, Meta(max_length=64, description="Dossier code (mã hồ sơ); stored "
                                                         "without spaces, upper case.")]
    officer_code: Annotated[str, Meta(
        max_length=32, description="Staff code of the receiving officer.")] | None = None
    officer: Annotated[str, Meta(
        max_length=120, description="The receiving officer's code or exact full name, when "
        "officer_code is not given.")] | None = None
    procedure: Annotated[str, Meta(max_length=300)] | None = None
    field: Annotated[str, Meta(max_length=200)] | None = None
    lead_agency: Annotated[str, Meta(max_length=200)] | None = None
    received_on: DateText | None
    due_on: DateText | None
    transferred_on: DateText | None = None
    resolved_on: DateText | None = None
    returned_on: DateText | None = None
    channel: Annotated[Channel, Meta(
        description="How it was handed in (Vietnamese words accepted too).")] | None = None
    return_channel: Channel | None = None
    digitised: Flag = None
    apology: Flag = None
    quality_failed: Flag = None
    supplement_requests: Annotated[int, Meta(ge=0, le=100)] | None = None
    applicant_phone: Annotated[str, Meta(
        max_length=20, description="Kept only as a keyed hash of the last 4 digits (the "
        "second factor of rating by dossier code).")] | None = None
    applicant_id: Annotated[str, Meta(
        max_length=20, description="As applicant_phone.")] | None = None


class RegisterBatch(msgspec.Struct, forbid_unknown_fields=True):
    """Dossiers to upsert into the key's site's register, all or nothing."""

    dossiers: Annotated[list[RegisterDossier], Meta(min_length=1, max_length=MAX_ITEMS)]


#: Fields an item may carry.
API_FIELDS = frozenset(field.name for field in schema.fields(RegisterDossier))


def read_batch() -> list[dict]:
    """Return the items of the request body (already read within the endpoint's byte limit
    by ``web.bodies``, chunked ones too: a larger body never reaches the view).

    :raises ApiError: 400 for anything that is not {"dossiers": [objects of known fields
        with plain values]}.
    """
    data = request.get_data(cache=True)
    try:
        body = current_app.json.loads(data) if request.is_json else None
    except (ValueError, UnicodeDecodeError, json.JSONDecodeError):
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("dossiers"), list) \
            or not body["dossiers"]:
        raise ApiError(400, "invalid_body", 'Send {"dossiers": [...]} with Content-Type: '
                                            "application/json.")
    known = {field.name for field in schema.fields(RegisterBatch)}
    if set(body) != known:
        name = sorted(set(body) - known)[0]
        raise ApiError(400, "unknown_field", f"Unknown field {name!r}.", field=name)
    items = body["dossiers"]
    most = schema.field(RegisterBatch, "dossiers").type.max_length
    if len(items) > most:
        raise ApiError(400, "too_many_items", f"A batch holds at most {most} dossiers.")
    for index, item in enumerate(items, start=1):
        _check_item(item, index)
    return items


def _check_item(item, index: int) -> None:
    if not isinstance(item, dict):
        raise ApiError(400, "invalid_field", f"Item {index} is not a JSON object.", index=index)
    unknown = sorted(set(item) - API_FIELDS)
    if unknown:
        raise ApiError(400, "unknown_field", f"Item {index}: unknown field {unknown[0]!r}.",
                       index=index, field=unknown[0])
    for name, value in item.items():
        if not (value is None or isinstance(value, str | bool | int)) \
                or (isinstance(value, str) and len(value) > MAX_VALUE_LENGTH):
            raise ApiError(400, "invalid_field", f"Item {index}: {name!r} must be a string, "
                           "number, boolean or null.", index=index, field=name)
