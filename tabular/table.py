"""Read a CSV or XLSX table into records keyed by column name, streaming, within limits."""

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from tabular.csvfile import csv_rows
from tabular.errors import Limits, TableError
from tabular.header import Column, Header, find_header, is_numbering_row
from tabular.xlsxfile import xlsx_rows

#: Rows looked at for the header (an official register has a title block above it).
HEADER_SEARCH_ROWS = 20
KINDS = ("csv", "xlsx")


@dataclass(frozen=True)
class Record:
    """One data row: its spreadsheet row number and the value of each known column present.

    Values are text (NFC, trimmed), numbers, booleans, dates or datetimes; a blank cell is
    None.
    """

    row: int
    values: dict[str, object]


def table_kind(filename: str) -> str:
    """Return "csv" or "xlsx" from a file name.

    :raises TableError: ``wrong_type`` for any other name.
    """
    kind = (filename or "").lower().rsplit(".", 1)[-1] if "." in (filename or "") else ""
    if kind not in KINDS:
        raise TableError("wrong_type")
    return kind


def read_rows(filename: str, stream, limits: Limits) -> Iterator[tuple[int, list]]:
    """Yield (spreadsheet row number, cells) of a CSV or XLSX file, blank rows included."""
    if table_kind(filename) == "csv":
        return csv_rows(stream, limits)
    return xlsx_rows(stream, limits)


class Table:
    """A table whose header has been found; iterate ``records()`` once for the data rows."""

    def __init__(self, header: Header, rows: Iterator[tuple[int, list]], head: list):
        self.header = header
        self._rows = rows
        self._head = head

    def records(self) -> Iterator[Record]:
        """Yield each data row holding a value in a known column; blank rows are skipped.

        A row that only numbers the columns, right under the header, is skipped too.
        """
        positions = self.header.positions
        first = True
        for number, cells in _chain(self._head, self._rows):
            if first and is_numbering_row(cells):
                first = False
                continue
            first = False
            values = {}
            for name, index in positions.items():
                value = clean(cells[index]) if index < len(cells) else None
                if value is not None:
                    values[name] = value
            if values:
                yield Record(number, values)


def _chain(head: list, rows) -> Iterator:
    yield from head
    yield from rows


def read_table(filename: str, stream, columns: Sequence[Column], limits: Limits) -> Table:
    """Open a table, find its header among the first rows, and return it ready to stream.

    :raises TableError: for an unreadable file, a broken limit, or a header lacking a
        required column (raised again while streaming for problems found later).
    """
    rows = read_rows(filename, stream, limits)
    head = []
    for number, cells in rows:
        head.append((number, cells))
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    if not any(any(clean(cell) is not None for cell in cells) for _, cells in head):
        raise TableError("empty")
    header = find_header(columns, head)
    after = [(number, cells) for number, cells in head if number > header.row]
    return Table(header, rows, after)


def clean(cell):
    """Return a cell as read: text in NFC and trimmed (None when blank), other values as is."""
    if cell is None:
        return None
    if isinstance(cell, str):
        text = (cell if cell.isascii() else unicodedata.normalize("NFC", cell)).strip()
        return text or None
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 2**53:
        return int(cell)
    if isinstance(cell, bool | int | float | date | datetime):
        return cell
    return str(cell)
