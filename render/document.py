"""Vietnamese administrative documents: the heading, title, page numbers, draft mark, signatures.

Builds A4 PDFs in the layout of Nghị định 30/2020/NĐ-CP: the issuing body on the left and the
national motto on the right, the number and the place-and-date line, the title, the body, then
the signature blocks. Every text is normalised to NFC before it is drawn.
"""

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from render.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
DRAFT_MARK = "DỰ THẢO"


def nfc(text) -> str:
    """Return text as an NFC string (numbers and None become text too)."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def para(text, style: ParagraphStyle) -> Paragraph:
    """Return a Paragraph of plain text (escaped, NFC) in style."""
    return Paragraph(escape(nfc(text)), style)


@dataclass(frozen=True)
class Heading:
    """Who issues the document, where and when."""

    issuing_body: str
    centre_name: str
    place: str
    issued_on: date
    number: str = ""


@dataclass(frozen=True)
class Signatory:
    """A signature block: the role in capitals and the person's name."""

    role: str
    name: str = ""
    note: str = "(Ký, ghi rõ họ tên)"


def styles(size: float = 10) -> dict[str, ParagraphStyle]:
    """Return the paragraph styles used by every document."""
    register_fonts()
    base = ParagraphStyle("body", fontName=SERIF, fontSize=size, leading=size * 1.25)
    return {
        "body": base,
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", parent=base, alignment=TA_CENTER,
                                      fontName=SERIF_BOLD),
        "center_italic": ParagraphStyle("center_italic", parent=base, alignment=TA_CENTER,
                                        fontName=SERIF_ITALIC),
        "title": ParagraphStyle("title", parent=base, alignment=TA_CENTER, fontName=SERIF_BOLD,
                                fontSize=size + 3, leading=(size + 3) * 1.3),
        "small": ParagraphStyle("small", parent=base, fontSize=size - 1.5,
                                leading=(size - 1.5) * 1.25),
        "cell": ParagraphStyle("cell", parent=base, fontSize=size - 1.5,
                               leading=(size - 1.5) * 1.2),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=SERIF_BOLD,
                                    fontSize=size - 1.5, leading=(size - 1.5) * 1.2,
                                    alignment=TA_CENTER),
    }


def date_line(heading: Heading) -> str:
    """Return the place-and-date line, e.g. "Bắc Ninh, ngày 01 tháng 12 năm 2026"."""
    day = heading.issued_on
    return f"{heading.place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def heading_block(heading: Heading, width: float, st) -> Table:
    """Return the two-column heading: issuing body and centre | national motto; number | date."""
    left = [para(heading.issuing_body.upper(), st["center"]),
            para(heading.centre_name.upper(), st["center_bold"]), para("———", st["center"])]
    right = [para(MOTTO[0], st["center_bold"]), para(MOTTO[1], st["center_bold"]),
             para("———————", st["center"])]
    number = f"Số: {heading.number}" if heading.number else "Số:        "
    dated = para(date_line(heading), st["center_italic"])
    rows = [[left, right], [para(number, st["center"]), dated]]
    table = Table(rows, colWidths=[width * 0.42, width * 0.58])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def signature_block(signatories: Sequence[Signatory], width: float, st) -> Table:
    """Return the signature blocks side by side, with room to sign."""
    cells = [[para(s.role.upper(), st["center_bold"]), para(s.note, st["center_italic"]),
              Spacer(1, 22 * mm), para(s.name, st["center_bold"])] for s in signatories]
    table = Table([cells], colWidths=[width / max(1, len(cells))] * len(cells))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def wrap_text(text, width: float, font_size: float, font: str = SERIF, padding: float = 6) -> str:
    """Return NFC text broken into lines that fit ``width`` points, joined by newlines.

    A plain-string table cell with newlines is much cheaper to lay out than a Paragraph,
    which matters for tables of hundreds of rows.
    """
    register_fonts()
    lines = simpleSplit(nfc(text), font, font_size, max(1.0, width - padding))
    return "\n".join(lines)


def grid_table(rows, col_widths, header_rows: int = 1, align_right_from: int | None = None,
               font_size: float = 8.5, fonts: tuple[str, str] = (SERIF, SERIF_BOLD)):
    """Return a bordered table whose header rows repeat on every page (text cells in NFC).

    ``fonts`` are the body's and the header's (e.g. the condensed sans for dense tables).
    """
    rows = [[nfc(cell) if isinstance(cell, str) else cell for cell in row] for row in rows]
    table = LongTable(rows, colWidths=col_widths, repeatRows=header_rows)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), fonts[0]),
        ("FONTNAME", (0, 0), (-1, header_rows - 1), fonts[1]),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("LEADING", (0, 0), (-1, -1), font_size * 1.2),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#eeeeee")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if align_right_from is not None:
        commands.append(("ALIGN", (align_right_from, header_rows), (-1, -1), "RIGHT"))
    table.setStyle(TableStyle(commands))
    return table


def numbered_canvas(draft: bool):
    """Return a Canvas class that prints "Trang x/y" and, for a draft, a diagonal mark."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, _height = self._pagesize
            self.setFont(SERIF, 8.5)
            self.drawRightString(width - 12 * mm, 8 * mm, f"Trang {self._pageNumber}/{total}")
            if draft:
                self._draw_draft_mark()

        def _draw_draft_mark(self) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.18))
            self.setFont(SERIF_BOLD, 96)
            self.translate(width / 2, height / 2)
            self.rotate(30)
            self.drawCentredString(0, -30, DRAFT_MARK)
            self.restoreState()

    return NumberedCanvas


def build_document(*, heading: Heading, title_lines: Sequence[str], body: Sequence,
                   signatories: Sequence[Signatory], landscape_page: bool = True,
                   draft: bool = False, metadata_title: str = "",
                   annex: Sequence = ()) -> bytes:
    """Lay out heading, title, body flowables and signatures on A4; return the PDF bytes.

    ``annex`` flowables (a phụ lục, starting with its own page break) follow the signatures.
    """
    st = styles()
    pagesize = landscape(A4) if landscape_page else A4
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=pagesize, leftMargin=15 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=15 * mm,
                            title=nfc(metadata_title or " ".join(title_lines)),
                            author=nfc(heading.centre_name), creator="Hài Lòng")
    story = [heading_block(heading, doc.width, st), Spacer(1, 5 * mm)]
    story += [para(line, st["title"]) for line in title_lines]
    story += [Spacer(1, 4 * mm), *body, Spacer(1, 6 * mm),
              signature_block(signatories, doc.width, st), *annex]
    doc.build(story, canvasmaker=numbered_canvas(draft))
    return buffer.getvalue()
