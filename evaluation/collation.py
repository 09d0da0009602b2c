"""Vietnamese collation: sort keys for words and for people's names."""

from __future__ import annotations

import functools
import unicodedata

# The 29 letters of the Vietnamese alphabet, with f, j, w, z placed where the Latin
# alphabet puts them so that foreign names still sort sensibly.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_WEIGHT = {letter: index + 1 for index, letter in enumerate(_ALPHABET)}

# Tone marks, in the order of the Unicode CLDR "vi" tailoring (also dictionary order):
# none < huyền (grave) < hỏi (hook) < ngã (tilde) < sắc (acute) < nặng (dot below).
_TONE_WEIGHT = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_SPACE_WEIGHT = 0
_DIGIT_BASE = 100
_OTHER_BASE = 1000

CollationKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]


@functools.lru_cache(maxsize=4096)
def _char_weights(char: str) -> tuple[tuple[int, ...], int, int]:
    """Return (primary weights, tone weight, case weight) of one character."""
    tone = 0
    kept = []
    for part in unicodedata.normalize("NFD", char):
        if part in _TONE_WEIGHT:
            tone = _TONE_WEIGHT[part]
        else:
            kept.append(part)
    base = unicodedata.normalize("NFC", "".join(kept))
    return tuple(_primary_weight(c) for c in base.lower()), tone, int(base != base.lower())


def _primary_weight(char: str) -> int:
    if char in _LETTER_WEIGHT:
        return _LETTER_WEIGHT[char]
    if char.isspace():
        return _SPACE_WEIGHT
    if char in "0123456789":
        return _DIGIT_BASE + int(char)
    return _OTHER_BASE + ord(char)


#: Names repeat in every listing of every month: their keys are kept (a key is immutable).
@functools.lru_cache(maxsize=8192)
def vietnamese_sort_key(text: str) -> CollationKey:
    """Return a sort key ordering ``text`` by Vietnamese collation.

    Three levels, as in the Unicode CLDR ``vi`` standard collation: letters first (alphabet
    a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; digraphs such as ch, ng, nh are
    letter sequences, not separate letters), then tone marks (none, huyền, hỏi, ngã, sắc,
    nặng), then case (lower before upper). Runs of white space count as one space.
    """
    text = " ".join(unicodedata.normalize("NFC", text).split())
    primary, secondary, tertiary = [], [], []
    for char in text:
        weights, tone, case = _char_weights(char)
        primary.extend(weights)
        secondary.append(tone)
        tertiary.append(case)
    return tuple(primary), tuple(secondary), tuple(tertiary)


def person_name_sort_key(full_name: str) -> tuple[CollationKey, CollationKey]:
    """Return a sort key ordering people as Vietnamese lists do: given name first.

    The given name (tên) is the last word of the full name; ties are broken by the rest
    (họ and tên đệm) as one string. Each part is compared with ``vietnamese_sort_key``,
    so "An" < "Anh" < "Ánh" < "Bình" and, for the same given name, "Lê Văn" < "Nguyễn Văn".
    A tone mark makes a different given name, so it decides before the family name does.
    """
    words = unicodedata.normalize("NFC", full_name).split()
    given = words[-1] if words else ""
    rest = " ".join(words[:-1])
    return vietnamese_sort_key(given), vietnamese_sort_key(rest)
