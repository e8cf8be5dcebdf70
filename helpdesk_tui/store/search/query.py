"""Search queries as agents type them: free text plus ``field:value`` filters.

Engine-independent on purpose (no database here): the SQLite engine and a PostgreSQL one must
read a query the same way, or the CLI, Home and the two engines would disagree about what
``company:koch media jon`` asks for.

A filter's value is what people type after it, spaces included where that is natural:

- ``phone:`` runs on over the words that look like part of a number (``phone:+44 7400 084175``),
  as a number typed without a filter does;
- ``company:`` runs on to the next filter, since company names have spaces; the engine then keeps
  as the company the longest run of leading words that some company's name holds, and searches
  the words after it as free text (``company:koch media jon`` is Jon at Koch Media; see
  ``Query.split_company``);
- the others take one word;
- a value in double quotes is taken as it stands and ends at its closing quote
  (``company:"koch media" jon``); an unclosed quote runs to the end, as it does while being typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from ..kinds import KINDS
from .folding import digits, words

FILTERS = ("email", "phone", "company", "ref", "pin", "kind", "has", "is")
FILTER_HELP: tuple[tuple[str, str, str], ...] = (
    ("email:", "in an email address", 'email:smyth  email:"j.smith@example.com"'),
    ("phone:", "a number or its last digits", "phone:+44 7400 084175"),
    ("company:", "the words up to the next filter", 'company:koch media jon  company:"koch media"'),
    ("ref:", "a contact's reference, or its start", "ref:C-10000042"),
    ("pin:", "a support PIN", "pin:482913"),
    ("kind:", "has a contact method of this kind", "kind:whatsapp  kind:twitter anna"),
    ("has:", "has open tickets, or open ones nobody is assigned", "has:open  has:unassigned"),
    ("is:", "deactivated or deleted contacts (hidden otherwise)", "is:inactive  is:deleted anna"),
)
"""Each filter, what it matches and examples: for ``search --help`` and Home's help."""
HAS = ("open", "unassigned")
"""What ``has:`` asks of a contact's tickets: an open one (new, open, pending), or an open one
nobody is assigned (``store.search.tickets``)."""
IS = ("inactive", "deleted")
"""What ``is:`` asks for: the deactivated contacts, or the deleted ones, which every other
search hides (``store.contacts.lifecycle``)."""

_TOKEN = re.compile(r'(?:[^\s"]+|"[^"]*"?)+')
_FILTER = re.compile(r"(" + "|".join(FILTERS) + r"):(.*)", re.IGNORECASE | re.DOTALL)
_REFERENCE = re.compile(r"^[A-Za-z]{1,2}-\d+$|^[A-Za-z]{1,2}\d{5,}$")
_PHONE = re.compile(r"\+?[\d\s().\-/]+")
_PHONE_PART = re.compile(r"\+?[\d().\-/]*\d[\d().\-/]*")
_RUNS_ON: dict[str, Callable[[str], object]] = {
    "phone": _PHONE_PART.fullmatch,
    "company": lambda _: True,
}
"""The filters whose unquoted value runs on over further words, and which words it takes."""


class Query(NamedTuple):
    """A parsed query: free text, ``field:value`` filters and reference-shaped words."""

    raw: str
    text: str
    filters: dict[str, str]
    references: tuple[str, ...]
    quoted: frozenset[str] = frozenset()
    """The filters whose value was quoted: taken as it stands, never split."""

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
    def number(self) -> str:
        """Digits typed as free text: all of it when it reads as a phone number, else the
        words that are all digits ('anna 4567')."""
        return self.phone_number or " ".join(t for t in self.text.split() if t.isdigit())

    @property
    def free_words(self) -> list[str]:
        """The folded words to search as words: those not read as a number."""
        if self.phone_number:
            return []
        standalone = {t for t in self.text.split() if t.isdigit()}
        return [w for w in self.words if w not in standalone]

    @property
    def kind(self) -> str:
        """The kind of contact method ``kind:`` asks for ("" when none, or see ``problem``)."""
        found = _starting(KINDS, self.filters.get("kind", ""))
        return found[0] if len(found) == 1 else ""

    @property
    def has(self) -> str:
        """What ``has:`` asks of the contact's tickets ("" when nothing, or see ``problem``)."""
        found = _starting(HAS, self.filters.get("has", ""))
        return found[0] if len(found) == 1 else ""

    @property
    def lifecycle(self) -> str:
        """What ``is:`` asks for ("" when nothing: live, active contacts only)."""
        found = _starting(IS, self.filters.get("is", ""))
        return found[0] if len(found) == 1 else ""

    @property
    def problem(self) -> str:
        """Why the query cannot be searched as typed, for the person who typed it ("" if it can).

        An unknown kind must not just find nothing: the agent would take it for "nobody has
        one". The start of one kind's name is enough ("kind:whats"), as Home searches while the
        agent is still typing it.
        """
        typed = self.filters.get("kind", "")
        found = _starting(KINDS, typed)
        if typed and len(found) != 1:
            if found:
                return f"kind:{typed} could be {' or '.join(found)}"
            return f"kind:{typed} is not a kind of contact method; use one of {', '.join(KINDS)}"
        typed = self.filters.get("has", "")
        if typed and len(_starting(HAS, typed)) != 1:
            return f"has:{typed} is not a condition on tickets; use has:open or has:unassigned"
        typed = self.filters.get("is", "")
        if typed and len(_starting(IS, typed)) != 1:
            return f"is:{typed} is not a state of a contact; use is:inactive or is:deleted"
        return ""

    @property
    def empty(self) -> bool:
        """Nothing to search for: Home shows recent contacts instead."""
        return not self.text and not self.references and not self.filters

    def split_company(self, keep: int) -> Query:
        """This query with only the first ``keep`` words of ``company:`` as the company, taken
        as it stands, and the words after them searched as free text: ``company:koch media
        jon`` with ``keep=2`` is ``jon company:"koch media"``."""
        parts = self.filters["company"].split()
        moved_text, moved_references = _free(parts[keep:])
        return self._replace(
            text=" ".join([*self.text.split(), *moved_text]),
            filters={**self.filters, "company": " ".join(parts[:keep])},
            references=self.references + moved_references,
            quoted=self.quoted | {"company"},
        )

    def unparse(self) -> str:
        """The query written out so that ``parse`` reads it back as the same query (how a
        query was read, for the agent to see): free text first (an unquoted company or phone
        would take it over), quoted where a word would read as a filter."""
        written = [_guarded(self.text.split()), *self.references]
        for name, value in self.filters.items():
            if name in self.quoted:
                written.append(f'{name}:"{value}"')
            else:
                first, *rest = value.split(" ")
                written.append(f"{name}:{first} {_guarded(rest)}".strip())
        return " ".join(w for w in written if w)


def _guarded(words: list[str]) -> str:
    """Words written out with those that would read as a filter quoted."""
    return " ".join(f'"{w}"' if _FILTER.fullmatch(w) else w for w in words)


def _starting(names: tuple[str, ...], typed: str) -> list[str]:
    """The ``names`` (kinds, ``HAS``, ``IS``) that ``typed`` names: itself, else every one it is the
    start of, as a value is searched for while the agent is still typing it."""
    typed = typed.strip().lower()
    if not typed:
        return []
    return [typed] if typed in names else [n for n in names if n.startswith(typed)]


def _free(tokens: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """Free words, quotes dropped, split into words and reference-shaped ones."""
    found = " ".join(tokens).replace('"', "").split()
    return (
        [t for t in found if not _REFERENCE.match(t)],
        tuple(t for t in found if _REFERENCE.match(t)),
    )


def parse(raw: str) -> Query:
    """Split ``raw`` into free text, filters (a filter given twice keeps its last value; one
    with a blank value counts as not given) and reference-shaped words (``C-10000042``), which
    are looked up as references rather than as words. Quotes group words; outside a filter's
    value they only keep a word from reading as a filter (``"ref:"``)."""
    tokens = _TOKEN.findall(raw)
    filters: dict[str, str] = {}
    quoted: set[str] = set()
    free: list[str] = []
    index = 0

    def takes(name: str) -> bool:
        """Whether the token at ``index`` continues the value of filter ``name``."""
        return (
            index < len(tokens)
            and not _FILTER.fullmatch(tokens[index])
            and _RUNS_ON.get(name, lambda _: True)(tokens[index])
        )

    while index < len(tokens):
        token = tokens[index]
        index += 1
        match = _FILTER.fullmatch(token)
        if not match:
            free.append(token)
            continue
        name, rest = match.group(1).lower(), match.group(2)
        parts = [rest] if rest else []
        if not parts and takes(name):  # "phone: 0123": a space after the colon
            parts.append(tokens[index])
            index += 1
        is_quoted = bool(parts) and '"' in parts[0]
        if not is_quoted and name in _RUNS_ON:
            while takes(name):
                parts.append(tokens[index])
                index += 1
        value = " ".join(parts).replace('"', "")
        if not is_quoted:
            value = " ".join(value.split())
        filters.pop(name, None)
        quoted.discard(name)
        if value.strip():
            filters[name] = value
            if is_quoted:
                quoted.add(name)
    text, references = _free(free)
    return Query(raw, " ".join(text), filters, references, frozenset(quoted))
