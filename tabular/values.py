"""Read the values of cells: whole numbers, day-first dates, yes/no flags, codes as text."""

import re
from datetime import date, datetime

from tabular.header import fold

#: Largest count accepted in a cell (far above any officer's month; fits every INTEGER).
MAX_COUNT = 1_000_000
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"\d{1,2}[:h]\d{2}(?::\d{2}(?:\.\d+)?)?")
_TRUE = {"x", "co", "1", "yes", "true", "da", "roi", "v", "y", "dat"}
_FALSE = {"0", "khong", "no", "false", "chua", "n", "k", "khong dat"}


def text_of(value) -> str:
    """Return a cell as text: whole numbers without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def parse_count(value, *, maximum: int = MAX_COUNT) -> int:
    """Return a whole number from 0 to ``maximum`` (a number cell or digits as text).

    :raises ValueError: for anything else (negative, fractional, words, thousands marks).
    """
    if isinstance(value, bool):
        raise ValueError("not a count")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip()
        if not (text.isdigit() and text.isascii() and len(text) < 10):
            raise ValueError("not a count")
        value = int(text)
    if not isinstance(value, int) or not 0 <= value <= maximum:
        raise ValueError("not a count")
    return value


def parse_date(value) -> date:
    """Return the calendar date of a cell, read day first as written in Vietnam.

    Accepted: a date or datetime cell; text "05/10/2026", "5-10-2026", "05.10.2026",
    "2026-10-05", each optionally with a time before or after ("08:30 05/10/2026"). A time
    is dropped: the register counts calendar days. Two-digit years and month-first dates
    are refused rather than guessed.

    :raises ValueError: when the cell is not such a date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError("not a date")
    text = _TIME.sub(" ", value.replace("T", " ")).strip()
    match = _DAY_FIRST.fullmatch(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    match = _YEAR_FIRST.fullmatch(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day)
    raise ValueError("not a date")


def parse_flag(value) -> bool:
    """Return a yes/no cell as a boolean: "x", "Có", "Đã số hóa", 1 → True; "Không",
    "Chưa", 0 → False.

    :raises ValueError: for text that says neither.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValueError("not a flag")
    words = fold(value)
    if words in _TRUE or words.split(" ", 1)[0] in ("co", "da"):
        return True
    if words in _FALSE or words.split(" ", 1)[0] in ("khong", "chua"):
        return False
    raise ValueError("not a flag")
