"""One declaration per API payload: the parsers read it and the OpenAPI document is derived
from it (msgspec structs; docs/dependencies.md says why msgspec).

A payload is a ``msgspec.Struct`` whose annotations carry the limits (``Meta(ge=…, le=…,
max_length=…)``) and the documentation (``Meta(description=…)``). `fields` turns a struct
into the plain field list the hand-written checks walk (so every refusal keeps its own
code and message), and `schemas` into OpenAPI component schemas.
"""

from dataclasses import dataclass
from functools import cache

import msgspec
from msgspec import inspect

#: Where components live in the document.
REF_TEMPLATE = "#/components/schemas/{name}"


@dataclass(frozen=True)
class Field:
    """One field of a payload: its name, its type with limits, and what a missing one is."""

    name: str
    type: inspect.Type
    required: bool
    nullable: bool
    default: object

    def missing(self):
        """Return the value a body that leaves the field out stands for (None if required)."""
        return self.default() if callable(self.default) else self.default


def _bare(kind: inspect.Type) -> inspect.Type:
    """Return kind without its documentation wrapper."""
    return kind.type if isinstance(kind, inspect.Metadata) else kind


@cache
def fields(struct: type[msgspec.Struct]) -> tuple[Field, ...]:
    """Return the fields of a payload in declaration order (the order they are checked in)."""
    found = []
    for field in inspect.type_info(struct).fields:
        kind = _bare(field.type)
        nullable = False
        if isinstance(kind, inspect.UnionType):
            others = [_bare(t) for t in kind.types if not isinstance(t, inspect.NoneType)]
            if len(others) != 1:
                raise TypeError(f"{struct.__name__}.{field.name}: one type or None")
            kind, nullable = others[0], True
        if field.default_factory is not msgspec.NODEFAULT:
            default = field.default_factory
        elif field.default is not msgspec.NODEFAULT:
            default = field.default
        else:
            default = None
        found.append(Field(field.name, kind, field.required, nullable, default))
    return tuple(found)


def field(struct: type[msgspec.Struct], name: str) -> Field:
    """Return one field of a payload."""
    return next(f for f in fields(struct) if f.name == name)


def _nullable_as_type_list(node):
    """Rewrite msgspec's ``anyOf: [X, null]`` as X with ``type: [X's type, "null"]`` (the
    form the document has always used), everywhere in a schema."""
    if isinstance(node, list):
        return [_nullable_as_type_list(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable_as_type_list(value) for key, value in node.items()}
    options = node.get("anyOf")
    if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
        other = next(option for option in options if option != {"type": "null"})
        if isinstance(other.get("type"), str):
            rest = {key: value for key, value in node.items() if key != "anyOf"}
            return {**other, **rest, "type": [other["type"], "null"]}
    return node


def schemas(*structs: type[msgspec.Struct]) -> dict[str, dict]:
    """Return the OpenAPI component schemas of payloads (and of the structs they nest)."""
    _refs, components = msgspec.json.schema_components(structs, ref_template=REF_TEMPLATE)
    return {name: _nullable_as_type_list(schema) for name, schema in components.items()}


def request_body(struct: type[msgspec.Struct]) -> dict:
    """Return the OpenAPI request body of an operation that takes the payload struct."""
    ref = REF_TEMPLATE.format(name=struct.__name__)
    return {"required": True, "content": {"application/json": {"schema": {"$ref": ref}}}}
