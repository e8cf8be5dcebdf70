"""The word index a search asks, on each engine: FTS5 on SQLite, a GIN-indexed tsvector on
PostgreSQL (``search_index`` writes both).

A search builds its word conditions from the same parts on either engine (a word, whole or as a
prefix; alternatives; every group; a column), so the two answer the same question: which contacts
have these words, newest first. Only the expression syntax and the table differ, and they stay
in this module. Words reach an expression already folded and split by ``folding.words``, so they
hold letters and digits only; each is quoted all the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..database.dbapi import Conn, Cursor, Dialect, to_pyformat
from .index import STARTS, WEIGHTS, start_lexeme

SURE = 4
"""How far above a count's cap the planner's estimate must be to stand for the count."""
WINDOW = 1000
"""Contacts a search reads newest first before it asks the GIN index (``TsWordIndex.find``)."""
NEWEST = 2**31 - 1
"""Above every contact id (an ``integer``)."""
DENSE = 10
"""Matches among the ``WINDOW`` newest contacts (1%) that make reading on newest first cheaper
than the GIN index, whose lists of so common words cost more to intersect than the rows."""


class WordIndex:
    """FTS5 (SQLite): ``"word"*`` prefixes, ``AND``/``OR``, ``{column} : (…)`` filters."""

    id_column = "search_fts.rowid"
    """The contact id of a matching row, for conditions added around a lookup (``kind:``)."""

    def __init__(self, conn: Conn) -> None:
        self.conn = conn

    def word(self, word: str, prefix: bool) -> str:
        """One word, whole or as the start of longer ones."""
        quoted = word.replace('"', '""')
        return f'"{quoted}"*' if prefix else f'"{quoted}"'

    def all(self, groups: Iterable[Iterable[str]], column: str | None = None) -> str:
        """Every group must match, any alternative within a group; in ``column`` if given."""
        expr = " AND ".join("(" + " OR ".join(alts) + ")" for alts in groups)
        return f"{{{column}}} : ({expr})" if column else expr

    def both(self, *parts: str) -> str:
        """Every non-empty part."""
        return " AND ".join(p for p in parts if p)

    def either(self, parts: Sequence[str]) -> str:
        """Any of the parts."""
        return "(" + " OR ".join(f"({p})" for p in parts) + ")"

    def find(self, expression: str, scope: str, params: Sequence[str], limit: int) -> list[int]:
        """The newest ``limit`` contacts matching, kept to ``scope`` (SQL on ``id_column``)."""
        rows = self.conn.execute(
            f"SELECT rowid FROM search_fts WHERE search_fts MATCH ?{scope} "
            f"ORDER BY rowid DESC LIMIT ?",
            (expression, *params, limit),
        )
        return [row[0] for row in rows]

    def counts(self, expressions: Sequence[str], cap: int) -> list[int]:
        """How many contacts match each expression, counting no further than ``cap``."""
        return [
            int(
                self.conn.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? "
                    "LIMIT ?)",
                    (expression, cap),
                ).fetchone()[0]
            )
            for expression in expressions
        ]

    def exists(self, expression: str) -> bool:
        """Whether any contact matches."""
        return (
            self.conn.execute(
                "SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1", (expression,)
            ).fetchone()
            is not None
        )


class TsWordIndex(WordIndex):
    """A tsvector (PostgreSQL): ``'word':*`` prefixes, ``&``/``|``, a column as the weight its
    words carry (``'acme':*B`` is "acme… in the company")."""

    id_column = "search_doc.contact_id"

    def word(self, word: str, prefix: bool) -> str:
        """As FTS5's; a short prefix is the lexeme of its words' starts (``start_lexeme``)."""
        quoted = word.replace("\\", "\\\\").replace("'", "''")
        if prefix and len(word) in STARTS:
            return f"'{start_lexeme(quoted)}'"
        return f"'{quoted}':*" if prefix else f"'{quoted}'"

    def all(self, groups: Iterable[Iterable[str]], column: str | None = None) -> str:
        def weighed(token: str) -> str:
            if column is None:
                return token
            return token + WEIGHTS[column] if token.endswith(":*") else f"{token}:{WEIGHTS[column]}"

        return " & ".join("(" + " | ".join(weighed(alt) for alt in alts) + ")" for alts in groups)

    def both(self, *parts: str) -> str:
        return " & ".join(f"({p})" for p in parts if p)

    def either(self, parts: Sequence[str]) -> str:
        return "(" + " | ".join(f"({p})" for p in parts) + ")"

    def find(self, expression: str, scope: str, params: Sequence[str], limit: int) -> list[int]:
        """As FTS5's: the newest ``limit`` contacts matching.

        FTS5 reads its lists newest first and stops at ``limit``; GIN cannot: it collects every
        match, then the table is read at each (52 ms for the 12,000 contacts at laposte.net, of
        a million). So the newest ``WINDOW`` contacts are read first, and on newest first while
        matches are common there (``DENSE``). What is still lacking comes from the GIN index,
        with the table read first only in a span of the newest contact ids that should hold
        twice the matches still wanted at the rate seen (a BRIN index on ``contact_id + 0``,
        migration 0006, tells which pages hold the span: 7.6 → 1.8 ms for "alice", in 3,600
        contacts of a million), then, should it not, below it; each asks GIN for every match
        again, so there is no third, and a span over half the contacts is all of them. A
        window without a match means few matches anywhere, all read at once.

        The planner cannot make this choice itself: it multiplies the frequencies of words that
        go together ("laposte" and "net": 750 contacts expected) and guesses at words it has
        no statistics for, and it walked the whole table newest first for a list of rare typo
        corrections (400 ms).
        """
        match, matched = _gin_match(expression)
        found = self._newest(expression, scope, params, limit, WINDOW, NEWEST)
        if DENSE <= len(found) < limit:
            rows = 2 * WINDOW * (limit - len(found)) // len(found)
            found += self._newest(expression, scope, params, limit - len(found), rows, found[-1])
        below = found[-1] if found else NEWEST
        span = 2 * WINDOW * (limit - len(found)) // len(found) if found else below
        spans = [span, below] if 2 * span < below else [below]
        for span in spans:
            if len(found) >= limit or below <= 0:
                break
            lowest = max(below - span, 0)
            # A span down to the oldest contact holds most of the table: the BRIN index would
            # mark nearly every page, and building that bitmap cost more than reading the GIN
            # matches outside the span (2 of 3.6 ms for "datum security" below 90% of the ids).
            bounds = "contact_id + 0 < ? AND contact_id + 0 >= ?" if lowest else "contact_id < ?"
            indexed = self._planned(
                f"SELECT contact_id FROM search_doc WHERE {match}{scope} "
                f"AND {bounds} ORDER BY contact_id + 0 DESC LIMIT ?",
                (*matched, *params, below, *([lowest] if lowest else []), limit - len(found)),
            )
            found += [row[0] for row in indexed]
            below = lowest
        return found

    def _newest(
        self, expression: str, scope: str, params: Sequence[str], limit: int, rows: int, below: int
    ) -> list[int]:
        """The first ``limit`` matches among the ``rows`` newest contacts below ``below``. Fewer
        means there are none among those rows below the last one found."""
        found = self.conn.execute(
            "SELECT contact_id FROM (SELECT contact_id, terms FROM search_doc "
            "WHERE contact_id < ? ORDER BY contact_id DESC LIMIT ?) AS search_doc "
            f"WHERE terms @@ ?::tsquery{scope} ORDER BY contact_id DESC LIMIT ?",
            (below, rows, expression, *params, limit),
        )
        return [row[0] for row in found]

    def counts(self, expressions: Sequence[str], cap: int) -> list[int]:
        """As FTS5's, but a word the planner expects in ``SURE`` times ``cap`` contacts counts as
        ``cap`` without being counted: GIN answers a probe by first collecting every match, so
        stopping at ``cap`` saves nothing (20 ms for a word in 2% of a million contacts, 1 ms to
        plan). The estimate comes from ANALYZE's sample of the column's most common words,
        which does not overstate a word fourfold; a word it does not know is counted. The
        estimates go to the server together (libpq's pipeline mode), then the probes: two round
        trips for the three words of "Trey Motors SAS" instead of three to six."""
        with self.conn.raw.pipeline():
            plans = [
                self._planned(
                    "EXPLAIN (FORMAT JSON) SELECT 1 FROM search_doc WHERE terms @@ ?::tsquery",
                    (expression,),
                )
                for expression in expressions
            ]
        sure = [plan.fetchone()[0][0]["Plan"]["Plan Rows"] >= SURE * cap for plan in plans]
        with self.conn.raw.pipeline():
            probes = [
                self._planned(
                    "SELECT count(*) FROM (SELECT 1 FROM search_doc WHERE terms @@ ?::tsquery "
                    "LIMIT ?) AS probe",
                    (expression, cap),
                )
                for expression, known in zip(expressions, sure, strict=True)
                if not known
            ]
        counted = iter([int(probe.fetchone()[0]) for probe in probes])
        return [cap if known else next(counted) for known in sure]

    def exists(self, expression: str) -> bool:
        return (
            self._planned(
                "SELECT 1 FROM search_doc WHERE terms @@ ?::tsquery LIMIT 1", (expression,)
            ).fetchone()
            is not None
        )

    def _planned(self, sql: str, params: Sequence[object]) -> Cursor:
        """Run a statement planned for its values, never prepared: the search runs the same
        SQL for words in half the contacts and words in twenty, and the generic plan a
        prepared statement settles on after five runs cannot tell them apart (it read the
        whole GIN posting list of "com" to count 500 contacts: 40 ms instead of 0.6 at a
        million). The other statements of a search keep one plan whatever their values."""
        return self.conn.raw.execute(to_pyformat(sql), params, prepare=False)


def _gin_match(expression: str) -> tuple[str, tuple[str, ...]]:
    """The condition that asks GIN for ``expression``'s matches, and its parameters.

    GIN answers a prefix of four letters or more (``'textiles':*``) by first collecting every
    contact of every word that starts so, before it intersects anything (8 ms for the 31,000
    at a textiles company, where "aberg textiles" is 41 contacts). When the expression ANDs a
    whole word at its top, GIN is asked instead for the words' starts (``start_lexeme``: every
    word of three letters or more has its own, so each prefix implies one), a list it skips
    through, and the table rows found are checked against the expression itself (1 ms).
    Without a whole word to intersect with, the starts would match far more rows than the
    prefixes, and GIN is asked for the expression as it is.
    """
    groups = _conjuncts(expression)
    if not any(_WHOLE.fullmatch(group) for group in groups) or not _PREFIX.search(expression):
        return "terms @@ ?::tsquery", (expression,)
    starts = _PREFIX.sub(lambda m: f"'{start_lexeme(m.group(1)[: STARTS[-1]])}'", expression)
    return "terms @@ ?::tsquery AND ts_match_vq(terms, ?::tsquery)", (starts, expression)


def _conjuncts(expression: str) -> list[str]:
    """The parts ``expression`` ANDs at its top level, without the parentheses around them.
    Words hold letters and digits only, so every parenthesis and ``&`` is an operator's."""
    while _enclosed(expression):
        expression = expression[1:-1].strip()
    parts, depth, start = [], 0, 0
    for at, char in enumerate(expression):
        depth += (char == "(") - (char == ")")
        if char == "&" and depth == 0:
            parts.append(expression[start:at].strip())
            start = at + 1
    return [*parts, expression[start:].strip()]


def _enclosed(expression: str) -> bool:
    """Whether one pair of parentheses holds all of ``expression``."""
    depth = 0
    for at, char in enumerate(expression):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return at == len(expression) - 1 and at > 0
    return False


_PREFIX = re.compile(rf"'([^'_][^']{{{STARTS[-1]},}})':\*[A-D]*")
"""A prefix longer than the starts the index holds, with the column weights it may carry."""
_WHOLE = re.compile(r"\(*'[^'_][^']*'(?::[A-D]+)?\)*")
"""One whole word (in a column, perhaps), in parentheses or not."""


def word_index(conn: Conn) -> WordIndex:
    """The word index of ``conn``'s engine."""
    return TsWordIndex(conn) if conn.dialect is Dialect.POSTGRESQL else WordIndex(conn)
