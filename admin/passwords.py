"""Password policy for staff accounts: length, not a common password; no composition rules.

Following NIST SP 800-63B: at least 8 characters, up to 128 allowed (so long passphrases
work), no rules about digits or symbols, and refused when the password is on the list of
common passwords shipped beside this module or is the username itself.
"""

import unicodedata
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt")

#: Problem code → the sentence shown in the console.
PROBLEM_MESSAGES = {
    "too_short": _l("The password must have at least 8 characters."),
    "too_long": _l("The password may have at most 128 characters."),
    "common": _l("This password is too common and easy to guess. Please choose another one."),
    "same_as_username": _l("The password must not be the same as the username."),
}

#: The same problems in English, for the command line.
PROBLEM_MESSAGES_CLI = {
    "too_short": f"the password must have at least {MIN_LENGTH} characters",
    "too_long": f"the password may have at most {MAX_LENGTH} characters",
    "common": "this password is too common and easy to guess; choose another one",
    "same_as_username": "the password must not be the same as the username",
}


def normalise(password: str) -> str:
    """Return the password in NFC, so the same characters typed on any keyboard match."""
    return unicodedata.normalize("NFC", password)


@cache
def common_passwords() -> frozenset[str]:
    """Return the shipped list of common passwords, lower case."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, username: str = "") -> str | None:
    """Return why a new password is refused (a code of PROBLEM_MESSAGES), or None."""
    password = normalise(password)
    if len(password) < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    folded = password.casefold()
    if username and folded == username.casefold():
        return "same_as_username"
    if folded in common_passwords():
        return "common"
    return None


def hash_password(password: str) -> str:
    """Return the stored hash of a password (werkzeug's scrypt)."""
    return generate_password_hash(normalise(password))


def password_matches(password_hash: str, password: str) -> bool:
    """Say whether password matches the stored hash."""
    return check_password_hash(password_hash, normalise(password))
