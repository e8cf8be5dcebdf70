"""The search words of a demo build (the FTS5 word index and the typo vocabulary), made in a file
of their own while the database builds its other indexes.

At the end of a build, SQLite has two long jobs that each keep one core busy and the other idle:
the secondary indexes of the database (a dozen seconds at a million contacts) and its search
words (the FTS5 index of ``search_doc`` and the ``search_term`` vocabulary, as long again). A
database file has one writer at a time, so the words are made in a second file beside it by a
thread of their own, from a copy of ``search_doc`` that the parts fill as they arrive; when both
are done, their tables are copied into the database as they are (a few hundred milliseconds).

Copying FTS5's tables (``search_fts_data``, ``_idx``, ``_docsize``, ``_config``) is sound because
nothing in them refers to the file they were made in, only to ``search_doc``'s rowids, which are
the same; the build's connection never opens ``search_fts`` before the copy, so it holds no stale
copy of the index's structure. The demo tests check the result with FTS5's integrity check.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from ..database.bulk import insert_rows
from ..database.dbapi import Conn
from ..search.index import deletions, rebuild_fts

SCHEMA = "words"
"""The name the side file is attached under on the build's connection."""
TABLES = ("search_doc", "search_fts", "search_term", "search_term_delete")
COPY_DOCS = f"INSERT INTO {SCHEMA}.search_doc SELECT * FROM part.search_doc"
"""What each part adds to the side file (the part is attached as ``part``)."""


class Words:
    """The side file of one build and the thread that fills it (``start`` … ``finish``)."""

    def __init__(self, conn: sqlite3.Connection, folder: Path) -> None:
        """Make the side file in the build's private ``folder`` with the database's own
        definitions of the search tables, and attach it to the build's connection ``conn``
        (outside any transaction)."""
        self.conn = conn
        self.path = folder / "words.db"
        marks = ",".join("?" * len(TABLES))
        definitions = [
            row[0]
            for row in conn.execute(
                f"SELECT sql FROM sqlite_master WHERE name IN ({marks}) ORDER BY name", TABLES
            )
        ]
        side = _connect(self.path)
        try:
            for sql in definitions:
                side.execute(sql)
        finally:
            side.close()
        conn.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(self.path),))
        conn.execute(f"PRAGMA {SCHEMA}.journal_mode = OFF")
        conn.execute(f"PRAGMA {SCHEMA}.synchronous = OFF")
        self.thread: threading.Thread | None = None
        self.worker: sqlite3.Connection | None = None
        self.error: BaseException | None = None

    def start(self, terms: dict[str, int]) -> None:
        """Make the vocabulary ``terms`` and the word index in a thread, on a connection of its
        own: SQLite lets other threads run while it works, so the build's connection can make
        the database's indexes meanwhile."""
        self.worker = _connect(self.path, check_same_thread=False)
        self.thread = threading.Thread(target=self._fill, args=(terms,), daemon=True)
        self.thread.start()

    def _fill(self, terms: dict[str, int]) -> None:
        assert self.worker is not None
        try:
            self.worker.execute("BEGIN")
            _write_vocabulary(self.worker, terms)
            rebuild_fts(Conn(self.worker))
            self.worker.execute("COMMIT")
        except BaseException as error:
            self.error = error

    def finish(self) -> None:
        """Wait for the thread, then copy what it made into the database, in the build's
        transaction (the database's copies of these tables are empty, or FTS5's initial rows)."""
        self._join()
        if self.error is not None:
            raise self.error
        shadows = [
            row[0]
            for row in self.conn.execute(
                f"SELECT name FROM {SCHEMA}.sqlite_master WHERE type = 'table' "
                "AND name LIKE 'search\\_fts\\_%' ESCAPE '\\' ORDER BY name"
            )
        ]
        for table in ("search_term", "search_term_delete", *shadows):
            self.conn.execute(f"DELETE FROM main.{table}")
            self.conn.execute(f"INSERT INTO main.{table} SELECT * FROM {SCHEMA}.{table}")

    def stop(self) -> None:
        """Stop the thread if it still runs (the build failed), and detach the side file once
        the build's transaction is over (a failed build's folder is thrown away with it)."""
        if self.worker is not None:
            self.worker.interrupt()
        self._join()
        if not self.conn.in_transaction:
            self.conn.execute(f"DETACH DATABASE {SCHEMA}")

    def _join(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.worker is not None:
            self.worker.close()
            self.worker = None


def _write_vocabulary(conn: sqlite3.Connection, terms: dict[str, int]) -> None:
    """The vocabulary and its deletions, into the side file's empty tables: as
    ``search.index.add_terms`` writes them, without looking up known words (there are none)
    or sorting the million deletions first (inserting them unsorted costs less than the sort)."""
    insert_rows(conn, "search_term", 2, terms.items())
    pairs = ((word, term) for term, edits in terms.items() for word in deletions(term, edits))
    insert_rows(conn, "search_term_delete", 2, pairs)


def _connect(path: Path, check_same_thread: bool = True) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=check_same_thread)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")
    return conn
