"""Read the rows of a per-officer dossier totals file, with row-numbered problems.

The file itself is read by ``tabular`` (one header rule, one limits policy); this checks
what each row says: an officer code and whole counts.
"""

from dataclasses import dataclass

from tabular import (
    Column,
    ImportFileError,
    ImportProblem,
    Limits,
    Table,
    parse_count,
    text_of,
)

#: Most data rows one file may hold (a province has a few thousand officers).
MAX_ROWS = 20_000
TABLE_LIMITS = Limits(max_rows=MAX_ROWS)

#: The columns of a totals file; header names match folded (case, accents, punctuation).
COLUMNS = (
    Column("officer_code", ("ma can bo", "ma cb", "ma cong chuc"), required=True),
    Column("received", ("tiep nhan", "so ho so tiep nhan"), required=True),
    Column("early", ("truoc han", "giai quyet truoc han"), required=True),
    Column("on_time", ("dung han", "giai quyet dung han"), required=True),
    Column("late", ("qua han", "tre han", "giai quyet qua han"), required=True),
    Column("digitised", ("digitized", "so hoa"), required=True),
    Column("received_online", ("tiep nhan truc tuyen", "truc tuyen")),
    Column("returned_by_post", ("tra qua buu chinh", "buu chinh")),
    Column("returned", ("da tra ket qua", "tra ket qua", "so ho so tra ket qua")),
    Column("supplement_requests", ("yeu cau bo sung", "ho so yeu cau bo sung")),
    Column("quality_failures", ("khong dat chat luong", "loi chat luong")),
    Column("late_with_apology", ("qua han co xin loi", "xin loi", "gia han xin loi")),
)
COUNTS = tuple(column.name for column in COLUMNS if column.name != "officer_code")
REQUIRED = tuple(column.name for column in COLUMNS if column.required)

@dataclass(frozen=True)
class TotalsRow:
    """One officer's figures as read; an optional count is None when its column is absent."""

    row: int
    officer_code: str
    received: int
    early: int
    on_time: int
    late: int
    digitised: int
    received_online: int | None = None
    returned_by_post: int | None = None
    returned: int | None = None
    supplement_requests: int | None = None
    quality_failures: int | None = None
    late_with_apology: int | None = None


def read_totals(table: Table) -> list[TotalsRow]:
    """Return every row of a totals table, all rows checked before any problem is raised.

    :raises ImportFileError: listing every problem by row.
    :raises tabular.TableError: when the file breaks a limit while it streams.
    """
    present = [name for name in (column.name for column in COLUMNS)
               if name in table.header.positions]
    rows, problems, seen = [], [], {}
    for record in table.records():
        row = _row(record, present, problems)
        if row is None:
            continue
        key = row.officer_code.upper()
        if key in seen:
            problems.append(ImportProblem(record.row, "officer_code", "duplicate_officer",
                                           row.officer_code))
        seen.setdefault(key, record.row)
        rows.append(row)
    if problems:
        raise ImportFileError(problems)
    if not rows:
        raise ImportFileError([ImportProblem(None, None, "no_rows")])
    return rows


def _row(record, present: list[str], problems: list) -> TotalsRow | None:
    """Read one data row, adding its problems; None when it has any."""
    before = len(problems)
    values = {}
    for name in present:
        cell = record.values.get(name)
        if cell is None:
            if name in REQUIRED:
                problems.append(ImportProblem(record.row, name, "missing_value"))
        elif name == "officer_code":
            values[name] = text_of(cell)
        else:
            try:
                values[name] = parse_count(cell)
            except ValueError:
                problems.append(ImportProblem(record.row, name, "not_a_count", text_of(cell)))
    if len(problems) > before:
        return None
    apology = values.get("late_with_apology")
    if apology is not None and apology > values["late"]:
        problems.append(ImportProblem(record.row, "late_with_apology", "apology_exceeds_late",
                                       str(apology)))
        return None
    return TotalsRow(record.row, **values)
