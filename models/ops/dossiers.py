"""Import a month's per-officer dossier totals: the whole file or nothing, replacing the month."""

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from evaluation import parse_month
from models.base import nfc
from models.evaluation import DossierImport, DossierStat
from models.ops.dossier_totals import COLUMNS, TABLE_LIMITS, read_totals
from models.ops.inputs import ensure_month_open
from models.org import Officer
from tabular import ImportFileError, ImportProblem, read_table


@dataclass(frozen=True)
class DossierImportSummary:
    """What an import did: its id, rows stored, rows it replaced, headers it ignored."""

    import_id: int
    period: str
    rows: int
    replaced: int
    ignored_columns: tuple[str, ...]


def import_dossier_stats(session, period: str, filename: str, stream, *,
                         user_id: int | None) -> DossierImportSummary:
    """Replace the month's dossier totals with those of a CSV or XLSX file; flush only.

    Every row is checked (columns, numbers, officer codes, duplicates) before anything is
    written; one problem refuses the whole file. Officer codes match without regard to case.

    :raises ImportFileError: listing every problem with its row number.
    :raises tabular.TableError: when the file cannot be read or breaks a limit.
    :raises models.ops.inputs.InputError: ``month_closed`` when the month is closed.
    """
    period = str(parse_month(period))
    ensure_month_open(session, period)
    table = read_table(filename, stream, COLUMNS, TABLE_LIMITS)
    rows = read_totals(table)
    officers = {code.upper(): officer_id for officer_id, code in
                session.execute(select(Officer.id, Officer.code))}
    unknown = [ImportProblem(row.row, "officer_code", "unknown_officer", row.officer_code)
               for row in rows if row.officer_code.upper() not in officers]
    if unknown:
        raise ImportFileError(unknown)
    replaced = session.scalar(select(func.count(DossierStat.id))
                              .where(DossierStat.period == period))
    session.execute(delete(DossierStat).where(DossierStat.period == period))
    record = DossierImport(period=period, filename=nfc(filename)[-255:], row_count=len(rows),
                           imported_by_id=user_id)
    session.add(record)
    session.flush()
    session.add_all(DossierStat(
        officer_id=officers[row.officer_code.upper()], period=period, received=row.received,
        resolved_early=row.early, resolved_on_time=row.on_time, resolved_late=row.late,
        digitised=row.digitised, received_online=row.received_online,
        returned_by_post=row.returned_by_post, returned=row.returned,
        supplement_requests=row.supplement_requests, quality_failures=row.quality_failures,
        late_with_apology=row.late_with_apology, import_id=record.id) for row in rows)
    session.flush()
    return DossierImportSummary(record.id, period, len(rows), replaced, table.header.ignored)
