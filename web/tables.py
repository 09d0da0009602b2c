"""What the console says when an uploaded table is refused, and how an upload is opened.

Every import reads its file through ``tabular`` (one header rule, one limits policy); this
is the one place that words its refusals for people, in the page's language.
"""

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tabular import Column, ImportProblem, Limits, Table, TableError, read_table

TABLE_MESSAGES = {
    "wrong_type": _l("Please upload a .csv or .xlsx file."),
    "too_large": _l("The file is too large (at most %(limit)s bytes)."),
    "not_a_workbook": _l("This file could not be read as an Excel workbook (.xlsx). An old "
                         ".xls file or a password-protected one must be saved again as .xlsx."),
    "malformed": _l("The workbook is damaged and cannot be read (%(detail)s). Open it in Excel "
                    "and save it again."),
    "compression": _l("A part of the workbook unpacks to far more than its size on disk "
                      "(%(detail)s): it is refused as possibly harmful."),
    "member_too_large": _l("A part of the workbook is too large once unpacked (at most "
                           "%(limit)s bytes)."),
    "too_many_rows": _l("The file has too many rows (at most %(limit)s)."),
    "too_many_cells": _l("The row has too many cells (at most %(limit)s)."),
    "too_many_strings": _l("The workbook holds too many different texts (at most "
                           "%(limit)s)."),
    "cell_too_long": _l("A cell is too long (at most %(limit)s characters)."),
    "row_too_long": _l("The row is too long (at most %(limit)s characters)."),
    "encoding": _l("The CSV file is not in UTF-8. In Excel choose “CSV UTF-8” when saving."),
    "empty": _l("The file is empty."),
    "no_header": _l("No header row names the columns: %(detail)s."),
    "duplicate_column": _l("The header names the column “%(detail)s” twice."),
    "no_rows": _l("The file has a header but no data rows."),
}


def table_error_text(error: TableError) -> str:
    """Return a refused table's problem in the page's language, with its row when known."""
    limit = format_decimal(error.limit) if error.limit is not None else ""
    text = str(TABLE_MESSAGES[error.code]) % {"limit": limit, "detail": error.detail}
    return _("Row %(row)s: %(text)s", row=error.row, text=text) if error.row else text


#: Problems of an import's rows (tabular.ImportProblem); %(column)s and %(value)s filled in.
IMPORT_PROBLEMS = {
    "no_rows": _l("The file has a header but no data rows."),
    "missing_value": _l("%(column)s is empty."),
    "not_a_count": _l("%(column)s must be a whole number from 0 to 1000000 (found “%(value)s”)."),
    "not_a_percent": _l("%(column)s must be a whole number from 0 to 100 (found “%(value)s”)."),
    "unknown_officer": _l("No officer has the code “%(value)s”."),
    "duplicate_officer": _l("Officer “%(value)s” is listed twice."),
    "apology_exceeds_late": _l("Late with an apology (%(value)s) is more than late."),
}


def import_problem_text(problem: ImportProblem) -> str:
    """Return a problem of an import's rows in the page's language, with its row when known."""
    text = str(IMPORT_PROBLEMS[problem.code]) % {"column": problem.column or "",
                                                 "value": problem.value}
    return _("Row %(row)s: %(text)s", row=problem.row, text=text) if problem.row else text


def open_upload(upload, columns: list[Column], limits: Limits) -> Table:
    """Open an uploaded file (a werkzeug FileStorage) as a table, streaming from its spool.

    :raises TableError: as ``tabular.read_table``.
    """
    if upload is None:
        raise TableError("empty")
    return read_table(upload.filename or "", upload.stream, columns, limits)
