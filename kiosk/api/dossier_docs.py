"""OpenAPI description of POST /api/v1/dossiers (the register pushed by one-stop software)."""

from kiosk.api.keys import INTEGRATION_SECURITY
from kiosk.api.openapi import COMPONENTS, error_response

MAX_ITEMS = 500

_DATE = {"type": ["string", "null"],
         "description": "A local calendar date, YYYY-MM-DD (or DD/MM/YYYY); an instant with "
                        "a UTC offset is taken on the centre's calendar."}
_FLAG = {"type": ["boolean", "null"]}

COMPONENTS["schemas"]["RegisterDossier"] = {
    "type": "object",
    "required": ["code", "received_on", "due_on"],
    "additionalProperties": False,
    "description": "One dossier of the register. A field left out stays as the register has "
                   "it (unknown for a new dossier); a flag or count sent as null means no/0. "
                   "Applicant names and addresses are not accepted; a phone or ID number is "
                   "reduced to a keyed hash of its last four digits on arrival.",
    "properties": {
        "code": {"type": "string", "maxLength": 64,
                 "description": "Dossier code (mã hồ sơ); stored without spaces, upper case."},
        "officer_code": {"type": ["string", "null"], "maxLength": 32,
                         "description": "Staff code of the receiving officer."},
        "officer": {"type": ["string", "null"], "maxLength": 120,
                    "description": "The receiving officer's code or exact full name, when "
                                   "officer_code is not given."},
        "procedure": {"type": ["string", "null"], "maxLength": 300},
        "field": {"type": ["string", "null"], "maxLength": 200},
        "lead_agency": {"type": ["string", "null"], "maxLength": 200},
        "received_on": _DATE, "due_on": _DATE, "transferred_on": _DATE,
        "resolved_on": _DATE, "returned_on": _DATE,
        "channel": {"enum": ["direct", "online", "post", None],
                    "description": "How it was handed in (Vietnamese words accepted too)."},
        "return_channel": {"enum": ["direct", "online", "post", None]},
        "digitised": _FLAG, "apology": _FLAG, "quality_failed": _FLAG,
        "supplement_requests": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
        "applicant_phone": {"type": ["string", "null"], "maxLength": 20,
                            "description": "Kept only as a keyed hash of the last 4 digits "
                                           "(the second factor of rating by dossier code)."},
        "applicant_id": {"type": ["string", "null"], "maxLength": 20,
                         "description": "As applicant_phone."},
    },
}
COMPONENTS["schemas"]["RegisterBatch"] = {
    "type": "object", "required": ["dossiers"], "additionalProperties": False,
    "properties": {"dossiers": {"type": "array", "minItems": 1, "maxItems": MAX_ITEMS,
                                "items": {"$ref": "#/components/schemas/RegisterDossier"}}},
}
COMPONENTS["schemas"]["RegisterResult"] = {
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

PUSH_DOSSIERS = {
    "summary": "Upsert dossiers of the key's site into the register (idempotent by code)",
    "description": "All or nothing: every item is checked as a row of an imported register "
                   "file is; one problem refuses the batch (422, each problem with its item's "
                   "1-based index). Sending the same batch again changes nothing. A key acts "
                   "only on its own site's dossiers.",
    "tags": ["register"],
    "security": INTEGRATION_SECURITY,
    "requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/RegisterBatch"}}}},
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
