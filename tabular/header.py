"""The one header rule: find the header row and match its names to known columns.

Names match without case, accents, punctuation or spacing ("Số hoá" = "so hoa" = "SO_HOA"),
against each column's aliases. A two-row header (a merged "Nhận hồ sơ" above "Ngày" and
"Của") is read too: a cell is tried alone, then with the cell above it before or after.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from tabular.errors import TableError

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
#: A row of column numbers under the header: "1", "(2)", "3." …
_NUMBERING = re.compile(r"\(?\d{1,3}\)?\.?")


def fold(text) -> str:
    """Return a header name folded for matching: "Ngày hẹn trả" → "ngay hen tra"."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return _NOT_ALNUM.sub(" ", text).strip()


@dataclass(frozen=True)
class Column:
    """A column a reader looks for: its name, the headers it is known by, and whether a
    table without it is refused."""

    name: str
    aliases: tuple[str, ...]
    required: bool = False
    folded: frozenset = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", frozenset(fold(a) for a in (self.name, *self.aliases)))


@dataclass(frozen=True)
class Header:
    """Where the header was found and which cell holds each known column."""

    row: int
    positions: dict[str, int]
    #: Header cells that name no known column, as written.
    ignored: tuple[str, ...]


def match_header(columns: Sequence[Column], cells: list, above: list | None) -> \
        tuple[dict[str, int], list[str], list[str]]:
    """Return (positions, ignored headers, duplicated column names) for one header row."""
    names = {}
    for column in columns:
        for alias in column.folded:
            names.setdefault(alias, column.name)
    own = [_text(cell) for cell in above or []]
    above = _filled(above or [])
    positions, ignored, duplicates = {}, [], []
    for index in range(max(len(cells), len(above))):
        text = _text(cells[index]) if index < len(cells) else ""
        parent = above[index] if index < len(above) else ""
        if not text and not (index < len(own) and own[index]):
            parent = ""
        name = _first_known(names, text, parent)
        if name is None:
            if text or parent:
                ignored.append(text or parent)
        elif name in positions:
            duplicates.append(name)
        else:
            positions[name] = index
    return positions, ignored, duplicates


def _first_known(names: dict, text: str, parent: str) -> str | None:
    candidates = [text] if text else []
    if parent and text:
        candidates += [f"{parent} {text}", f"{text} {parent}"]
    elif parent and not text:
        candidates.append(parent)
    for candidate in candidates:
        name = names.get(fold(candidate))
        if name is not None:
            return name
    return None


def _filled(cells: list) -> list[str]:
    """Return a header row with merged cells' text carried right over the blanks after it."""
    filled, last = [], ""
    for cell in cells:
        text = _text(cell)
        last = text or last
        filled.append(last)
    return filled


def _text(cell) -> str:
    return " ".join(unicodedata.normalize("NFC", str(cell)).split()) if cell is not None else ""


def find_header(columns: Sequence[Column], rows: list[tuple[int, list]]) -> Header:
    """Return the first row among ``rows`` that names every required column.

    Policy: each row is tried alone and, when the row above is a header too (a merged
    parent), with that row's text; the first row naming all required columns wins.

    :raises TableError: ``no_header`` naming the required columns the best row lacked, or
        ``duplicate_column``.
    """
    required = [c.name for c in columns if c.required]
    best = None
    previous = None
    for number, cells in rows:
        found = []
        for above in ((None, previous) if previous is not None else (None,)):
            positions, ignored, duplicates = match_header(columns, cells, above)
            missing = [name for name in required if name not in positions]
            if not missing and positions:
                found.append((len(positions), positions, ignored, duplicates))
            if best is None or len(positions) > len(best[1]):
                best = (number, positions, missing)
        if found:
            _count, positions, ignored, duplicates = max(found, key=lambda f: f[0])
            if duplicates:
                raise TableError("duplicate_column", row=number, detail=duplicates[0])
            return Header(number, positions, tuple(ignored))
        previous = cells
    missing = best[2] if best else required
    raise TableError("no_header", detail=", ".join(missing) or "—")


def is_numbering_row(cells: list) -> bool:
    """Say whether a row only numbers the columns ("(1)", "(2)", …) under the header."""
    texts = [_text(cell) for cell in cells if _text(cell)]
    return len(texts) >= 2 and all(_NUMBERING.fullmatch(t) for t in texts)
