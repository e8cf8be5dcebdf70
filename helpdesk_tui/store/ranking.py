"""Ranking search candidates with rapidfuzz: the same for every search engine.

An engine narrows a million contacts to a few hundred candidates with its own indexes and hands
over their folded rows (name, company, emails, handles, as ``store.search_index`` writes them);
the order an agent sees is decided here, so it cannot depend on which engine found them.
"""

from __future__ import annotations

from collections.abc import Mapping

from rapidfuzz import fuzz

from .folding import fold, words
from .query import Query

Doc = tuple[str, str, str, str]
"""A candidate's folded name, company, space-separated emails and handles."""


def best(one: float | None, other: float | None) -> float | None:
    """The stronger of two known scores (None: not known, to be scored by words)."""
    if one is None:
        return other
    if other is None:
        return one
    return max(one, other)


class Scorer:
    """Scores candidates word by word, remembering what it has scored: a few hundred candidates
    share a few dozen distinct names and companies."""

    def __init__(self, query: Query) -> None:
        self.typed = list(dict.fromkeys([] if query.phone_number else query.words))
        self.compact = "".join(self.typed)
        self.email = fold(
            query.filters.get("email", "") or (query.text if "@" in query.text else "")
        )
        self.company = fold(query.filters.get("company", ""))
        self.pairs: dict[tuple[str, str], float] = {}
        self.texts: dict[str, float] = {}

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
                score = fuzz.ratio(typed, word)
                if len(word) > len(typed) + 1:
                    score = max(score, 0.95 * fuzz.ratio(typed, word[: len(typed)]))
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

    def __call__(self, doc: Doc) -> float:
        """0-100: the best of name, company, emails and handles against the typed words, and
        an email-shaped query against whole addresses. Fields are tried best-weighted first
        and skipped once they cannot win."""
        name, company, emails, handles = doc
        addresses = emails.split()
        score = 0.0
        if self.typed:
            score = self.words_score(name)
            if score < 95 and addresses:
                score = max(
                    score,
                    0.95 * max(self.words_score(e) for e in addresses),
                    0.95 * max(fuzz.ratio(self.compact, e.partition("@")[0]) for e in addresses),
                )
            if score < 90:
                score = max(score, 0.9 * self.words_score(company))
            if score < 90 and handles:
                score = max(score, 0.9 * self.words_score(handles))
        if self.email:
            score = max(score, max((fuzz.ratio(self.email, e) for e in addresses), default=0))
        if self.company:
            company_score = fuzz.WRatio(self.company, company)
            score = (score + company_score) / 2 if score else company_score
        return score


def rank(
    query: Query,
    candidates: Mapping[int, float | None],
    docs: Mapping[int, Doc],
    limit: int,
) -> list[tuple[int, float]]:
    """Best first, ties to the newest: known scores as they are, the others by their words."""
    score = Scorer(query)
    scored = [
        (known if known is not None else score(docs[contact_id]), contact_id)
        for contact_id, known in candidates.items()
        if known is not None or contact_id in docs
    ]
    scored.sort(key=lambda item: (-item[0], -item[1]))
    return [(contact_id, value) for value, contact_id in scored[:limit]]
