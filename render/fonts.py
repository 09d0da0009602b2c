"""The Vietnamese-capable fonts every PDF uses, registered once as ReportLab families."""

from pathlib import Path

FONT_DIR = Path(__file__).parent / "fonts"

#: Family name → (regular, bold, italic, bold italic) files; both cover every Vietnamese letter.
FAMILIES = {
    # Liberation Serif: metric-compatible with Times New Roman, which Nghị định 30/2020 names.
    "HLSerif": (
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
    ),
    "HLSans": (
        "DejaVuSansCondensed.ttf",
        "DejaVuSansCondensed-Bold.ttf",
        "DejaVuSansCondensed.ttf",
        "DejaVuSansCondensed-Bold.ttf",
    ),
}
#: Body text of administrative documents (serif, like the official Times New Roman).
SERIF = "HLSerif"
SERIF_BOLD = "HLSerif-Bold"
SERIF_ITALIC = "HLSerif-Italic"
SERIF_BOLD_ITALIC = "HLSerif-BoldItalic"
#: Dense tables, posters and slips.
SANS = "HLSans"
SANS_BOLD = "HLSans-Bold"

_registered = False


class FontsMissing(RuntimeError):
    """A font file is missing: refuse to start rather than print boxes instead of letters."""


def missing_font_files() -> list[Path]:
    """Return the font files that are not where they should be."""
    return [
        FONT_DIR / name
        for files in FAMILIES.values()
        for name in set(files)
        if not (FONT_DIR / name).is_file()
    ]


def check_font_files() -> None:
    """Refuse to go on when a font file is missing (start-up calls this; ReportLab is not loaded).

    :raises FontsMissing: when a font file is missing.
    """
    missing = missing_font_files()
    if missing:
        raise FontsMissing("PDF fonts are missing: " + ", ".join(str(p) for p in missing))


def register_fonts() -> None:
    """Register every family with ReportLab once per process (each renderer calls this first).

    ReportLab is imported here, not at start-up: a command or request that prints nothing
    never loads it.

    :raises FontsMissing: when a font file is missing.
    """
    global _registered
    if _registered:
        return
    check_font_files()
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for family, files in FAMILIES.items():
        names = (family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic")
        for name, filename in zip(names, files, strict=True):
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        for bold, italic, name in (
            (0, 0, names[0]),
            (1, 0, names[1]),
            (0, 1, names[2]),
            (1, 1, names[3]),
        ):
            addMapping(family, bold, italic, name)
    _registered = True
