"""Declarative base, constraint naming convention and the column types every model shares."""

import re
import unicodedata
from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, Integer, MetaData, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

#: Deterministic constraint names so migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: 64-bit keys on PostgreSQL; SQLite only auto-increments a plain INTEGER primary key.
BigIntKey = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """Base class of every ORM entity."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def nfc(value: str | None) -> str | None:
    """Return text in Unicode NFC, the one form Vietnamese is stored and printed in."""
    if value is None:
        return None
    return unicodedata.normalize("NFC", value)


class UTCDateTime(TypeDecorator):
    """An instant stored in UTC and always returned as an aware UTC datetime.

    Naive datetimes are refused: every caller must say which zone it means.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


#: Lone UTF-16 surrogates: JSON can carry them (as \ud800); no database driver can encode them.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: Control and format characters (Unicode Cc and Cf) but tab and line feed: NUL, which
#: PostgreSQL cannot hold; ESC and BEL, which drive terminals a log is read in; the bidi
#: overrides (U+202E …) and zero-width characters that make text display other than it
#: reads. A carriage return goes too, so every line ends in a plain line feed.
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


def storable_text(value: str | None) -> str | None:
    """Return text as stored: NFC, line breaks as "\\n", without control or format characters
    (CONTROL_CHARACTERS), a lone surrogate replaced by U+FFFD (no UTF-8 database can hold
    one). Vietnamese letters, tabs and line breaks are kept."""
    if value is None:
        return None
    text = nfc(value).replace("\r\n", "\n")
    return LONE_SURROGATE.sub("\ufffd", CONTROL_CHARACTERS.sub("", text))


class NFCString(TypeDecorator):
    """A VARCHAR whose content is made storable on the way in (see storable_text)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return storable_text(value)


class NFCText(TypeDecorator):
    """A TEXT whose content is made storable on the way in (see storable_text)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return storable_text(value)
