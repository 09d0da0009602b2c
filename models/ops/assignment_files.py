"""Import a month's assigned numbers (NĐ 335's quantity base) from CSV or XLSX: all rows or
none, every problem with its row number. Reads the table with the dossier import's reader."""

from dataclasses import dataclass

from sqlalchemy import select

from evaluation import parse_month
from models.ops.dossier_files import (
    DossierFileError,
    _blank,
    _code,
    _count,
    _csv_table,
    _xlsx_table,
    header_key,
)
from models.ops.task_inputs import ensure_month_and_quarter_open, set_assignment
from models.org import Officer

MAX_ROWS = 20_000
COLUMNS = {
    "officer_code": ("officer_code", "ma_can_bo", "ma_cb", "ma_cong_chuc"),
    "assigned": ("assigned", "duoc_giao", "so_duoc_giao", "so_luong_duoc_giao", "giao",
                 "so_ho_so_duoc_giao"),
    "worked_percent": ("worked_percent", "ty_le_thoi_gian_cong_tac", "thoi_gian_cong_tac",
                       "cong_tac"),
}
_ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
#: English message per problem code (the console shows its own translation of each).
MESSAGES = {
    "unsupported_type": "the file must be .csv or .xlsx",
    "unreadable_file": "the file cannot be read",
    "empty_file": "the file has no header row",
    "no_rows": "the file has a header but no data rows",
    "too_many_rows": f"the file has more than {MAX_ROWS} data rows",
    "missing_column": "column {column} is missing",
    "duplicate_column": "column {column} appears twice",
    "missing_value": "{column} is empty",
    "not_a_count": "{column} must be a whole number from 0 to 1000000; got {value!r}",
    "not_a_percent": "{column} must be a whole number from 0 to 100; got {value!r}",
    "unknown_officer": "no officer has the code {value!r}",
    "duplicate_officer": "officer {value!r} is listed twice",
}


@dataclass(frozen=True)
class AssignmentProblem:
    """One problem: the row (1 = header), the column, a stable code, the value."""

    row: int | None
    column: str | None
    code: str
    value: str = ""

    def message(self) -> str:
        """Return the problem in English, prefixed by its row."""
        text = MESSAGES[self.code].format(column=self.column, value=self.value)
        return f"row {self.row}: {text}" if self.row else text


class AssignmentFileError(ValueError):
    """A file that cannot be imported; ``problems`` lists every problem found."""

    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message() for p in self.problems[:20]))


def _table(filename: str, data: bytes) -> list[list]:
    kind = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if kind not in ("csv", "xlsx"):
        raise AssignmentFileError([AssignmentProblem(None, None, "unsupported_type")])
    try:
        return _csv_table(data) if kind == "csv" else _xlsx_table(data)
    except DossierFileError:
        raise AssignmentFileError([AssignmentProblem(None, None, "unreadable_file")]) from None


def _header(cells) -> tuple[dict[str, int], list]:
    positions, problems = {}, []
    for index, cell in enumerate(cells):
        name = _ALIASES.get(header_key(cell))
        if name in positions:
            problems.append(AssignmentProblem(1, name, "duplicate_column"))
        elif name is not None:
            positions[name] = index
    problems += [AssignmentProblem(1, name, "missing_column")
                 for name in ("officer_code", "assigned") if name not in positions]
    return positions, problems


def _row(number: int, cells, positions, problems) -> tuple | None:
    values, before = {}, len(problems)
    for name, index in positions.items():
        cell = cells[index] if index < len(cells) else None
        if _blank(cell):
            if name != "worked_percent":
                problems.append(AssignmentProblem(number, name, "missing_value"))
            values[name] = None
        elif name == "officer_code":
            values[name] = _code(cell)
        else:
            values[name] = _count(cell)
            limit_ok = values[name] is not None and (name != "worked_percent"
                                                     or values[name] <= 100)
            if not limit_ok:
                code = "not_a_percent" if name == "worked_percent" else "not_a_count"
                problems.append(AssignmentProblem(number, name, code, str(cell).strip()))
    if len(problems) > before:
        return None
    return number, values["officer_code"], values["assigned"], values.get("worked_percent")


def read_assignment_file(filename: str, data: bytes) -> list[tuple]:
    """Return (row, officer code, assigned, worked percent) of every data row.

    :raises AssignmentFileError: listing every problem (every row is checked first).
    """
    table = _table(filename, data)
    if not table or all(_blank(cell) for cell in table[0]):
        raise AssignmentFileError([AssignmentProblem(1, None, "empty_file")])
    positions, problems = _header(table[0])
    if problems:
        raise AssignmentFileError(problems)
    body = [(n, cells) for n, cells in enumerate(table[1:], start=2)
            if any(not _blank(cell) for cell in cells)]
    if not body:
        raise AssignmentFileError([AssignmentProblem(None, None, "no_rows")])
    if len(body) > MAX_ROWS:
        raise AssignmentFileError([AssignmentProblem(None, None, "too_many_rows")])
    rows, seen = [], set()
    for number, cells in body:
        row = _row(number, cells, positions, problems)
        if row is None:
            continue
        if row[1].upper() in seen:
            problems.append(AssignmentProblem(number, "officer_code", "duplicate_officer",
                                              row[1]))
        seen.add(row[1].upper())
        rows.append(row)
    if problems:
        raise AssignmentFileError(problems)
    return rows


def import_assignments(session, period: str, filename: str, data: bytes, *,
                       user_id: int | None) -> int:
    """Set the month's assigned numbers from a file (other officers' stay); flush.

    :raises AssignmentFileError: every problem, with its row; nothing is written.
    :raises models.ops.inputs.InputError: ``month_closed``.
    """
    period = str(parse_month(period))
    ensure_month_and_quarter_open(session, period)
    rows = read_assignment_file(filename, data)
    officers = {code.upper(): officer_id for officer_id, code in
                session.execute(select(Officer.id, Officer.code))}
    unknown = [AssignmentProblem(row, "officer_code", "unknown_officer", code)
               for row, code, _assigned, _percent in rows if code.upper() not in officers]
    if unknown:
        raise AssignmentFileError(unknown)
    for _row_number, code, assigned, percent in rows:
        set_assignment(session, officers[code.upper()], period, assigned=assigned,
                       worked_percent=percent, user_id=user_id, source="import")
    return len(rows)
