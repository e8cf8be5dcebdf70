"""Database locations and raw DB-API connections, without SQLAlchemy.

The search path (``helpdesk-tui search`` and the TUI's search worker) uses these plain driver
connections (sqlite3, or psycopg for PostgreSQL, each behind ``dbapi.Conn``) so that it never pays
SQLAlchemy's import or ORM costs. The SQLAlchemy engine in ``store.engine`` calls the same
``configure_sqlite`` on each SQLite connection, so both paths run with the same pragmas.
"""

from __future__ import annotations

import os
import sqlite3
import threading
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
    (existing) folder; see ``store.files.check_database``."""
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
    on a fresh one reads the index from disk again.
    """

    def __init__(self, url: str, opener=None) -> None:
        self.url = url
        self._open = opener or (lambda: connect(url))
        self._idle: list[Conn] = []
        self._lock = threading.Lock()

    @contextmanager
    def connection(self) -> Iterator[Conn]:
        """Borrow a connection; any transaction left open is rolled back on return."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._open()
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.rollback()
            with self._lock:
                self._idle.append(conn)

    def close(self) -> None:
        """Close the idle connections (borrowed ones close when their thread gives them back)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
