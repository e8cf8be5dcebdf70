"""PostgreSQL beside SQLite: the same rows loaded by the demo's COPY loader, and the same searches.

The bench starts its own throwaway server (``bench.postgres``, with ``BENCH``'s settings) when
PostgreSQL is installed, and at each size loads the dataset's seed into a new database with
``store.demo.generate.generate``, timed: that is the demo load figure (seconds, contacts a second).
The store searches are then timed and judged exactly as on SQLite (``store_latency.timed``), on the
queries drawn from SQLite's copy of the same rows, after the database's files have been read
once, as SQLite's file is; then the ticket figures, and the merge of a contact with 10,000
tickets and its undo.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress

from ..store.database.dbapi import libpq_url
from ..store.demo.generate import generate
from . import merge, store_latency, tickets
from .datasets import ANCHOR, Dataset
from .plan import Plan
from .postgres import BENCH, Server, find_bindir, start
from .queries import BenchQuery

SEARCHED = ("search_doc", "contact", "company", "identity")
"""The tables whose rows a search reads (the others it reads through their indexes alone)."""
MISSING = (
    "PostgreSQL is not installed (no initdb in pg_config --bindir, /usr/lib/postgresql or "
    "PATH); `make bench` installs it from Debian's packages"
)


@contextmanager
def server() -> Iterator[Server | None]:
    """The run's server, stopped when the run ends; None when PostgreSQL is not installed."""
    bindir = find_bindir()
    if bindir is None:
        yield None
        return
    running = start(bindir, BENCH)
    try:
        yield running
    finally:
        running.stop()


def measure(
    pg: Server | None,
    data: Dataset,
    queries: Sequence[BenchQuery],
    plan: Plan,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Load ``data``'s rows into a new database (timed), then time and judge the store searches
    on it; the database is dropped afterwards."""
    if pg is None:
        raise RuntimeError(MISSING)
    name = f"bench_{data.size}"
    with pg.admin() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
        version = admin.execute("SHOW server_version").fetchone()[0]
    url = pg.url(name)
    try:
        if progress:
            progress(f"loading {data.size:,} contacts with COPY")
        started = time.perf_counter()
        summary = generate(url, contacts=data.size, seed=data.seed, now=ANCHOR)
        seconds = time.perf_counter() - started
        if summary.contacts != data.size:
            raise RuntimeError(f"loaded {summary.contacts} contacts, not {data.size}")
        _read_through(pg, name)
        found = store_latency.timed(url, data, queries, plan, progress)
        subjects = tickets.add_to_postgres(libpq_url(url))
        found["tickets"] = tickets.measure_at(url, subjects, plan, progress)
        if progress:
            progress(f"merging a contact with {merge.TICKETS:,} tickets, and undoing")
        found["merge"] = merge.measure_at(url)
    finally:
        with pg.admin() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    load = {"seconds": round(seconds, 1), "contacts_per_s": round(data.size / seconds)}
    return {"server_version": version, "load": load, **found}


def _read_through(pg: Server, name: str) -> None:
    """Read the database's files once, so their pages are in the page cache (as SQLite's file
    is before its searches are timed; ``store_latency.read_through``), and load what searches
    read into PostgreSQL's shared buffers (``pg_prewarm``), as on a server that has been
    answering all day: every index, and the tables a search reads rows of (``SEARCHED``)."""
    import psycopg  # noqa: PLC0415 - PostgreSQL only

    with psycopg.connect(libpq_url(pg.url(name)), autocommit=True) as conn:
        paths = [
            row[0]
            for row in conn.execute(
                "SELECT pg_relation_filepath(oid) FROM pg_class "
                "WHERE relkind IN ('r', 'i', 't') AND pg_relation_filepath(oid) IS NOT NULL"
            )
        ]
        for relative in paths:  # a relation's file is split every gigabyte: NAME, NAME.1, …
            first = pg.data / relative
            for path in (first, *sorted(first.parent.glob(f"{first.name}.*"))):
                with suppress(OSError):  # a file the server's account keeps to itself
                    store_latency.read_through(path)
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        conn.execute(
            "SELECT pg_prewarm(c.oid) FROM pg_class c "
            "WHERE c.relnamespace = 'public'::regnamespace "
            "AND (c.relkind = 'i' OR c.relname = ANY(%s))",
            (list(SEARCHED),),
        )
