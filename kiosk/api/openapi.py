"""The OpenAPI document, assembled from the operations each endpoint module declares."""

from importlib.metadata import PackageNotFoundError, version

#: path → method → OpenAPI operation object; filled by `describe` at import time.
OPERATIONS: dict[str, dict[str, dict]] = {}

#: Shared schemas: every error body has a stable code and a human message.
COMPONENTS = {
    "schemas": {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": {"type": "string", "examples": ["invalid_body"]},
                        "message": {"type": "string"},
                    },
                }
            },
        }
    },
    "securitySchemes": {
        "integrationKey": {
            "type": "http",
            "scheme": "bearer",
            "description": "A site's integration key (`hailong apikey create --site CODE`), "
            "sent as `Authorization: Bearer hl_…`; it acts only on that site's counters.",
        },
    },
}


def describe(path: str, method: str, operation: dict):
    """Declare the OpenAPI operation of a view (path in OpenAPI form, e.g. /visits/{id})."""

    def decorator(view):
        OPERATIONS.setdefault(path, {})[method.lower()] = operation
        return view

    return decorator


def error_response(description: str) -> dict:
    """Return an OpenAPI response object for a JSON error."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


#: Answers any operation may give, added where an operation does not describe its own.
COMMON_RESPONSES = {
    "503": "The database does not answer, or its schema is not up to date "
           "(`database_unavailable`, `schema_outdated`); nothing was stored: send again later.",
}
#: Answers any operation with a request body may give.
BODY_RESPONSES = {
    "413": "The body is larger than this operation accepts (`payload_too_large`); chunked "
           "bodies are held to the same limit.",
    "415": "The body is not `application/json` (`unsupported_media_type`).",
}


def with_common_responses(operation: dict) -> dict:
    """Return operation with the 413, 415 and 503 answers every endpoint may give."""
    responses = dict(operation.get("responses", {}))
    extra = {**COMMON_RESPONSES, **(BODY_RESPONSES if "requestBody" in operation else {})}
    for status, description in extra.items():
        responses.setdefault(status, error_response(description))
    return {**operation, "responses": dict(sorted(responses.items()))}


def build_document(server_url: str) -> dict:
    """Return the whole OpenAPI document."""
    try:
        app_version = version("hailong")
    except PackageNotFoundError:
        app_version = "unknown"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Hài Lòng API",
            "version": app_version,
            "description": "Counter tablets and integrations (queue systems, one-stop software).",
        },
        "servers": [{"url": server_url.rsplit("/openapi.json", 1)[0]}],
        "paths": {
            path: {method: with_common_responses(operation)
                   for method, operation in methods.items()}
            for path, methods in sorted(OPERATIONS.items())
        },
        "components": COMPONENTS,
    }
