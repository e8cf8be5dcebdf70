"""Plain DB-API connections of either engine, spoken to in one SQL dialect.

The search path (``helpdesk-tui search``, the TUI's search worker) and the search index writers
talk to the driver directly: a keystroke cannot wait for SQLAlchemy's import or the ORM. Their SQL
is written once, with ``?`` placeholders and the portable subset both engines share (``INSERT
... ON CONFLICT DO NOTHING``, ``IN`` lists, ``count(*)``); a ``Conn`` adapts it to the driver
(psycopg's ``%s``) and says which engine it is for the few places that must differ (the word
index: FTS5 or a tsvector; ``LIKE`` or ``ILIKE``; byte-order comparisons for prefix ranges).
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterable, Sequence
from enum import StrEnum
from functools import lru_cache
from typing import Any, Protocol


class Dialect(StrEnum):
    """The engines the store runs on."""

    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"


class Cursor(Protocol):
    """What both drivers' cursors offer that the store uses."""

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Any: ...


class Conn:
    """A SQLite connection: SQL passes through as written."""

    dialect = Dialect.SQLITE
    like = "LIKE"
    """The case-insensitive LIKE (SQLite's LIKE already ignores ASCII case)."""
    bytewise = ""
    """Appended to a text column compared against a prefix range (``key >= ? AND key < ?``):
    SQLite compares bytes already; PostgreSQL needs ``COLLATE "C"`` (see ``PgConn``)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """Run one statement with ``?`` placeholders."""
        return self.raw.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement once per row."""
        self.raw.executemany(sql, rows)

    def fetch_each(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Any]]:
        """The rows of each of several independent statements, in order."""
        return [self.execute(sql, params).fetchall() for sql, params in statements]

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open (a pool rolls it back when the connection returns)."""
        return bool(self.raw.in_transaction)

    def commit(self) -> None:
        """Commit whatever is open (bulk loads and tests; the store's writes go through
        ``engine.Database.write``)."""
        self.raw.commit()

    def rollback(self) -> None:
        """Roll back whatever is open."""
        self.raw.rollback()

    def close(self) -> None:
        """Close the driver connection (quietly: it may be dead already)."""
        with contextlib.suppress(Exception):  # closing what is gone has nothing to report
            self.raw.close()

    def alive(self) -> bool:
        """Whether the connection still answers (a file connection always does)."""
        return True


_PLACEHOLDER = re.compile(r"\?")


@lru_cache(maxsize=512)
def to_pyformat(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled first). The store's SQL
    never holds a ``?`` inside a string literal, so a plain substitution is exact."""
    return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))


class PgConn(Conn):
    """A psycopg connection behind the same interface: placeholders translated, ``ILIKE`` for
    case-insensitive matching, and ``COLLATE "C"`` for prefix ranges, whose upper bound
    (``U+10FFFF``) only sorts above every character under byte order, not under a server's
    linguistic collation (en_US.UTF-8 sorts ``C-12`` and ``C12`` next to each other)."""

    dialect = Dialect.POSTGRESQL
    like = "ILIKE"
    bytewise = ' COLLATE "C"'

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self.raw.execute(to_pyformat(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.raw.cursor() as cursor:
            cursor.executemany(to_pyformat(sql), list(rows))

    def fetch_each(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Any]]:
        """As SQLite's, in one round trip to the server (libpq's pipeline mode) instead of one
        a statement: a search reads its hits with three, and on a busy server each round trip
        also waits for the server process to be scheduled."""
        with self.raw.pipeline():
            cursors = [self.execute(sql, params) for sql, params in statements]
        return [cursor.fetchall() for cursor in cursors]

    def alive(self) -> bool:
        """One round trip to the server; False when it restarted or ended this session."""
        import psycopg  # noqa: PLC0415 - PostgreSQL only

        if self.raw.closed or self.raw.broken:
            return False
        try:
            self.raw.execute("SELECT 1")
            self.raw.rollback()
        except psycopg.Error:
            return False
        return True

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus  # noqa: PLC0415 - PostgreSQL only

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Load rows with COPY, PostgreSQL's bulk path (an order of magnitude above INSERT)."""
        with self.raw.cursor() as cursor:
            names = ", ".join(columns)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)


def wrap(raw: Any) -> Conn:
    """The ``Conn`` for a driver connection of either engine."""
    if isinstance(raw, sqlite3.Connection):
        return Conn(raw)
    return PgConn(raw)


def libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as libpq takes it (``postgresql+psycopg://`` →
    ``postgresql://``)."""
    scheme, rest = url.split("://", 1)
    return "postgresql://" + rest if scheme.startswith("postgres") else url
