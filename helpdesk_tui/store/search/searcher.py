"""Search as you type over names, identities, company, reference and PIN, on either engine.

Plain driver connections on purpose (``dbapi.Conn``): ``helpdesk-tui search`` and the TUI's worker
answer a keystroke without importing SQLAlchemy or loading ORM rows. The parser, the steps below
and the ranking are the same on both engines; only the word index differs (``search_words``:
FTS5 or a tsvector), so the same data and query find the same candidates and rank them alike.

Each part of a query is a *source* of candidates, and the sources intersect
(``company:acme 4567`` means both):

- words: word-index lookups in tiers, each tried only while fewer than ``limit`` contacts are
  found: every word whole, then the last word as a prefix (still being typed), then every word as a
  prefix. Unless every word was found whole or the prefixes fill the page, typo corrections
  from the SymSpell vocabulary top it up: every word or one of its corrections, and when the
  words found nobody at all, any of them;
- keys (``search_keys``): phone numbers by their last digits or national start, PINs and
  references, for digits, the ``ref:``, ``pin:`` and ``phone:`` filters and reference-shaped
  words (``C-10000042``).

The agent's teams (``agents.scope``), ``kind:``, ``has:`` and ``is:`` are no sources but
conditions on every source's SQL (``KeySources.kind_scope``; none at all when the teams limit
nothing): contacts of the companies the teams may access, with a contact method of that kind,
with open tickets (``ticket_filters``), deactivated or deleted; alone, ``kind:`` and ``is:``
list the newest such contacts, and ``has:`` those whose open tickets changed last, in that
order. Deactivated and deleted contacts are hidden unless ``is:`` asks for them
(``rows.read_hits``, which reads their rows anyway). A ``company:`` of several words that finds
nobody is read again with only its leading words that name a company as the company.

Exact references and PINs carry their score; the ranking (``store.search.ranking``, shared by every
engine) scores each candidate from its folded row, and only a bounded number of candidates is
ever scored or read in full. A caller passes ``cancelled`` to stop between steps when a newer
keystroke has superseded the search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..agents.scope import EVERYTHING, Scope
from ..database.dbapi import Conn
from .folding import words
from .hits import SearchResult
from .index import deletions, leading_letters, max_edits
from .keys import KeySources, Source
from .query import Query, parse
from .ranking import Scorer, best, rank
from .rows import read_docs, read_hits, recent
from .words import word_index

TYPO_CANDIDATES = 300
PROBE = 500
LONG_WORD = 8
CORRECTIONS = 12


class Cancelled(Exception):
    """Raised between steps when the caller's ``cancelled()`` turned true."""


class _Searcher:
    """One search on one connection: a source per part of the query, then their intersection."""

    def __init__(
        self,
        conn: Conn,
        query: Query,
        limit: int,
        cancelled: Callable[[], bool],
        visible: Scope = EVERYTHING,
    ) -> None:
        self.conn = conn
        self.query = query
        self.limit = limit
        self.cancelled = cancelled
        self.corrected: list[str] = []
        self.strategy = "exact"
        self.listed = False
        """Whether the candidates came in the order to show them (``has:`` alone)."""
        self.keys = KeySources(conn, query.kind, limit, query.has, query.lifecycle, visible)
        self.words = word_index(conn)

    def check(self) -> None:
        if self.cancelled():
            raise Cancelled

    def fts(self, expression: str, limit: int) -> list[int]:
        scope, kind = self.keys.scope(self.words.id_column)
        return self.words.find(expression, scope, kind, limit)

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
            named = held and self.words.exists(
                self.words.all([[self.words.word(w, True)] for w in held], "company")
            )
            self.check()
            if named:
                return query.split_company(keep) if keep < len(parts) else None
        return None

    def run(self) -> dict[int, float | None]:
        """The candidates every part of the query agrees on."""
        sources = [source for source in self.sources() if source is not None]
        self.check()
        if not sources and self.keys.has:
            sources, self.listed = [self.keys.has_source()], True
        elif not sources and self.keys.lifecycle:
            sources = [self.keys.lifecycle_source()]
        elif not sources and self.keys.kind:
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
        index = self.words
        fixed = index.both(
            *(index.all([[index.word(w, True)] for w in ws], column) for column, ws in columns)
        )
        if any(len(w) > 2 for w in typed):
            typed = [w for w in typed if len(w) > 1]
        chosen = self.selective(typed)
        every = set(range(len(typed)))

        def matching(whole: int, indexes: set[int]) -> list[int]:
            """Contacts with the words at ``indexes``; those from ``whole`` on as prefixes."""
            parts = [index.word(w, i >= whole) for i, w in enumerate(typed) if i in indexes]
            return self.fts(index.both(*parts, fixed), self.limit)

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
        found = self.words.counts(
            [self.words.word(word, index == len(typed) - 1) for index, word in enumerate(typed)],
            PROBE,
        )
        counts = sorted((count, index) for index, count in enumerate(found))
        return {index for count, index in counts if count < PROBE} | {i for _, i in counts[:2]}

    def typo_source(self, typed: list[str], fixed: str, settled: int | None = None) -> Source:
        """Every word or one of its corrections; failing that, any of them.

        When topping up a page (``settled`` is not None), its first ``settled`` words stay as
        typed, and "any of them" is left out: the page already has contacts with every word.
        """
        words_ = self.words
        alternatives = [
            [words_.word(word, False)]
            if index < (settled or 0)
            else [words_.word(word, True), *self.fixes(word, index == len(typed) - 1)]
            for index, word in enumerate(typed)
        ]
        self.check()
        if not self.corrected:
            self.strategy = "none"
            return {}
        self.strategy = "typo"
        found = self.fts(words_.both(words_.all(alternatives), fixed), TYPO_CANDIDATES)
        if not found and settled is None:
            self.check()
            self.strategy = "typo-any"
            anyone = words_.either([words_.all([alts]) for alts in alternatives])
            found = self.fts(words_.both(anyone, fixed), TYPO_CANDIDATES)
        if not found:
            self.strategy = "none"
        return dict.fromkeys(found)

    def fixes(self, word: str, last: bool) -> list[str]:
        """FTS5 alternatives for a word's corrections (noted in ``corrected``); the letters
        before a word's digits are corrected on their own ("ala2003" → "alba2003")."""
        if word.isalpha() and len(word) >= 3:
            found = self.corrections(word)
            self.corrected += found
            return [self.words.word(fix, last) for fix in found]
        if len(letters := leading_letters(word)) >= 3:
            found = self.corrections(letters)
            self.corrected += found
            return [self.words.word(fix + word[len(letters) :], True) for fix in found]
        return []

    def corrections(self, word: str) -> list[str]:
        """Vocabulary words within one or two edits of ``word``, closest first.

        ``word`` may be the start of a longer word ("fetherston" for "featherstonehaugh"), so a
        term also counts when its beginning is that close; a term much shorter than the word
        ("sti" for "smtih") does not, unless the word is long enough to hold two slips
        ("steeephens" for "stephens").
        """
        from rapidfuzz.distance import OSA  # noqa: PLC0415 - loaded as late as ``Scorer`` loads it

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
    conn: Conn,
    raw: str,
    limit: int = 50,
    cancelled: Callable[[], bool] = lambda: False,
    scope: Scope = EVERYTHING,
) -> SearchResult:
    """The best ``limit`` contacts for ``raw`` that ``scope`` lets the agent see; recent
    contacts when the query is empty.

    Raises Cancelled if ``cancelled()`` turns true between steps.
    """
    query = parse(raw)
    if query.problem:
        return SearchResult(raw, (), "invalid", error=query.problem)
    if query.empty:
        return recent(conn, limit, scope.contacts("contact.id"))
    searcher = _Searcher(conn, query, limit, cancelled, scope)
    candidates = searcher.run()
    if not candidates and (other := searcher.company_split()):
        searcher = _Searcher(conn, other, limit, cancelled, scope)
        candidates = searcher.run()
    searcher.check()
    scorer = Scorer(searcher.query)
    docs = read_docs(conn, list(candidates))
    ranked = rank(scorer, candidates, docs, limit)
    if searcher.listed:  # has: alone: by when the tickets changed, as listed, not by score
        order = {key: at for at, key in enumerate(candidates)}
        ranked.sort(key=lambda pair: order[pair[0]])
    searcher.check()
    strategy = searcher.strategy if candidates else "none"
    hits = read_hits(
        conn,
        ranked,
        lambda key, methods: scorer.matched(docs[key], methods) if key in docs else None,
        query.lifecycle,
    )
    read_as = searcher.query.unparse() if searcher.query is not query else ""
    return SearchResult(raw, hits, strategy, tuple(searcher.corrected), read_as=read_as)
