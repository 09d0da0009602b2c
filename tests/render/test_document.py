"""The administrative document frame: heading, motto, pages, draft mark, signatures."""

import io
import shutil
import subprocess
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from render.document import Heading, Signatory, build_document, grid_table, para, styles

HEADING = Heading("UBND TỈNH BẮC NINH", "Trung tâm Phục vụ hành chính công", "Bắc Ninh",
                  date(2026, 12, 1), number="12/BC-TTPVHCC")


def _document(rows: int = 5, draft: bool = False, name: str = "Nguyễn Thị Hồng Nhung") -> bytes:
    st = styles()
    data = [["STT", "Họ và tên"]] + [[f"{i}.", para(name, st["cell"])] for i in range(rows)]
    return build_document(
        heading=HEADING,
        title_lines=["BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ", "THÁNG 11/2026"],
        body=[grid_table(data, [40, 300])],
        signatories=[Signatory("Người lập biểu", "Trần Văn Lập"),
                     Signatory("Giám đốc", "Lê Thị Giám")],
        draft=draft,
    )


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_the_heading_motto_title_and_signatures_are_printed():
    text = " ".join(_text(_document()))
    for expected in ("UBND TỈNH BẮC NINH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Bắc Ninh, ngày 01 tháng 12 năm 2026",
                     "Số: 12/BC-TTPVHCC", "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ",
                     "NGƯỜI LẬP BIỂU", "GIÁM ĐỐC", "Trần Văn Lập", "Nguyễn Thị Hồng Nhung"):
        assert expected in text


def test_pages_are_numbered_from_the_second_and_the_header_row_repeats():
    pages = _text(_document(rows=120))
    assert len(pages) >= 3
    lines = [{line.strip() for line in page.split("\n")} for page in pages]
    assert "1" not in lines[0]  # no number on page 1 (rows are numbered from 0 in the table)
    for number, page in enumerate(pages[1:], start=2):
        assert str(number) in lines[number - 1] and "Trang" not in page
        assert "Họ và tên" in page


@pytest.mark.parametrize("draft", [True, False])
def test_only_a_draft_carries_the_draft_mark(draft):
    assert ("DỰ THẢO" in _text(_document(draft=draft))[0]) is draft


def test_decomposed_input_prints_the_same_as_composed():
    name = "Đặng Thị Ngọc Ánh"
    composed = " ".join(_text(_document(name=unicodedata.normalize("NFC", name))))
    decomposed = " ".join(_text(_document(name=unicodedata.normalize("NFD", name))))
    assert name in composed and composed == decomposed


def test_the_page_renders_to_an_image_that_is_not_blank(tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils is required (apt-get install poppler-utils; see .ci/run)"
    (tmp_path / "doc.pdf").write_bytes(_document())
    subprocess.run([pdftoppm, "-png", "-r", "40", "-f", "1", "-l", "1",
                    str(tmp_path / "doc.pdf"), str(tmp_path / "page")], check=True)
    from PIL import Image

    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    assert sum(image.histogram()[:128]) > 500
