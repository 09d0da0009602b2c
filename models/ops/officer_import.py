"""Import officers from a table: every row is checked first; one bad row rejects the file.

Columns (English or Vietnamese headers): code / mã cán bộ, full_name / họ và tên,
title / chức vụ (optional), site_code / mã trung tâm, department_code / mã đơn vị,
counter_codes / mã quầy (optional, separated by commas or semicolons). A row whose code
exists already updates that officer; other officers are left as they are.
"""

import re
from dataclasses import dataclass

from sqlalchemy import select

from models.org import Counter, Department, Officer, Site
from tabular import Column, Limits, Table, text_of

#: The columns of an officer table (header names match folded: case, accents, spacing).
COLUMNS = (
    Column("code", ("mã cán bộ", "mã công chức"), required=True),
    Column("full_name", ("họ và tên", "họ tên"), required=True),
    Column("title", ("chức vụ",)),
    Column("site_code", ("mã trung tâm",), required=True),
    Column("department_code", ("mã đơn vị",), required=True),
    Column("counter_codes", ("mã quầy",)),
)
REQUIRED = tuple(column.name for column in COLUMNS if column.required)
LIMITS = {"code": 32, "full_name": 120, "title": 120}
#: Most officers one file may hold.
TABLE_LIMITS = Limits(max_rows=5_000)


@dataclass(frozen=True)
class RowProblem:
    """One problem: spreadsheet row (1 = header), a code, and the value at fault."""

    row: int
    code: str
    value: str = ""


class ImportRejected(ValueError):
    """The file was not imported; every problem found is listed."""

    def __init__(self, problems: list[RowProblem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    """How many officers were created and updated."""

    created: int
    updated: int


def import_officers(session, table: Table) -> ImportResult:
    """Create or update officers from a table, all or nothing; flush only.

    :raises ImportRejected: listing every problem, when any row is wrong; nothing is written.
    :raises tabular.TableError: when the file breaks a limit while it is read.
    """
    present = set(table.header.positions)
    lookups = _lookups(session)
    problems, parsed, seen = [], [], {}
    for found in table.records():
        record = {name: text_of(found.values.get(name)) for name in present}
        problems_here = _check_row(found.row, record, lookups, seen)
        problems.extend(problems_here)
        if not problems_here:
            parsed.append(record)
    if problems:
        raise ImportRejected(problems)
    if not parsed:
        raise ImportRejected([RowProblem(table.header.row, "no_rows")])
    return _write(session, parsed, lookups)


def _lookups(session) -> dict:
    return {
        "site": {s.code: s for s in session.scalars(select(Site))},
        "department": {d.code: d for d in session.scalars(select(Department))},
        "counter": {c.code: c for c in session.scalars(select(Counter))},
        "officer": {o.code: o for o in session.scalars(select(Officer))},
    }


def counter_codes(value: str) -> list[str]:
    """Split a cell of counter codes on commas, semicolons or spaces."""
    return [code for code in re.split(r"[,;\s]+", value or "") if code]


def _check_row(number, record, lookups, seen) -> list[RowProblem]:
    problems = [
        RowProblem(number, "required", name) for name in REQUIRED if not record[name]
    ]
    problems += [
        RowProblem(number, "too_long", name)
        for name, limit in LIMITS.items() if len(record.get(name) or "") > limit
    ]
    code = record["code"]
    if code and code in seen:
        problems.append(RowProblem(number, "duplicate_code", f"{code} ({seen[code]})"))
    seen.setdefault(code, number)
    site = lookups["site"].get(record["site_code"])
    if record["site_code"] and site is None:
        problems.append(RowProblem(number, "unknown_site", record["site_code"]))
    if record["department_code"] and record["department_code"] not in lookups["department"]:
        problems.append(RowProblem(number, "unknown_department", record["department_code"]))
    for counter_code in counter_codes(record.get("counter_codes", "")):
        counter = lookups["counter"].get(counter_code)
        if counter is None:
            problems.append(RowProblem(number, "unknown_counter", counter_code))
        elif site is not None and counter.site_id != site.id:
            problems.append(RowProblem(number, "counter_elsewhere", counter_code))
    return problems


def _write(session, parsed, lookups) -> ImportResult:
    created = updated = 0
    for record in parsed:
        officer = lookups["officer"].get(record["code"])
        if officer is None:
            officer = Officer(code=record["code"])
            session.add(officer)
            created += 1
        else:
            updated += 1
        site_id = lookups["site"][record["site_code"]].id
        if officer.site_id is not None and officer.site_id != site_id:
            officer.counters = []  # the old site's counters cannot be served from the new one
        officer.full_name = record["full_name"]
        officer.title = record.get("title") or ""
        officer.site_id = site_id
        officer.department_id = lookups["department"][record["department_code"]].id
        if "counter_codes" in record:
            codes = counter_codes(record["counter_codes"])
            officer.counters = [lookups["counter"][code] for code in codes]
    session.flush()
    return ImportResult(created, updated)
