"""Each API request body has one declaration: the OpenAPI document shows it and the parser
checks it, so a body made from the documented schema parses, a declared limit is the one
enforced, and a field taken out of the declaration leaves both."""

import json
import re
import string
from datetime import UTC, datetime

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.api import dossier_body, schema, visit_body
from kiosk.api import tablet_payloads as payloads
from kiosk.api.openapi import build_document
from models.ops.register_columns import BY_NAME
from web.errors import ApiError

DOCUMENT = build_document("http://localhost/api/v1/openapi.json")
#: Letters, digits and a few marks: text every parser takes as it is.
PLAIN = string.ascii_letters + string.digits + "-_ ăêôơưđĐÀÁẠẢÃ"


def _tablet_batch(body):
    sent_at, items = payloads.batch(body)
    return sent_at, [payloads.tablet_rating(item, payloads.rating_id(item)) for item in items]


#: (path, method) → (the declaration, a parser taking the JSON body as a dict).
PARSERS = {
    ("/kiosk/pair", "post"): (payloads.PairRequest, payloads.pairing),
    ("/kiosk/sign-in", "post"): (payloads.SignInRequest, payloads.sign_in),
    ("/kiosk/sign-out", "post"): (payloads.SignOutRequest, payloads.sign_out),
    ("/kiosk/heartbeat", "post"): (payloads.HeartbeatReport, payloads.heartbeat),
    ("/kiosk/ratings", "post"): (payloads.RatingBatch, _tablet_batch),
    ("/visits", "post"): (visit_body.OpenVisit, "read_open_visit_request"),
    ("/dossiers", "post"): (dossier_body.RegisterBatch, "read_batch"),
}


def parse(app, target, body):
    """Run a parser on body: a function of the dict, or one reading the request."""
    if callable(target):
        return target(body)
    module = visit_body if target == "read_open_visit_request" else dossier_body
    with app.test_request_context(method="POST", data=json.dumps(body),
                                  content_type="application/json"):
        return getattr(module, target)()


def resolve(node):
    if "$ref" in node:
        return DOCUMENT["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def from_schema(node, *, depth=0):
    """A strategy of values the (resolved) JSON schema node admits, from plain text."""
    node = resolve(node)
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kinds = node.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    options = [st.none()] if "null" in kinds else []
    kind = next(k for k in kinds if k != "null")
    if kind == "integer":
        options.append(st.integers(node.get("minimum", -(2**31)), node.get("maximum", 2**31)))
    elif kind == "boolean":
        options.append(st.booleans())
    elif kind == "string" and node.get("format") == "date-time":
        options.append(st.datetimes(datetime(1970, 1, 2), datetime(2999, 12, 30),
                                    timezones=st.just(UTC)).map(datetime.isoformat))
    elif kind == "string" and node.get("format") == "uuid":
        options.append(st.uuids().map(str))
    elif kind == "string":
        longest = node.get("maxLength", 40)
        options.append(st.text(PLAIN, max_size=longest - 1).map(lambda t: "x" + t.strip()))
    elif kind == "array":
        most = min(node.get("maxItems", 3), 3)
        options.append(st.lists(from_schema(node["items"], depth=depth + 1),
                                min_size=node.get("minItems", 0), max_size=most))
    elif kind == "object" and "properties" in node:
        required = set(node.get("required", ()))
        fields = {k: from_schema(v, depth=depth + 1) for k, v in node["properties"].items()}
        options.append(st.fixed_dictionaries(
            {k: v for k, v in fields.items() if k in required},
            optional={k: v for k, v in fields.items() if k not in required}))
    elif kind == "object":
        longest = node.get("propertyNames", {}).get("maxLength", 40)
        options.append(st.dictionaries(st.text(PLAIN, min_size=1, max_size=longest),
                                       from_schema(node["additionalProperties"]), max_size=3))
    return st.one_of(options)


def documented_bodies():
    for path, methods in DOCUMENT["paths"].items():
        for method, operation in methods.items():
            if "requestBody" in operation:
                yield (path, method), operation["requestBody"]["content"]["application/json"][
                    "schema"]


def test_every_documented_request_body_is_a_declaration_a_parser_uses():
    documented = dict(documented_bodies())
    assert set(documented) == set(PARSERS)
    for key, ref in documented.items():
        struct, _parser = PARSERS[key]
        name = struct.__name__
        assert ref == {"$ref": f"#/components/schemas/{name}"}
        assert DOCUMENT["components"]["schemas"][name] == schema.schemas(struct)[name]


def test_every_documented_operation_is_a_route_of_the_app(app):
    # Path arguments unnamed on both sides: /visits/{} (the rule names it visit_id).
    routes = {(re.sub(r"<[^>]+>", "{}", rule.rule.removeprefix("/api/v1")), method.lower())
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(re.sub(r"\{\w+\}", "{}", path), method)
                  for path, methods in DOCUMENT["paths"].items() for method in methods}
    assert documented == routes - {("/openapi.json", "get")}


@pytest.mark.parametrize("key", sorted(PARSERS))
# The app only gives a request context: nothing it holds changes between examples.
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_body_made_from_the_documented_schema_parses(app, key, data):
    struct, parser = PARSERS[key]
    body = data.draw(from_schema({"$ref": f"#/components/schemas/{struct.__name__}"}))
    if struct is visit_body.OpenVisit and not (body.get("ticket_number")
                                               or body.get("dossier_code")):
        # The one rule the schema states in words: a ticket number, a dossier code or both.
        with pytest.raises(ApiError) as refused:
            parse(app, parser, body)
        assert refused.value.code == "ticket_or_dossier_required"
        return
    parse(app, parser, body)


def _tablet_fields():
    for struct in (*payloads.PAYLOADS, payloads.TabletRating):
        for field in schema.fields(struct):
            yield struct, field


@pytest.mark.parametrize("struct, field", [
    (s, f) for s, f in _tablet_fields()
    if isinstance(f.type, msgspec.inspect.IntType | msgspec.inspect.StrType)],
    ids=lambda v: getattr(v, "name", None))
def test_the_documented_limits_of_tablet_fields_are_the_ones_enforced(struct, field):
    node = resolve({"$ref": f"#/components/schemas/{struct.__name__}"})["properties"][
        field.name]
    if "maxLength" in node:
        assert payloads.check(field, "x" * node["maxLength"]) == "x" * node["maxLength"]
        with pytest.raises(payloads.ItemInvalid, match="longer than"):
            payloads.check(field, "x" * (node["maxLength"] + 1))
    else:
        for edge in (node["minimum"], node["maximum"]):
            assert payloads.check(field, edge) == edge
        for beyond in (node["minimum"] - 1, node["maximum"] + 1):
            with pytest.raises(payloads.ItemInvalid, match="whole number from"):
                payloads.check(field, beyond)


def test_the_documented_limits_of_an_open_visit_are_the_ones_enforced(app):
    properties = resolve({"$ref": "#/components/schemas/OpenVisit"})["properties"]
    for name, node in properties.items():
        body = {"counter": "Q1", "ticket_number": "A-1", name: "x" * node["maxLength"]}
        assert getattr(parse(app, "read_open_visit_request", body), name)
        with pytest.raises(ApiError) as refused:
            parse(app, "read_open_visit_request", {**body, name: "x" * (node["maxLength"] + 1)})
        assert refused.value.code == "field_too_long"


def test_the_documented_register_fields_are_the_ones_accepted(app):
    item = resolve({"$ref": "#/components/schemas/RegisterDossier"})
    assert set(item["properties"]) == dossier_body.API_FIELDS
    # The register's fields but its free-text address: a new register field is declared too.
    assert frozenset(BY_NAME) - {"contact"} == dossier_body.API_FIELDS
    batch = resolve({"$ref": "#/components/schemas/RegisterBatch"})["properties"]["dossiers"]
    too_many = {"dossiers": [{"code": "X"}] * (batch["maxItems"] + 1)}
    with pytest.raises(ApiError) as refused:
        parse(app, "read_batch", too_many)
    assert refused.value.code == "too_many_items"


#: The declarations `tablet_payloads.parse` walks whole (a batch's items are parsed one by one).
WALKED = (payloads.TabletRating, payloads.HeartbeatReport, payloads.PairRequest,
          payloads.SignInRequest, payloads.SignOutRequest)


def _without(struct, gone: str):
    """Return struct declared again without the field gone (same name, same other fields)."""
    kept = []
    for field in msgspec.structs.fields(struct):
        if field.name == gone:
            continue
        if field.default is not msgspec.NODEFAULT:
            kept.append((field.name, field.type, field.default))
        elif field.default_factory is not msgspec.NODEFAULT:
            kept.append((field.name, field.type,
                         msgspec.field(default_factory=field.default_factory)))
        else:
            kept.append((field.name, field.type))
    return msgspec.defstruct(struct.__name__, kept, kw_only=True)


@pytest.mark.parametrize("struct", WALKED, ids=lambda s: s.__name__)
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_a_field_taken_out_of_a_declaration_leaves_the_schema_and_the_parser(struct, data):
    names = [field.name for field in schema.fields(struct)]
    body = data.draw(from_schema({"$ref": f"#/components/schemas/{struct.__name__}"}))
    assert list(payloads.parse(struct, body)) == names
    gone = data.draw(st.sampled_from(names))
    reduced = _without(struct, gone)
    rest = [name for name in names if name != gone]
    assert list(schema.schemas(reduced)[struct.__name__]["properties"]) == rest
    assert list(payloads.parse(reduced, body)) == rest
