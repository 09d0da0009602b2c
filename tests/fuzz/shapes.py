"""Bodies near the shapes /api/v1/openapi.json declares: a valid body, then a few mutations.

A valid body is built from the request schema with the world's real values for the fields it
knows (`good`: field name → strategy); then each of its nodes may be replaced with a hostile
value, dropped, or given an unknown key (or list item).
"""

from hypothesis import strategies as st

from tests.fuzz.hostile import ANY_CHARACTER, ANY_TEXT, NASTY_VALUES, TROUBLE_TEXT

NOW_TEXT = "2026-11-02T02:00:00+00:00"


def resolve(schema: dict, document: dict) -> dict:
    """Follow a local $ref."""
    ref = schema.get("$ref")
    if ref is None:
        return schema
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def request_schema(operation: dict | None) -> dict | None:
    """Return an operation's JSON request body schema, or None when it takes no body."""
    body = (operation or {}).get("requestBody")
    if not body:
        return None
    return body["content"]["application/json"]["schema"]


def _leaf(schema: dict, name: str, good: dict):
    if name in good:
        return good[name]
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "integer":
        return st.integers(schema.get("minimum", 0), 100)
    if kind == "boolean":
        return st.booleans()
    if schema.get("format") == "date-time":
        return st.just(NOW_TEXT)
    if schema.get("format") == "uuid":
        return st.uuids().map(str)
    # Any JSON string fits "type: string": lone surrogates and NUL included.
    longest = schema.get("maxLength", 20)
    return st.text(ANY_CHARACTER, max_size=longest) | TROUBLE_TEXT.map(lambda t: t[:longest])


def valid(schema: dict, document: dict, good: dict, name: str = "", *, whole: bool = False):
    """Return a strategy of values that satisfy schema, with the world's values where known.

    :param whole: give every optional field, and at least one item to every list.
    """
    schema = resolve(schema, document)
    if name in good:
        return good[name]
    if schema.get("type") == "object" and "properties" in schema:
        required = set(schema.get("required", ())) | (set(schema["properties"]) if whole else set())
        fields = {key: valid(sub, document, good, key, whole=whole)
                  for key, sub in schema["properties"].items()}
        return st.fixed_dictionaries(
            {key: value for key, value in fields.items() if key in required},
            optional={key: value for key, value in fields.items() if key not in required},
        )
    if schema.get("type") == "array":
        item = valid(schema["items"], document, good, name, whole=whole)
        return st.lists(item, min_size=1 if whole else 0, max_size=4)
    return _leaf(schema, name, good)


def field_paths(schema: dict, document: dict) -> list[tuple[tuple, dict]]:
    """Return (path, schema) of each field of a body: its properties, and those of the first
    item of a list of objects (e.g. ("ratings", 0, "comment"))."""
    found = []
    for key, sub in resolve(schema, document).get("properties", {}).items():
        found.append(((key,), sub))
        items = resolve(sub.get("items", {}), document)
        found += [((key, 0, name), item) for name, item in items.get("properties", {}).items()]
    return found


def with_value(body, path, value):
    """Return body with the field at path set to value."""
    return _replace(body, path, value)


def _paths(value, prefix=()):
    """Yield the path of every node of a JSON value (the root included)."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _replace(value, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replace(value[head], rest, new)}
    return [*value[:head], _replace(value[head], rest, new), *value[head + 1:]]


def _drop(value, path):
    if len(path) == 1 and isinstance(value, dict):
        return {key: item for key, item in value.items() if key != path[0]}
    if len(path) == 1:
        return value[: path[0]] + value[path[0] + 1:]
    return _replace(value, path[:1], _drop(value[path[0]], path[1:]))


@st.composite
def mutated(draw, base):
    """Return base with each node replaced, dropped or given an unknown key now and then."""
    value = draw(base)
    for path in list(_paths(value)):
        action = draw(st.sampled_from(["keep", "keep", "keep", "replace", "drop", "add"]))
        try:
            target = _get(value, path)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this node
        if action == "drop" and path:
            value = _drop(value, path)
        elif action == "add":
            extra = {draw(ANY_TEXT): draw(NASTY_VALUES)}
            new = {**target, **extra} if isinstance(target, dict) else [target, *extra.values()]
            value = _replace(value, path, new)
        elif action == "replace":
            value = _replace(value, path, draw(NASTY_VALUES))
    return value


def _get(value, path):
    for part in path:
        value = value[part]
    return value


def near_shape(operation: dict | None, document: dict, good: dict):
    """Return a strategy of bodies near the operation's request schema (any JSON without one)."""
    schema = request_schema(operation)
    if schema is None:
        return mutated(st.fixed_dictionaries({}))
    return mutated(valid(schema, document, good))
