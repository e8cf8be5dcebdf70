"""Store search latency per query class, and search quality on the misspelt classes.

Both come from one timed pass over the same queries, through the same function the app's search
worker calls, on a plain driver connection (sqlite3; psycopg for PostgreSQL's figures,
``bench.postgres_store``). The database file is read once and a warm-up pass
runs other queries (another seed) first: the page cache then holds the database, as on a server
that has been answering all day, without the timed queries answered in advance. (The reference
machine's kernel reclaims idle page cache: without the read, the 1M figures after the 100k run
came out two to four times slower, from disk.)
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ..store.database.connect import connect
from ..store.search.hits import SearchHit
from ..store.search.searcher import search
from .datasets import Dataset
from .plan import Plan
from .queries import CLASSES, MISSPELT, BenchQuery, build

LIMIT = 50


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile: with 40 queries, p95 is the third slowest."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def rank_of(query: BenchQuery, hits: Sequence[SearchHit]) -> int | None:
    """Where the intended contact is in ``hits`` (0 is first); None when it is missing.

    For a misspelt name, a namesake counts as the contact: the demo data, like any helpdesk,
    holds several "Anna Seidel"s, and nothing in a name tells them apart. An email is one
    person's, so a misspelt email must find that very contact.
    """
    for rank, hit in enumerate(hits):
        if hit.contact_id == query.contact_id:
            return rank
        if query.kind == "misspelt_name" and hit.name == query.name:
            return rank
    return None


def read_through(path: Path) -> None:
    """Read a file once, so its pages are in the page cache."""
    with path.open("rb") as file:
        while file.read(1 << 20):
            pass


def measure(
    data: Dataset,
    queries: Sequence[BenchQuery],
    plan: Plan,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Latency p50/p95/max per class, and first / top-5 rates of the intended contact."""
    read_through(data.path)
    return timed(data.url, data, queries, plan, progress)


def timed(
    url: str,
    data: Dataset,
    queries: Sequence[BenchQuery],
    plan: Plan,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """``measure`` on the database at ``url`` holding ``data``'s rows (SQLite's file, or the
    same rows on PostgreSQL), its pages already read; warmed up with queries drawn from
    ``data``."""
    conn = connect(url)
    try:
        with data.connect() as drawing:
            warm_up = build(drawing, per_class=max(1, plan.per_class // 4), seed=7)
        for query in warm_up:
            search(conn, query.text, LIMIT)
        if progress:
            progress(f"timing {len(queries)} store searches")
        timings: dict[str, list[float]] = {kind: [] for kind in CLASSES}
        ranks: dict[str, list[int | None]] = {kind: [] for kind in MISSPELT}
        for query in queries:
            started = time.perf_counter()
            result = search(conn, query.text, LIMIT)
            timings[query.kind].append(time.perf_counter() - started)
            if query.kind in ranks:
                ranks[query.kind].append(rank_of(query, result.hits))
    finally:
        conn.close()
    latency = {
        kind: {
            "p50_ms": round(statistics.median(values) * 1000, 2),
            "p95_ms": round(percentile(values, 0.95) * 1000, 2),
            "max_ms": round(max(values) * 1000, 2),
            "queries": len(values),
        }
        for kind, values in timings.items()
        if values
    }
    every = [rank for kind in MISSPELT for rank in ranks[kind]]
    quality = {kind: _rates(found) for kind, found in ranks.items() if found} | {
        "misspelt": _rates(every)
    }
    return {"latency": latency, "quality": quality}


def _rates(ranks: Sequence[int | None]) -> dict[str, float | int]:
    return {
        "first": round(sum(rank == 0 for rank in ranks) / len(ranks), 4),
        "top5": round(sum(rank is not None and rank < 5 for rank in ranks) / len(ranks), 4),
        "queries": len(ranks),
    }
