"""One reader for every uploaded table: CSV and XLSX, streamed, one header rule, one limits
policy. Pure: the standard library only (no Flask, no SQLAlchemy)."""

from tabular.errors import MESSAGES, Limits, TableError
from tabular.header import Column, Header, fold
from tabular.problems import ImportFileError, ImportProblem
from tabular.table import Record, Table, clean, read_rows, read_table, table_kind
from tabular.values import parse_count, parse_date, parse_flag, text_of

__all__ = [
    "MESSAGES", "Column", "Header", "ImportFileError", "ImportProblem", "Limits", "Record",
    "Table", "TableError", "clean", "fold", "parse_count", "parse_date", "parse_flag",
    "read_rows", "read_table", "table_kind", "text_of",
]
