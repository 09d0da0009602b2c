"""Vietnamese collation: sort keys for words and for people's names."""

from __future__ import annotations

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


def _split_tone(char: str) -> tuple[str, int]:
    """Return the character without its tone mark (NFC) and the tone weight."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = 0
    kept = []
    for part in decomposed:
        if part in _TONE_WEIGHT:
            tone = _TONE_WEIGHT[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _primary_weights(base: str) -> list[int]:
    """Return the primary weights of a toneless character (empty for a stray tone mark)."""
    weights = []
    for char in base.lower():
        if char in _LETTER_WEIGHT:
            weights.append(_LETTER_WEIGHT[char])
        elif char.isspace():
            weights.append(_SPACE_WEIGHT)
        elif char in "0123456789":
            weights.append(_DIGIT_BASE + int(char))
        else:
            weights.append(_OTHER_BASE + ord(char))
    return weights


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
        base, tone = _split_tone(char)
        primary.extend(_primary_weights(base))
        secondary.append(tone)
        tertiary.append(0 if base == base.lower() else 1)
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
