"""OpenAPI description of GET /api/v1/evaluations, derived from the export's one declaration."""

from kiosk.api.keys import EVALUATIONS_SECURITY
from kiosk.api.openapi import error_response
from models.queries.evaluation_export import HUMAN_PARTS, OFFICER_FIELDS, RATE_PARTS

_TYPES = {"string": {"type": "string"}, "number": {"type": "number"},
          "string|null": {"type": ["string", "null"]}, "number|null": {"type": ["number", "null"]},
          "integer|null": {"type": ["integer", "null"]}}

SECURITY_SCHEMES = {"evaluationsKey": {
    "type": "http", "scheme": "bearer",
    "description": "An evaluations key (`hailong apikey create --scope evaluations [--site "
    "CODE]`): it reads the evaluations of every site, or of its site's officers, and can do "
    "nothing else. A site's queue-system key is refused here (403 `wrong_key_scope`).",
}}
_GRADE_CHANGE = {
    "type": "object",
    "properties": {"code": {"type": "string", "description": "cap_confirmed_report, "
                            "cap_discipline, override_discipline_public_duty, "
                            "override_degradation or quota"},
                   "from": {"type": "string"}, "to": {"type": "string"},
                   "reason": {"type": "string", "description": "In Vietnamese, as printed"},
                   "reason_en": {"type": "string"}},
}
_CRITERION = {
    "type": "object",
    "properties": {
        "code": {"type": "string"}, "kind": {"type": "string"}, "name": {"type": "string"},
        "max_points": {"type": "number"}, "applicable": {"type": "boolean"},
        "points": {"type": ["number", "null"]},
        "not_applicable_reason": {"type": ["string", "null"]},
        "raw_rate": {"type": ["number", "null"]}, "adjusted_rate": {"type": ["number", "null"]},
        "target": {"type": ["number", "null"]},
        "inputs": {"type": "object", "additionalProperties": {"type": "number"}},
        "people": {"type": "object", "description": "Criteria scored by people (human_score): "
                   + "; ".join(f"{key}: {meaning}" for key, _, meaning in HUMAN_PARTS),
                   "properties": {key: {"type": ["number", "string", "null"]}
                                  for key, _, _ in HUMAN_PARTS}},
        "sub_rates": {"type": "array", "description": "Task results (task_results): quantity, "
                      "quality, progress; for an officer holding a leading post also the led "
                      "unit's parts (unit: true, e.g. unit_quantity). "
                      + "; ".join(f"{key}: {meaning}" for key, _, meaning in RATE_PARTS),
                      "items": {"type": "object"}},
    },
}
_OFFICER = {
    "type": "object",
    "properties": {
        **{f.key: {**_TYPES[f.kind], "description": f"{f.meaning} ({f.label_vi})"}
           for f in OFFICER_FIELDS},
        "grade_changes": {"type": "array", "items": {"$ref": "#/components/schemas/GradeChange"}},
        "criteria": {"type": "array",
                     "items": {"$ref": "#/components/schemas/EvaluationCriterion"}},
    },
}
_EVALUATIONS = {
    "type": "object",
    "required": ["format", "period", "kind", "officers"],
    "properties": {
        "format": {"const": "hailong.evaluations/1"},
        "period": {"type": "string", "examples": ["2026-11", "2026-Q4", "2026"]},
        "kind": {"enum": ["month", "quarter", "year"]},
        "status": {"enum": ["open", "closed"], "description": "Periods: closed figures are "
                   "the signed ones; open ones are a draft that may change"},
        "frozen": {"type": "boolean"},
        "rubric": {"type": ["object", "null"]},
        "officers": {"type": "array", "description": "Per officer; for a year: periods, "
                     "period_totals, weights, mean_total, mean_total_rounded, grade, "
                     "grade_changes",
                     "items": {"$ref": "#/components/schemas/EvaluationOfficer"}},
    },
}

#: The answer's schemas, derived from the export's declaration.
SCHEMAS = {"GradeChange": _GRADE_CHANGE, "EvaluationCriterion": _CRITERION,
           "EvaluationOfficer": _OFFICER, "Evaluations": _EVALUATIONS}


def components() -> dict:
    """Return the schemas and security scheme of the evaluations endpoint."""
    return {"schemas": SCHEMAS, "securitySchemes": SECURITY_SCHEMES}


GET_EVALUATIONS = {
    "summary": "Evaluations of a month, a quarter or a year, per officer (NĐ 335/2025)",
    "tags": ["evaluations"],
    "security": EVALUATIONS_SECURITY,
    "parameters": [{"name": "period", "in": "query", "required": True,
                    "schema": {"type": "string", "pattern": r"^\d{4}(-\d{2}|-Q[1-4])?$"},
                    "description": "YYYY-MM (a month), YYYY-Qn (a quarter, under a quarterly "
                    "rubric) or YYYY (the year, from its closed periods)"}],
    "responses": {
        "200": {"description": "The evaluations; field meanings in docs/api-evaluations.md.",
                "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Evaluations"}}}},
        "400": error_response("Missing or malformed period (`invalid_period`)."),
        "401": error_response("No key, or an unknown or revoked key (`missing_api_key`, "
                              "`invalid_api_key`)."),
        "403": error_response("A key that is not an evaluations key (`wrong_key_scope`)."),
        "409": error_response("No rubric in force for the period, or the rubric evaluates by "
                              "the other kind of period (`no_rubric_in_force`, "
                              "`wrong_period_kind`)."),
    },
}

#: path → method → operation.
PATHS = {"/evaluations": {"get": GET_EVALUATIONS}}
