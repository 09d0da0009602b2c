"""Stream the rows of a CSV file: encoding and delimiter found from its start, limits kept.

Encodings a Vietnamese office produces: UTF-8 with or without BOM ("CSV UTF-8" in Excel),
UTF-16 with BOM (Excel's "Unicode text", tab separated), and Windows-1258 ("CSV" on a
Vietnamese Windows) when the text proves to be Vietnamese in it (see ``looks_cp1258``).
TCVN3 and VNI fonts are not recognised: such a file is refused with a request for UTF-8.
"""

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from tabular.errors import Limits, TableError

#: Bytes looked at to choose the encoding and the delimiter.
SAMPLE_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t")
#: Characters of one record before it is refused (a record may span lines inside quotes).
RECORD_FACTOR = 8
#: Tone marks Windows-1258 writes as combining characters after the vowel.
CP1258_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
#: Letters Windows-1258 holds precomposed that Vietnamese uses.
#: What a byte the encoding cannot decode becomes under errors="surrogateescape".
_ESCAPED = re.compile("[\udc80-\udcff]")
CP1258_LETTERS = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđƠơƯư")


def csv_rows(stream, limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number from 1, cells as text) for every record, blank ones included.

    :raises TableError: on an unknown encoding, an over-long cell or record, too many cells
        or rows, or a file larger than the limit.
    """
    counted = _CountingReader(stream, limits.max_file_bytes)
    sample = counted.read(SAMPLE_BYTES)
    if not sample.strip():
        raise TableError("empty")
    encoding = detect_encoding(sample)
    text = io.TextIOWrapper(io.BufferedReader(_Prefixed(sample, counted)), encoding=encoding,
                            newline="", errors="surrogateescape")
    head = _decode_head(sample, encoding)
    delimiter = sniff_delimiter(head)
    guard = _RecordGuard(text, limits.max_cells_per_row * RECORD_FACTOR
                         + limits.max_cell_chars)
    reader = csv.reader(guard, delimiter=delimiter, strict=False)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (UnicodeDecodeError, _BadText):
            raise TableError("encoding", row=number + 1) from None
        except _RecordTooLong:
            raise TableError("row_too_long", row=number + 1, limit=guard.limit) from None
        except csv.Error:
            raise TableError("cell_too_long", row=number + 1, limit=limits.max_cell_chars) \
                from None
        number += 1
        guard.reset()
        if number > limits.max_rows + 1:
            raise TableError("too_many_rows", limit=limits.max_rows)
        if len(cells) > limits.max_cells_per_row:
            raise TableError("too_many_cells", row=number, limit=limits.max_cells_per_row)
        if any(len(cell) > limits.max_cell_chars for cell in cells):
            raise TableError("cell_too_long", row=number, limit=limits.max_cell_chars)
        yield number, cells


def detect_encoding(sample: bytes) -> str:
    """Return the codec of a CSV from its first bytes.

    :raises TableError: ``encoding`` when it is neither UTF-8, UTF-16 nor Windows-1258.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    even, odd = sample[0:2000:2], sample[1:2000:2]
    if len(sample) >= 4 and odd.count(0) > len(odd) * 0.4 and even.count(0) == 0:
        return "utf-16-le"
    if len(sample) >= 4 and even.count(0) > len(even) * 0.4 and odd.count(0) == 0:
        return "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if looks_cp1258(sample):
        return "cp1258"
    raise TableError("encoding")


def looks_cp1258(sample: bytes) -> bool:
    """Say whether bytes that are not UTF-8 read as Vietnamese in Windows-1258.

    Policy: every byte must be defined in Windows-1258, every non-ASCII character must be
    a Vietnamese letter or tone mark, a tone mark must follow a letter, and at least one
    tone mark or Vietnamese-only letter must appear. Latin-1 text (é, ü) of another
    language fails the second test; text in TCVN3 or VNI fails the first or the second.
    """
    try:
        text = sample.decode("cp1258")
    except UnicodeDecodeError:
        return False
    seen_vietnamese = False
    previous = ""
    for char in text:
        if char in CP1258_MARKS:
            if not previous.isalpha():
                return False
            seen_vietnamese = True
        elif ord(char) > 127:
            if char not in CP1258_LETTERS:
                return False
            seen_vietnamese |= char in "ĂăĐđƠơƯư"
        previous = char
    return seen_vietnamese


def sniff_delimiter(head: str) -> str:
    """Return the delimiter (comma, semicolon or tab) that splits the first lines best.

    Policy: for each candidate, the most common number of fields over the first 20
    records (blank ones skipped; the last one may be cut by the sample); the candidate
    with the most fields wins, among those whose most common count is reached by at least
    half the records; a comma when none splits.
    """
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = [row for row in csv.reader(io.StringIO(head), delimiter=delimiter)
                    if any(cell.strip() for cell in row)][:21]
        except csv.Error:
            continue
        lines = rows[:20] if len(rows) > 20 else rows[:-1] or rows
        counts = Counter(len(row) for row in lines)
        if not counts:
            continue
        fields, times = counts.most_common(1)[0]
        if fields > 1 and times * 2 >= len(lines) and (fields, times) > best_score:
            best, best_score = delimiter, (fields, times)
    return best


def _decode_head(sample: bytes, encoding: str) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return unicodedata.normalize("NFC", decoder.decode(sample, final=False))


class _CountingReader(io.RawIOBase):
    """Read a binary stream, refusing it past ``limit`` bytes."""

    def __init__(self, stream, limit: int):
        self.stream, self.limit, self.total = stream, limit, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size if size and size > 0 else 65536)
        self.total += len(data)
        if self.total > self.limit:
            raise TableError("too_large", limit=self.limit)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


class _Prefixed(io.RawIOBase):
    """The sample already read, then the rest of the stream."""

    def __init__(self, prefix: bytes, rest):
        self.prefix, self.rest = prefix, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.prefix:
            size = min(len(buffer), len(self.prefix))
            buffer[:size], self.prefix = self.prefix[:size], self.prefix[size:]
            return size
        return self.rest.readinto(buffer)


class _BadText(Exception):
    """A byte the encoding does not define (read as a lone surrogate)."""


class _RecordTooLong(Exception):
    """A record longer than its guard allows."""


class _RecordGuard:
    """Lines for csv.reader, refusing a record (one or more lines) longer than ``limit``."""

    def __init__(self, text, limit: int):
        self.text, self.limit, self.size = text, limit, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limit + 1)
        if not line:
            raise StopIteration
        self.size += len(line)
        if self.size > self.limit:
            raise _RecordTooLong
        if _ESCAPED.search(line):
            raise _BadText
        return unicodedata.normalize("NFC", line)

    def reset(self) -> None:
        """Start counting the next record."""
        self.size = 0
