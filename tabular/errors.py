"""The one limits policy of every table read, and the one error a refused table raises."""

from dataclasses import dataclass

#: English text per error code; the console prints its own (Vietnamese) text for each code.
MESSAGES = {
    "wrong_type": "the file must be a .csv or .xlsx table",
    "too_large": "the file is larger than {limit} bytes",
    "not_a_workbook": "the file is not an Excel workbook (.xlsx); an old .xls or a "
                      "password-protected file must be saved again as .xlsx",
    "malformed": "the workbook is damaged ({detail})",
    "compression": "a part of the workbook unpacks to far more than its packed size "
                   "({detail}); it is refused as a possible zip bomb",
    "member_too_large": "a part of the workbook unpacks to more than {limit} bytes",
    "too_many_rows": "the table has more than {limit} rows",
    "too_many_cells": "a row has more than {limit} cells",
    "too_many_strings": "the workbook holds more than {limit} distinct texts",
    "cell_too_long": "a cell holds more than {limit} characters",
    "row_too_long": "a row holds more than {limit} characters",
    "encoding": "the text is not in a known encoding; save the CSV as UTF-8",
    "empty": "the file holds no table",
    "no_header": "no header row names the columns {detail}",
    "duplicate_column": "the header names column {detail} twice",
    "no_rows": "the file has a header but no data rows",
}


@dataclass(frozen=True)
class Limits:
    """How much a table may hold; every limit is checked while the file streams.

    Sizes are bytes; ``max_ratio`` applies to zip members larger than ``ratio_floor``.
    """

    max_file_bytes: int = 8 * 2**20
    max_rows: int = 5_000
    max_cells_per_row: int = 256
    max_cell_chars: int = 32_768
    max_shared_strings: int = 100_000
    max_member_bytes: int = 64 * 2**20
    max_ratio: int = 100
    ratio_floor: int = 2**20
    max_members: int = 1_000


class TableError(ValueError):
    """A table that cannot be read: a stable ``code``, the spreadsheet ``row`` when known,
    and ``limit``/``detail`` for the message."""

    def __init__(self, code: str, *, row: int | None = None, limit: int | None = None,
                 detail: str = ""):
        self.code, self.row, self.limit, self.detail = code, row, limit, detail
        super().__init__(self.message())

    def message(self) -> str:
        """Return the problem in English, prefixed by its row when known."""
        text = MESSAGES[self.code].format(limit=self.limit, detail=self.detail)
        return f"row {self.row}: {text}" if self.row else text
