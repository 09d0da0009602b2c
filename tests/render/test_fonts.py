"""PDF fonts: present, registered as families, and able to draw every Vietnamese letter."""

import pytest
from reportlab.pdfbase import pdfmetrics

from render import fonts

VIETNAMESE = "ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


def test_every_font_file_ships_with_the_code():
    assert fonts.missing_font_files() == []
    assert (fonts.FONT_DIR / "LICENSE-DejaVu.txt").is_file()


@pytest.mark.parametrize("name", [fonts.SERIF, fonts.SERIF_BOLD, fonts.SANS, fonts.SANS_BOLD])
def test_each_font_has_a_glyph_for_every_vietnamese_letter(name):
    fonts.register_fonts()
    face = pdfmetrics.getFont(name).face
    letters = VIETNAMESE + VIETNAMESE.upper()
    missing = [ch for ch in letters if ord(ch) not in face.charToGlyph]
    assert missing == []


def test_a_missing_font_stops_start_up(monkeypatch, tmp_path, build_app, database_url):
    from web.config import ConfigError

    monkeypatch.setattr(fonts, "FONT_DIR", tmp_path)
    monkeypatch.setattr(fonts, "_registered", False)
    with pytest.raises(ConfigError, match="PDF fonts are missing"):
        build_app({"DATABASE_URL": database_url})
