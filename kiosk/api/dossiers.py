"""POST /api/v1/dossiers: one-stop software pushes the register, dossier by dossier."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, jsonify

from kiosk.api import bp
from kiosk.api.dossier_body import read_batch
from kiosk.api.keys import authenticate_integration
from models.ops.register import RegisterRejected, import_register
from web.bodies import body_limit
from web.db import write_session
from web.dossier_key import dossier_hash_key
from web.errors import ApiError

#: Largest body accepted, in bytes (500 dossiers of about 1 KB each, with room to spare).
MAX_BODY_BYTES = 1024 * 1024


@bp.post("/dossiers")
@body_limit(MAX_BODY_BYTES)
def push_dossiers():
    """Upsert a batch of dossiers into the key's site's register, all or nothing."""
    items = read_batch()
    session = write_session()
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
