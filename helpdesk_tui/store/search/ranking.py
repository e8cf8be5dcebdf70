"""Ranking search candidates with rapidfuzz: the same for every search engine.

An engine narrows a million contacts to a few hundred candidates with its own indexes and hands
over their folded rows (name, company, emails, handles, phones, as ``store.search.index`` writes
them); the order an agent sees, and which contact method a row says it was found by, are decided
here, so they cannot depend on which engine found the candidates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..kinds import PHONE_KINDS
from .folding import digits, fold, words
from .query import Query

EMAIL_WEIGHT = 0.95
HANDLE_WEIGHT = 0.9
"""Below a name or company that matches as well: Jon Berg first for "jon", not the jon@…s."""
CLEAR = 80.0
"""The weighted score of an email or handle that typed words clearly found (a word starting
one of its words, or its local part typed run together: "jberg")."""

Doc = tuple[str, str, str, str, str]
"""A candidate's folded name, company, and space-separated emails, handles and E.164 phones."""


def best(one: float | None, other: float | None) -> float | None:
    """The stronger of two known scores (None: not known, to be scored by words)."""
    if one is None:
        return other
    if other is None:
        return one
    return max(one, other)


def phone_score(typed: str, e164: str) -> float:
    """How typed digits match a stored number: its end (what a caller reads out) 100, its
    start with the country code (typed with + or 00) 98, the start of its national number 95,
    anywhere else 85, not at all 0.

    Without ``phonenumbers`` (too heavy for the search path) the national number is whatever
    follows a country code of one to three digits, which can take a start for a middle.
    """
    number = e164.split(";", 1)[0].lstrip("+")
    wanted = digits(typed)
    if len(wanted) < 3:
        return 0.0
    start = typed.lstrip()
    if start.startswith(("+", "00")):
        wanted = wanted.removeprefix("00") if start.startswith("00") else wanted
        if number.startswith(wanted):
            return 98.0
    elif number.endswith(wanted):
        return 100.0
    elif any(number[size:].startswith(wanted.lstrip("0")) for size in (1, 2, 3)):
        return 95.0
    return 85.0 if wanted.lstrip("0") in number else 0.0


class Scorer:
    """Scores candidates word by word, remembering what it has scored: a few hundred candidates
    share a few dozen distinct names and companies.

    rapidfuzz is loaded by the first scorer, not with this module: Home's first page (the
    recent contacts) scores nothing, and the 30 ms of that import were a tenth of the wait for
    it at start-up."""

    def __init__(self, query: Query) -> None:
        from rapidfuzz import fuzz  # noqa: PLC0415 - see above

        self.ratio = fuzz.ratio
        self.weighted_ratio = fuzz.WRatio
        self.typed = list(dict.fromkeys(query.free_words))
        self.compact = "".join(self.typed)
        self.email = fold(
            query.filters.get("email", "") or (query.text if "@" in query.text else "")
        )
        self.company = fold(query.filters.get("company", ""))
        self.numbers = [n for n in (query.number, query.filters.get("phone", "")) if n]
        self.kind = query.kind
        self.pairs: dict[tuple[str, str], float] = {}
        self.texts: dict[str, float] = {}
        self.addresses: dict[str, float] = {}

    def pair(self, typed: str, word: str) -> float:
        """A typed word against a word of the contact: exact, started, or misspelt."""
        key = (typed, word)
        score = self.pairs.get(key)
        if score is None:
            if word == typed:
                score = 100.0
            elif word.startswith(typed):
                score = 90.0 + 10.0 * len(typed) / len(word)
            else:
                score = self.ratio(typed, word)
                if len(word) > len(typed) + 1:
                    score = max(score, 0.95 * self.ratio(typed, word[: len(typed)]))
            self.pairs[key] = score
        return score

    def words_score(self, text: str) -> float:
        """Each typed word's best match among the words of ``text``, averaged."""
        score = self.texts.get(text)
        if score is None:
            found = words(text)
            score = 0.0
            if found and self.typed:
                best = [max(self.pair(t, w) for w in found) for t in self.typed]
                score = sum(best) / len(best)
            self.texts[text] = score
        return score

    def address_score(self, address: str) -> float:
        """An address against the typed words, as words or run together ("jsmith"), weighted
        below a name that matches as well; remembered, as ``matched`` asks again."""
        score = self.addresses.get(address)
        if score is None:
            score = EMAIL_WEIGHT * max(
                self.words_score(address), self.ratio(self.compact, address.partition("@")[0])
            )
            self.addresses[address] = score
        return score

    def email_score(self, address: str) -> float:
        """An address against the typed words and an email-shaped query (``email:``)."""
        score = self.address_score(address) if self.typed else 0.0
        return max(score, self.ratio(self.email, address)) if self.email else score

    def handle_score(self, handles: str) -> float:
        """Handles against the typed words, weighted below a name that matches as well."""
        return HANDLE_WEIGHT * self.words_score(handles)

    def number_score(self, phones: Sequence[str]) -> float:
        """The typed numbers (free text, ``phone:``) against a contact's numbers, averaged."""
        return sum(
            max((phone_score(typed, phone) for phone in phones), default=0.0)
            for typed in self.numbers
        ) / len(self.numbers)

    def __call__(self, doc: Doc) -> float:
        """0-100: the typed words' best field (name, then emails, company, handles, each tried
        only while it can still win) or an email-shaped query's closest address, averaged with
        the company and the numbers asked for."""
        name, company, emails, handles, phones = doc
        addresses = emails.split()
        parts = []
        if self.typed or self.email:
            score = 0.0
            if self.typed:
                score = self.words_score(name)
                if score < 100 * EMAIL_WEIGHT and addresses:
                    score = max([score, *(self.address_score(e) for e in addresses)])
                if score < 100 * HANDLE_WEIGHT:
                    score = max(score, HANDLE_WEIGHT * self.words_score(company))
                if score < 100 * HANDLE_WEIGHT and handles:
                    score = max(score, self.handle_score(handles))
            if self.email:
                score = max([score, *(self.ratio(self.email, e) for e in addresses)])
            parts.append(score)
        if self.company:
            parts.append(self.weighted_ratio(self.company, company))
        if self.numbers:
            parts.append(self.number_score(phones.split()))
        return sum(parts) / len(parts) if parts else 0.0

    def matched(self, doc: Doc, methods: Sequence[tuple[str, str]]) -> int | None:
        """Which of a contact's methods (kind, normalized value; defaults first) the query
        found it by, or None when its name or company (from ``doc``, as ranked) did.

        Typed digits name the number they match; an email-shaped query or ``email:`` the
        closest address; typed words the email or handle they match clearly (``CLEAR``) and
        better than the name and company, as a typo's guess at a second address explains
        nothing; and
        ``kind:`` alone the first method of its kind.
        """

        def best_of(scores: list[float]) -> int | None:
            top = max(scores, default=0.0)
            return scores.index(top) if top > 0 else None

        if self.numbers:
            found = best_of(
                [self.number_score([v]) if k in PHONE_KINDS else 0.0 for k, v in methods]
            )
            if found is not None:
                return found
        name, company = doc[:2]
        # No address or handle can beat a name scoring as much as an address can: skip them.
        if self.email or (self.typed and self.words_score(name) < 100 * EMAIL_WEIGHT):
            scores = [
                0.0
                if kind in PHONE_KINDS
                else self.email_score(fold(value))
                if kind == "email"
                else self.handle_score(fold(value))
                for kind, value in methods
            ]
            found = best_of(scores)
            explained = max(self.words_score(name), self.handle_score(company))
            if found is not None and (self.email or CLEAR <= scores[found] > explained):
                return found
        if self.kind:
            return next((i for i, (kind, _) in enumerate(methods) if kind == self.kind), None)
        return None


def rank(
    scorer: Scorer,
    candidates: Mapping[int, float | None],
    docs: Mapping[int, Doc],
    limit: int,
) -> list[tuple[int, float]]:
    """Best first, ties to the newest. A candidate scores by its row; a score the engine
    knows (an exact reference, a PIN) is a floor under that."""
    scored = []
    for contact_id, known in candidates.items():
        doc = docs.get(contact_id)
        if doc is not None:
            scored.append((max(scorer(doc), known or 0.0), contact_id))
        elif known is not None:
            scored.append((known, contact_id))
    scored.sort(key=lambda item: (-item[0], -item[1]))
    return [(contact_id, value) for value, contact_id in scored[:limit]]
