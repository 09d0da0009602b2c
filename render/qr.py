"""QR codes for survey links: the module matrix, PNG and SVG bytes, and drawing onto a PDF."""

import io
from dataclasses import dataclass

import qrcode
from PIL import Image, ImageDraw
from qrcode.constants import ERROR_CORRECT_L, ERROR_CORRECT_M

#: Survey links should fit QR version 4 (33×33 modules) so a small print stays easy to scan.
SMALL_VERSION = 4
#: Light modules around the code, as the QR standard asks.
QUIET_ZONE = 4


@dataclass(frozen=True)
class QrCode:
    """The dark/light modules of one QR code (quiet zone included) and how it was encoded."""

    data: str
    version: int
    error_correction: str
    modules: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        """Return the number of modules on a side, quiet zone included."""
        return len(self.modules)


def encode(data: str) -> QrCode:
    """Encode data as the most robust QR code that still fits the small version.

    Policy: error correction M (15% of the code may be smudged) when it fits version 4,
    else L (7%), which fits about a quarter more; a link too long even for that gets
    the smallest larger version at M, so it still scans, only bigger.
    """
    for level, name in ((ERROR_CORRECT_M, "M"), (ERROR_CORRECT_L, "L")):
        code = _make(data, level)
        if code.version <= SMALL_VERSION:
            return _freeze(data, code, name)
    return _freeze(data, _make(data, ERROR_CORRECT_M), "M")


def _make(data: str, level) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=level, border=QUIET_ZONE)
    code.add_data(data.encode("utf-8"))
    code.make(fit=True)
    return code


def _freeze(data: str, code: qrcode.QRCode, name: str) -> QrCode:
    rows = tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
    return QrCode(data, code.version, name, rows)


def qr_png(data: str, module_pixels: int = 8) -> bytes:
    """Return the QR code of data as a black-on-white PNG, module_pixels per module."""
    code = encode(data)
    width = code.size * module_pixels
    image = Image.new("1", (width, width), 1)
    draw = ImageDraw.Draw(image)
    for y, x, run in dark_runs(code):
        draw.rectangle(
            (x * module_pixels, y * module_pixels,
             (x + run) * module_pixels - 1, (y + 1) * module_pixels - 1),
            fill=0,
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def qr_svg(data: str) -> bytes:
    """Return the QR code of data as a small scalable SVG (one path, one unit per module)."""
    code = encode(data)
    path = "".join(f"M{x} {y}h{run}v1h-{run}z" for y, x, run in dark_runs(code))
    size = code.size
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges" role="img"><title>QR</title>'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{path}"/></svg>'
    )
    return svg.encode("ascii")


def dark_runs(code: QrCode):
    """Yield (row, first column, length) for each horizontal run of dark modules."""
    for y, row in enumerate(code.modules):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            yield y, start, x - start


def draw_qr(canvas, data: str, x: float, y: float, side: float) -> QrCode:
    """Draw the QR code of data on a ReportLab canvas, lower-left corner at (x, y).

    :param side: the width of the whole code, quiet zone included, in points.
    """
    code = encode(data)
    unit = side / code.size
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, side, side, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    for row, column, run in dark_runs(code):
        top = y + side - (row + 1) * unit
        canvas.rect(x + column * unit, top, run * unit, unit, stroke=0, fill=1)
    canvas.restoreState()
    return code
