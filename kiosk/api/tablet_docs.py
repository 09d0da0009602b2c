"""OpenAPI descriptions of the tablet endpoints (/api/v1/kiosk/…).

The request bodies are the structs the parsers check (kiosk/api/tablet_payloads.py); the
answers are described here.
"""

from kiosk.api import schema
from kiosk.api import tablet_payloads as payloads
from kiosk.api.openapi import error_response

SECURITY_SCHEMES = {
    "tabletKey": {
        "type": "apiKey",
        "in": "header",
        "name": "X-Tablet-Key",
        "description": "The device secret a tablet received when it was paired.",
    },
}

_ID = {"type": "integer", "minimum": 1}
_INSTANT = {"type": "string", "format": "date-time"}

#: The answers' schemas.
ANSWER_SCHEMAS = {
    "RatingResult": {
        "type": "object",
        "required": ["index", "id", "status"],
        "properties": {
            "index": {"type": "integer"},
            "id": {"type": ["string", "null"]},
            "status": {"enum": ["created", "duplicate", "rejected"]},
            "code": {"type": "string", "examples": [
                "officer_not_signed_in", "cooldown", "unknown_item", "reason_required",
                "invalid_field", "unknown_questionnaire_version", "visit_already_rated"]},
            "message": {"type": "string"},
        },
    },
    "TabletOfficer": {
        "type": "object",
        "properties": {
            "id": _ID, "code": {"type": "string"}, "full_name": {"type": "string"},
            "title": {"type": "string"}, "department_name": {"type": "string"},
            "initials": {"type": "string"}, "has_photo": {"type": "boolean"},
            "locked_until": {"type": ["string", "null"], "format": "date-time"},
            "locked_for_good": {"type": "boolean", "description":
                                "Locked until a leader unlocks (after 15 wrong PINs)."},
            "signed_in_at": _INSTANT, "ends_at": _INSTANT,
        },
    },
}


def components() -> dict:
    """Return the schemas and security scheme this part of the API adds to the document."""
    return {"schemas": {**schema.schemas(*payloads.PAYLOADS), **ANSWER_SCHEMAS},
            "securitySchemes": SECURITY_SCHEMES}


_SECURED = [{"tabletKey": []}]
_NOT_AUTHORISED = {
    "401": error_response("No device secret, or an unknown one (tablet_unknown)."),
    "403": error_response("The tablet was revoked or has no counter."),
}


def _ok(description: str, body: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": body}}}


PAIR = {
    "summary": "Pair a tablet with a one-time code",
    "tags": ["tablet"],
    "requestBody": schema.request_body(payloads.PairRequest),
    "responses": {
        "201": _ok("Paired; the secret is shown this once.", {
            "type": "object", "properties": {
                "tablet_id": _ID, "secret": {"type": "string"},
                "counter": {"type": "object"}}}),
        "400": error_response("invalid_pairing_code: unknown, used or expired."),
        "429": error_response("Too many attempts from this address."),
    },
}

STATE = {
    "summary": "What the tablet shows now",
    "tags": ["tablet"],
    "security": _SECURED,
    "responses": {
        "200": _ok("Counter, active questionnaire, signed-in officer, open visit.", {
            "type": "object", "properties": {
                "server_time": _INSTANT, "counter": {"type": "object"},
                "questionnaire": {"type": ["object", "null"]},
                "officer": {"oneOf": [{"$ref": "#/components/schemas/TabletOfficer"},
                                      {"type": "null"}]},
                "visit": {"type": ["object", "null"]}}}),
        **_NOT_AUTHORISED,
    },
}

OFFICERS = {
    "summary": "Officers who may sign in at this counter",
    "tags": ["tablet"],
    "security": _SECURED,
    "responses": {
        "200": _ok("Officers in Vietnamese name order.", {
            "type": "object", "properties": {"officers": {
                "type": "array", "items": {"$ref": "#/components/schemas/TabletOfficer"}}}}),
        **_NOT_AUTHORISED,
    },
}

PHOTO = {
    "summary": "An officer's photo",
    "tags": ["tablet"],
    "security": _SECURED,
    "parameters": [{"name": "officer_id", "in": "path", "required": True, "schema": _ID}],
    "responses": {
        "200": {"description": "The photo.", "content": {"image/jpeg": {}, "image/png": {}}},
        "404": error_response("No photo (show the initials), or not an officer of this counter."),
        **_NOT_AUTHORISED,
    },
}

SIGN_IN = {
    "summary": "Sign an officer in with their PIN",
    "tags": ["tablet"],
    "security": _SECURED,
    "requestBody": schema.request_body(payloads.SignInRequest),
    "responses": {
        "200": _ok("Signed in.", {"type": "object", "properties": {
            "officer": {"$ref": "#/components/schemas/TabletOfficer"}}}),
        "400": error_response("invalid_body."),
        "403": error_response("wrong_pin, with attempts_left (or a tablet error)."),
        "404": error_response("unknown_officer: not an officer of this counter."),
        "409": error_response("pin_not_set, or sign_in_conflict."),
        "423": error_response(
            "officer_locked: wrong PINs lock the officer at this tablet, escalating (5 → 5 "
            "minutes, 10 → 30 minutes, 15 → until a leader unlocks); with locked_until, or "
            "needs_unlock."),
        **{k: v for k, v in _NOT_AUTHORISED.items() if k == "401"},
    },
}

SIGN_OUT = {
    "summary": "Sign out the officer signed in at this tablet, with that officer's PIN",
    "description": "A citizen at the tablet cannot end the officer's session: the PIN is "
                   "counted and locked out exactly as at sign-in.",
    "tags": ["tablet"],
    "security": _SECURED,
    "requestBody": schema.request_body(payloads.SignOutRequest),
    "responses": {
        "200": _ok("Whether someone was signed in.", {
            "type": "object", "properties": {"signed_out": {"type": "boolean"}}}),
        "400": error_response("invalid_body."),
        "403": error_response("wrong_pin, with attempts_left (or a tablet error)."),
        "409": error_response("pin_not_set."),
        "423": error_response("officer_locked, with locked_until or needs_unlock."),
        "401": _NOT_AUTHORISED["401"],
    },
}

RATINGS = {
    "summary": "Upload ratings from the tablet's outbox",
    "description": (
        f"At most {payloads.MAX_BATCH_ITEMS} ratings and {payloads.MAX_BATCH_BYTES} bytes. "
        "Each rating is created, duplicate (its id was seen before) or rejected with a "
        "code; the batch commits together and a rejected rating leaves nothing behind. "
        "sent_at is the tablet's clock when sending, used to correct a wrong clock."
    ),
    "tags": ["tablet"],
    "security": _SECURED,
    "requestBody": schema.request_body(payloads.RatingBatch),
    "responses": {
        "200": _ok("One result per rating, in order.", {
            "type": "object", "properties": {"server_time": _INSTANT, "results": {
                "type": "array", "items": {"$ref": "#/components/schemas/RatingResult"}}}}),
        "400": error_response("invalid_json, invalid_body or invalid_sent_at; nothing stored."),
        "413": error_response("batch_too_large or payload_too_large; nothing stored."),
        "415": error_response("The body is not application/json."),
        **_NOT_AUTHORISED,
    },
}

HEARTBEAT = {
    "summary": "Report the tablet's health every minute",
    "tags": ["tablet"],
    "security": _SECURED,
    "requestBody": schema.request_body(payloads.HeartbeatReport),
    "responses": {
        "200": _ok("Recorded.", {"type": "object", "properties": {
            "server_time": _INSTANT, "clock_skew_seconds": {"type": "integer"}}}),
        "400": error_response("invalid_body."),
        **_NOT_AUTHORISED,
    },
}

#: path → method → operation.
PATHS = {
    "/kiosk/pair": {"post": PAIR},
    "/kiosk/state": {"get": STATE},
    "/kiosk/officers": {"get": OFFICERS},
    "/kiosk/officers/{officer_id}/photo": {"get": PHOTO},
    "/kiosk/sign-in": {"post": SIGN_IN},
    "/kiosk/sign-out": {"post": SIGN_OUT},
    "/kiosk/ratings": {"post": RATINGS},
    "/kiosk/heartbeat": {"post": HEARTBEAT},
}
