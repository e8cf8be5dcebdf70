"""How much a benchmark run measures: the full run by default, a quick one for the smoke test."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """Counts and pacing for one run; every measuring module reads the part it needs."""

    per_class: int = 40
    """Queries per class for store latency and search quality."""
    side_per_class: int = 5
    """Queries per class timed as whole processes against fzf and abook."""
    typed_per_class: int = 4
    """Queries per class typed into the real app, one key at a time and as a burst."""
    key_interval: float = 0.080
    """Seconds between keys when typing at an agent's pace."""
    rss_searches: int = 50
    """Searches typed into the real app before its peak RSS is read."""
    cold_starts: int = 3
    """Starts of the real app timed to first paint and first results (the median is the
    figure: one start alone swung by 0.15 s on this VM, whose page cache comes and goes)."""
    ticket_opens: int = 60
    """Times each ticket-list contact (5 and 50,000 tickets) is opened in the app. Twenty made
    the p95 an interpolation between the two slowest opens, so one hiccup of the machine
    decided it; of sixty, the three slowest are left out, as a 95th percentile should."""
    ticket_lists: int = 5
    """Whole-process ``ticket list --json`` runs."""
    ticket_writes: int = 20
    """``ticket new`` calls (each followed by two moves)."""
    duplicate_runs: int = 3
    """Computations of the likely duplicate pairs of the whole dataset (the median is the
    figure)."""
    abook_max_size: int = 100_000
    """abook is compared up to this size only: it reads its whole file on every query."""
    smoke: bool = False
    """A smoke run checks that every figure is produced; its budgets are not judged."""


SMOKE = Plan(
    per_class=4,
    side_per_class=1,
    typed_per_class=1,
    key_interval=0.020,
    rss_searches=5,
    cold_starts=1,
    ticket_opens=2,
    ticket_lists=1,
    ticket_writes=2,
    duplicate_runs=1,
    smoke=True,
)
