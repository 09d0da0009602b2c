"""PDF fonts: present, registered as families, and able to draw every Vietnamese letter."""

import pytest
from reportlab.pdfbase import pdfmetrics

from render import fonts

VIETNAMESE = "ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


def test_every_font_file_ships_with_the_code():
    assert fonts.missing_font_files() == []
    assert (fonts.FONT_DIR / "LICENSE-DejaVu.txt").is_file()
    licence = (fonts.FONT_DIR / "LICENSE-LiberationSerif.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_documents_are_set_in_liberation_serif_like_times_new_roman():
    fonts.register_fonts()
    assert pdfmetrics.getFont(fonts.SERIF).face.name.startswith(b"LiberationSerif")
    # Metric-compatible with Times New Roman: "H" is 722 units wide in both.
    assert pdfmetrics.stringWidth("H", fonts.SERIF, 1000) == pytest.approx(722, abs=1)


@pytest.mark.parametrize("name", [fonts.SERIF, fonts.SERIF_BOLD, fonts.SERIF_ITALIC,
                                  fonts.SERIF_BOLD_ITALIC, fonts.SANS, fonts.SANS_BOLD])
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
