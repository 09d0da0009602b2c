"""Write-only XLSX sheets: a styled, frozen header row and rows of (value, number format)."""

from collections.abc import Sequence

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from render.document import nfc

POINTS, SHARE, FULL, WHEN = "0.00", "0.00%", "0.000000", "dd/mm/yyyy hh:mm"
#: Whole numbers keep Excel's General format: a styled cell costs twice a plain one to write.
COUNT = None
NOT_APPLICABLE = "không áp dụng"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
WRAP = Alignment(wrap_text=True, vertical="center")


def add_sheet(book, title: str, headers: Sequence[tuple[str, float]], freeze: str = "B2"):
    """Add a sheet with a bold, wrapped, frozen header row; columns (name, width)."""
    sheet = book.create_sheet(title)
    sheet.freeze_panes = freeze
    for index, (_name, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    cells = []
    for name, _width in headers:
        cell = text_cell(sheet, nfc(name))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        cells.append(cell)
    sheet.append(cells)
    return sheet


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
