"""Search queries as agents type them: free text plus ``field:value`` filters.

Engine-independent on purpose (no database here): the SQLite engine and a PostgreSQL one must
read a query the same way, or the CLI, Home and the two engines would disagree about what
``company:koch media jon`` asks for.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .folding import digits, words

FILTERS = ("email", "phone", "company", "ref", "pin")
_FILTER = re.compile(r"\b(" + "|".join(FILTERS) + r"):(\S*)", re.IGNORECASE)
_REFERENCE = re.compile(r"^[A-Za-z]{1,2}-\d+$|^[A-Za-z]{1,2}\d{5,}$")
_PHONE = re.compile(r"\+?[\d\s().\-/]+")


class Query(NamedTuple):
    """A parsed query: free text plus ``field:term`` filters."""

    raw: str
    text: str
    filters: dict[str, str]
    references: tuple[str, ...]

    @property
    def words(self) -> list[str]:
        """Folded words of the free text."""
        return words(self.text)

    @property
    def phone_number(self) -> str:
        """The free text, when it reads as a phone number or fragment ('020 7946', '+44 20')."""
        text = self.text.strip()
        return text if _PHONE.fullmatch(text) and len(digits(text)) >= 3 else ""

    @property
    def empty(self) -> bool:
        """Nothing to search for: Home shows recent contacts instead."""
        return not self.text.strip() and not self.references and not any(self.filters.values())


def parse(raw: str) -> Query:
    """Split ``raw`` into free text, filters (``email:``, ``phone:``, ``company:``, ``ref:``,
    ``pin:``; a filter given twice keeps its last value) and reference-shaped words
    (``C-10000042``), which are looked up as references rather than as words."""
    filters = {m.group(1).lower(): m.group(2) for m in _FILTER.finditer(raw)}
    tokens = _FILTER.sub(" ", raw).split()
    references = tuple(t for t in tokens if _REFERENCE.match(t))
    text = " ".join(t for t in tokens if not _REFERENCE.match(t))
    return Query(raw, text, {k: v for k, v in filters.items() if v}, references)
