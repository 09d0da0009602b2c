"""Reading printouts back in tests: the text of a PDF, a page rendered to an image."""

import io
import shutil
import subprocess
from dataclasses import dataclass

from pypdf import PdfReader

from render.vn_format import number, share


def pdf_pages(data: bytes) -> list[str]:
    """Return the text of each page, whitespace collapsed."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    """Return the whole text of a PDF, whitespace collapsed."""
    return " ".join(pdf_pages(data))


def dark_pixels(data: bytes, tmp_path, page: int = 1) -> int:
    """Render one page with poppler's pdftoppm and count its dark pixels."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils is required (apt-get install poppler-utils; see .ci/run)"
    (tmp_path / "doc.pdf").write_bytes(data)
    subprocess.run([pdftoppm, "-png", "-r", "40", "-f", str(page), "-l", str(page),
                    str(tmp_path / "doc.pdf"), str(tmp_path / "page")], check=True)
    from PIL import Image

    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    return sum(image.histogram()[:128])


def printed(value, kind: str = "points") -> str:
    """Return an engine number as the printouts write it (94,46 / 91,67%)."""
    return share(value) if kind == "share" else number(value)


@dataclass(frozen=True)
class Line:
    """One line of text on a page as pdfminer lays it out (points, origin bottom left)."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    fonts: frozenset[str]
    sizes: frozenset[float]


def pdf_lines(data: bytes) -> list[Line]:
    """Return every text line of every page, with its box, fonts and sizes (pdfminer.six)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextLine

    lines = []

    def walk(page_number, item, page_height):
        if isinstance(item, LTTextLine):
            chars = [c for c in item if isinstance(c, LTChar)]
            text = item.get_text().strip()
            if text and chars:
                lines.append(Line(page_number, text, item.x0, item.x1, page_height - item.y1,
                                  page_height - item.y0,
                                  frozenset(c.fontname.split("+")[-1] for c in chars),
                                  frozenset(round(c.size, 1) for c in chars)))
            return
        for child in getattr(item, "_objs", ()):
            walk(page_number, child, page_height)

    for index, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams()),
                                  start=1):
        for item in page:
            walk(index, item, page.height)
    return lines


def page_size(data: bytes) -> tuple[float, float]:
    """Return the first page's width and height in points."""
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return float(box.width), float(box.height)


def fonts_embedded(data: bytes, tmp_path) -> list[tuple[str, bool]]:
    """Return each font poppler's pdffonts lists, and whether it is embedded."""
    pdffonts = shutil.which("pdffonts")
    assert pdffonts, "poppler-utils is required (apt-get install poppler-utils; see .ci/run)"
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    out = subprocess.run([pdffonts, str(path)], check=True, capture_output=True,
                         text=True).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5] == "yes") for line in out if line.strip()]


def pdf_rules(data: bytes, page: int = 1) -> list[tuple[float, float, float]]:
    """Return the horizontal lines drawn on a page as (x0, x1, top) in points."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTLine

    found = []
    for index, layout in enumerate(extract_pages(io.BytesIO(data)), start=1):
        if index != page:
            continue
        for item in layout:
            if isinstance(item, LTLine) and abs(item.y1 - item.y0) < 0.5:
                found.append((item.x0, item.x1, layout.height - item.y1))
    return found
