"""Strict JSON for request bodies: a body nested too deeply or holding NaN is bad input (400).

The standard parser raises RecursionError, not ValueError, on a document nested deeper than
the interpreter's recursion limit (about 1,000 levels, a few kilobytes of "["), and accepts
NaN and Infinity, which JSON does not have. Every body the app reads goes through
`app.json.loads` (Flask's `request.get_json` too), so both are refused here, once.
"""

from flask.json.provider import DefaultJSONProvider


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON value")


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, whose loads raises ValueError for every malformed document."""

    def loads(self, s, **kwargs):
        kwargs.setdefault("parse_constant", _refuse_constant)
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("the document is nested too deeply") from None


def init_app(app) -> None:
    """Parse request bodies strictly."""
    app.json = StrictJSONProvider(app)
