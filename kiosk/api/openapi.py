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
        "paths": {path: dict(methods) for path, methods in sorted(OPERATIONS.items())},
        "components": COMPONENTS,
    }
