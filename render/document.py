"""Vietnamese administrative documents: the heading, title, page numbers, draft mark, signatures.

Builds A4 PDFs in the layout of Nghị định 30/2020/NĐ-CP: the issuing body on the left and the
national motto on the right, the number and the place-and-date line, the title, the body, then
the signature blocks beside the "Nơi nhận" list. Every text is normalised to NFC before it is
drawn; the sizes and margins are in ``render/document_parts.py``.
"""

import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from render.document_parts import (
    ISSUER_RULE_SHARE,
    MARGINS,
    SIZES,
    PageMark,
    Rule,
    balanced_lines,
    page_number_y,
)
from render.fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, register_fonts

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
DRAFT_MARK = "DỰ THẢO"


def nfc(text) -> str:
    """Return text as an NFC string (numbers and None become text too)."""
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def para(text, style: ParagraphStyle) -> Paragraph:
    """Return a Paragraph of plain text (escaped, NFC) in style."""
    return Paragraph(escape(nfc(text)), style)


def labelled(label: str, value, style: ParagraphStyle) -> Paragraph:
    """Return "label value" as one paragraph with the label bold (it never wraps alone)."""
    return Paragraph(f"<b>{escape(nfc(label))}</b> {escape(nfc(value))}", style)


@dataclass(frozen=True)
class Heading:
    """Who issues the document, where and when."""

    issuing_body: str
    centre_name: str
    place: str
    issued_on: date
    #: The whole number line after "Số:" when known (e.g. "12/BC-TTPVHCC").
    number: str = ""
    #: The ký hiệu alone (e.g. "BC-TTPVHCC"): printed as "Số:  …/BC-TTPVHCC" for the records
    #: office to write the number in. Neither: no number line (a form, not an issued document).
    symbol: str = ""


@dataclass(frozen=True)
class Signatory:
    """A signature block: the role in capitals and the person's name."""

    role: str
    name: str = ""
    note: str = "(Ký, ghi rõ họ tên)"


def styles(size: float = SIZES["body"], cell: float = SIZES["table"]) -> dict[str, ParagraphStyle]:
    """Return the paragraph styles used by every document (body ``size``, tables ``cell``)."""
    register_fonts()
    base = ParagraphStyle("body", fontName=SERIF, fontSize=size, leading=size * 1.2)
    centred = lambda name, font, points: ParagraphStyle(  # noqa: E731
        name, parent=base, alignment=TA_CENTER, fontName=font, fontSize=points,
        leading=points * 1.2)
    return {
        "body": base,
        "center": centred("center", SERIF, size),
        "center_bold": centred("center_bold", SERIF_BOLD, size),
        "center_italic": centred("center_italic", SERIF_ITALIC, size),
        "issuer": centred("issuer", SERIF, SIZES["body_issuer"]),
        "issuer_bold": centred("issuer_bold", SERIF_BOLD, SIZES["body_issuer"]),
        "motto": centred("motto", SERIF_BOLD, SIZES["motto"]),
        "motto_line": centred("motto_line", SERIF_BOLD, SIZES["motto_line"]),
        "number": centred("number", SERIF, SIZES["number"]),
        "date": centred("date", SERIF_ITALIC, SIZES["date"]),
        "title": centred("title", SERIF_BOLD, SIZES["title"]),
        "signature": centred("signature", SERIF_BOLD, SIZES["signature"]),
        "signature_note": centred("signature_note", SERIF_ITALIC, SIZES["recipients"]),
        "recipients_label": ParagraphStyle("recipients_label", parent=base,
                                           fontName=SERIF_BOLD_ITALIC,
                                           fontSize=SIZES["recipients_label"],
                                           leading=SIZES["recipients_label"] * 1.2),
        "recipients": ParagraphStyle("recipients", parent=base, fontSize=SIZES["recipients"],
                                     leading=SIZES["recipients"] * 1.2),
        "small": ParagraphStyle("small", parent=base, alignment=TA_JUSTIFY),
        "cell": ParagraphStyle("cell", parent=base, fontSize=cell, leading=cell * 1.2),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=SERIF_BOLD,
                                    fontSize=cell, leading=cell * 1.2, alignment=TA_CENTER),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=cell,
                                     leading=cell * 1.2, alignment=TA_RIGHT),
    }


def date_line(heading: Heading) -> str:
    """Return the place-and-date line, e.g. "Bắc Ninh, ngày 01 tháng 12 năm 2026"."""
    day = heading.issued_on
    return f"{heading.place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def number_line(heading: Heading) -> str:
    """Return "Số: 12/BC-TTPVHCC", or "Số:" with room for the number before "/symbol"."""
    if heading.number:
        return f"Số: {heading.number}"
    if heading.symbol:
        return "Số:" + "\u00a0" * 10 + f"/{heading.symbol}"
    return ""


def _lines(text: str, style: ParagraphStyle, width: float) -> list[str]:
    return balanced_lines(nfc(text).upper(), style.fontName, style.fontSize, width)


def heading_block(heading: Heading, width: float, st) -> Table:
    """Return the two-column heading: issuing body and centre | national motto; number | date.

    The centre's name is bold with a drawn rule under it 0.4 of its widest line; the tiêu ngữ
    has a rule as long as itself (Nghị định 30/2020, Phụ lục I).
    """
    left_width = width * (0.42 if width < 200 * mm else 0.45)
    inner = left_width - 4
    issuer = _lines(heading.issuing_body, st["issuer"], inner)
    centre = _lines(heading.centre_name, st["issuer_bold"], inner)
    widest = max(stringWidth(line, SERIF_BOLD, SIZES["body_issuer"]) for line in centre)
    motto_width = stringWidth(MOTTO[1], SERIF_BOLD, SIZES["motto_line"])
    left = [*(para(line, st["issuer"]) for line in issuer),
            *(para(line, st["issuer_bold"]) for line in centre),
            Rule(widest * ISSUER_RULE_SHARE)]
    right = [para(MOTTO[0], st["motto"]), para(MOTTO[1], st["motto_line"]), Rule(motto_width)]
    number = number_line(heading)
    rows = [[left, right], [para(number, st["number"]) if number else "",
                            para(date_line(heading), st["date"])]]
    table = Table(rows, colWidths=[left_width, width - left_width])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTNAME", (0, 0), (-1, -1), SERIF),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 1), (-1, 1), 4)]))
    return table


def _signature_cell(signatory: Signatory, st) -> list:
    return [para(signatory.role.upper(), st["signature"]),
            para(signatory.note, st["signature_note"]), Spacer(1, 24 * mm),
            para(signatory.name, st["signature"])]


def _recipients_cell(recipients: Sequence[str], st) -> list:
    if not recipients:
        return []
    return [para("Nơi nhận:", st["recipients_label"]),
            *(para(f"- {line}", st["recipients"]) for line in recipients)]


def signature_block(signatories: Sequence[Signatory], width: float, st,
                    recipients: Sequence[str] = ()) -> Table:
    """Return the signatures with the "Nơi nhận" list on the left of the last signer.

    The last signatory is the one who signs for the centre (on the right, as the decree
    places it); up to two signatures share one row with the recipients, more take a row
    above it.
    """
    cells = [_signature_cell(s, st) for s in signatories]
    if len(cells) <= 2:
        rows = [[_recipients_cell(recipients, st), *cells]]
        widths = [width * 0.34] + [width * 0.66 / len(cells)] * len(cells)
    else:
        others = cells[:-1] + [""] * (len(cells[:-1]) % 2)
        rows = [others[i:i + 2] for i in range(0, len(others), 2)]
        rows.append([_recipients_cell(recipients, st), cells[-1]])
        widths = [width / 2, width / 2]
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("FONTNAME", (0, 0), (-1, -1), SERIF),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
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
               font_size: float = SIZES["table"], fonts: tuple[str, str] = (SERIF, SERIF_BOLD)):
    """Return a bordered table whose header rows repeat on every page (text cells in NFC)."""
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
    """Return a Canvas class that numbers pages and, for a draft, prints a diagonal mark.

    Page numbers are centred in the top margin from page 2 (Nghị định 30/2020); an annex
    (a ``PageMark("annex")`` at its start) is numbered on its own, from its own page 1.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            register_fonts()
            # The page's first font is otherwise Helvetica, listed un-embedded in the PDF.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or SERIF
            kwargs["initialFontSize"] = kwargs.get("initialFontSize") or SIZES["body"]
            super().__init__(*args, **kwargs)
            self._pages = []
            self.page_marks: dict[str, int] = {}

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate()
                super().showPage()
            super().save()

        def _decorate(self) -> None:
            width, height = self._pagesize
            page = self._pageNumber
            annex = self.page_marks.get("annex")
            if annex is not None and page >= annex:
                page = page - annex + 1
            if page > 1:
                self.setFont(SERIF, SIZES["page_number"])
                self.drawCentredString(width / 2, page_number_y(height), str(page))
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
                   annex: Sequence = (), recipients: Sequence[str] = (),
                   keep_with_signatures: int = 1,
                   progress: Callable[[int, int], None] | None = None) -> bytes:
    """Lay out heading, title, body flowables and signatures on A4; return the PDF bytes.

    The last ``keep_with_signatures`` body flowables share a page with the signatures, so the
    signatures are never alone on a page; only paragraphs and spacers are kept (a table at
    the end of the body is not moved whole to the next page). ``annex`` flowables (a phụ lục)
    follow on a new page, numbered on their own. ``progress``, when given, is called as
    ``progress(done, total)`` while the pages are laid out (``LayoutProgress``).
    """
    st = styles()
    pagesize = landscape(A4) if landscape_page else A4
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=pagesize, leftMargin=MARGINS["left"] * mm,
                            rightMargin=MARGINS["right"] * mm, topMargin=MARGINS["top"] * mm,
                            bottomMargin=MARGINS["bottom"] * mm,
                            title=nfc(metadata_title or " ".join(title_lines)),
                            author=nfc(heading.centre_name), creator="Hài Lòng")
    story = [heading_block(heading, doc.width, st), Spacer(1, 6 * mm)]
    story += [para(line, st["title"]) for line in title_lines]
    body = list(body)
    keep = 0
    while keep < min(keep_with_signatures, len(body)) and isinstance(
            body[len(body) - keep - 1], Paragraph | Spacer):
        keep += 1
    story += [Spacer(1, 4 * mm), *body[:len(body) - keep],
              KeepTogether([*body[len(body) - keep:], Spacer(1, 5 * mm),
                            signature_block(signatories, doc.width, st, recipients)])]
    if annex:
        story += [PageBreak(), PageMark("annex"), *annex]
    if progress is not None:
        doc.setProgressCallBack(LayoutProgress(story, progress))
    doc.build(story, canvasmaker=numbered_canvas(draft))
    return buffer.getvalue()


class LayoutProgress:
    """ReportLab's progress callback (``BaseDocTemplate.setProgressCallBack``) as
    ``progress(done, total)`` in units of the story: a table's body row, or any other
    flowable, is one unit.

    ReportLab reports ``SIZE_EST`` (the story's flowables) once, then ``PROGRESS`` after
    each flowable placed and ``PAGE`` at each page; a long table is one flowable split page
    by page, so its flowable count would stand still while its rows fill page after page.
    The story list is the one ReportLab consumes (it deletes each placed flowable and puts a
    split table's remainder back in front), so the units still in it say what is left.
    """

    def __init__(self, story: list, progress: Callable[[int, int], None]) -> None:
        self.story, self.progress = story, progress
        self.total = self.done = 0
        #: The pages begun so far (ReportLab's ``PAGE`` events).
        self.pages = 0

    def __call__(self, kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            self.total = story_units(self.story)
            self.progress(0, self.total)
        elif kind in ("PROGRESS", "PAGE"):
            if kind == "PAGE":
                self.pages = value
            left = story_units(self.story)
            self.total = max(self.total, self.done + left)  # never backwards
            self.done = self.total - left
            self.progress(self.done, self.total)
        elif kind == "FINISHED":
            self.done = self.total
            self.progress(self.total, self.total)


def story_units(flowables) -> int:
    """Return the work left in ``flowables``: a table's rows below its repeated header rows,
    one for any other flowable (a kept-together group counts its parts)."""
    units = 0
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            units += story_units(flowable._content)
        elif isinstance(flowable, Table):
            repeated = flowable.repeatRows
            header = repeated if isinstance(repeated, int) else len(repeated)
            units += max(len(flowable._cellvalues) - header, 1)
        else:
            units += 1
    return units
