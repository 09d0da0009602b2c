"""Write-only XLSX sheets: a styled, frozen header row and rows of (value, number format)."""

import io
from collections.abc import Callable, Sequence

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from render.document import nfc

POINTS, SHARE, FULL, WHEN = "0.00", "0.00%", "0.000000", "dd/mm/yyyy hh:mm"
#: Whole numbers keep Excel's General format: a styled cell costs twice a plain one to write.
COUNT = None
NOT_APPLICABLE = "không áp dụng"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
BANNER_FONT = Font(bold=True, color="B00000")
WRAP = Alignment(wrap_text=True, vertical="center")


def add_sheet(book, title: str, headers: Sequence[tuple[str, float]], freeze: str = "B2",
              banner: str = ""):
    """Add a sheet with a bold, wrapped, frozen header row; columns (name, width).

    Every sheet prints on A4 landscape, fit to the page width, its header rows repeated on
    each page, with an autofilter on the header row (``finish_sheet`` sets its range).
    A ``banner`` (e.g. the draft state) is a bold first row above the headers, printed too.
    """
    assert len({name for name, _width in headers}) == len(headers), "duplicate header"
    sheet = book.create_sheet(title)
    header_row = 2 if banner else 1
    column, _row = freeze[0], freeze[1:]
    sheet.freeze_panes = f"{column}{header_row + 1}"
    for index, (_name, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{header_row}"
    sheet.hl_columns, sheet.hl_header_row = len(headers), header_row
    if banner:
        cell = text_cell(sheet, nfc(banner))
        cell.font = BANNER_FONT
        sheet.append([cell])
    cells = []
    for name, _width in headers:
        cell = text_cell(sheet, nfc(name))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        cells.append(cell)
    sheet.append(cells)
    sheet.hl_rows = header_row
    sheet.hl_counter = getattr(book, "hl_counter", None)
    return sheet


class RowCounter:
    """Counts the rows ``add_row`` writes and reports ``progress(written, total)``.

    Set it as ``book.hl_counter`` (``count_rows``): the sheets added to the book from then on
    report their rows; ``None`` stops the count for the sheets added after.
    """

    def __init__(self, progress: Callable[[int, int], None], total: int) -> None:
        self.progress, self.total, self.written = progress, total, 0
        progress(0, total)

    def __call__(self) -> None:
        self.written += 1
        self.total = max(self.total, self.written)
        self.progress(self.written, self.total)

    def finish(self) -> None:
        """Report the end (the book is about to be saved)."""
        self.progress(self.written, self.written)


def count_rows(book, progress: Callable[[int, int], None] | None, total: int):
    """Have the sheets added to ``book`` report their rows to ``progress`` (out of ``total``);
    return the counter, or None when there is no ``progress``."""
    book.hl_counter = None if progress is None else RowCounter(progress, total)
    return book.hl_counter


def save_book(book) -> bytes:
    """Set each sheet's autofilter over its header row and rows; return the XLSX bytes."""
    for sheet in book.worksheets:
        last = get_column_letter(sheet.hl_columns)
        sheet.auto_filter.ref = f"A{sheet.hl_header_row}:{last}{sheet.hl_rows}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def text_cell(sheet, text: str) -> WriteOnlyCell:
    """Return a cell that holds text as text, even when it begins with "=".

    openpyxl writes a string that begins with "=" as a formula; a contest reason or an
    imported title typed as =HYPERLINK(…) would then run in HR's Excel. Text from people
    is always written as a string cell.
    """
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def add_row(sheet, values: Sequence[tuple[object, str | None]]) -> None:
    """Append a row of (value, number format) pairs; text is NFC and never a formula."""
    cells = []
    for value, number_format in values:
        value = nfc(value) if isinstance(value, str) else value
        if isinstance(value, str) and value.startswith("="):
            value = text_cell(sheet, value)
        elif number_format and value is not None:
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = number_format
            value = cell
        cells.append(value)
    sheet.append(cells)
    sheet.hl_rows += 1
    if sheet.hl_counter is not None:
        sheet.hl_counter()
