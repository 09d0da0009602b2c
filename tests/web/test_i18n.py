"""Vietnamese first, English available, every UI string translated."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "web" / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
METHOD_MAP = [
    ("**/.venv/**", "ignore"),
    ("tests/**", "ignore"),
    ("bench/**", "ignore"),
    ("build/**", "ignore"),
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
]


def source_messages() -> set[str]:
    """Extract every translatable string from the code and templates."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHOD_MAP, keywords=KEYWORDS,
        options_map={"**/templates/**.html": {"trimmed": "true"}},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_ui_string_has_a_vietnamese_translation():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and m.string and (m.string if isinstance(m.string, str) else m.string[0])
        and not m.fuzzy
    }
    missing = sorted(source_messages() - translated)
    assert missing == [], "run `make messages` and translate these in " + str(CATALOG)


def test_vietnamese_is_the_default_language(client):
    page = client.get("/admin/login").get_data(as_text=True)
    assert 'lang="vi"' in page and "Đăng nhập" in page


def test_english_is_available_and_remembered(client):
    assert "Sign in" in client.get("/admin/login?lang=en").get_data(as_text=True)
    assert "Sign in" in client.get("/admin/login").get_data(as_text=True)


def test_an_unknown_language_falls_back_to_vietnamese(client):
    assert "Đăng nhập" in client.get("/admin/login?lang=xx").get_data(as_text=True)
