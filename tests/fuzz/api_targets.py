"""The fuzz tests' view of /api/v1: every method of every rule of the URL map with the
OpenAPI operation that describes it, the credentials to send, and ids to put into paths."""

import re
from dataclasses import dataclass
from urllib.parse import quote

from hypothesis import strategies as st

from kiosk.api.openapi import build_document
from tests.fuzz.hostile import ANY_TEXT

ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")
#: Ways a request may (fail to) prove who sends it.
AUTHS = ["right", "right", "none", "tablet", "bearer", "both", "garbage"]


@dataclass(frozen=True)
class Target:
    """One method of one /api/v1 rule, with the OpenAPI operation that describes it."""

    rule: str
    method: str
    endpoint: str
    operation: dict | None

    @property
    def security(self) -> str:
        """Say which credential the operation asks for: tablet, bearer or none."""
        schemes = {name for item in (self.operation or {}).get("security", ()) for name in item}
        return "tablet" if "tabletKey" in schemes else "bearer" if schemes else "none"


def openapi_key(rule: str) -> str:
    """Return a URL rule as the document's path, arguments unnamed: /visits/{}/close."""
    return ARGUMENT.sub("{}", rule.removeprefix("/api/v1"))


def api_targets(app) -> list[Target]:
    """Return every method of every /api/v1 rule, in a stable order."""
    document = build_document("http://localhost/api/v1/openapi.json")
    operations = {re.sub(r"\{\w+\}", "{}", path): methods
                  for path, methods in document["paths"].items()}
    targets = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/v1/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            operation = operations.get(openapi_key(rule.rule), {}).get(method.lower())
            targets.append(Target(rule.rule, method, rule.endpoint, operation))
    return targets


def headers_for(auth: str, target: Target, world, garbage: str) -> dict:
    """Return the headers of an auth variant ("right": what the operation asks for)."""
    if auth == "right":
        auth = target.security
    return {
        "none": {},
        "tablet": world.tablet_headers,
        "bearer": world.bearer_headers,
        "both": {**world.tablet_headers, **world.bearer_headers},
        "garbage": {"X-Tablet-Key": garbage, "Authorization": f"Bearer {garbage}"},
    }[auth]


def path_values(world):
    """Ids for the path: real ones, zero, negative, huge, or not numbers at all."""
    return (st.sampled_from(world.ids()) | st.integers(-(10**40), 10**40)
            | st.sampled_from([0, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 10**40]).map(str)
            | ANY_TEXT.map(lambda text: quote(text.encode("utf-8", "surrogatepass"), safe="")))


def fill(rule: str, draw_value) -> str:
    """Return the rule with each argument replaced by a value drawn for it."""
    return ARGUMENT.sub(lambda match: str(draw_value()), rule)
