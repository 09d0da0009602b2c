"""Stream the rows of an XLSX workbook's first sheet with expat, every limit kept on the way.

openpyxl's read-only mode would read every shared string into memory before the first row,
and trusts the sizes a zip declares; here the zip's parts are checked first (count, size,
compression ratio), the shared strings are counted while they stream into one compact
buffer, and the sheet is parsed event by event, one row at a time. A document type
declaration is refused outright, so no entity can expand.
"""

import contextlib
import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pyexpat import ExpatError, ParserCreate
from xml.etree.ElementTree import ParseError, XMLPullParser

from tabular import xlsxscan
from tabular.errors import Limits, TableError

CHUNK = 64 * 1024
RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: Built-in number formats that show dates or times (ECMA-376 §18.8.30 and Excel's own).
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d*)")
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def xlsx_rows(stream, limits: Limits) -> Iterator[tuple[int, list]]:
    """Yield (row number, cells) of the first sheet; cells are str, int, float, bool,
    date or datetime (a number in a date format), or None where empty.

    :raises TableError: on a file that is not a workbook, is damaged, or breaks a limit.
    """
    stream.seek(0, 2)
    if stream.tell() > limits.max_file_bytes:
        raise TableError("too_large", limit=limits.max_file_bytes)
    stream.seek(0)
    try:
        book = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TableError("not_a_workbook") from None
    with book:
        _check_members(book, limits)
        sheet, strings_path, styles_path, date1904 = _workbook_parts(book, limits)
        strings = _shared_strings(book, strings_path, limits) if strings_path else _Strings(0)
        date_styles = _date_styles(book, styles_path, limits) if styles_path else set()
        epoch = date(1904, 1, 1) if date1904 else None
        yield from _sheet_rows(book, sheet, strings, date_styles, epoch, limits)


def _check_members(book: zipfile.ZipFile, limits: Limits) -> None:
    members = book.infolist()
    if len(members) > limits.max_members:
        raise TableError("not_a_workbook")
    for info in members:
        if info.flag_bits & 0x1:
            raise TableError("not_a_workbook")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            raise TableError("compression", detail=f"{info.filename}: {ratio:.0f}×")
        if info.file_size > limits.max_member_bytes:
            raise TableError("member_too_large", limit=limits.max_member_bytes)


def _parse(book: zipfile.ZipFile, name: str, handler, limits: Limits) -> None:
    """Feed one zip member through expat to handler.start/end/text, counting its bytes."""
    parser = ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    total = 0
    try:
        with book.open(name) as member:
            while chunk := member.read(CHUNK):
                total += len(chunk)
                if total > limits.max_member_bytes:
                    raise TableError("member_too_large", limit=limits.max_member_bytes)
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
    except ExpatError as exc:
        raise TableError("malformed", row=getattr(handler, "row", None),
                         detail=f"{name}: {exc}") from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise TableError("malformed", detail=f"{name}: {exc}") from None
    except KeyError:
        raise TableError("not_a_workbook") from None
    yield


def _run(book, name, handler, limits) -> None:
    for _step in _parse(book, name, handler, limits):
        pass


def _refuse_doctype(*_args) -> None:
    raise TableError("malformed", detail="a document type declaration is not allowed")


_LOCAL_NAMES: dict[str, str] = {}


def _local(name: str) -> str:
    """Return an element's name without its namespace ("{ns}row", "ns row", "x:row" → "row")."""
    local = _LOCAL_NAMES.get(name)
    if local is None:
        local = name.rpartition("}")[2].rpartition(" ")[2].rpartition(":")[2]
        if len(_LOCAL_NAMES) < 1000:
            _LOCAL_NAMES[name] = local
    return local


class _Collect:
    """A handler that keeps the attributes of the elements it is asked for."""

    def __init__(self, *names: str):
        self.names, self.found = names, []

    def start(self, name, attrs) -> None:
        local = _local(name)
        if local in self.names:
            self.found.append((local, {_local(k): v for k, v in attrs.items()}))

    def end(self, name) -> None:
        pass

    def text(self, data) -> None:
        pass


def _workbook_parts(book, limits) -> tuple[str, str | None, str | None, bool]:
    """Return the first sheet's path, the shared strings' and styles' paths, and date1904."""
    names = set(book.namelist())
    workbook_path = _main_part(book, names, limits)
    rels_path = posixpath.join(posixpath.dirname(workbook_path), "_rels",
                               posixpath.basename(workbook_path) + ".rels")
    workbook = _Collect("sheet", "workbookPr")
    _run(book, workbook_path, workbook, limits)
    rels = _Collect("Relationship")
    if rels_path in names:
        _run(book, rels_path, rels, limits)
    targets = {attrs.get("Id"): _target(workbook_path, attrs.get("Target", ""))
               for _, attrs in rels.found}
    kinds = {attrs.get("Type", "").rsplit("/", 1)[-1]: _target(workbook_path,
                                                               attrs.get("Target", ""))
             for _, attrs in rels.found}
    sheets = [attrs for local, attrs in workbook.found if local == "sheet"]
    if not sheets:
        raise TableError("not_a_workbook")
    sheet = targets.get(sheets[0].get("id")) or "xl/worksheets/sheet1.xml"
    if sheet not in names:
        raise TableError("not_a_workbook")
    props = next((attrs for local, attrs in workbook.found if local == "workbookPr"), {})
    date1904 = props.get("date1904", "0").lower() in ("1", "true")
    strings = kinds.get("sharedStrings") or "xl/sharedStrings.xml"
    styles = kinds.get("styles") or "xl/styles.xml"
    return (sheet, strings if strings in names else None,
            styles if styles in names else None, date1904)


def _main_part(book, names, limits) -> str:
    """Return the workbook part named by the package relationships (xl/workbook.xml)."""
    if "_rels/.rels" in names:
        rels = _Collect("Relationship")
        _run(book, "_rels/.rels", rels, limits)
        for _, attrs in rels.found:
            if attrs.get("Type", "").endswith("/officeDocument"):
                target = attrs.get("Target", "").lstrip("/")
                if target in names:
                    return target
    if "xl/workbook.xml" in names:
        return "xl/workbook.xml"
    raise TableError("not_a_workbook")


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


class _Strings:
    """Shared strings kept as UTF-8 in one buffer with their offsets (a few bytes each)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.data = bytearray()
        self.ends = array("Q")

    def append(self, text: str) -> None:
        if len(self.ends) >= self.limit:
            raise TableError("too_many_strings", limit=self.limit)
        self.data += text.encode("utf-8", "surrogatepass")
        self.ends.append(len(self.data))

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, index: int) -> str:
        start = self.ends[index - 1] if index else 0
        return self.data[start:self.ends[index]].decode("utf-8", "surrogatepass")


def _shared_strings(book, path, limits) -> _Strings:
    """Return the shared strings, by the fast path or the event parser, counted as they
    stream."""
    strings = _Strings(limits.max_shared_strings)
    try:
        for text in xlsxscan.strings(_chunks(book, path, limits), _pending_limit(limits)):
            if len(text) > limits.max_cell_chars:
                raise TableError("cell_too_long", limit=limits.max_cell_chars)
            strings.append(text)
        return strings
    except TableError:
        raise
    except (ValueError, UnicodeDecodeError) as exc:
        raise TableError("malformed", detail=f"{path}: {exc}") from None
    except xlsxscan.UnusualPart:
        return _parsed_strings(book, path, limits)


def _parsed_strings(book, path, limits) -> _Strings:
    strings = _Strings(limits.max_shared_strings)
    table = None
    for event, element in _pull(book, path, limits, "si"):
        local = _local(element.tag)
        if event == "start":
            if local == "sst":
                table = element
            continue
        if local == "si":
            text = _string_text(element)
            if len(text) > limits.max_cell_chars:
                raise TableError("cell_too_long", limit=limits.max_cell_chars)
            strings.append(text)
            if table is not None:
                table.clear()
    return strings


def is_date_format(code: str) -> bool:
    """Say whether a custom number format shows a date or time (d, m, y, h or s outside
    quotes, escapes and brackets)."""
    bare = _QUOTED_OR_BRACKETED.sub("", code).lower()
    return any(letter in bare for letter in "dmyhs") and "general" not in bare


class _StylesHandler:
    """Find the cell formats (cellXfs, by index) whose number format is a date."""

    def __init__(self):
        self.formats: dict[int, str] = {}
        self.xf_formats: list[int] = []
        self.in_cell_xfs = False

    def start(self, name, attrs) -> None:
        local = _local(name)
        if local == "numFmt":
            with contextlib.suppress(ValueError):
                self.formats[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            self.in_cell_xfs = True
        elif local == "xf" and self.in_cell_xfs:
            try:
                self.xf_formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                self.xf_formats.append(0)

    def end(self, name) -> None:
        if _local(name) == "cellXfs":
            self.in_cell_xfs = False

    def text(self, data) -> None:
        pass

    def date_styles(self) -> set[int]:
        return {index for index, format_id in enumerate(self.xf_formats)
                if format_id in DATE_FORMAT_IDS
                or (format_id in self.formats and is_date_format(self.formats[format_id]))}


def _date_styles(book, path, limits) -> set[int]:
    handler = _StylesHandler()
    _run(book, path, handler, limits)
    return handler.date_styles()


def column_index(letters: str) -> int:
    """Return the 0-based index of a column named by letters ("A" → 0, "AA" → 26)."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def excel_date(serial: float, epoch: date | None) -> date | datetime:
    """Return the date (or date and time) an Excel serial number stands for.

    The 1900 system counts from 30/12/1899 (its nonexistent 29/02/1900 is serial 60);
    the 1904 system counts from 01/01/1904.
    """
    if epoch is None:
        base = datetime(1899, 12, 31) if serial < 60 else datetime(1899, 12, 30)
    else:
        base = datetime(epoch.year, epoch.month, epoch.day)
    moment = base + timedelta(days=serial)
    moment = moment.replace(microsecond=0) + timedelta(seconds=round(moment.microsecond / 1e6))
    return moment.date() if moment.time() == datetime.min.time() else moment


class _Cells:
    """Turn one finished <row> element into its cells (a list), with its row number."""

    def __init__(self, strings, date_styles, epoch, limits: Limits):
        self.strings, self.date_styles, self.epoch, self.limits = (strings, date_styles,
                                                                   epoch, limits)
        self.row = 0

    def cells(self, items) -> list:
        """Return a row's cells from (reference, type, style, text) of each of its <c>."""
        found: dict[int, object] = {}
        column = 0
        for count, (ref, kind, style, text) in enumerate(items, start=1):
            if count > self.limits.max_cells_per_row:
                raise TableError("too_many_cells", row=self.row,
                                 limit=self.limits.max_cells_per_row)
            if ref:
                match = _CELL_REF.fullmatch(ref)
                if match is None:
                    raise TableError("malformed", row=self.row,
                                     detail=f"cell reference {ref[:20]!r}")
                column = column_index(match.group(1))
            if column >= 16_384:
                raise TableError("malformed", row=self.row,
                                 detail=f"cell reference {(ref or '')[:20]!r}")
            if len(text) > self.limits.max_cell_chars:
                raise TableError("cell_too_long", row=self.row,
                                 limit=self.limits.max_cell_chars)
            value = self._value(kind or "n", style, text)
            if value is not None:
                found[column] = value
            column += 1
        width = max(found, default=-1) + 1
        return [found.get(i) for i in range(width)]

    def scanned(self, inner: bytes | None) -> list:
        """Return a row's cells from its XML (the fast path: attributes and values read
        with byte searches; anything unusual goes through the general reader)."""
        if not inner:
            return []
        if b"<!" in inner:
            raise xlsxscan.UnusualPart
        plain = xlsxscan.plain_cells(inner)
        if plain is not None:
            return self._plain(plain)
        found: dict[int, object] = {}
        column = 0
        limit = self.limits.max_cell_chars
        cells = xlsxscan.CELL.findall(inner)
        if len(cells) > self.limits.max_cells_per_row:
            raise TableError("too_many_cells", row=self.row, limit=self.limits.max_cells_per_row)
        for attrs, content in cells:
            if b"'" in attrs or not attrs.startswith(b' r="'):
                ref, kind, style = self._general(attrs)
                if ref:
                    column = self._column(ref)
            else:
                end = attrs.index(b'"', 4)
                column = self._column(attrs[4:end].decode("ascii", "replace"))
                kind = _attribute(attrs, b' t="') or "n"
                style = _attribute(attrs, b' s="')
            if not content:
                column += 1
                continue
            if kind == "inlineStr":
                raw = None
                inline = xlsxscan.INLINE.search(content)
                text = xlsxscan.string_text(inline.group(1)) if inline else ""
            else:
                start = content.find(b"<v>")
                stop = content.find(b"</v>", start) if start >= 0 else -1
                if start >= 0 and stop >= 0:
                    raw = content[start + 3:stop]
                else:
                    value = xlsxscan.VALUE.search(content)
                    raw = value.group(1) if value else b""
                text = None
            if kind == "s":
                value = self._shared(raw.decode("ascii", "replace"))
            elif kind == "n" and raw and style is None:
                value = _number(raw, self.row)
            else:
                if text is None:
                    text = xlsxscan.text_of(raw) if raw else ""
                if len(text) > limit:
                    raise TableError("cell_too_long", row=self.row, limit=limit)
                value = self._value(kind, style, text)
            if value is not None:
                found[column] = value
            column += 1
        width = max(found, default=-1) + 1
        return [found.get(i) for i in range(width)]

    def _plain(self, cells: list[tuple]) -> list:
        """Return a row's cells from the groups of xlsxscan.PLAIN_CELL."""
        if len(cells) > self.limits.max_cells_per_row:
            raise TableError("too_many_cells", row=self.row, limit=self.limits.max_cells_per_row)
        found: dict[int, object] = {}
        limit = self.limits.max_cell_chars
        columns = _COLUMNS
        for letters, style, kind, style_after, raw, inline in cells:
            column = columns.get(letters)
            if column is None:
                column = self._column(letters.decode("ascii"))
            if kind == b"inlineStr":
                text = xlsxscan.text_of(inline)
            elif not raw:
                continue
            elif kind == b"s":
                found[column] = self._shared(raw.decode("ascii", "replace"))
                continue
            elif not kind and not (style or style_after):
                found[column] = _number(raw, self.row)
                continue
            else:
                text = xlsxscan.text_of(raw)
            if len(text) > limit:
                raise TableError("cell_too_long", row=self.row, limit=limit)
            value = self._value(kind.decode("ascii") or "n",
                                (style or style_after).decode("ascii") or None, text)
            if value is not None:
                found[column] = value
        width = max(found, default=-1) + 1
        return [found.get(i) for i in range(width)]

    def _general(self, attrs: bytes) -> tuple:
        found = xlsxscan.attributes(attrs)
        return found.get(b"r"), found.get(b"t") or "n", found.get(b"s")

    def _column(self, ref: str) -> int:
        column = _COLUMNS.get(ref.rstrip("0123456789"))
        if column is None:
            match = _CELL_REF.fullmatch(ref)
            if match is None:
                raise TableError("malformed", row=self.row,
                                 detail=f"cell reference {ref[:20]!r}")
            column = column_index(match.group(1))
            if column >= 16_384:
                raise TableError("malformed", row=self.row,
                                 detail=f"cell reference {ref[:20]!r}")
            if len(_COLUMNS) < 40_000:
                _COLUMNS[match.group(1)] = column
                _COLUMNS[match.group(1).encode("ascii")] = column
        return column

    def _value(self, kind: str, style, text: str):
        if kind == "s":
            return self._shared(text)
        if kind in ("inlineStr", "str", "e"):
            return text or None
        if not text:
            return None
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            return self._iso(text)
        try:
            number = float(text)
        except ValueError:
            raise TableError("malformed", row=self.row, detail=f"number {text[:20]!r}") from None
        if style is not None and style.isdigit() and int(style) in self.date_styles \
                and 0 <= number < 2_958_466:
            return excel_date(number, self.epoch)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number

    def _shared(self, text: str) -> str:
        try:
            index = int(text)
            if index < 0:
                raise IndexError
            return self.strings[index]
        except (ValueError, IndexError):
            raise TableError("malformed", row=self.row,
                             detail=f"shared string {text[:20]!r} does not exist") from None

    def _iso(self, text: str):
        try:
            moment = datetime.fromisoformat(text.strip().rstrip("Z"))
        except ValueError:
            raise TableError("malformed", row=self.row, detail=f"date {text[:20]!r}") from None
        return moment.date() if moment.time() == datetime.min.time() else moment


#: Column letters already seen (as text and as bytes) → index.
_COLUMNS: dict = {}


def _attribute(attrs: bytes, name: bytes) -> str | None:
    """Return an attribute's value from a start tag written with double quotes, or None."""
    start = attrs.find(name)
    if start < 0:
        return None
    start += len(name)
    return attrs[start:attrs.index(b'"', start)].decode("ascii", "replace")


def _number(raw: bytes, row: int):
    """Return a number cell's value (int when whole)."""
    try:
        number = float(raw)
    except ValueError:
        raise TableError("malformed", row=row, detail=f"number {raw[:20]!r}") from None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _element_cells(row) -> Iterator[tuple]:
    """Yield (reference, type, style, text) of each <c> element of a parsed row."""
    for cell in row:
        if _local(cell.tag) == "c":
            kind = cell.get("t", "n")
            yield cell.get("r"), kind, cell.get("s"), _cell_text(cell, kind)


def _cell_text(cell, kind: str) -> str:
    """Return the text of a cell: its <v>, or its inline string's runs (phonetic ones left
    out)."""
    for child in cell:
        local = _local(child.tag)
        if local == "v" and kind != "inlineStr":
            return child.text or ""
        if local == "is":
            return _string_text(child)
    return ""


def _string_text(element) -> str:
    """Return the text of an <si> or <is>: its <t>, or its runs' <t> joined."""
    parts = []
    for child in element:
        local = _local(child.tag)
        if local == "t":
            parts.append(child.text or "")
        elif local == "r":
            parts += [t.text or "" for t in child if _local(t.tag) == "t"]
    return "".join(parts)


def _pull(book, name: str, limits: Limits, wanted: str) -> Iterator[tuple[str, object]]:
    """Yield ("start" | "end", element) for the elements named ``wanted`` (and their
    children's starts) of one zip member, parsed by the C parser chunk by chunk.

    A document type declaration is refused (so no entity can expand), the member's bytes
    are counted, and a stretch of input with no element ending (one enormous text or
    attribute) is refused before it is held in memory much longer.
    """
    parser = XMLPullParser(events=("start", "end"))
    total = quiet = 0
    quiet_limit = limits.max_cell_chars * 4 + 2 * CHUNK
    prolog = b""
    try:
        with book.open(name) as member:
            while chunk := member.read(CHUNK):
                total += len(chunk)
                if total > limits.max_member_bytes:
                    raise TableError("member_too_large", limit=limits.max_member_bytes)
                if prolog is not None:
                    prolog = _check_prolog(prolog + chunk)
                parser.feed(chunk)
                quiet += len(chunk)
                for event, element in parser.read_events():
                    if event == "end":
                        quiet = 0
                    yield event, element
                if quiet > quiet_limit:
                    raise TableError("cell_too_long", limit=limits.max_cell_chars)
            parser.close()
            yield from parser.read_events()
    except ParseError as exc:
        raise TableError("malformed", detail=f"{name}: {exc}") from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise TableError("malformed", detail=f"{name}: {exc}") from None
    except KeyError:
        raise TableError("not_a_workbook") from None


def _check_prolog(head: bytes) -> bytes | None:
    """Refuse a document type declaration before the root element; None once past it."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    position = 0
    while True:
        start = text.find(b"<", position)
        if start < 0 or start + 2 > len(text):
            return head
        if text.startswith(b"<!DOCTYPE", start) or text.startswith(b"<!ENTITY", start):
            raise TableError("malformed", detail="a document type declaration is not allowed")
        if text.startswith(b"<?", start) or text.startswith(b"<!--", start):
            end = text.find(b"?>" if text[start + 1:start + 2] == b"?" else b"-->", start)
            if end < 0:
                return head if len(head) < 65536 else None
            position = end + 2
            continue
        return None


def _sheet_rows(book, path, strings, date_styles, epoch, limits) -> Iterator[tuple[int, list]]:
    """Yield the sheet's rows by the fast path, or by the event parser for unusual parts."""
    done = 0
    try:
        for row in _scanned_rows(book, path, strings, date_styles, epoch, limits):
            done += 1
            yield row
        return
    except xlsxscan.UnusualPart:
        pass
    for number, row in enumerate(_parsed_rows(book, path, strings, date_styles, epoch,
                                              limits)):
        if number >= done:
            yield row


def _chunks(book, name: str, limits: Limits) -> Iterator[bytes]:
    """Yield a zip member's bytes chunk by chunk, refusing it past the member limit."""
    total = 0
    try:
        with book.open(name) as member:
            while chunk := member.read(CHUNK):
                total += len(chunk)
                if total > limits.max_member_bytes:
                    raise TableError("member_too_large", limit=limits.max_member_bytes)
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise TableError("malformed", detail=f"{name}: {exc}") from None
    except KeyError:
        raise TableError("not_a_workbook") from None


def _pending_limit(limits: Limits) -> int:
    return min(limits.max_member_bytes,
               limits.max_cells_per_row * (limits.max_cell_chars * 4 + 256) + 2 * CHUNK)


def _scanned_rows(book, path, strings, date_styles, epoch, limits) -> Iterator[tuple]:
    reader = _Cells(strings, date_styles, epoch, limits)
    rows = 0
    try:
        for match in xlsxscan.rows(_chunks(book, path, limits), _pending_limit(limits)):
            rows += 1
            if rows > limits.max_rows + 1:
                raise TableError("too_many_rows", limit=limits.max_rows)
            number = xlsxscan.attributes(match.group(1)).get(b"r")
            try:
                reader.row = int(number) if number else reader.row + 1
            except ValueError:
                raise TableError("malformed", row=reader.row + 1, detail="row number") from None
            yield reader.row, reader.scanned(match.group(2))
    except TableError as exc:
        if exc.code == "malformed" and exc.row is None and rows:
            raise TableError("malformed", row=reader.row + 1, detail=exc.detail) from None
        raise
    except (ValueError, UnicodeDecodeError) as exc:
        raise TableError("malformed", row=reader.row or None, detail=f"{path}: {exc}") from None


def _parsed_rows(book, path, strings, date_styles, epoch, limits) -> Iterator[tuple]:
    reader = _Cells(strings, date_styles, epoch, limits)
    rows = cells = 0
    sheet_data = None
    try:
        for event, element in _pull(book, path, limits, "row"):
            local = _local(element.tag)
            if event == "start":
                if local == "c":
                    cells += 1
                    if cells > limits.max_cells_per_row:
                        raise TableError("too_many_cells", row=reader.row,
                                         limit=limits.max_cells_per_row)
                elif local == "row":
                    rows += 1
                    if rows > limits.max_rows + 1:
                        raise TableError("too_many_rows", limit=limits.max_rows)
                    cells = 0
                    number = element.get("r")
                    try:
                        reader.row = int(number) if number else reader.row + 1
                    except ValueError:
                        raise TableError("malformed", row=reader.row + 1,
                                         detail="row number") from None
                elif local == "sheetData":
                    sheet_data = element
            elif local == "row":
                yield reader.row, reader.cells(_element_cells(element))
                if sheet_data is not None:
                    sheet_data.clear()
                else:
                    element.clear()
    except TableError as exc:
        if exc.code == "malformed" and exc.row is None and rows:
            raise TableError("malformed", row=reader.row, detail=exc.detail) from None
        raise
