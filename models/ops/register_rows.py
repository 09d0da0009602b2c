"""Check one row of the register (from a file or the API) and keep only what is stored.

Applicant names, addresses and phone numbers are dropped here, at parse time: of a phone or
ID number only a keyed hash of its last four digits is kept (docs/privacy.md).
"""

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from models.ops.visits import MAX_DOSSIER_CODE_LENGTH, normalise_dossier_code
from tabular import fold, parse_count, parse_date, parse_flag, text_of

#: Longest texts kept (the columns' sizes).
TEXT_LIMITS = {"procedure": 300, "field": 200, "lead_agency": 200, "officer": 120,
               "officer_code": 32}
DATE_FIELDS = ("received_on", "due_on", "transferred_on", "resolved_on", "returned_on")
FLAG_FIELDS = ("digitised", "apology", "quality_failed")
#: Words that name how a dossier was handed in or back, folded.
CHANNEL_WORDS = {
    "direct": ("truc tiep", "tai quay", "tai bo phan mot cua", "direct", "nop truc tiep",
               "tai trung tam"),
    "online": ("truc tuyen", "online", "dich vu cong", "qua mang", "dvc", "dvctt",
               "nop truc tuyen", "cong dich vu cong", "dien tu"),
    "post": ("buu chinh", "qua buu chinh", "buu dien", "post", "buu chinh cong ich",
             "qua buu dien"),
}
_CHANNELS = {word: channel for channel, words in CHANNEL_WORDS.items() for word in words}
#: A phone number inside free text: +84 or 0, then 8 to 10 more digits, maybe grouped.
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[ .\-]?\d){8,10}(?!\d)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class DossierRow:
    """A register row as stored: dates, flags, counts, hashes; None where unknown."""

    code: str
    officer: str | None = None
    officer_code: str | None = None
    procedure: str | None = None
    field: str | None = None
    lead_agency: str | None = None
    received_on: date | None = None
    due_on: date | None = None
    transferred_on: date | None = None
    resolved_on: date | None = None
    returned_on: date | None = None
    channel: str | None = None
    return_channel: str | None = None
    digitised: bool | None = None
    supplement_requests: int | None = None
    apology: bool | None = None
    quality_failed: bool | None = None
    phone_hash: str | None = None
    id_hash: str | None = None


#: English text per problem code (the CLI and the API); the console words its own.
MESSAGES = {
    "missing_value": "{field} is empty",
    "bad_code": "the dossier code {value!r} is not valid",
    "too_long": "{field} is too long",
    "bad_date": "{field} is not a date written day first ({value!r})",
    "bad_flag": "{field} must say yes or no ({value!r})",
    "bad_channel": "{field} must be direct, online or post ({value!r})",
    "bad_count": "{field} must be a whole number ({value!r})",
    "bad_phone": "the phone number is not valid",
    "bad_id": "the ID number is not valid",
    "in_future": "{field} is in the future ({value})",
    "due_before_receipt": "the due date is before the day of receipt ({value})",
    "before_receipt": "{field} is before the day of receipt ({value})",
    "result_before_receipt": "the result is dated before the day of receipt ({value})",
    "returned_before_result": "the result was returned before it was ready ({value})",
    "unknown_officer": "no officer of this site is {value!r}",
    "ambiguous_officer": "several officers of this site are named {value!r}; give the code",
    "officer_elsewhere": "officer {value!r} works at another site",
    "duplicate_code": "dossier {value} is listed twice with different content",
    "code_of_other_site": "dossier {value} belongs to another site's register",
    "conflicts_with_register": "the dates of dossier {value} would no longer be in order "
                               "with what the register holds",
    "no_officer_column": "no column names the receiving officer (by name or code)",
    "no_rows": "there are no dossiers",
    "too_many_items": "a batch holds at most {value} dossiers",
    "not_an_object": "each dossier must be a JSON object",
    "unknown_field": "unknown field {value!r}",
}


@dataclass(frozen=True)
class RowProblem:
    """One problem of a row: its number (spreadsheet row, or 1-based item of a batch), the
    field, a stable code and the value at fault (never a phone or ID number)."""

    row: int
    field: str | None
    code: str
    value: str = ""

    def message(self) -> str:
        """Return the problem in English, prefixed by its row."""
        text = MESSAGES[self.code].format(field=self.field, value=self.value)
        return f"row {self.row}: {text}" if self.row else text


def second_factor_hash(key: bytes, code: str, kind: str, digits: str) -> str:
    """Return the keyed hash of the last four digits of a phone ("phone") or ID ("id")
    number, bound to the dossier code, as stored and as compared at /s/."""
    message = f"{code}\x00{kind}\x00{digits[-4:]}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def parse_row(values: dict, number: int, *, key: bytes, zone: str, today: date,
              present: frozenset = frozenset()) -> tuple[DossierRow | None, list[RowProblem]]:
    """Return the row as stored, or None and its problems.

    Policy: a blank flag or count in a column the source has means no (0); a field the
    source lacks altogether stays unknown (None).

    :param values: field → cell (text, number, date, flag); absent or None means blank.
    :param today: the local date; a dossier cannot be received, resolved or returned later.
    :param present: the fields the source has (file columns, or the keys of an API item).
    """
    problems: list[RowProblem] = []
    code = _code(values.get("code"), number, problems)
    kept = {name: _text(values.get(name), name, limit, number, problems)
            for name, limit in TEXT_LIMITS.items()}
    dates = {name: _date(values.get(name), name, zone, number, problems)
             for name in DATE_FIELDS}
    for name in ("received_on", "due_on"):
        if values.get(name) is None:
            problems.append(RowProblem(number, name, "missing_value"))
    flags = {name: _flag(values.get(name), name, number, problems) for name in FLAG_FIELDS}
    flags = {name: False if flag is None and name in present and values.get(name) is None
             else flag for name, flag in flags.items()}
    channels = {name: _channel(values.get(name), name, number, problems)
                for name in ("channel", "return_channel")}
    supplements = _count(values.get("supplement_requests"), number, problems)
    if supplements is None and "supplement_requests" in present \
            and values.get("supplement_requests") is None:
        supplements = 0
    phone = _phone(values, number, problems)
    identity = _identity(values.get("applicant_id"), number, problems)
    if not problems:
        _check_order(dates, today, number, problems)
    if problems or code is None:
        return None, problems
    return DossierRow(
        code=code, **kept, **dates, **flags, **channels, supplement_requests=supplements,
        phone_hash=second_factor_hash(key, code, "phone", phone) if phone else None,
        id_hash=second_factor_hash(key, code, "id", identity) if identity else None,
    ), problems


def _code(value, number, problems) -> str | None:
    if value is None:
        problems.append(RowProblem(number, "code", "missing_value"))
        return None
    code = normalise_dossier_code(text_of(value))
    if not code or len(code) > MAX_DOSSIER_CODE_LENGTH or _CONTROL.search(code):
        problems.append(RowProblem(number, "code", "bad_code", code[:80]))
        return None
    return code


def _text(value, name, limit, number, problems) -> str | None:
    if value is None:
        return None
    text = _clean_text(value) if isinstance(value, str) else _clean_text(text_of(value))
    if len(text) > limit:
        problems.append(RowProblem(number, name, "too_long", text[:40] + "…"))
        return None
    return text or None


def _date(value, name, zone, number, problems) -> date | None:
    if value is None:
        return None
    try:
        return _cached_date(value, zone) if isinstance(value, str) else local_date(value, zone)
    except ValueError:
        problems.append(RowProblem(number, name, "bad_date", text_of(value)[:40]))
        return None


@lru_cache(maxsize=4096)
def _cached_date(value: str, zone: str) -> date:
    """local_date of a text (a register repeats the same few hundred dates)."""
    return local_date(value, zone)


@lru_cache(maxsize=4096)
def _clean_text(value: str) -> str:
    """Return text with control characters as spaces and single spaces (names repeat)."""
    return " ".join(_CONTROL.sub(" ", value).split())


def local_date(value, zone: str) -> date:
    """Return the local calendar date of a cell: a date as written, or an instant with a
    UTC offset ("2026-10-05T17:30:00Z") seen from ``zone``.

    :raises ValueError: when it is not a date.
    """
    if isinstance(value, str) and "T" in value and (value.rstrip().endswith("Z")
                                                    or re.search(r"[+-]\d\d:?\d\d$", value)):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            return moment.astimezone(ZoneInfo(zone)).date()
        except OverflowError:
            raise ValueError("date out of range") from None
    return parse_date(value)


@lru_cache(maxsize=1024)
def _folded(value) -> str:
    return fold(value)


@lru_cache(maxsize=1024)
def _cached_flag(value) -> bool:
    return parse_flag(value)


def _flag(value, name, number, problems) -> bool | None:
    if value is None:
        return None
    try:
        return _cached_flag(value)
    except ValueError:
        problems.append(RowProblem(number, name, "bad_flag", text_of(value)[:40]))
        return None


def _channel(value, name, number, problems) -> str | None:
    if value is None:
        return None
    channel = _CHANNELS.get(_folded(value))
    if channel is None:
        problems.append(RowProblem(number, name, "bad_channel", text_of(value)[:40]))
    return channel


def _count(value, number, problems) -> int | None:
    if value is None:
        return None
    if not isinstance(value, bool | int | float):
        folded = fold(value)
        if folded in ("khong", "0"):
            return 0
        if folded in ("co", "x"):
            return 1
    try:
        return parse_count(value, maximum=100)
    except ValueError:
        problems.append(RowProblem(number, "supplement_requests", "bad_count",
                                   text_of(value)[:40]))
        return None


def _digits(value) -> str:
    return "".join(char for char in text_of(value) if char.isdigit() and char.isascii())


def _phone(values, number, problems) -> str | None:
    """Return the digits of the applicant's phone: its own column, else the first phone
    number written in the address column; the rest of that text is dropped."""
    value = values.get("applicant_phone")
    if value is not None:
        digits = _digits(value)
        if not 9 <= len(digits) <= 12:
            problems.append(RowProblem(number, "applicant_phone", "bad_phone"))
            return None
        return digits
    contact = values.get("contact")
    if contact is None:
        return None
    match = _PHONE.search(text_of(contact))
    return _digits(match.group()) if match else None


def _identity(value, number, problems) -> str | None:
    if value is None:
        return None
    digits = _digits(value)
    if not 8 <= len(digits) <= 12 or len(digits) != len(text_of(value).replace(" ", "")):
        problems.append(RowProblem(number, "applicant_id", "bad_id"))
        return None
    return digits


def _check_order(dates: dict, today: date, number: int, problems: list) -> None:
    """Refuse impossible dates: before receipt, a return before its result, the future."""
    received = dates["received_on"]
    for name in ("received_on", "transferred_on", "resolved_on", "returned_on"):
        if dates[name] is not None and dates[name] > today:
            problems.append(RowProblem(number, name, "in_future", dates[name].isoformat()))
    checks = (("due_on", "due_before_receipt"), ("transferred_on", "before_receipt"),
              ("resolved_on", "result_before_receipt"), ("returned_on", "before_receipt"))
    for name, code in checks:
        if dates[name] is not None and received is not None and dates[name] < received:
            problems.append(RowProblem(number, name, code, dates[name].isoformat()))
    resolved, returned = dates["resolved_on"], dates["returned_on"]
    if resolved is not None and returned is not None and returned < resolved:
        problems.append(RowProblem(number, "returned_on", "returned_before_result",
                                   returned.isoformat()))
