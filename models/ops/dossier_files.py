"""Read the one-stop system's dossier export (CSV or XLSX) into rows, with row-numbered problems."""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

#: Most data rows one file may hold (a province has a few thousand officers).
MAX_ROWS = 20_000
#: Largest count accepted in a cell (far above any officer's month; fits every INTEGER).
MAX_COUNT = 1_000_000

#: Column → accepted headers, compared without case, accents or punctuation.
COLUMNS = {
    "officer_code": ("officer_code", "ma_can_bo", "ma_cb", "ma_cong_chuc"),
    "received": ("received", "tiep_nhan", "so_ho_so_tiep_nhan"),
    "early": ("early", "truoc_han", "giai_quyet_truoc_han"),
    "on_time": ("on_time", "dung_han", "giai_quyet_dung_han"),
    "late": ("late", "qua_han", "tre_han", "giai_quyet_qua_han"),
    "digitised": ("digitised", "digitized", "so_hoa"),
    "received_online": ("received_online", "tiep_nhan_truc_tuyen", "truc_tuyen"),
    "returned_by_post": ("returned_by_post", "tra_qua_buu_chinh", "buu_chinh"),
}
REQUIRED = ("officer_code", "received", "early", "on_time", "late", "digitised")
COUNTS = tuple(name for name in COLUMNS if name != "officer_code")
_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}

#: English message per problem code; the console shows its own translation of each code.
MESSAGES = {
    "unsupported_type": "the file must be .csv or .xlsx",
    "unreadable_file": "the file cannot be read as {value}",
    "empty_file": "the file has no header row",
    "no_rows": "the file has a header but no data rows",
    "too_many_rows": "the file has more than {value} data rows",
    "missing_column": "column {column} is missing",
    "duplicate_column": "column {column} appears twice",
    "missing_value": "{column} is empty",
    "not_a_count": "{column} must be a whole number from 0 to 1000000; got {value!r}",
    "unknown_officer": "no officer has the code {value!r}",
    "duplicate_officer": "officer {value!r} is listed twice",
}


@dataclass(frozen=True)
class DossierProblem:
    """One problem: the spreadsheet row (1 = header), the column, a stable code, the value."""

    row: int | None
    column: str | None
    code: str
    value: str = ""

    def message(self) -> str:
        """Return the problem in English, prefixed by its row."""
        text = MESSAGES[self.code].format(column=self.column, value=self.value)
        return f"row {self.row}: {text}" if self.row else text


class DossierFileError(ValueError):
    """A dossier file that cannot be imported; ``problems`` lists every problem found."""

    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__("; ".join(problem.message() for problem in self.problems[:20]))


@dataclass(frozen=True)
class DossierRow:
    """One officer's figures as read from the file; optional counts are None when absent."""

    row: int
    officer_code: str
    received: int
    early: int
    on_time: int
    late: int
    digitised: int
    received_online: int | None
    returned_by_post: int | None


def header_key(text) -> str:
    """Return a header without case, accents or punctuation: "Số hóa" → "so_hoa"."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def read_dossier_file(filename: str, data: bytes) -> tuple[list[DossierRow], tuple[str, ...]]:
    """Return the rows of a dossier file and the headers it ignored.

    :raises DossierFileError: listing every problem (all rows are checked before refusing).
    """
    kind = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if kind not in ("csv", "xlsx"):
        raise DossierFileError([DossierProblem(None, None, "unsupported_type")])
    table = _csv_table(data) if kind == "csv" else _xlsx_table(data)
    return _parse_table(table)


def _csv_table(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DossierFileError([DossierProblem(None, None, "unreadable_file", "CSV UTF-8")]) \
            from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_table(data: bytes) -> list[list]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise DossierFileError([DossierProblem(None, None, "unreadable_file", "XLSX")]) from None
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _parse_table(table: list[list]) -> tuple[list[DossierRow], tuple[str, ...]]:
    if not table or all(_blank(cell) for cell in table[0]):
        raise DossierFileError([DossierProblem(1, None, "empty_file")])
    positions, ignored, problems = _header(table[0])
    if problems:
        raise DossierFileError(problems)
    body = [(number, cells) for number, cells in enumerate(table[1:], start=2)
            if any(not _blank(cell) for cell in cells)]
    if not body:
        raise DossierFileError([DossierProblem(None, None, "no_rows")])
    if len(body) > MAX_ROWS:
        raise DossierFileError([DossierProblem(None, None, "too_many_rows", str(MAX_ROWS))])
    rows, seen = [], {}
    for number, cells in body:
        row = _row(number, cells, positions, problems)
        if row is None:
            continue
        key = row.officer_code.upper()
        if key in seen:
            problems.append(DossierProblem(number, "officer_code", "duplicate_officer",
                                           row.officer_code))
        seen.setdefault(key, number)
        rows.append(row)
    if problems:
        raise DossierFileError(problems)
    return rows, ignored


def _header(cells: list) -> tuple[dict[str, int], tuple[str, ...], list[DossierProblem]]:
    positions, ignored, problems = {}, [], []
    for index, cell in enumerate(cells):
        name = _ALIASES.get(header_key(cell))
        if name is None:
            if not _blank(cell):
                ignored.append(str(cell).strip())
        elif name in positions:
            problems.append(DossierProblem(1, name, "duplicate_column"))
        else:
            positions[name] = index
    problems += [DossierProblem(1, name, "missing_column")
                 for name in REQUIRED if name not in positions]
    return positions, tuple(ignored), problems


def _row(number: int, cells: list, positions: dict[str, int], problems: list) -> DossierRow | None:
    """Read one data row, adding its problems; None when it has any."""
    before = len(problems)
    values = {}
    for name, index in positions.items():
        cell = cells[index] if index < len(cells) else None
        if _blank(cell):
            if name in REQUIRED:
                problems.append(DossierProblem(number, name, "missing_value"))
            values[name] = None
        elif name == "officer_code":
            values[name] = _code(cell)
        else:
            values[name] = _count(cell)
            if values[name] is None:
                problems.append(DossierProblem(number, name, "not_a_count", str(cell).strip()))
    if len(problems) > before:
        return None
    return DossierRow(number, values["officer_code"], *(values.get(name) for name in COUNTS))


def _code(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unicodedata.normalize("NFC", str(cell).strip())


def _count(cell) -> int | None:
    """Return a whole number from 0 to MAX_COUNT from a cell (text or number), or None."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, str):
        text = cell.strip()
        cell = int(text) if text.isdigit() and text.isascii() and len(text) < 10 else None
    return cell if isinstance(cell, int) and 0 <= cell <= MAX_COUNT else None


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
