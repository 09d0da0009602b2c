"""OpenAPI description of the visit endpoints: schemas and operations."""

from kiosk.api import schema
from kiosk.api.keys import INTEGRATION_SECURITY
from kiosk.api.openapi import error_response
from kiosk.api.visit_body import OpenVisit

VISIT_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "counter": {"type": "string"},
        "counter_number": {"type": "integer"},
        "officer": {"type": "string"},
        "officer_name": {"type": "string"},
        "ticket_number": {"type": ["string", "null"]},
        "dossier_code": {"type": ["string", "null"]},
        "opened_at": {"type": "string", "format": "date-time"},
        "closed_at": {"type": ["string", "null"], "format": "date-time"},
        "state": {"enum": ["open", "rated", "expired"]},
        "token_expires_at": {"type": "string", "format": "date-time"},
        "survey_url": {
            "type": ["string", "null"],
            "format": "uri",
            "description": "The single-use survey link; it is the secret, print it only as "
            "the citizen's QR. The server keeps only its hash and the nonce it is derived "
            "from; null for a visit opened before that, whose link cannot be shown again.",
        },
        "qr_png": {"type": "string", "format": "uri"},
        "qr_svg": {"type": "string", "format": "uri"},
        "slip_pdf": {"type": "string", "format": "uri"},
        "closed_visits": {
            "type": "array",
            "items": {"type": "integer"},
            "description": "On opening: the visits this one closed at the same counter.",
        },
    },
}



def components() -> dict:
    """Return the schemas of the visit endpoints (the request body from its declaration)."""
    return {"schemas": {**schema.schemas(OpenVisit), "Visit": VISIT_SCHEMA}}


VISIT_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
AUTH_ERRORS = {
    "401": error_response("No key, or an unknown or revoked key (`missing_api_key`, "
                          "`invalid_api_key`)."),
    "404": error_response("No such visit at the key's site (`visit_not_found`)."),
}


def _visit_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Visit"}}},
    }


def _file_response(media_type: str, description: str) -> dict:
    return {"description": description, "content": {media_type: {}}}


OPEN_VISIT = {
    "summary": "Open a visit at a counter (closes the counter's previous open visit)",
    "tags": ["visits"],
    "security": INTEGRATION_SECURITY,
    "requestBody": schema.request_body(OpenVisit),
    "responses": {
        "201": _visit_response("The visit, its survey URL and QR links."),
        "400": error_response("Body is not a JSON object of known fields (`invalid_body`, "
                              "`unknown_field`, `missing_field`, `invalid_field`, "
                              "`field_too_long`, `ticket_or_dossier_required`)."),
        "401": AUTH_ERRORS["401"],
        "403": error_response("The counter belongs to another site (`counter_not_in_site`)."),
        "413": error_response("Body too large (`payload_too_large`)."),
        "422": error_response("Unknown or inactive counter or officer, officer of another "
                              "site, nobody signed in (`unknown_counter`, `unknown_officer`, "
                              "`counter_inactive`, `officer_inactive`, `officer_not_at_site`, "
                              "`no_officer_signed_in`)."),
    },
}


def visit_operation(summary: str, ok: dict, *, link: bool = False) -> dict:
    """Return the operation object of an endpoint on one visit (link: it prints the link)."""
    responses = {"200": ok, **AUTH_ERRORS}
    if link:
        responses["410"] = error_response("The visit was opened before links were derived "
                                          "from a nonce: its link cannot be shown again "
                                          "(`link_not_shown_again`).")
    return {
        "summary": summary,
        "tags": ["visits"],
        "security": INTEGRATION_SECURITY,
        "parameters": [VISIT_ID],
        "responses": responses,
    }


GET_VISIT = visit_operation("Show a visit and whether it was rated",
                            _visit_response("The visit."))
CLOSE_VISIT = visit_operation("Close a visit (its survey link keeps working until it expires)",
                              _visit_response("The closed visit; closing twice is harmless."))
QR_PNG = visit_operation("The visit's survey QR code as PNG",
                         _file_response("image/png", "PNG image."), link=True)
QR_SVG = visit_operation("The visit's survey QR code as SVG",
                         _file_response("image/svg+xml", "SVG image."), link=True)
SLIP_PDF = visit_operation("An 80 mm receipt slip with the visit's QR code",
                           _file_response("application/pdf", "PDF for a receipt printer."),
                           link=True)

#: path → method → operation.
PATHS = {
    "/visits": {"post": OPEN_VISIT},
    "/visits/{id}": {"get": GET_VISIT},
    "/visits/{id}/close": {"post": CLOSE_VISIT},
    "/visits/{id}/qr.png": {"get": QR_PNG},
    "/visits/{id}/qr.svg": {"get": QR_SVG},
    "/visits/{id}/slip.pdf": {"get": SLIP_PDF},
}
