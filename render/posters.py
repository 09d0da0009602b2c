"""Counter posters (A4/A5) with a static QR, and 80 mm receipt slips with a visit's single-use QR.

The printed text is Vietnamese: these sheets hang in Vietnamese centres and go to citizens.
"""

import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from render.fonts import SANS, SANS_BOLD, register_fonts
from render.qr import draw_qr

PAGE_SIZES = {"A4": A4, "A5": A5}
#: Paper width of a receipt printer roll, and the part it can print on.
SLIP_WIDTH = 80 * mm
SLIP_PRINTABLE = 72 * mm
BRAND_RGB = (0.647, 0.055, 0.055)

POSTER_STEPS = (
    "1. Mở camera điện thoại, hướng vào mã QR.",
    "2. Chạm vào đường liên kết hiện ra.",
    "3. Chọn mức độ hài lòng và bấm «Gửi đánh giá».",
)


@dataclass(frozen=True)
class CounterPoster:
    """What a counter's poster shows; url is the counter's static survey link."""

    centre_name: str
    counter_number: int
    counter_code: str
    url: str
    counter_name: str = ""
    department_name: str = ""


@dataclass(frozen=True)
class VisitSlip:
    """What a visit's receipt slip shows; url is the visit's single-use survey link."""

    centre_name: str
    counter_number: int
    officer_name: str
    url: str
    #: When the link stops working, local time, already formatted ("16:30 ngày 06/12/2026").
    valid_until: str
    lookup_url: str
    ticket_number: str | None = None
    dossier_code: str | None = None


@dataclass(frozen=True)
class Line:
    """A paragraph of text, wrapped to the column, or a QR code when qr is set."""

    text: str = ""
    font: str = SANS
    size: float = 10
    brand: bool = False
    qr: str | None = None
    qr_side: float = 0
    space_after: float = 0

    def wrapped(self, width: float) -> list[str]:
        """Return the lines of text that fit width."""
        return simpleSplit(self.text, self.font, self.size, width) if self.text else []

    def height(self, width: float) -> float:
        """Return the height the block takes, spacing included."""
        body = self.qr_side if self.qr else len(self.wrapped(width)) * self.size * 1.25
        return body + self.space_after


def draw_column(canvas: Canvas, lines, left: float, top: float, width: float) -> float:
    """Draw blocks centred in a column from top down; return the y below the last one."""
    y = top
    for line in lines:
        if line.qr:
            y -= line.qr_side
            draw_qr(canvas, line.qr, left + (width - line.qr_side) / 2, y, line.qr_side)
        else:
            canvas.setFillColorRGB(*(BRAND_RGB if line.brand else (0, 0, 0)))
            canvas.setFont(line.font, line.size)
            for text in line.wrapped(width):
                y -= line.size * 1.25
                canvas.drawCentredString(left + width / 2, y + line.size * 0.25, text)
        y -= line.space_after
    return y


def poster_lines(poster: CounterPoster, scale: float) -> list[Line]:
    """Return the blocks of one poster; scale is 1 for A4."""
    counter_line = " · ".join(p for p in (poster.counter_name, poster.department_name) if p)
    return [
        Line(poster.centre_name.upper(), SANS_BOLD, 15 * scale, space_after=14 * scale),
        Line("ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG", SANS_BOLD, 26 * scale, brand=True),
        Line("về cán bộ phục vụ tại quầy", SANS, 16 * scale, space_after=10 * scale),
        Line(f"QUẦY SỐ {poster.counter_number}", SANS_BOLD, 40 * scale, space_after=4 * scale),
        Line(counter_line, SANS, 14 * scale, space_after=12 * scale),
        Line(qr=poster.url, qr_side=300 * scale, space_after=6 * scale),
        Line(poster.url, SANS, 10 * scale, space_after=12 * scale),
        Line("Quét mã QR bằng điện thoại để đánh giá cán bộ đang phục vụ Ông/Bà",
             SANS_BOLD, 14 * scale, space_after=6 * scale),
        *(Line(step, SANS, 13 * scale) for step in POSTER_STEPS),
        Line("Đánh giá ẩn danh, không cần đăng nhập. Xin cảm ơn Ông/Bà!",
             SANS, 13 * scale, space_after=12 * scale),
        Line("Thực hiện quy tắc ứng xử «4 xin, 4 luôn, 5 không»", SANS_BOLD, 12 * scale,
             brand=True),
        Line(f"Mã quầy: {poster.counter_code}", SANS, 9 * scale),
    ]


def counter_posters_pdf(posters, page_size: str = "A4") -> bytes:
    """Return a PDF with one poster page per counter.

    :raises KeyError: when page_size is neither "A4" nor "A5".
    """
    register_fonts()
    width, height = PAGE_SIZES[page_size]
    scale = width / A4[0]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), pageCompression=1)
    canvas.setTitle("Áp phích đánh giá mức độ hài lòng")
    margin = 40 * scale
    for poster in posters:
        draw_column(canvas, poster_lines(poster, scale), margin, height - margin,
                    width - 2 * margin)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def slip_for_visit(visit, *, url: str, lookup_url: str, zone: str) -> VisitSlip:
    """Return the slip of a visit row (models.queries.visits.VisitRow) at its survey url."""
    return VisitSlip(
        centre_name=visit.site_name,
        counter_number=visit.counter_number,
        officer_name=visit.officer_name,
        url=url,
        valid_until=local_moment(visit.token_expires_at, zone),
        lookup_url=lookup_url,
        ticket_number=visit.ticket_number,
        dossier_code=visit.dossier_code,
    )


def local_moment(instant: datetime, zone: str) -> str:
    """Return an instant as local "HH:MM ngày dd/mm/yyyy"."""
    return instant.astimezone(ZoneInfo(zone)).strftime("%H:%M ngày %d/%m/%Y")


def slip_lines(slip: VisitSlip) -> list[Line]:
    """Return the blocks of one receipt slip."""
    case = [f"Mã hồ sơ: {slip.dossier_code}"] if slip.dossier_code else []
    if slip.ticket_number:
        case.append(f"Số thứ tự: {slip.ticket_number}")
    return [
        Line(slip.centre_name.upper(), SANS_BOLD, 9, space_after=4),
        Line("PHIẾU ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG", SANS_BOLD, 11, space_after=3),
        Line(f"Quầy số {slip.counter_number} · Cán bộ: {slip.officer_name}", SANS, 9),
        *(Line(text, SANS, 9) for text in case),
        Line(space_after=4),
        Line(qr=slip.url, qr_side=48 * mm, space_after=3),
        Line("Quét mã QR để đánh giá cán bộ đã phục vụ Ông/Bà.", SANS_BOLD, 9, space_after=2),
        Line(f"Mã dùng một lần, hiệu lực đến {slip.valid_until}.", SANS, 8,
             space_after=1),
        *([Line(f"Hoặc nhập mã hồ sơ tại {slip.lookup_url}", SANS, 8)] if slip.dossier_code
          else []),
        Line(slip.url, SANS, 7, space_after=0),
    ]


def receipt_slip_pdf(slip: VisitSlip) -> bytes:
    """Return an 80 mm wide receipt slip, as tall as its content."""
    register_fonts()
    lines = slip_lines(slip)
    margin = (SLIP_WIDTH - SLIP_PRINTABLE) / 2
    height = sum(line.height(SLIP_PRINTABLE) for line in lines) + 2 * margin
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(SLIP_WIDTH, height), pageCompression=1)
    canvas.setTitle("Phiếu đánh giá mức độ hài lòng")
    draw_column(canvas, lines, margin, height - margin, SLIP_PRINTABLE)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
