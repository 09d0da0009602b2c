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


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


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


class _StringsHandler:
    """Collect each <si>'s text (its runs joined; phonetic runs left out)."""

    def __init__(self, strings: _Strings, limits: Limits):
        self.strings, self.limits = strings, limits
        self.parts: list[str] | None = None
        self.size = 0
        self.in_text = self.in_phonetic = False

    def start(self, name, attrs) -> None:
        local = _local(name)
        if local == "si":
            self.parts, self.size = [], 0
        elif local == "rPh":
            self.in_phonetic = True
        elif local == "t" and self.parts is not None and not self.in_phonetic:
            self.in_text = True

    def end(self, name) -> None:
        local = _local(name)
        if local == "si" and self.parts is not None:
            self.strings.append("".join(self.parts))
            self.parts = None
        elif local == "rPh":
            self.in_phonetic = False
        elif local == "t":
            self.in_text = False

    def text(self, data) -> None:
        if self.in_text:
            self.size += len(data)
            if self.size > self.limits.max_cell_chars:
                raise TableError("cell_too_long", limit=self.limits.max_cell_chars)
            self.parts.append(data)


def _shared_strings(book, path, limits) -> _Strings:
    strings = _Strings(limits.max_shared_strings)
    _run(book, path, _StringsHandler(strings, limits), limits)
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


class _SheetHandler:
    """Turn a sheet's <row>/<c> events into finished rows (a list per row)."""

    def __init__(self, strings, date_styles, epoch, limits: Limits):
        self.strings, self.date_styles, self.epoch, self.limits = (strings, date_styles,
                                                                   epoch, limits)
        self.done: list[tuple[int, list]] = []
        self.row = 0
        self.rows = 0
        self.cells: dict[int, object] | None = None
        self.cell: tuple | None = None
        self.next_column = 0
        self.parts: list[str] = []
        self.size = 0
        self.in_value = self.in_inline = self.in_phonetic = False

    def start(self, name, attrs) -> None:
        local = _local(name)
        if local == "c" and self.cells is not None:
            self._start_cell(attrs)
        elif local == "v" and self.cell is not None:
            self.in_value, self.parts, self.size = True, [], 0
        elif local == "is" and self.cell is not None:
            self.in_inline, self.parts, self.size = True, [], 0
        elif local == "rPh":
            self.in_phonetic = True
        elif local == "t" and self.in_inline and not self.in_phonetic:
            self.in_value = True
        elif local == "row":
            self._start_row(attrs)

    def _start_row(self, attrs) -> None:
        self.rows += 1
        if self.rows > self.limits.max_rows + 1:
            raise TableError("too_many_rows", limit=self.limits.max_rows)
        number = attrs.get("r")
        try:
            self.row = int(number) if number else self.row + 1
        except ValueError:
            raise TableError("malformed", row=self.row + 1, detail="row number") from None
        self.cells, self.next_column = {}, 0

    def _start_cell(self, attrs) -> None:
        if len(self.cells) >= self.limits.max_cells_per_row:
            raise TableError("too_many_cells", row=self.row, limit=self.limits.max_cells_per_row)
        ref = attrs.get("r")
        column = self.next_column
        if ref:
            match = _CELL_REF.fullmatch(ref)
            if match is None:
                raise TableError("malformed", row=self.row, detail=f"cell reference {ref[:20]!r}")
            column = column_index(match.group(1))
        if column >= 16_384:
            raise TableError("malformed", row=self.row, detail=f"cell reference {ref[:20]!r}")
        self.next_column = column + 1
        self.cell = (column, attrs.get("t", "n"), attrs.get("s"))
        self.parts = []

    def text(self, data) -> None:
        if self.in_value:
            self.size += len(data)
            if self.size > self.limits.max_cell_chars:
                raise TableError("cell_too_long", row=self.row, limit=self.limits.max_cell_chars)
            self.parts.append(data)

    def end(self, name) -> None:
        local = _local(name)
        if local == "v" or (local == "t" and self.in_inline):
            self.in_value = False
        elif local == "rPh":
            self.in_phonetic = False
        elif local == "is":
            self.in_inline = False
        elif local == "c" and self.cell is not None:
            column, kind, style = self.cell
            value = self._value(kind, style, "".join(self.parts))
            if value is not None:
                self.cells[column] = value
            self.cell, self.parts = None, []
        elif local == "row" and self.cells is not None:
            width = max(self.cells, default=-1) + 1
            self.done.append((self.row, [self.cells.get(i) for i in range(width)]))
            self.cells = None

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


def _sheet_rows(book, path, strings, date_styles, epoch, limits) -> Iterator[tuple[int, list]]:
    handler = _SheetHandler(strings, date_styles, epoch, limits)
    for _step in _parse(book, path, handler, limits):
        if handler.done:
            yield from handler.done
            handler.done = []
