"""Hostile values for the fuzz tests: texts, numbers, times and raw bodies that break parsers."""

import json

from hypothesis import strategies as st

#: Any code point at all, lone surrogates included (JSON can carry them as \\ud800 escapes).
ANY_CHARACTER = st.characters(codec=None, categories=None)
#: Text a browser can send in a form (lone surrogates cannot be encoded in UTF-8).
FORM_CHARACTER = st.characters(exclude_categories=["Cs"])

#: Texts that have broken text handling somewhere before.
NASTY_TEXTS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    "\ufeff",
    "\uffff",
    "\U0010ffff",
    "\u202eevil",
    "e\u0301",
    "Nguye\u0302\u0303n",
    "\r\n\t",
    "<script>alert(1)</script>",
    "'; DROP TABLE ratings; --",
    "%s%n%x",
    "../../etc/passwd",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "-0",
    "0x10",
    "١٢٣",
    "1_000",
    "true",
    "null",
]

#: Times far in the past and future, with odd offsets, or not times at all.
NASTY_TIMES = [
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59.999999Z",
    "9999-12-31T23:59:59-23:59",
    "1969-12-31T23:59:59Z",
    "1970-01-01T00:00:00+00:01",
    "2999-12-31T23:59:59Z",
    "3000-01-01T00:00:00Z",
    "2026-11-02T09:00:00+23:59:59.999999",
    "2026-11-02T09:00:00-23:59",
    "2026-11-02T09:00:00+05:30:45",
    "2026-11-02T09:00:00+99:00",
    "2026-W45-1T09:00Z",
    "2026-02-30T09:00:00Z",
    "2026-11-02T24:00:00Z",
    "2026-11-02T09:00:00",
    "2026-11-02",
    "+002026-11-02T09:00:00Z",
    " 2026-11-02T09:00:00Z ",
]

#: Numbers out of every range, and numbers that are not integers.
NASTY_NUMBERS = [
    0,
    -1,
    2**31 - 1,
    2**31,
    -(2**31) - 1,
    2**63,
    -(2**63) - 1,
    2**64,
    10**40,
    -(10**40),
    0.5,
    -0.0,
    1e308,
    float("nan"),
    float("inf"),
    float("-inf"),
    True,
    False,
]

#: Lengths just over the limits the app declares, and far over them.
LONG_LENGTHS = [17, 33, 65, 121, 257, 1001, 5000, 70_000]

LONG_TEXTS = st.builds(
    lambda char, length: char * length,
    st.sampled_from(["x", "ệ", "\x00", "\ud800", "🙂", " "]),
    st.sampled_from(LONG_LENGTHS),
)
#: Short texts made only of troublemakers: NUL, lone surrogates, BOM, a combining accent,
#: right-to-left override, escape, non-characters (random code points rarely hit these).
TROUBLE_TEXT = st.text(
    st.sampled_from(list("\x00\ud800\udfff\ufeff\u0301\u202e\n\x1b\x7f\uffffaệ🙂")),
    min_size=1,
    max_size=12,
)
ANY_TEXT = st.text(ANY_CHARACTER, max_size=40) | TROUBLE_TEXT
NASTY_SCALARS = (
    st.sampled_from(NASTY_TEXTS + NASTY_TIMES + NASTY_NUMBERS + [None])
    | ANY_TEXT
    | TROUBLE_TEXT
    | LONG_TEXTS
    | st.integers()
    | st.floats()
)

#: Text meant to break text handling: troublemakers, over-long, or nasty as a whole.
HOSTILE_TEXT = st.one_of(
    TROUBLE_TEXT, LONG_TEXTS, st.sampled_from(NASTY_TEXTS + NASTY_TIMES), ANY_TEXT
)

#: Any JSON value of any shape.
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
#: A hostile value where a field's value belongs: a nasty scalar or a small wrong container.
NASTY_VALUES = st.one_of(
    NASTY_SCALARS,
    NASTY_SCALARS,
    st.lists(NASTY_SCALARS, max_size=3),
    st.dictionaries(ANY_TEXT, NASTY_SCALARS, max_size=2),
)


def encode_json(value, mode: str) -> bytes:
    """Encode value as JSON: with ASCII escapes, or as raw UTF-8 (surrogates become bytes
    that are not valid UTF-8)."""
    if mode == "ascii":
        return json.dumps(value).encode()
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


DEPTH = 10_000
#: Bodies no parser should choke on: name → bytes.
RAW_BODIES = {
    "empty": b"",
    "whitespace": b" \r\n\t ",
    "deep_list": b"[" * DEPTH + b"]" * DEPTH,
    "deep_object": b'{"a":' * DEPTH + b"1" + b"}" * DEPTH,
    "deep_within_4k": b"[" * 2000 + b"]" * 2000,
    "deep_object_within_16k": b'{"a":' * 1500 + b"1" + b"}" * 1500,
    "unclosed": b'{"sent_at": "2026-11-02T09:00:00Z", "ratings": [',
    "invalid_utf8": b"\xff\xfe\xfa\xc3\x28",
    "invalid_utf8_in_string": b'{"code": "\xc3\x28\xa0\xa1", "counter": "\xff"}',
    "cesu_surrogate": b'{"counter": "\xed\xa0\x80", "ticket_number": "1"}',
    "utf8_bom": b'\xef\xbb\xbf{"counter": "Q1", "ticket_number": "1"}',
    "utf16": '{"counter": "Q1", "ticket_number": "1"}'.encode("utf-16"),
    "nul_bytes": b'{"counter": "Q1\x00", "ticket_number": "\x00"}',
    "escaped_nul": b'{"counter": "Q1\\u0000", "pin": "\\u0000", "code": "\\u0000"}',
    "huge_int_literal": b'{"officer_id": ' + b"9" * 5000 + b"}",
    "nan_literals": b'{"outbox_length": NaN, "dead_letters": Infinity, "officer_id": -Infinity}',
    "float_overflow": b'{"outbox_length": 1e999, "officer_id": 1e400}',
    "duplicate_keys": b'{"counter": "Q1", "counter": 5, "ticket_number": "1"}',
    "scalar": b"42",
    "string": b'"ratings"',
    "null": b"null",
    "over_endpoint_limits": b'{"x": "' + b"a" * (3 * 1024 * 1024) + b'"}',
    "over_app_limit": b'{"x": "' + b"a" * (9 * 1024 * 1024) + b'"}',
}

#: Content types a client may send (None: no Content-Type header at all).
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=latin-1",
    "application/merge-patch+json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/octet-stream",
    "",
    None,
]

#: Header values a server could pass on (printable Latin-1, as WSGI decodes headers).
HEADER_TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_categories=["Cc"]),
    max_size=300,
)
