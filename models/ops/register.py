"""Import the register: upsert dossiers by code, all or nothing, keeping each one's history.

One pass over the rows, in batches, inside the caller's transaction: each row is checked
(models.ops.register_rows), its officer matched by code or by exact name within the site
(never guessed), and merged into the dossier of the same code. Any problem refuses the
whole import; the caller rolls back.
"""

import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import JSON, delete, func, insert, or_, select, update

from models.base import NFCString, NFCText, nfc, storable_text, utcnow
from models.evaluation import EvaluationMonth
from models.ops.register_columns import OFFICER_FIELDS
from models.ops.register_rows import DATE_FIELDS, DossierRow, RowProblem, parse_row
from models.org import Officer, Site
from models.register import Dossier, DossierChange, RegisterImport
from tabular import Column, Limits, Table, read_table

#: Rows checked and written together.
BATCH = 2000
#: Problems listed (all are counted).
MAX_LISTED = 200
#: Stored fields an import sets, in order (officer_id resolved from officer / officer_code).
STORED = ("officer_id", "procedure", "field", "lead_agency", *DATE_FIELDS, "channel",
          "return_channel", "digitised", "supplement_requests", "apology", "quality_failed",
          "phone_hash", "id_hash")
TEXTS = ("procedure", "field", "lead_agency")
#: Fields that only move forward: a flag once true stays true, a count never falls.
MONOTONE = ("digitised", "supplement_requests", "apology", "quality_failed")
SECRETS = ("phone_hash", "id_hash")


@dataclass
class RegisterSummary:
    """What an import did."""

    import_id: int
    rows: int = 0
    dossiers: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    without_officer: int = 0
    #: Rows that hold no dossier (no code and no dates: a signature block, a subtotal).
    skipped: list[int] = field(default_factory=list)
    #: Dossiers received per month ("YYYY-MM" → count), as the file has them.
    months: dict[str, int] = field(default_factory=dict)
    #: Closed months whose dossiers changed (the frozen results stay as they are).
    closed_months: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()


#: The most rows a register file may hold, and the limits it is read under.
MAX_ROWS = 200_000
TABLE_LIMITS = Limits(max_file_bytes=64 * 2**20, max_rows=MAX_ROWS,
                      max_shared_strings=2_000_000, max_member_bytes=256 * 2**20)


class RegisterRejected(ValueError):
    """Nothing was imported: ``problems`` (the first MAX_LISTED) and how many there were."""

    def __init__(self, problems: list[RowProblem], total: int, rows: int):
        self.problems, self.total, self.rows = problems, total, rows
        super().__init__(f"{total} problem(s) in {rows} rows")


def open_register(filename: str, stream, columns: tuple[Column, ...]) -> Table:
    """Open a register file and check its header names the receiving officer.

    :raises tabular.TableError: when the file cannot be read or lacks a required column.
    :raises RegisterRejected: when no column names the receiving officer.
    """
    table = read_table(filename, stream, columns, TABLE_LIMITS)
    if not any(name in table.header.positions for name in OFFICER_FIELDS):
        raise RegisterRejected([RowProblem(table.header.row, "officer", "no_officer_column")],
                               1, 0)
    return table


def table_records(table: Table):
    """Yield (row number, {field: cell}) of a register table, for import_register."""
    for record in table.records():
        yield record.row, record.values


def name_key(text: str) -> str:
    """Return a name as compared: NFC, case-folded, single spaces (accents kept)."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class _Officers:
    """The officers a register row may name: the site's by code and by exact name."""

    def __init__(self, session, site_id: int):
        self.site_id = site_id
        self.by_code, self.elsewhere, self.by_name = {}, set(), {}
        for officer_id, code, name, officer_site in session.execute(
                select(Officer.id, Officer.code, Officer.full_name, Officer.site_id)):
            if officer_site == site_id:
                self.by_code[code.casefold()] = officer_id
                self.by_name.setdefault(name_key(name), []).append(officer_id)
            else:
                self.elsewhere.add(code.casefold())

    def match(self, row: DossierRow, number: int) -> tuple[int | None, RowProblem | None]:
        """Return the receiving officer's id (None when the row names nobody) or a problem."""
        if row.officer_code:
            return self._by_code(row.officer_code, "officer_code", number)
        if not row.officer:
            return None, None
        found = self.by_code.get(row.officer.casefold())
        if found is not None:
            return found, None
        ids = self.by_name.get(name_key(row.officer), [])
        if len(ids) == 1:
            return ids[0], None
        if len(ids) > 1:
            return None, RowProblem(number, "officer", "ambiguous_officer", row.officer)
        if row.officer.casefold() in self.elsewhere:
            return None, RowProblem(number, "officer", "officer_elsewhere", row.officer)
        return None, RowProblem(number, "officer", "unknown_officer", row.officer)

    def _by_code(self, code: str, name: str, number: int):
        found = self.by_code.get(code.casefold())
        if found is not None:
            return found, None
        problem = "officer_elsewhere" if code.casefold() in self.elsewhere else "unknown_officer"
        return None, RowProblem(number, name, problem, code)


def merge(stored: dict | None, incoming: dict) -> tuple[dict, dict]:
    """Return the dossier after an import's row and the changes ({field: [before, after]}).

    Policy: a value the row gives replaces the stored one (a correction, kept in the
    history); a blank never erases a stored value, and the flags and counts that only
    grow (digitised, requests for more papers, apology, quality failure) keep their
    highest value, so an older export imported after a newer one cannot take a dossier
    back to an earlier state (received → resolved → returned). Merging is thus order-free
    for snapshots of one dossier's progress.
    """
    merged = dict(stored or dict.fromkeys(STORED))
    changes = {}
    for name in STORED:
        value = incoming.get(name)
        if name in MONOTONE and value is not None and merged.get(name) is not None:
            value = max(value, merged[name])
        if value is not None and value != merged.get(name):
            changes[name] = [merged.get(name), value]
            merged[name] = value
    return merged, changes


def import_register(session, site_id: int, records: Iterable[tuple[int, dict]], *,
                    key: bytes, zone: str, today: date, source: str = "file",
                    filename: str = "", mapping: str = "", user_id: int | None = None,
                    api_key_id: int | None = None, ignored: tuple[str, ...] = (),
                    present: frozenset | None = None,
                    progress: Callable[[int], None] | None = None) -> RegisterSummary:
    """Upsert the dossiers of ``records`` ((row number, {field: cell})) for a site; flush only.

    :param key: the server's key for the second factor's hashes.
    :param present: the fields the file has; None (API items) takes each item's own keys.
    :param progress: called with the rows read so far, after each batch.
    :raises RegisterRejected: when any row has a problem; nothing may then be committed.
    """
    record = RegisterImport(site_id=site_id, source=source, filename=nfc(filename)[-255:],
                            mapping=nfc(mapping)[:120], imported_by_id=user_id,
                            api_key_id=api_key_id)
    session.add(record)
    session.flush()
    run = _Run(session, site_id, record.id, _Officers(session, site_id), key, zone, today,
               present)
    batch = []
    for number, values in records:
        run.summary.rows += 1
        batch.append((number, values))
        if len(batch) >= BATCH:
            run.take(batch)
            batch = []
            if progress:
                progress(run.summary.rows)
    run.take(batch)
    if progress:
        progress(run.summary.rows)
    if not run.summary.rows and not run.problem_count:
        run.problem(RowProblem(0, None, "no_rows"))
    if run.problem_count:
        raise RegisterRejected(run.problems, run.problem_count, run.summary.rows)
    summary = run.finish(ignored)
    for name in ("rows", "created", "updated", "unchanged"):
        setattr(record, name, getattr(summary, name))
    session.flush()
    return summary


class _Run:
    """One import's state: the codes seen, the problems, the counts."""

    def __init__(self, session, site_id, import_id, officers, key, zone, today, present):
        self.session, self.site_id, self.import_id = session, site_id, import_id
        self.officers, self.key, self.zone, self.today = officers, key, zone, today
        self.present = present
        self.summary = RegisterSummary(import_id)
        self.seen: dict[str, tuple[int, int]] = {}
        self.problems: list[RowProblem] = []
        self.problem_count = 0
        self.months: Counter = Counter()
        self.touched: set[str] = set()

    def problem(self, found: RowProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(found)

    def take(self, batch: list[tuple[int, dict]]) -> None:
        rows = {}
        for number, values in batch:
            if not any(values.get(name) is not None for name in ("code", *DATE_FIELDS[:2])):
                self.summary.skipped.append(number)
                continue
            present = self.present if self.present is not None else frozenset(values)
            row, problems = parse_row(values, number, key=self.key, zone=self.zone,
                                      today=self.today, present=present)
            for found in problems:
                self.problem(found)
            if row is None:
                continue
            officer_id, found = self.officers.match(row, number)
            if found:
                self.problem(found)
                continue
            if self._repeated(row, number):
                continue
            rows[row.code] = (number, _stored(row, officer_id))
        if rows:
            self._write(rows)

    def _repeated(self, row: DossierRow, number: int) -> bool:
        """Say whether the code was seen before in the file (same content: skip it)."""
        digest = hash(row)
        first = self.seen.get(row.code)
        if first is None:
            self.seen[row.code] = (number, digest)
            return False
        if first[1] != digest:
            self.problem(RowProblem(number, "code", "duplicate_code", f"{row.code} ({first[0]})"))
        return True

    def _write(self, rows: dict[str, tuple[int, dict]]) -> None:
        columns = [getattr(Dossier, name) for name in ("id", "code", "site_id", *STORED)]
        existing = {found.code: found._asdict() for found in self.session.execute(
            select(*columns).where(Dossier.code.in_(list(rows))))}
        inserts, updates, history = [], [], []
        for code, (number, incoming) in rows.items():
            stored = existing.get(code)
            if stored is not None and stored["site_id"] != self.site_id:
                self.problem(RowProblem(number, "code", "code_of_other_site", code))
                continue
            merged, changes = merge(stored, incoming)
            if not _in_order(merged):
                self.problem(RowProblem(number, "code", "conflicts_with_register", code))
                continue
            self.months[str(merged["received_on"])[:7]] += 1
            self.summary.without_officer += merged["officer_id"] is None
            if stored is None:
                inserts.append({"code": code, "site_id": self.site_id, **_defaults(merged)})
            elif changes:
                updates.append({"id": stored["id"], **_defaults(merged)})
                history.append((stored["id"], changes))
            else:
                self.summary.unchanged += 1
            if changes:
                self.touched |= _months(stored, merged)
        if self.problem_count:
            return
        now = utcnow()
        if inserts:
            insert_many(self.session, Dossier, [
                {**row, "import_id": self.import_id, "updated_at": now} for row in inserts])
        if updates:
            self.session.execute(update(Dossier), [{**row, "updated_at": now}
                                                   for row in updates])
        if history:
            insert_many(self.session, DossierChange, [
                {"dossier_id": dossier_id, "import_id": self.import_id, "changed_at": now,
                 "changes": _jsonable(changes)} for dossier_id, changes in history])
        self.summary.created += len(inserts)
        self.summary.updated += len(updates)

    def finish(self, ignored) -> RegisterSummary:
        summary = self.summary
        summary.dossiers = summary.created + summary.updated + summary.unchanged
        summary.months = dict(sorted(self.months.items()))
        closed = set(self.session.scalars(select(EvaluationMonth.period)
                                          .where(EvaluationMonth.status == "closed")))
        summary.closed_months = tuple(sorted(self.touched & closed))
        summary.ignored_columns = tuple(ignored)
        return summary


def insert_many(session, model, rows: list[dict]) -> None:
    """Insert rows (all with the same keys) in the session's transaction; flush only.

    On PostgreSQL the rows go through COPY, several times faster than one INSERT per row
    for a register of 100,000 dossiers; text is made storable first, as NFCString and
    NFCText columns do. SQLite's executemany is fast as is.
    """
    if not rows:
        return
    table = model.__table__
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), rows)
        return
    names = list(rows[0])
    texts = {name for name in names if isinstance(table.c[name].type, NFCString | NFCText)}
    jsons = {name for name in names if isinstance(table.c[name].type, JSON)}
    raw = session.connection().connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(
            f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([storable_text(row[n]) if n in texts else
                            json.dumps(row[n], ensure_ascii=False) if n in jsons else row[n]
                            for n in names])


def _stored(row: DossierRow, officer_id: int | None) -> dict:
    values = {name: getattr(row, name) for name in STORED[1:]}
    values["officer_id"] = officer_id
    return values


def _defaults(merged: dict) -> dict:
    """Return the row to write: unknown texts as empty strings (the columns' default)."""
    return {name: ("" if name in TEXTS and merged[name] is None else merged[name])
            for name in STORED}


def _in_order(merged: dict) -> bool:
    received, resolved, returned = (merged["received_on"], merged["resolved_on"],
                                    merged["returned_on"])
    later = [merged[name] for name in ("due_on", "transferred_on", "resolved_on", "returned_on")
             if merged[name] is not None]
    return received is not None and all(day >= received for day in later) and (
        resolved is None or returned is None or returned >= resolved)


def _months(stored: dict | None, merged: dict) -> set[str]:
    """Return the months whose figures a change may move: those of every date, old and new."""
    days = [merged[name] for name in DATE_FIELDS]
    if stored:
        days += [stored[name] for name in DATE_FIELDS]
    return {str(day)[:7] for day in days if day is not None}


def _jsonable(changes: dict) -> dict:
    """Return changes as JSON; the second factor's hashes are recorded as present or not."""
    out = {}
    for name, (before, after) in changes.items():
        if name in SECRETS:
            before, after = before is not None, after is not None
        out[name] = [v.isoformat() if isinstance(v, date) else v for v in (before, after)]
    return out


@dataclass(frozen=True)
class PurgeSummary:
    """What a purge did: hashes cleared (window over), dossiers deleted (past retention)."""

    hashes_cleared: int
    dossiers_deleted: int
    changes_deleted: int


def purge_register(session, *, today: date, keep_months: int) -> PurgeSummary:
    """Forget what the register no longer needs; flush only.

    Policy (docs/privacy.md): the second factor's hashes are cleared once a dossier can no
    longer be rated (rated already, or its site's window after the return has passed);
    a dossier and its history are deleted ``keep_months`` whole months after the month it
    was last dated in (returned, else resolved, else received).
    """
    found = session.execute(
        select(Dossier.id, Dossier.returned_on, Dossier.visit_id, Site.dossier_rating_days)
        .join(Site, Site.id == Dossier.site_id)
        .where(or_(Dossier.phone_hash.is_not(None), Dossier.id_hash.is_not(None))))
    ids = [row.id for row in found if row.visit_id is not None or (
        row.returned_on is not None
        and today > row.returned_on + timedelta(days=row.dossier_rating_days))]
    for start in range(0, len(ids), 1000):
        session.execute(update(Dossier).where(Dossier.id.in_(ids[start:start + 1000]))
                        .values(phone_hash=None, id_hash=None)
                        .execution_options(synchronize_session=False))
    last_day = func.coalesce(Dossier.returned_on, Dossier.resolved_on, Dossier.received_on)
    old = select(Dossier.id).where(last_day < _month_start(today, keep_months))
    changes = session.execute(delete(DossierChange).where(DossierChange.dossier_id.in_(old))
                              .execution_options(synchronize_session=False)).rowcount
    dossiers = session.execute(delete(Dossier).where(Dossier.id.in_(old))
                               .execution_options(synchronize_session=False)).rowcount
    session.flush()
    return PurgeSummary(len(ids), dossiers, changes)


def _month_start(today: date, months_back: int) -> date:
    """Return the first day of the month ``months_back`` whole months before today's."""
    index = today.year * 12 + today.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)
