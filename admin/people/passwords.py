"""Password policy for staff accounts, and how passwords are stored.

Policy, following NIST SP 800-63B: at least 8 characters, up to 128 allowed (so long
passphrases work), no rules about digits or symbols, and refused when the password is on
the list of common passwords shipped beside this module, is the username itself, or is a
word of this context (CONTEXT_WORDS, the organisation's names, the username) dressed up
with digits and signs.

Storage: argon2id with the parameters of the OWASP Password Storage Cheat Sheet (19 MiB of
memory, 2 passes, 1 lane; a 16-byte random salt). Older hashes (werkzeug's scrypt and
PBKDF2) are still accepted and replaced by an argon2id hash at the next log-in, as is an
argon2id hash made with weaker parameters.
"""

import secrets
import unicodedata
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt")

#: Problem code → the sentence shown in the console.
PROBLEM_MESSAGES = {
    "too_short": _l("The password must have at least 8 characters."),
    "too_long": _l("The password may have at most 128 characters."),
    "common": _l("This password is too common and easy to guess. Please choose another one."),
    "same_as_username": _l("The password must not be the same as the username."),
    "context_word": _l("This password is a word everyone here knows (the centre, the province, "
                       "the product, a role) with a few digits or signs. Please choose another "
                       "one."),
}

#: The same problems in English, for the command line.
PROBLEM_MESSAGES_CLI = {
    "too_short": f"the password must have at least {MIN_LENGTH} characters",
    "too_long": f"the password may have at most {MAX_LENGTH} characters",
    "common": "this password is too common and easy to guess; choose another one",
    "same_as_username": "the password must not be the same as the username",
    "context_word": "this password is a word everyone here knows (the centre, the province, "
                    "the product, a role) with a few digits or signs; choose another one",
}

#: Words of this context an attacker tries first (ASVS 5.0 6.1.2): a password that is one
#: of them, its username or a word of the organisation's names (ORG_* settings), give or
#: take digits, signs, spaces, case and accents, is refused. Extra words: the setting
#: PASSWORD_CONTEXT_WORDS (comma-separated).
CONTEXT_WORDS = (
    "hài lòng", "hailong", "một cửa", "bộ phận một cửa", "phục vụ", "hành chính công",
    "trung tâm", "trung tâm phục vụ hành chính công", "tthcc", "ttpvhcc", "ubnd",
    "bắc ninh", "bắc giang", "việt nam", "đánh giá", "mật khẩu", "password", "quản trị",
    "admin", "administrator", "lãnh đạo", "cán bộ", "công chức", "nhân sự", "đầu mối",
    "tiếp dân", "dịch vụ công", "chính quyền",
)


def normalise(password: str) -> str:
    """Return the password in NFC, so the same characters typed on any keyboard match."""
    return unicodedata.normalize("NFC", password)


@cache
def common_passwords() -> frozenset[str]:
    """Return the shipped list of common passwords, lower case."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def letters_only(text: str) -> str:
    """Return text without accents, digits, signs or spaces, lower case ("Hài Lòng@2026"
    becomes "hailong")."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(char for char in decomposed if char.isalpha() and char.isascii())


def context_words() -> frozenset[str]:
    """Return the context words, as letters only: the shipped ones, the organisation's names
    and any a deployment adds (PASSWORD_CONTEXT_WORDS)."""
    words = list(CONTEXT_WORDS)
    if has_app_context():
        config = current_app.config
        extra = config.get("PASSWORD_CONTEXT_WORDS") or ""
        words += extra.split(",") if isinstance(extra, str) else list(extra)
        for key in ("ORG_ISSUING_BODY", "ORG_CENTRE_NAME", "ORG_PLACE"):
            words.append(config.get(key) or "")
    return frozenset(word for word in map(letters_only, words) if len(word) >= 3)


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
    letters = letters_only(password)
    if letters and (letters in context_words() or letters == letters_only(username)):
        return "context_word"
    return None


#: argon2id, OWASP Password Storage Cheat Sheet: m = 19 MiB, t = 2, p = 1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32,
                        salt_len=16, type=Type.ID)


def hash_password(password: str) -> str:
    """Return the stored hash of a password (argon2id)."""
    return HASHER.hash(normalise(password))


def password_matches(password_hash: str, password: str) -> bool:
    """Say whether password matches the stored hash (argon2id, or an older werkzeug hash)."""
    if password_hash.startswith("$argon2"):
        try:
            return HASHER.verify(password_hash, normalise(password))
        except (VerificationError, InvalidHashError):
            return False
    try:
        return check_password_hash(password_hash, normalise(password))
    except ValueError:
        return False


def needs_rehash(password_hash: str) -> bool:
    """Say whether a hash that just matched should be replaced by a current argon2id hash."""
    if not password_hash.startswith("$argon2id$"):
        return True
    try:
        return HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@cache
def unknown_user_hash() -> str:
    """Return a hash of a random password, checked when no account has the name typed,
    so that a wrong name takes as long to refuse as a wrong password."""
    return hash_password(secrets.token_urlsafe(24))
