"""Measure a printout against the layout of Nghị định 30/2020/NĐ-CP (docs/reports.md)."""

from reportlab.lib.units import mm

from tests.reports.pdfs import fonts_embedded, page_size, pdf_lines, pdf_rules

MOTTO, MOTTO_LINE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
#: The diagonal DỰ THẢO mark (rotated: pdfminer sees sizes around 96 pt) is not body text.
DRAFT_SIZE = 96


def _one(lines, text):
    found = [line for line in lines if line.text == text]
    assert found, f"{text!r} is not printed on a line of its own"
    return found[0]


def _is_page_number(line) -> bool:
    return line.text.isdigit() and line.top < 20 * mm


def assert_decree_layout(pdf: bytes, tmp_path, *, signer: str = "NGƯỜI LẬP BIỂU") -> list:
    """Assert margins, sizes, rules, page numbers, fonts and the signature's page; return lines."""
    width, height = page_size(pdf)
    lines = [line for line in pdf_lines(pdf) if max(line.sizes) < DRAFT_SIZE / 2]
    body = [line for line in lines if not _is_page_number(line)]
    for line in body:  # top 20, bottom 20, left 30, right 15 mm (0.5 pt of rounding)
        assert line.x0 >= 30 * mm - 0.5 and line.x1 <= width - 15 * mm + 0.5, line
        assert line.top >= 20 * mm - 0.5 and line.bottom <= height - 20 * mm + 0.5, line
        assert min(line.sizes) >= 10, line  # tables at least 10 pt
    motto, motto_line = _one(lines, MOTTO), _one(lines, MOTTO_LINE)
    assert motto.sizes <= {12, 13} and all("Bold" in f for f in motto.fonts), motto
    assert motto_line.sizes <= {13, 14} and all("Bold" in f for f in motto_line.fonts)
    date_line = next(line for line in lines if ", ngày " in line.text and line.page == 1)
    assert date_line.sizes <= {13, 14} and all("Italic" in f for f in date_line.fonts)
    rules = pdf_rules(pdf, 1)
    motto_width = motto_line.x1 - motto_line.x0
    assert any(abs((x1 - x0) - motto_width) < 2 and 0 < top - motto_line.bottom < 8
               for x0, x1, top in rules), "no rule as long as the tiêu ngữ under it"
    centre = [line for line in lines if line.page == 1 and line.top < motto_line.bottom + 20
              and line.x1 < width / 2 and all("Bold" in f for f in line.fonts)]
    widest = max(line.x1 - line.x0 for line in centre)
    assert any(widest / 3 - 1 <= x1 - x0 <= widest / 2 + 1 and top > centre[-1].bottom
               and top - centre[-1].bottom < 8 for x0, x1, top in rules), \
        "no rule of 1/3 to 1/2 of the centre's name under it"
    pages = max(line.page for line in lines)
    numbers = {line.page: line for line in lines if _is_page_number(line)}
    assert 1 not in numbers
    for line in numbers.values():
        assert abs((line.x0 + line.x1) / 2 - width / 2) < 2 and line.sizes <= {13, 14}, line
    assert set(numbers) >= set(range(2, pages + 1)) - _annex_first_page(lines)
    role = next(line for line in body if line.text == signer)
    above = [line for line in body if line.page == role.page and line.bottom < role.top
             and line.top > 20 * mm]
    assert above, "the signatures are alone on their page"
    assert all(embedded for _name, embedded in fonts_embedded(pdf, tmp_path))
    return lines


def _annex_first_page(lines) -> set[int]:
    return {line.page for line in lines if line.text == "PHỤ LỤC"}
