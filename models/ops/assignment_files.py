"""Import a month's assigned numbers (NĐ 335's quantity base) from CSV or XLSX: all rows or
none, every problem with its row number. The file is read by ``tabular`` (one header rule,
one limits policy); this checks what each row says."""


from sqlalchemy import select

from evaluation import parse_month
from models.ops.task_inputs import ensure_month_and_quarter_open, set_assignment
from models.org import Officer
from tabular import (
    Column,
    ImportFileError,
    ImportProblem,
    Limits,
    parse_count,
    read_table,
    text_of,
)

#: Most data rows one file may hold (a province has a few thousand officers).
MAX_ROWS = 20_000
TABLE_LIMITS = Limits(max_rows=MAX_ROWS)
#: The columns of an assigned-numbers file; headers match folded (case, accents, punctuation).
COLUMNS = (
    Column("officer_code", ("ma can bo", "ma cb", "ma cong chuc"), required=True),
    Column("assigned", ("duoc giao", "so duoc giao", "so luong duoc giao", "giao",
                        "so ho so duoc giao"), required=True),
    Column("worked_percent", ("ty le thoi gian cong tac", "thoi gian cong tac", "cong tac")),
)
def _row(record, present, problems) -> tuple | None:
    """Return (row, officer code, assigned, worked percent), or None with its problems added."""
    values, before = {"worked_percent": None}, len(problems)
    for name in present:
        cell = record.values.get(name)
        if cell is None:
            if name != "worked_percent":
                problems.append(ImportProblem(record.row, name, "missing_value"))
        elif name == "officer_code":
            values[name] = text_of(cell)
        else:
            try:
                values[name] = parse_count(cell)
            except ValueError:
                values[name] = None
            if values[name] is None or (name == "worked_percent" and values[name] > 100):
                code = "not_a_percent" if name == "worked_percent" else "not_a_count"
                problems.append(ImportProblem(record.row, name, code, text_of(cell)))
    if len(problems) > before:
        return None
    return record.row, values["officer_code"], values["assigned"], values["worked_percent"]


def read_assignment_file(filename: str, stream) -> list[tuple]:
    """Return (row, officer code, assigned, worked percent) of every data row.

    :raises ImportFileError: listing every problem (every row is checked first).
    :raises tabular.TableError: when the file cannot be read or breaks a limit.
    """
    table = read_table(filename, stream, COLUMNS, TABLE_LIMITS)
    present = [c.name for c in COLUMNS if c.name in table.header.positions]
    rows, problems, seen = [], [], set()
    for record in table.records():
        row = _row(record, present, problems)
        if row is None:
            continue
        if row[1].upper() in seen:
            problems.append(ImportProblem(row[0], "officer_code", "duplicate_officer",
                                              row[1]))
        seen.add(row[1].upper())
        rows.append(row)
    if problems:
        raise ImportFileError(problems)
    if not rows:
        raise ImportFileError([ImportProblem(None, None, "no_rows")])
    return rows


def import_assignments(session, period: str, filename: str, stream, *,
                       user_id: int | None) -> int:
    """Set the month's assigned numbers from a file (other officers' stay); flush.

    :raises ImportFileError: every problem, with its row; nothing is written.
    :raises tabular.TableError: when the file cannot be read or breaks a limit.
    :raises models.ops.inputs.InputError: ``month_closed``.
    """
    period = str(parse_month(period))
    ensure_month_and_quarter_open(session, period)
    rows = read_assignment_file(filename, stream)
    officers = {code.upper(): officer_id for officer_id, code in
                session.execute(select(Officer.id, Officer.code))}
    unknown = [ImportProblem(row, "officer_code", "unknown_officer", code)
               for row, code, _assigned, _percent in rows if code.upper() not in officers]
    if unknown:
        raise ImportFileError(unknown)
    for _row_number, code, assigned, percent in rows:
        set_assignment(session, officers[code.upper()], period, assigned=assigned,
                       worked_percent=percent, user_id=user_id, source="import")
    return len(rows)
