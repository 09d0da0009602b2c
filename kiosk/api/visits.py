"""/api/v1/visits: queue systems and one-stop software open and close visits and get QR codes."""

from flask import Response, current_app, jsonify, url_for

from kiosk.api import bp
from kiosk.api.keys import integration_view
from kiosk.api.visit_body import MAX_BODY_BYTES, read_open_visit_request
from models.base import utcnow
from models.ops.visits import VisitError, close_visit, open_visit
from models.queries.visit_counters import counter_by_code, officer_by_code, signed_in_officer
from models.queries.visits import VisitRow, visit_by_id
from web.bodies import body_limit
from web.db import get_session
from web.errors import ApiError
from web.urls import public_url, survey_token_key, survey_url


@bp.post("/visits")
@body_limit(MAX_BODY_BYTES)
@integration_view
def open_visit_endpoint(api_key):
    """Open a visit at one of the key's site's counters."""
    wanted = read_open_visit_request()
    session = get_session()
    counter = counter_by_code(session, wanted.counter)
    if counter is None:
        raise ApiError(422, "unknown_counter", f"No counter has the code {wanted.counter!r}.")
    if counter.site_id != api_key.site_id:
        raise ApiError(403, "counter_not_in_site", "The counter belongs to another site.")
    officer = _serving_officer(session, counter.id, wanted.officer)
    try:
        opened = open_visit(session, counter.id, officer.id, opened_via="api",
                            ticket_number=wanted.ticket_number, dossier_code=wanted.dossier_code,
                            api_key_id=api_key.id, token_key=survey_token_key())
    except VisitError as exc:
        raise ApiError(422, exc.code, exc.message) from None
    session.commit()
    body = visit_json(visit_by_id(session, opened.visit.id))
    body["closed_visits"] = list(opened.closed_ids)
    location = url_for("api.visit_endpoint", visit_id=opened.visit.id)
    return jsonify(body), 201, {"Location": location}


def _serving_officer(session, counter_id: int, code: str | None):
    """Return the officer named by code, else the one signed in at the counter."""
    if code:
        officer = officer_by_code(session, code)
        if officer is None:
            raise ApiError(422, "unknown_officer", f"No officer has the code {code!r}.")
        return officer
    officer = signed_in_officer(session, counter_id)
    if officer is None:
        raise ApiError(422, "no_officer_signed_in",
                       "Nobody is signed in at the counter: name the officer serving.")
    return officer


def _site_visit(api_key, visit_id: int) -> VisitRow:
    """Return the visit if it is at the key's site; 404 otherwise (other sites' ids stay hidden)."""
    row = visit_by_id(get_session(), visit_id)
    if row is None or row.site_id != api_key.site_id:
        raise ApiError(404, "visit_not_found", "No such visit at this key's site.")
    return row


@bp.get("/visits/<int:visit_id>")
@integration_view
def visit_endpoint(visit_id, api_key):
    """Show a visit."""
    body = visit_json(_site_visit(api_key, visit_id))
    get_session().commit()
    return jsonify(body)


@bp.post("/visits/<int:visit_id>/close")
@body_limit(MAX_BODY_BYTES)
@integration_view
def close_visit_endpoint(visit_id, api_key):
    """Close a visit; closing a closed visit changes nothing."""
    session = get_session()
    close_visit(session, _site_visit(api_key, visit_id).id)
    session.commit()
    return jsonify(visit_json(visit_by_id(session, visit_id)))


@bp.get("/visits/<int:visit_id>/qr.png")
@integration_view
def visit_qr_png(visit_id, api_key):
    """Return the visit's survey QR code as PNG."""
    from render.qr import qr_png

    return _private_file(qr_png(_survey_url(_site_visit(api_key, visit_id))), "image/png")


@bp.get("/visits/<int:visit_id>/qr.svg")
@integration_view
def visit_qr_svg(visit_id, api_key):
    """Return the visit's survey QR code as SVG."""
    from render.qr import qr_svg

    return _private_file(qr_svg(_survey_url(_site_visit(api_key, visit_id))), "image/svg+xml")


@bp.get("/visits/<int:visit_id>/slip.pdf")
@integration_view
def visit_slip_pdf(visit_id, api_key):
    """Return an 80 mm receipt slip with the visit's QR code."""
    from render.posters import receipt_slip_pdf, slip_for_visit

    row = _site_visit(api_key, visit_id)
    slip = slip_for_visit(row, url=_survey_url(row), lookup_url=public_url("survey.lookup"),
                          zone=current_app.config["TIMEZONE"])
    return _private_file(receipt_slip_pdf(slip), "application/pdf")


def _survey_url(row: VisitRow) -> str:
    """Return the visit's survey link; 410 for a visit whose link cannot be shown again."""
    url = survey_url(row)
    if url is None:
        raise ApiError(410, "link_not_shown_again",
                       "This visit was opened before survey links were derived from a "
                       "nonce; its link cannot be shown again.")
    return url


def _private_file(data: bytes, mimetype: str) -> Response:
    """Answer with data, never cached: it carries a secret survey link."""
    get_session().commit()
    response = Response(data, mimetype=mimetype)
    response.headers["Cache-Control"] = "no-store"
    return response


def _iso(instant) -> str | None:
    return instant.isoformat().replace("+00:00", "Z") if instant else None


def visit_json(row: VisitRow) -> dict:
    """Return a visit as the API shows it."""
    links = {
        name: url_for(endpoint, visit_id=row.id, _external=True)
        for name, endpoint in (
            ("qr_png", "api.visit_qr_png"),
            ("qr_svg", "api.visit_qr_svg"),
            ("slip_pdf", "api.visit_slip_pdf"),
        )
    }
    return {
        "id": row.id,
        "counter": row.counter_code,
        "counter_number": row.counter_number,
        "officer": row.officer_code,
        "officer_name": row.officer_name,
        "ticket_number": row.ticket_number,
        "dossier_code": row.dossier_code,
        "opened_at": _iso(row.opened_at),
        "closed_at": _iso(row.closed_at),
        "state": row.state(utcnow()),
        "token_expires_at": _iso(row.token_expires_at),
        "survey_url": survey_url(row),
        **links,
    }
