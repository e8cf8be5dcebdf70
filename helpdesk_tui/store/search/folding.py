"""Folding text for search: the index and the query must fold identically, so both use this.

"Siobhán" → "siobhan", "Dương" → "duong", "Łukasz" → "lukasz", "Straße" → "strasse". Letters that
Unicode does not decompose (ł, ø, đ, ß, æ …) are mapped by hand; scripts without case or accents
(Han, Kana, Hangul) pass through unchanged.
"""

from __future__ import annotations

import re
import unicodedata
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


def digits(text: str) -> str:
    """The digits of ``text`` as ASCII, whatever their script (full-width, Arabic-Indic …)."""
    return "".join(str(unicodedata.digit(ch)) for ch in text if ch.isdigit())
