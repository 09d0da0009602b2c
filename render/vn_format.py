"""Numbers, shares, months and instants written the Vietnamese way on printouts."""

from datetime import datetime
from zoneinfo import ZoneInfo

DASH = "—"


def number(value: float | None, decimals: int = 2) -> str:
    """Return a number with a decimal comma and dot thousands, e.g. 1.234,50; — for None."""
    if value is None:
        return DASH
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def plain(value: float | None) -> str:
    """Return a number with at most two decimals and no trailing zeros, e.g. 10 or 7,5."""
    if value is None:
        return DASH
    text = number(value, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


def count(value: int | None) -> str:
    """Return a whole number with dot thousands, e.g. 1.052."""
    return DASH if value is None else number(value, 0)


def share(value: float | None, decimals: int = 2) -> str:
    """Return a share 0–1 as a percentage, e.g. 91,67%."""
    return DASH if value is None else number(value * 100, decimals) + "%"


def month_label(period: str) -> str:
    """Return "2026-10" as "10/2026"; a quarter "2026-Q4" as "IV/2026"."""
    if period[5:6] == "Q":
        return f"{('I', 'II', 'III', 'IV')[int(period[6]) - 1]}/{period[:4]}"
    return f"{period[5:7]}/{period[:4]}"


def period_word(period: str) -> str:
    """Return "tháng" for a month, "quý" for a quarter (the word before ``month_label``)."""
    return "quý" if period[5:6] == "Q" else "tháng"


def local_time(instant: datetime | None, zone: str) -> str:
    """Return an instant as local "dd/mm/yyyy HH:MM"."""
    if instant is None:
        return DASH
    return instant.astimezone(ZoneInfo(zone)).strftime("%d/%m/%Y %H:%M")
