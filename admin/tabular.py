"""Read an uploaded CSV or XLSX table into rows keyed by normalised column names."""

import csv
import io
import unicodedata
import zipfile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

#: Most data rows read from one file.
MAX_ROWS = 5000


class TableUnreadable(ValueError):
    """The file is not a CSV or XLSX table we can read; code says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def header_key(value) -> str:
    """Return a column name folded for matching: NFC, lower case, single spaces."""
    text = unicodedata.normalize("NFC", str(value or "")).strip().lower()
    return " ".join(text.split())


def read_table(filename: str, data: bytes) -> tuple[list[str], list[tuple[int, dict]]]:
    """Return the header keys and (spreadsheet row number, {header key: text}) per data row.

    Row numbers count the header as row 1, as a spreadsheet shows them. Blank rows are
    skipped. :raises TableUnreadable: "wrong_type", "unreadable", "empty" or "too_many_rows".
    """
    name = (filename or "").lower()
    if name.endswith(".csv"):
        rows = _csv_rows(data)
    elif name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    else:
        raise TableUnreadable("wrong_type")
    if not rows:
        raise TableUnreadable("empty")
    header = [header_key(cell) for cell in rows[0]]
    records = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [_text(cell) for cell in row]
        if not any(cells):
            continue
        records.append((number, dict(zip(header, cells, strict=False))))
        if len(records) > MAX_ROWS:
            raise TableUnreadable("too_many_rows")
    return header, records


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unicodedata.normalize("NFC", str(cell)).strip()


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableUnreadable("not_utf8") from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(data: bytes) -> list[list]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise TableUnreadable("unreadable") from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                raise TableUnreadable("too_many_rows")
        return rows
    finally:
        workbook.close()
