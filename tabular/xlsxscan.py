"""The fast path of the XLSX reader: a sheet's rows and the shared strings cut out of the
UTF-8 text with compiled patterns, one row (or string) at a time.

SpreadsheetML writes each row as one ``<row>`` element of ``<c>`` cells, so a row can be
taken whole and its cells read with a few C-level pattern matches, instead of one Python
call per XML event (several times faster on a 100,000-row register). What is checked:
only whitespace between rows, a closing ``</sheetData>``, the five predefined entities and
character references (nothing else can expand), UTF-8. A part that declares another
encoding, or holds CDATA or comments among its rows, goes to the event parser instead
(``UnusualPart``). Memory stays bounded: a row or string still unfinished after
``pending_limit`` bytes is refused.
"""

import re
from collections.abc import Iterator

from tabular.errors import TableError

_NAME = rb"(?:[\w.-]+:)?"
ROW = re.compile(rb"<" + _NAME + rb"row\b([^>]*?)(?:/>|>(.*?)</" + _NAME + rb"row\s*>)", re.S)
CELL = re.compile(rb"<" + _NAME + rb"c\b([^>]*?)(?:/>|>(.*?)</" + _NAME + rb"c\s*>)", re.S)
ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
VALUE = re.compile(rb"<" + _NAME + rb"v(?:\s[^>]*)?>([^<]*)</" + _NAME + rb"v\s*>|<"
                   + _NAME + rb"v\s*/>")
TEXT = re.compile(rb"<" + _NAME + rb"t(?:\s[^>]*)?>([^<]*)</" + _NAME + rb"t\s*>|<" + _NAME
                  + rb"t\s*/>")
INLINE = re.compile(rb"<" + _NAME + rb"is\b[^>]*>(.*?)</" + _NAME + rb"is\s*>", re.S)
PHONETIC = re.compile(rb"<" + _NAME + rb"rPh\b.*?</" + _NAME + rb"rPh\s*>", re.S)
STRING = re.compile(rb"<" + _NAME + rb"si\b[^>]*?(?:/>|>(.*?)</" + _NAME + rb"si\s*>)", re.S)
OPEN_DATA = re.compile(rb"<" + _NAME + rb"sheetData\b[^>]*?(/?)>")
CLOSE_DATA = re.compile(rb"</" + _NAME + rb"sheetData\s*>")
OPEN_STRINGS = re.compile(rb"<" + _NAME + rb"sst\b[^>]*?(/?)>")
CLOSE_STRINGS = re.compile(rb"</" + _NAME + rb"sst\s*>")
ENTITY = re.compile(rb"&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z]+);")
DECLARATION = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)[\"']")
NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"', b"apos": "'"}
#: A cell as Excel, openpyxl and most exporters write it: r first, then s and t, a formula
#: perhaps, then a value or one inline text run. Groups: column letters, style, type,
#: style (when after the type), value, inline text.
PLAIN_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})[0-9]*"(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?(?: s="([0-9]+)")?'
    rb'\s*(?:/>|>(?:<f>[^<]*</f>|<f/>)?(?:<v>([^<]*)</v>|<is><t(?: xml:space="preserve")?>'
    rb'([^<]*)</t></is>)?</c>)')


def plain_cells(inner: bytes) -> list[tuple] | None:
    """Return the cells of a row written the plain way, or None when any is not."""
    found = PLAIN_CELL.findall(inner)
    if PLAIN_CELL.sub(b"", inner).strip():
        return None
    return found


class UnusualPart(Exception):
    """A part this fast path does not read (another encoding, CDATA, comments, a DTD)."""


def text_of(raw: bytes) -> str:
    """Return XML character data as text: UTF-8 decoded, references replaced.

    :raises ValueError: on bytes that are not UTF-8 or an entity that is not predefined.
    """
    if b"&" not in raw:
        return raw.decode("utf-8")
    return _unescape(raw)


def _unescape(raw: bytes) -> str:
    parts, position = [], 0
    for match in ENTITY.finditer(raw):
        parts.append(raw[position:match.start()].decode("utf-8"))
        name = match.group(1)
        if name.startswith(b"#x"):
            parts.append(chr(int(name[2:], 16)))
        elif name.startswith(b"#"):
            parts.append(chr(int(name[1:])))
        elif name in NAMED:
            parts.append(NAMED[name])
        else:
            raise ValueError("undefined entity")
        position = match.end()
    rest = raw[position:]
    if b"&" in rest:
        raise ValueError("a bare ampersand")
    parts.append(rest.decode("utf-8"))
    return "".join(parts)


def attributes(raw: bytes) -> dict[bytes, str]:
    """Return the attributes of a start tag as {local name: text}."""
    found = {}
    for name, double, single in ATTRIBUTE.findall(raw):
        found[name.rpartition(b":")[2]] = text_of(double if double or not single else single)
    return found


def string_text(inner: bytes) -> str:
    """Return the text of an <si> or <is>: its <t> runs joined, phonetic runs left out."""
    if b"rPh" in inner:
        inner = PHONETIC.sub(b"", inner)
    return "".join(text_of(t) for t in TEXT.findall(inner))


def _check_plain(part: bytes) -> None:
    if b"<![CDATA[" in part or b"<!--" in part or b"<!" in part:
        raise UnusualPart


def _stream(chunks: Iterator[bytes], opener: re.Pattern, closer: re.Pattern,
            item: re.Pattern, pending_limit: int) -> Iterator[re.Match]:
    """Yield each complete ``item`` between ``opener`` and ``closer`` in the chunks."""
    buffer = b""
    started = finished = False
    for chunk in chunks:
        buffer += chunk
        if not started:
            head = buffer[:512]
            if b"\x00" in head:
                raise UnusualPart
            declared = DECLARATION.search(head)
            if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8",
                                                                                    b"utf8"):
                raise UnusualPart
            opened = opener.search(buffer)
            if opened is None:
                if len(buffer) > pending_limit:
                    raise TableError("malformed", detail="no table in the part")
                continue
            _check_plain(buffer[:opened.start()])
            started = True
            if opened.group(1):
                finished = True
                break
            buffer = buffer[opened.end():]
        position = 0
        for match in item.finditer(buffer):
            if buffer[position:match.start()].strip():
                _check_plain(buffer[position:match.start()])
                closed = closer.match(buffer, position + _spaces(buffer, position))
                if closed:
                    finished = True
                    break
                raise TableError("malformed", detail="unexpected content between rows")
            position = match.end()
            yield match
        if finished:
            break
        buffer = buffer[position:]
        closed = closer.match(buffer, _spaces(buffer, 0))
        if closed:
            finished = True
            break
        if len(buffer) > pending_limit:
            raise TableError("row_too_long", limit=pending_limit)
    if not finished:
        raise TableError("malformed", detail="the part ends before its table does")


def _spaces(buffer: bytes, position: int) -> int:
    return len(buffer) - position - len(buffer[position:].lstrip())


def rows(chunks: Iterator[bytes], pending_limit: int) -> Iterator[re.Match]:
    """Yield each ``<row>`` match (group 1: its attributes, group 2: its cells' XML)."""
    return _stream(chunks, OPEN_DATA, CLOSE_DATA, ROW, pending_limit)


def strings(chunks: Iterator[bytes], pending_limit: int) -> Iterator[str]:
    """Yield the text of each shared string, in order."""
    for match in _stream(chunks, OPEN_STRINGS, CLOSE_STRINGS, STRING, pending_limit):
        inner = match.group(1)
        if inner and b"<!" in inner:
            raise UnusualPart
        yield string_text(inner) if inner else ""


def cells(inner: bytes | None) -> Iterator[tuple[dict[bytes, str], str]]:
    """Yield (attributes, text) of each cell of a row's XML; text is the <v> or the inline
    string's runs, "" when empty."""
    if not inner:
        return
    if b"<!" in inner:
        raise UnusualPart
    for attrs, content in CELL.findall(inner):
        found = attributes(attrs)
        if not content:
            yield found, ""
        elif found.get(b"t") == "inlineStr":
            inline = INLINE.search(content)
            yield found, string_text(inline.group(1)) if inline else ""
        else:
            value = VALUE.search(content)
            yield found, text_of(value.group(1)) if value and value.group(1) else ""
