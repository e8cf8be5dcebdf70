"""Folding text for search: the index and the query must fold identically, so both use this.

"Siobhán" → "siobhan", "Dương" → "duong", "Łukasz" → "lukasz", "Straße" → "strasse". Letters that
Unicode does not decompose (ł, ø, đ, ß, æ …) are mapped by hand; scripts without case or accents
(Han, Kana, Hangul) pass through unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ß": "ss",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
    }
)

_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free form of ``text`` for matching (not for display)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text``, split where the FTS tokenizer splits (non-word characters)."""
    return _WORD.findall(fold(text))


def all_words(texts: Iterable[str]) -> set[str]:
    """The distinct words of many texts, as ``words`` splits each. ASCII texts, most of them,
    are split in one pass over them joined by spaces (their folded form is their lower case,
    and no word spans a space): a bulk load called ``words`` per text at several microseconds
    each, and there are more texts than ``fold``'s cache holds."""
    found: set[str] = set()
    plain = []
    for text in texts:
        if text.isascii():
            plain.append(text)
        else:
            found.update(words(text))
    found.update(_WORD.findall(" ".join(plain).lower()))
    return found


def digits(text: str) -> str:
    """The digits of ``text`` as ASCII, whatever their script (full-width, Arabic-Indic …)."""
    return "".join(str(unicodedata.digit(ch)) for ch in text if ch.isdigit())
