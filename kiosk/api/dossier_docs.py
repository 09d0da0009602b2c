"""OpenAPI description of POST /api/v1/dossiers (the register pushed by one-stop software)."""

from kiosk.api import schema
from kiosk.api.dossier_body import MAX_ITEMS, RegisterBatch
from kiosk.api.keys import INTEGRATION_SECURITY
from kiosk.api.openapi import error_response

RESULT_SCHEMA = {
    "type": "object",
    "properties": {
        "import_id": {"type": "integer"},
        "received": {"type": "integer", "description": "Items in the batch."},
        "created": {"type": "integer"}, "updated": {"type": "integer"},
        "unchanged": {"type": "integer"},
        "without_officer": {"type": "integer"},
        "months": {"type": "object", "additionalProperties": {"type": "integer"},
                   "description": "Dossiers by month received (YYYY-MM)."},
        "closed_months": {"type": "array", "items": {"type": "string"},
                          "description": "Closed months whose dossiers changed; their frozen "
                                         "results stay until the month is reopened."},
    },
}



def components() -> dict:
    """Return the schemas of the register endpoint (the request body from its declaration)."""
    return {"schemas": {**schema.schemas(RegisterBatch), "RegisterResult": RESULT_SCHEMA}}


PUSH_DOSSIERS = {
    "summary": "Upsert dossiers of the key's site into the register (idempotent by code)",
    "description": "All or nothing: every item is checked as a row of an imported register "
                   "file is; one problem refuses the batch (422, each problem with its item's "
                   "1-based index). Sending the same batch again changes nothing. A key acts "
                   "only on its own site's dossiers.",
    "tags": ["register"],
    "security": INTEGRATION_SECURITY,
    "requestBody": schema.request_body(RegisterBatch),
    "responses": {
        "200": {"description": "What the batch changed.", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/RegisterResult"}}}},
        "400": error_response("Not a JSON object with a list of dossiers, an unknown field, "
                              f"more than {MAX_ITEMS} items (`invalid_body`, `unknown_field`, "
                              "`invalid_field`, `too_many_items`)."),
        "401": error_response("No key, or an unknown or revoked key (`missing_api_key`, "
                              "`invalid_api_key`)."),
        "413": error_response("Body too large (`payload_too_large`)."),
        "422": error_response("Items with problems (`invalid_dossiers`; `problems` lists "
                              "`index`, `field`, `code`, `message`; `total` counts them): "
                              "unknown or ambiguous officer, dates out of order, a code of "
                              "another site's register, a code twice with different "
                              "content, …"),
    },
}

#: path → method → operation.
PATHS = {"/dossiers": {"post": PUSH_DOSSIERS}}
