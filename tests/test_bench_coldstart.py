"""The cold-start bench drives the real app on a pty and produces every figure.

Only that the figures exist is checked: how fast they are is the benchmark's business.
"""

from __future__ import annotations

import math
import sqlite3
from contextlib import closing
from pathlib import Path

from helpdesk_tui.bench import coldstart, datasets, queries
from helpdesk_tui.bench.datasets import Dataset
from helpdesk_tui.bench.plan import Plan
from helpdesk_tui.store.database.connect import to_url
from helpdesk_tui.store.demo.generate import generate


def test_measure_produces_every_figure(tmp_path: Path) -> None:
    path = tmp_path / "tiny.db"
    generate(to_url(str(path)), contacts=300, seed=3, now=datasets.ANCHOR)
    data = Dataset(size=300, seed=3, path=path, seconds=1.0, built="x")
    with closing(sqlite3.connect(path)) as conn:
        drawn = queries.build(conn, per_class=2)
    said: list[str] = []

    figures = coldstart.measure(data, drawn, Plan(rss_searches=3, cold_starts=3), said.append)

    for name in ("first_paint_s", "first_results_s", "peak_rss_mb"):
        assert math.isfinite(figures[name]), name
        assert figures[name] > 0, name
    assert figures["first_results_s"] > figures["first_paint_s"]
    assert figures["searches"] == 3
    assert figures["search_timeouts"] == 0
    for name in ("first_paint", "first_results"):
        each = figures[f"{name}_each_s"]
        assert len(each) == 3, "every start is timed"
        assert figures[f"{name}_s"] == sorted(each)[1], "the figure is their median"
    assert said
