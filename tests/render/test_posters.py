"""Counter posters and receipt slips: they open, show Vietnamese text intact, and their QR codes
scan back to the survey link (rendered with pdftoppm, decoded with zxing-cpp)."""

import io
import secrets
import subprocess
import unicodedata

import pypdf
import pytest
import zxingcpp
from PIL import Image
from reportlab.lib.units import mm

from render.posters import CounterPoster, VisitSlip, counter_posters_pdf, receipt_slip_pdf
from render.qr import SMALL_VERSION, encode, qr_png, qr_svg

CENTRE = "Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh"


def _poster(number=5, code="TTHC-05"):
    return CounterPoster(CENTRE, number, code, f"https://danhgia.bacninh.gov.vn/s/c/{code}",
                         "Quầy Đất đai", "Sở Nông nghiệp và Môi trường")


def _slip(**fields):
    values = {
        "centre_name": CENTRE, "counter_number": 12, "officer_name": "Nguyễn Thị Hồng Nhung",
        "url": f"https://danhgia.bacninh.gov.vn/s/{secrets.token_urlsafe(12)}",
        "valid_until": "16:30 ngày 06/12/2026", "lookup_url": "https://danhgia.bacninh.gov.vn/s/",
        "ticket_number": "A015", "dossier_code": "000.00.20.H06-261107-0001",
    }
    return VisitSlip(**{**values, **fields})


def pdf_text(data: bytes) -> list[str]:
    """Return the text of each page, in NFC."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]


def decoded_qr_codes(data: bytes, folder, dpi: int = 150) -> list[str]:
    """Render each PDF page with pdftoppm and return the QR texts found, page by page."""
    source = folder / "printout.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(folder / "page")],
                   check=True, capture_output=True)
    return [found.text for page in sorted(folder.glob("page-*.png"))
            for found in zxingcpp.read_barcodes(Image.open(page))]


@pytest.mark.parametrize(
    "host",
    ["https://danhgia.bacninh.gov.vn", "https://hailong.dichvucong.bacninh.gov.vn",
     "https://dichvucong.hanhchinhcong.bacninh.gov.vn", "http://192.168.100.200:8000"],
)
def test_a_survey_link_fits_a_small_qr_code(host):
    url = f"{host}/s/{secrets.token_urlsafe(12)}"
    code = encode(url)
    print(f"{url} ({len(url)} bytes): version {code.version}, level {code.error_correction}")
    assert code.version <= SMALL_VERSION


def test_a_link_too_long_for_the_small_version_still_encodes():
    code = encode("https://" + "x" * 120 + ".gov.vn/s/" + secrets.token_urlsafe(12))
    assert code.version > SMALL_VERSION and code.error_correction == "M"


def test_the_png_scans_back_to_the_link():
    url = f"https://danhgia.bacninh.gov.vn/s/{secrets.token_urlsafe(12)}"
    (found,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(url))))
    assert found.text == url


def test_the_svg_draws_every_dark_module_of_the_code():
    url = f"https://danhgia.bacninh.gov.vn/s/{secrets.token_urlsafe(12)}"
    svg = qr_svg(url).decode()
    code = encode(url)
    assert f'viewBox="0 0 {code.size} {code.size}"' in svg
    runs = [part for part in svg.split('d="', 1)[1].split('"')[0].split("z") if part]
    drawn = sum(int(run.split("h")[1].split("v")[0]) for run in runs)
    assert drawn == sum(sum(row) for row in code.modules)


@pytest.mark.parametrize("size, width_mm", [("A4", 210), ("A5", 148)])
def test_a_poster_shows_vietnamese_text_and_a_qr_to_its_counter(tmp_path, size, width_mm):
    data = counter_posters_pdf([_poster()], size)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert round(float(reader.pages[0].mediabox.width) / mm) == width_mm
    (text,) = pdf_text(data)
    for line in ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH BẮC NINH", "ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG",
                 "QUẦY SỐ 5", "Quầy Đất đai · Sở Nông nghiệp và Môi trường",
                 "Quét mã QR bằng điện thoại", "4 xin, 4 luôn, 5 không"):
        assert line in text
    assert decoded_qr_codes(data, tmp_path) == ["https://danhgia.bacninh.gov.vn/s/c/TTHC-05"]


def test_a_site_s_posters_have_one_page_per_counter(tmp_path):
    posters = [_poster(n, f"TTHC-{n:02d}") for n in (1, 2, 3)]
    data = counter_posters_pdf(posters, "A5")
    for number, text in zip((1, 2, 3), pdf_text(data), strict=True):
        assert f"QUẦY SỐ {number}" in text
    assert decoded_qr_codes(data, tmp_path, dpi=110) == [poster.url for poster in posters]


def test_a_receipt_slip_is_80_mm_wide_with_the_visit_s_single_use_qr(tmp_path):
    slip = _slip()
    data = receipt_slip_pdf(slip)
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert round(float(page.mediabox.width) / mm) == 80
    (text,) = pdf_text(data)
    for line in ("PHIẾU ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG", "Nguyễn Thị Hồng Nhung",
                 "Mã hồ sơ: 000.00.20.H06-261107-0001", "Số thứ tự: A015",
                 "Mã dùng một lần, hiệu lực đến 16:30 ngày 06/12/2026."):
        assert line in text
    assert decoded_qr_codes(data, tmp_path, dpi=200) == [slip.url]


def test_a_slip_without_a_dossier_code_does_not_offer_the_code_entry():
    (text,) = pdf_text(receipt_slip_pdf(_slip(dossier_code=None)))
    assert "Mã hồ sơ" not in text and "nhập mã hồ sơ" not in text and "A015" in text
