"""Reading printouts back in tests: the text of a PDF, a page rendered to an image."""

import io
import shutil
import subprocess

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
