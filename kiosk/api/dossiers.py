"""POST /api/v1/dossiers: one-stop software pushes the register, dossier by dossier."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, jsonify, request

from kiosk.api import bp, dossier_docs
from kiosk.api.keys import authenticate_integration
from kiosk.api.openapi import describe
from models.engine import begin_write
from models.ops.register import RegisterRejected, import_register
from models.ops.register_columns import BY_NAME
from web.bodies import body_limit
from web.db import get_session
from web.dossier_key import dossier_hash_key
from web.errors import ApiError

#: Largest body accepted, in bytes (500 dossiers of about 1 KB each, with room to spare).
MAX_BODY_BYTES = 1024 * 1024
#: Fields an item may carry (the register's fields, without the free-text address column).
API_FIELDS = frozenset(BY_NAME) - {"contact"}


def read_batch() -> list[dict]:
    """Return the items of the request body (already read within MAX_BODY_BYTES by
    ``web.bodies``, chunked ones too: a larger body never reaches the view).

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
    if set(body) != {"dossiers"}:
        name = sorted(set(body) - {"dossiers"})[0]
        raise ApiError(400, "unknown_field", f"Unknown field {name!r}.", field=name)
    items = body["dossiers"]
    if len(items) > dossier_docs.MAX_ITEMS:
        raise ApiError(400, "too_many_items",
                       f"A batch holds at most {dossier_docs.MAX_ITEMS} dossiers.")
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
                or (isinstance(value, str) and len(value) > 500):
            raise ApiError(400, "invalid_field", f"Item {index}: {name!r} must be a string, "
                           "number, boolean or null.", index=index, field=name)


@bp.post("/dossiers")
@body_limit(MAX_BODY_BYTES)
@describe("/dossiers", "post", dossier_docs.PUSH_DOSSIERS)
def push_dossiers():
    """Upsert a batch of dossiers into the key's site's register, all or nothing."""
    items = read_batch()
    session = get_session()
    begin_write(session)
    api_key = authenticate_integration()
    zone = current_app.config["TIMEZONE"]
    try:
        summary = import_register(
            session, api_key.site_id, ((n, item) for n, item in enumerate(items, start=1)),
            key=dossier_hash_key(), zone=zone, today=datetime.now(ZoneInfo(zone)).date(),
            source="api", api_key_id=api_key.id)
    except RegisterRejected as exc:
        session.rollback()
        raise ApiError(422, "invalid_dossiers", f"{exc.total} problem(s); nothing was stored.",
                       total=exc.total, problems=[
                           {"index": p.row, "field": p.field, "code": p.code,
                            "message": p.message().split(": ", 1)[-1]}
                           for p in exc.problems]) from None
    session.commit()
    return jsonify({"import_id": summary.import_id, "received": summary.rows,
                    "created": summary.created, "updated": summary.updated,
                    "unchanged": summary.unchanged, "without_officer": summary.without_officer,
                    "months": summary.months, "closed_months": list(summary.closed_months)})
