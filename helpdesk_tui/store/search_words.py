"""The word index a search asks, on each engine: FTS5 on SQLite, a GIN-indexed tsvector on
PostgreSQL (``search_index`` writes both).

A search builds its word conditions from the same parts on either engine (a word, whole or as a
prefix; alternatives; every group; a column), so the two answer the same question: which contacts
have these words, newest first. Only the expression syntax and the table differ, and they stay
in this module. Words reach an expression already folded and split by ``folding.words``, so they
hold letters and digits only; each is quoted all the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .dbapi import Conn, Dialect
from .search_index import WEIGHTS


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

    def count(self, expression: str, cap: int) -> int:
        """How many contacts match, counting no further than ``cap``."""
        row = self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT ?)",
            (expression, cap),
        ).fetchone()
        return int(row[0])

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
        quoted = word.replace("\\", "\\\\").replace("'", "''")
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
        rows = self.conn.execute(
            f"SELECT contact_id FROM search_doc WHERE terms @@ ?::tsquery{scope} "
            f"ORDER BY contact_id DESC LIMIT ?",
            (expression, *params, limit),
        )
        return [row[0] for row in rows]

    def count(self, expression: str, cap: int) -> int:
        row = self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_doc WHERE terms @@ ?::tsquery LIMIT ?) "
            "AS probe",
            (expression, cap),
        ).fetchone()
        return int(row[0])

    def exists(self, expression: str) -> bool:
        return (
            self.conn.execute(
                "SELECT 1 FROM search_doc WHERE terms @@ ?::tsquery LIMIT 1", (expression,)
            ).fetchone()
            is not None
        )


def word_index(conn: Conn) -> WordIndex:
    """The word index of ``conn``'s engine."""
    return TsWordIndex(conn) if conn.dialect is Dialect.POSTGRESQL else WordIndex(conn)
