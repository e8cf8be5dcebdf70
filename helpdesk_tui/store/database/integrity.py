"""Finding overwritten pages: SQLite's own checks, run on a read-only connection.

A page overwritten by a disk, a copy or a stray program reads as fine until a query walks into
it, perhaps weeks later and after many saves on top. ``PRAGMA quick_check`` reads every page to
find it, which is too slow for every start (measured on a 2-core server: 0.3 s at 100k contacts,
4 s at 1M; ``integrity_check``, which also compares every index with its table, 1.6 s and 31 s):
the TUI runs it in the background once a day (``store.database.upkeep``), ``helpdesk-tui check`` on
demand. SQLite releases the GIL while it reads, so typing goes on meanwhile; the thread is also
made the last in line for the CPU (``low_priority``).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import TypeVar

from .connect import busy_timeout_ms
from .files import share_sidecars

T = TypeVar("T")

STEP = 100_000
"""SQLite virtual machine instructions between two looks at ``cancelled`` and the progress
callback (a few milliseconds of work)."""
SHOWN = 40
"""Problems kept of a damaged database's report: its first ones tell where the damage is."""
DAMAGE_CODES = {11, 26}
"""SQLITE_CORRUPT and SQLITE_NOTADB: the check could not even read its way through."""


@dataclass(frozen=True)
class Health:
    """What a check found: whether the database can be trusted, and SQLite's own words for
    where it is damaged (page numbers and tables, never rows), for whoever restores it."""

    ok: bool
    problems: tuple[str, ...]
    full: bool
    """Whether it was ``integrity_check`` (every index against its table) or ``quick_check``."""
    seconds: float


class Cancelled(Exception):
    """The check was stopped before it finished (the app closed): it says nothing either way."""


def check(
    path: str,
    full: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[float], None] | None = None,
) -> Health:
    """Read the whole database at ``path`` and say whether it is damaged.

    A read-only connection of its own: it never takes a write lock, so agents' saves go on
    meanwhile (WAL), and it checks the snapshot it started with. ``progress`` hears the seconds
    spent so far, every few milliseconds; ``cancelled`` stops it (``Cancelled``).
    """
    started = time.perf_counter()
    pragma = "integrity_check" if full else "quick_check"
    conn = sqlite3.connect(
        f"file:{path}?mode=ro", uri=True, timeout=busy_timeout_ms() / 1000, check_same_thread=False
    )
    share_sidecars(path)

    def step() -> int:
        if progress is not None:
            progress(time.perf_counter() - started)
        return 1 if cancelled() else 0

    conn.set_progress_handler(step, STEP)
    try:
        report = conn.execute(f"PRAGMA {pragma}({SHOWN})").fetchall()
        rows = [line for (row,) in report for line in str(row).splitlines()]
    except sqlite3.DatabaseError as error:
        if cancelled():
            raise Cancelled from None
        if getattr(error, "sqlite_errorcode", 0) & 0xFF not in DAMAGE_CODES:
            raise
        rows = [str(error)]
    finally:
        conn.close()
    ok = rows == ["ok"]
    return Health(ok, () if ok else tuple(rows), full, round(time.perf_counter() - started, 2))


def low_priority(work: Callable[[], T]) -> T:
    """Run ``work`` on a thread of its own that the OS runs only when nothing else wants the
    CPU (nice 19 on Linux, where a thread's niceness is its own), and wait for it.

    Its own thread, because the thread pool's threads also run searches: a niceness raised on
    one of them could not be lowered again by an ordinary account.
    """
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        with suppress(AttributeError, OSError):  # elsewhere it runs at the normal priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        try:
            outcome.append(work())
        except BaseException as error:  # handed back to the waiting caller
            failure.append(error)

    thread = threading.Thread(target=run, name="helpdesk-upkeep", daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]
