"""The OpenAPI document, built on demand from the parts of the API: each docs module
(tablet_docs, visit_docs, dossier_docs, evaluation_docs) declares its PATHS and returns its
components(); request bodies come from the payload declarations the parsers use."""

import copy
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

#: The modules that describe the API's parts.
SECTIONS = ("kiosk.api.tablet_docs", "kiosk.api.visit_docs", "kiosk.api.dossier_docs",
            "kiosk.api.evaluation_docs")

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


def _assemble() -> tuple[dict, dict]:
    """Return the operations (path → method → operation) and components of every section."""
    paths: dict[str, dict[str, dict]] = {}
    components = {kind: dict(entries) for kind, entries in COMPONENTS.items()}
    for name in SECTIONS:
        section = import_module(name)
        for path, methods in section.PATHS.items():
            for method, operation in methods.items():
                if method in paths.setdefault(path, {}):
                    raise ValueError(f"{method.upper()} {path} is described twice")
                paths[path][method] = operation
        for kind, entries in section.components().items():
            twice = set(entries) & set(components.setdefault(kind, {}))
            if twice:
                raise ValueError(f"{kind} described twice: {sorted(twice)}")
            components[kind].update(entries)
    return paths, components


def build_document(server_url: str) -> dict:
    """Return the whole OpenAPI document (built anew; the caller may change it freely)."""
    paths, components = _assemble()
    try:
        app_version = version("hailong")
    except PackageNotFoundError:
        app_version = "unknown"
    return copy.deepcopy({
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
            for path, methods in sorted(paths.items())
        },
        "components": components,
    })
