"""The bench's duplicates and merge figures on the session's small demo database: each part
measures what it says and lands in the figures the budgets and the README table read."""

from __future__ import annotations

from pathlib import Path

from helpdesk_tui.bench import duplicates, merge
from helpdesk_tui.bench.datasets import Dataset
from helpdesk_tui.bench.figures import figures, labels
from helpdesk_tui.bench.plan import SMOKE

from .conftest import DEMO_CONTACTS


def _data(path: Path) -> Dataset:
    return Dataset(DEMO_CONTACTS, 7, path, 1.0, "test")


def test_duplicates_are_timed_with_what_blocking_compared(demo_file):
    raw = duplicates.measure(_data(demo_file), None, SMOKE)
    assert raw["median_s"] > 0
    assert raw["pairs"] > 0
    assert 0 < raw["comparisons"] < DEMO_CONTACTS * (DEMO_CONTACTS - 1) // 2 // 100
    assert figures({"duplicates": raw}, 100_000, 100_000)["duplicates_s"] == raw["median_s"]


def test_merge_and_undo_are_timed_on_a_copy(demo_file):
    before = demo_file.stat().st_mtime_ns
    raw = merge.measure(_data(demo_file), None, SMOKE)
    assert raw["tickets"] == merge.TICKETS
    assert raw["rows"] > merge.TICKETS
    assert raw["merge_s"] > 0 and raw["undo_s"] > 0
    assert demo_file.stat().st_mtime_ns == before, "the cached dataset is left as it was"
    found = figures({"merge": raw}, 100_000, 100_000)
    assert (found["merge_s"], found["merge_undo_s"]) == (raw["merge_s"], raw["undo_s"])
    assert {"merge_s", "merge_undo_s", "duplicates_s"} <= set(labels())
