"""Possible duplicates at scale (issue 10): the likely duplicate pairs of the whole dataset
computed through the store, as the duplicates view and ``helpdesk-tui duplicates`` compute
them, timed; with the comparisons blocking made (what an all-pairs scan would make is n²/2).

Read-only: runs on the cached dataset itself (nothing is dismissed).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from ..store.database.engine import Database
from ..store.duplicates.operations import find_duplicates
from .datasets import Dataset
from .plan import Plan

LIMIT = 200
"""Pairs named, as the duplicates view lists them."""


def measure_at(url: str, runs: int) -> dict:
    """Seconds to compute the pairs (median of ``runs``), and what it found and compared."""
    db = Database(url, author="bench-duplicates", region="GB")
    try:
        seconds = []
        for _ in range(max(1, runs)):
            started = time.perf_counter()
            found = find_duplicates(db, LIMIT)
            seconds.append(time.perf_counter() - started)
    finally:
        db.dispose()
    return {
        "median_s": round(statistics.median(seconds), 3),
        "seconds": [round(s, 3) for s in seconds],
        "pairs": found.found,
        "comparisons": found.counts.comparisons,
        "blocks": found.counts.blocks,
        "capped_blocks": found.counts.capped,
        "common_stems": found.counts.common,
    }


def measure(
    data: Dataset,
    queries: object,
    plan: Plan,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """The duplicates figures on the SQLite dataset."""
    if progress:
        progress(f"computing the likely duplicate pairs, {plan.duplicate_runs} times")
    return measure_at(data.url, plan.duplicate_runs)
