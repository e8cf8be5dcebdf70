"""Search as you type over names, identities, company, reference and PIN (SQLite).

Plain sqlite3 on purpose: ``helpdesk-tui search`` and the TUI's worker answer a keystroke without
importing SQLAlchemy or loading ORM rows. Each part of a query is a *source* of candidates, and
the sources intersect (``company:acme 4567`` means both):

- words: FTS5 lookups in tiers, each tried only while fewer than ``limit`` contacts are found:
  every word whole, then the last word as a prefix (still being typed), then every word as a
  prefix. Unless every word was found whole or the prefixes fill the page, typo corrections
  from the SymSpell vocabulary top it up: every word or one of its corrections, and when the
  words found nobody at all, any of them;
- keys (``search_keys``): phone numbers by their last digits or national start, PINs and
  references, for digits, the ``ref:``, ``pin:`` and ``phone:`` filters and reference-shaped
  words (``C-10000042``).

``kind:`` is no source but a condition on every source's SQL (contacts with a contact method of
that kind); alone, it lists the newest such contacts. A ``company:`` of several words that finds
nobody is read again with only its leading words that name a company as the company.

Exact references and PINs carry their score; the ranking (``store.ranking``, shared by every
engine) scores each candidate from its folded row, and only a bounded number of candidates is
ever scored or read in full. A caller passes ``cancelled`` to stop between steps when a newer
keystroke has superseded the search.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from rapidfuzz.distance import OSA

from .folding import words
from .hits import SearchResult
from .query import Query, parse
from .ranking import Scorer, best, rank
from .search_index import deletions, leading_letters, max_edits
from .search_keys import KeySources, Source
from .search_rows import read_docs, read_hits, recent

TYPO_CANDIDATES = 300
PROBE = 500
LONG_WORD = 8
CORRECTIONS = 12


class Cancelled(Exception):
    """Raised between steps when the caller's ``cancelled()`` turned true."""


def _fts_word(word: str, prefix: bool) -> str:
    return f'"{word}"*' if prefix else f'"{word}"'


def _fts_all(groups: Iterable[Iterable[str]], column: str | None = None) -> str:
    """An FTS5 expression: every group must match, any alternative within a group."""
    expr = " AND ".join("(" + " OR ".join(alts) + ")" for alts in groups)
    return f"{{{column}}} : ({expr})" if column else expr


class _Searcher:
    """One search on one connection: a source per part of the query, then their intersection."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        query: Query,
        limit: int,
        cancelled: Callable[[], bool],
    ) -> None:
        self.conn = conn
        self.query = query
        self.limit = limit
        self.cancelled = cancelled
        self.corrected: list[str] = []
        self.strategy = "exact"
        self.keys = KeySources(conn, query.kind, limit)

    def check(self) -> None:
        if self.cancelled():
            raise Cancelled

    def fts(self, expression: str, limit: int) -> list[int]:
        scope, kind = self.keys.scope("search_fts.rowid")
        rows = self.conn.execute(
            f"SELECT rowid FROM search_fts WHERE search_fts MATCH ?{scope} "
            f"ORDER BY rowid DESC LIMIT ?",
            (expression, *kind, limit),
        )
        return [row[0] for row in rows]

    def company_split(self) -> Query | None:
        """The query read again when an unquoted ``company:`` of several words found nobody:
        the longest run of its leading words that some company's name holds is the company,
        and the words after it are free text (``company:koch media jon``: Jon at Koch Media).
        None when there is no other reading: the whole value names a company (the rest of
        the query found nobody there), or not even its first word does.

        Only tried after the whole value found nobody: each probe costs as much as the search
        itself (10 ms at 1M for the common words of "Oceanic Motors GmbH & Co. KG").
        """
        query = self.query
        parts = query.filters.get("company", "").split()
        if "company" in query.quoted or len(parts) < 2:
            return None
        for keep in range(len(parts), 0, -1):
            held = words(" ".join(parts[:keep]))
            named = (
                held
                and self.conn.execute(
                    "SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1",
                    (_fts_all([[_fts_word(w, True)] for w in held], "company"),),
                ).fetchone()
            )
            self.check()
            if named:
                return query.split_company(keep) if keep < len(parts) else None
        return None

    def run(self) -> dict[int, float | None]:
        """The candidates every part of the query agrees on."""
        sources = [source for source in self.sources() if source is not None]
        self.check()
        if not sources and self.keys.kind:
            sources = [self.keys.kind_source()]
        if not sources:
            return {}
        merged = dict(sources[0])
        for source in sources[1:]:
            merged = {key: best(merged[key], source[key]) for key in merged.keys() & source.keys()}
        return merged

    def sources(self) -> Iterable[Source | None]:
        """Each part of the query as a source; None when the query has no such part."""
        query = self.query
        yield self.word_source()
        keys = self.keys
        if query.number:
            yield keys.number_source(query.number)
        for token in query.references:
            yield keys.reference_source(token)
        if "ref" in query.filters:
            yield keys.reference_source(query.filters["ref"])
        if "pin" in query.filters:
            yield keys.pin_source(query.filters["pin"])
        if "phone" in query.filters:
            yield keys.phone_source(query.filters["phone"])

    def word_source(self) -> Source | None:
        """Words in tiers (whole; the last unfinished; all prefixes, only if the first two
        found nothing), then typo corrections.

        One-letter words ("S.A.", an initial) are left to the ranking when longer words are
        there: as prefixes they match most of the index, and merging that costs 50 ms at 1M.
        """
        query = self.query
        typed = query.free_words
        columns: list[tuple[str, list[str]]] = [
            (column, words(query.filters[name]))
            for name, column in (("email", "emails"), ("company", "company"))
            if words(query.filters.get(name, ""))
        ]
        if not typed and not columns:
            return None
        fixed = " AND ".join(
            _fts_all([[_fts_word(w, True)] for w in ws], column) for column, ws in columns
        )
        if any(len(w) > 2 for w in typed):
            typed = [w for w in typed if len(w) > 1]
        chosen = self.selective(typed)
        every = set(range(len(typed)))

        def matching(whole: int, indexes: set[int]) -> list[int]:
            """Contacts with the words at ``indexes``; those from ``whole`` on as prefixes."""
            parts = [_fts_word(w, i >= whole) for i, w in enumerate(typed) if i in indexes]
            return self.fts(" AND ".join(p for p in (*parts, fixed) if p), self.limit)

        found: Source = {}
        first_tier = None
        tiers = [len(typed), len(typed) - 1, 0] if typed else [0]
        for tier, whole in enumerate(tiers):
            if tier == 2 and found:
                break
            hits = matching(whole, chosen)
            # The page comes back newest first: cut from thousands of maksim.morozov@…, it may
            # miss the one at the typed domain, so an address's common words decide too. (A
            # company's name fills the page with its own people anyway; AND-ing its common
            # words would cost 8 ms at 1M.)
            if len(hits) >= self.limit and chosen != every and "@" in query.text:
                hits = matching(whole, every) or hits
            if hits and first_tier is None:
                first_tier = tier
            found.update(dict.fromkeys(hits))
            if len(found) >= self.limit:
                break
            self.check()
        if not typed or (found and first_tier == 0):
            return found
        if not found:
            return self.typo_source(typed, fixed)
        if first_tier == 1 and len(found) >= self.limit:
            return found
        return self.top_up(found, typed, fixed, len(typed) - 1 if first_tier == 1 else 0)

    def top_up(self, found: Source, typed: list[str], fixed: str, settled: int) -> Source:
        """The typo step, added to a page that words found only as the start of others.

        Such a word may be a slip that happens to start other words ("dhal" for Dahl, where
        there are Dhaliwals; "jon smiht" for Jon Smith, where Jons work at Smihtová): unless
        those fill the page, the typo step tops it up and the ranking weighs both readings.
        The first ``settled`` words were found whole along with it and stay as typed, which
        keeps this to the cost of correcting one word (12 → 5 ms at 1M for "anna seide").
        """
        corrected = self.typo_source(typed, fixed, settled)
        self.strategy = "exact+typo" if corrected else "exact"
        return found | corrected

    def selective(self, typed: list[str]) -> set[int]:
        """The indexes of the words worth AND-ing: those in few contacts (at least two).

        "Hồ Pharma Co., Ltd." needs "ho" and "pharma"; AND-ing "co" and "ltd", each in a third
        of a million contacts, only slows FTS5 down (15 ms → 1 ms at 1M). The ranking still
        weighs every word. A count stops at ``PROBE`` rows, so probing a common word is cheap;
        the last word counts as a prefix, since it may be unfinished.
        """
        if len(typed) <= 2:
            return set(range(len(typed)))
        counts = sorted(
            (
                self.conn.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? "
                    "LIMIT ?)",
                    (_fts_word(word, index == len(typed) - 1), PROBE),
                ).fetchone()[0],
                index,
            )
            for index, word in enumerate(typed)
        )
        return {index for count, index in counts if count < PROBE} | {i for _, i in counts[:2]}

    def typo_source(self, typed: list[str], fixed: str, settled: int | None = None) -> Source:
        """Every word or one of its corrections; failing that, any of them.

        When topping up a page (``settled`` is not None), its first ``settled`` words stay as
        typed, and "any of them" is left out: the page already has contacts with every word.
        """
        alternatives = [
            [_fts_word(word, False)]
            if index < (settled or 0)
            else [_fts_word(word, True), *self.fixes(word, index == len(typed) - 1)]
            for index, word in enumerate(typed)
        ]
        self.check()
        if not self.corrected:
            self.strategy = "none"
            return {}
        self.strategy = "typo"
        every = " AND ".join(p for p in (_fts_all(alternatives), fixed) if p)
        found = self.fts(every, TYPO_CANDIDATES)
        if not found and settled is None:
            self.check()
            self.strategy = "typo-any"
            anyone = " OR ".join(_fts_all([alts]) for alts in alternatives)
            expression = f"({anyone}) AND {fixed}" if fixed else anyone
            found = self.fts(expression, TYPO_CANDIDATES)
        if not found:
            self.strategy = "none"
        return dict.fromkeys(found)

    def fixes(self, word: str, last: bool) -> list[str]:
        """FTS5 alternatives for a word's corrections (noted in ``corrected``); the letters
        before a word's digits are corrected on their own ("ala2003" → "alba2003")."""
        if word.isalpha() and len(word) >= 3:
            found = self.corrections(word)
            self.corrected += found
            return [_fts_word(fix, last) for fix in found]
        if len(letters := leading_letters(word)) >= 3:
            found = self.corrections(letters)
            self.corrected += found
            return [_fts_word(fix + word[len(letters) :], True) for fix in found]
        return []

    def corrections(self, word: str) -> list[str]:
        """Vocabulary words within one or two edits of ``word``, closest first.

        ``word`` may be the start of a longer word ("fetherston" for "featherstonehaugh"), so a
        term also counts when its beginning is that close; a term much shorter than the word
        ("sti" for "smtih") does not, unless the word is long enough to hold two slips
        ("steeephens" for "stephens").
        """
        limit = max_edits(word)
        keys = sorted(deletions(word, limit))
        marks = ",".join("?" * len(keys))
        terms = [
            row[0]
            for row in self.conn.execute(
                f"SELECT DISTINCT term FROM search_term_delete WHERE del IN ({marks})", keys
            )
        ]
        size = len(word)
        scored = []
        for term in terms:
            if term == word or len(term) < size - (limit if size >= LONG_WORD else 1):
                continue
            distance: float = OSA.distance(word, term, score_cutoff=limit + 1)
            if len(term) > size + 1:
                start = min(
                    OSA.distance(word, term[:n], score_cutoff=limit + 1)
                    for n in (size - 1, size, size + 1)
                )
                distance = min(distance, start + 0.5)
            if distance <= limit + 0.5:
                scored.append((distance, term[0] != word[0], abs(len(term) - size), term))
        scored.sort()
        return [term for *_, term in scored[:CORRECTIONS]]


def search(
    conn: sqlite3.Connection,
    raw: str,
    limit: int = 50,
    cancelled: Callable[[], bool] = lambda: False,
) -> SearchResult:
    """The best ``limit`` contacts for ``raw``; recent contacts when the query is empty.

    Raises Cancelled if ``cancelled()`` turns true between steps.
    """
    query = parse(raw)
    if query.problem:
        return SearchResult(raw, (), "invalid", error=query.problem)
    if query.empty:
        return recent(conn, limit)
    searcher = _Searcher(conn, query, limit, cancelled)
    candidates = searcher.run()
    if not candidates and (other := searcher.company_split()):
        searcher = _Searcher(conn, other, limit, cancelled)
        candidates = searcher.run()
    searcher.check()
    scorer = Scorer(searcher.query)
    docs = read_docs(conn, list(candidates))
    ranked = rank(scorer, candidates, docs, limit)
    searcher.check()
    strategy = searcher.strategy if candidates else "none"
    hits = read_hits(
        conn,
        ranked,
        lambda key, methods: scorer.matched(docs[key], methods) if key in docs else None,
    )
    read_as = searcher.query.unparse() if searcher.query is not query else ""
    return SearchResult(raw, hits, strategy, tuple(searcher.corrected), read_as=read_as)
