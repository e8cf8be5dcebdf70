"""Database locations and raw DB-API connections, without SQLAlchemy.

The search path (``helpdesk-tui search`` and the TUI's search worker) uses these plain driver
connections (sqlite3, or psycopg for PostgreSQL, each behind ``dbapi.Conn``) so that it never pays
SQLAlchemy's import or ORM costs. The SQLAlchemy engine in ``store.database.engine`` calls the same
``configure_sqlite`` on each SQLite connection, so both paths run with the same pragmas.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .dbapi import Conn, PgConn, libpq_url
from .files import check_database, share_sidecars

if TYPE_CHECKING:
    from pathlib import Path

BUSY_TIMEOUT_MS = 10_000
ENV_BUSY_TIMEOUT = "HELPDESK_TUI_BUSY_TIMEOUT"


def busy_timeout_ms() -> int:
    """How long a write waits for another agent's to finish before saying "busy": 10 s, or
    ``$HELPDESK_TUI_BUSY_TIMEOUT`` seconds (a script that would rather retry itself sets 0)."""
    try:
        return max(0, round(float(os.environ[ENV_BUSY_TIMEOUT]) * 1000))
    except (KeyError, ValueError):
        return BUSY_TIMEOUT_MS


def to_url(path_or_url: str) -> str:
    """Turn what a user passes to ``--db`` (a file path or a SQLAlchemy URL) into a URL."""
    if "://" in path_or_url:
        return path_or_url
    return "sqlite:///" + os.path.realpath(os.path.expanduser(path_or_url))


SQLITE_URL = "sqlite:///"
POSTGRES_URL = "postgresql+psycopg://"
SQLITE_SCHEMES = ("sqlite", "sqlite+pysqlite")
"""SQLAlchemy's spellings of SQLite through the standard library's driver (``sqlite+pysqlcipher``
is an encrypted file this driver cannot read)."""
POSTGRES_SCHEMES = ("postgresql", "postgres")
"""PostgreSQL, with or without a driver after a ``+``: the server is the same whichever
driver the URL names, and psycopg (a project dependency) is the one used."""


def canonical_url(path_or_url: str) -> str:
    """The one URL of the database ``--db`` or ``$HELPDESK_TUI_DB`` names, whatever the spelling.

    A path, ``sqlite:///PATH`` and ``sqlite+pysqlite:///PATH`` become ``sqlite:///`` and the
    file's real absolute path; ``postgresql://``, ``postgres://`` and ``postgresql+DRIVER://``
    become ``postgresql+psycopg://``. One spelling per database, so everything keyed by the URL
    (drafts, the upgrade's backup, messages) is the same however an agent typed it. Anything
    else is refused with what helpdesk-tui does open (``errors.UnsupportedEngine``).
    """
    from ..errors import UnsupportedEngine  # noqa: PLC0415 - only a refusal needs it

    scheme, separator, rest = path_or_url.partition("://")
    if not separator:
        return SQLITE_URL + os.path.realpath(os.path.expanduser(path_or_url))
    name = scheme.lower()
    if name.split("+", 1)[0] in POSTGRES_SCHEMES:
        return POSTGRES_URL + rest
    if name in SQLITE_SCHEMES:
        path, question, query = rest.removeprefix("/").partition("?")
        if not rest.startswith("/"):
            refusal = "a SQLite URL names a file after three slashes, sqlite:///PATH"
            if rest:
                raise UnsupportedEngine(f"{path_or_url} names a host: {refusal}")
        elif path and path != ":memory:":
            return SQLITE_URL + os.path.realpath(os.path.expanduser(path)) + question + query
        raise UnsupportedEngine(
            f"{path_or_url} is a database in memory, gone when helpdesk-tui exits: give a file "
            "(--db PATH)"
        )
    raise UnsupportedEngine(
        f"{scheme} is not supported: helpdesk-tui opens SQLite files (--db PATH) and PostgreSQL "
        "(--db postgresql://…)"
    )


def sqlite_path(url: str) -> str | None:
    """The file name behind a ``sqlite:///`` URL, as a string (no ``pathlib`` on the search
    path); None for other engines and in-memory databases."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    return None if not path or path == ":memory:" else path


def sqlite_file(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL; None for other engines and in-memory databases."""
    from pathlib import Path  # noqa: PLC0415 - the search path opens files by name alone

    path = sqlite_path(url)
    return None if path is None else Path(path)


def is_sqlite(url: str) -> bool:
    """Whether the URL names a SQLite database (file or memory)."""
    return url.startswith("sqlite:")


def prepare_file(path: str | os.PathLike[str]) -> None:
    """Check a database file before SQLite opens it, creating a missing one 0660 in its
    (existing) folder; see ``store.database.files.check_database``."""
    check_database(os.fspath(path), create=True)


def configure_sqlite(conn: sqlite3.Connection) -> None:
    """The pragmas of DESIGN.md §5, and pysqlite's own transaction handling off.

    With ``isolation_level = None`` pysqlite never opens transactions behind our back; the
    SQLAlchemy engine emits ``BEGIN`` / ``BEGIN IMMEDIATE`` itself.
    """
    conn.isolation_level = None
    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        conn.execute("PRAGMA journal_mode = WAL")


def connect(url: str) -> Conn:
    """A plain driver connection for reads on the search path (one per thread): sqlite3 for a
    SQLite file, psycopg for PostgreSQL."""
    if not is_sqlite(url):
        return PgConn(connect_postgres(url, read_only=True))
    return Conn(connect_sqlite(url))


def connect_postgres(url: str, read_only: bool = False):
    """A psycopg connection to the server of a ``postgresql://`` URL, with the busy timeout as
    its lock timeout. A read-only one reads one snapshot per transaction (REPEATABLE READ, as
    SQLite's reads do). A failure to connect says why in one sentence (``failures``)."""
    import psycopg  # noqa: PLC0415 - PostgreSQL only
    from psycopg.conninfo import conninfo_to_dict  # noqa: PLC0415

    from .failures import connect_failure, where  # noqa: PLC0415

    conninfo = libpq_url(url)
    try:
        conn = psycopg.connect(
            conninfo,
            connect_timeout=max(1, busy_timeout_ms() // 1000),
            options=f"-c lock_timeout={busy_timeout_ms()}",
        )
    except psycopg.OperationalError as error:
        raise connect_failure(conninfo_to_dict(conninfo), where(url)) from error
    if read_only:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
    return conn


def connect_sqlite(url: str) -> sqlite3.Connection:
    """A plain sqlite3 connection (one per thread)."""
    path = sqlite_path(url)
    if path is None:
        raise ValueError(f"raw connections need a SQLite file URL, not {url!r}")
    prepare_file(path)
    conn = sqlite3.connect(path, timeout=busy_timeout_ms() / 1000, check_same_thread=False)
    try:
        configure_sqlite(conn)
    except BaseException:
        conn.close()
        raise
    share_sidecars(path)
    return conn


class RawPool:
    """Plain driver connections for the search path, lent to one thread at a time.

    Pooled rather than opened per search: each connection keeps its own page cache, and a search
    on a fresh one reads the index from disk again. A PostgreSQL connection idle for more than
    ``PING_AFTER`` seconds is checked before it is lent (the server may have restarted or ended
    it meanwhile), so the first search after a restart reconnects instead of failing; keystrokes
    of one search, a few hundred milliseconds apart, never pay for the check.
    """

    PING_AFTER = 5.0

    def __init__(self, url: str, opener=None) -> None:
        self.url = url
        self._open = opener or (lambda: connect(url))
        self._idle: list[tuple[Conn, float]] = []
        self._lock = threading.Lock()

    def _borrow(self) -> Conn:
        while True:
            with self._lock:
                conn, since = self._idle.pop() if self._idle else (None, 0.0)
            if conn is None:
                return self._open()
            if time.monotonic() - since < self.PING_AFTER or conn.alive():
                return conn
            conn.close()

    @contextmanager
    def connection(self) -> Iterator[Conn]:
        """Borrow a connection; any transaction left open is rolled back on return, and one
        that can no longer roll back (its server went away) is closed instead of kept."""
        conn = self._borrow()
        try:
            yield conn
        finally:
            try:
                if conn.in_transaction:
                    conn.rollback()
            except Exception:  # a dead connection: the caller's own error stands
                conn.close()
            else:
                with self._lock:
                    self._idle.append((conn, time.monotonic()))

    def close(self) -> None:
        """Close the idle connections (borrowed ones close when their thread gives them back)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn, _ in idle:
            conn.close()
