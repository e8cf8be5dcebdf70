"""The garbage collector's full pass waits for the agent's pause (``helpdesk_tui.garbage``)."""

from __future__ import annotations

import gc
import weakref

from rich.segment import Segment
from textual.strip import Strip

from helpdesk_tui import garbage


class _Cycle:
    """An object that holds itself: only the collector's pass frees it."""

    def __init__(self) -> None:
        self.me = self


def _cycle_in_the_old_generation() -> weakref.ref:
    gc.collect()
    cycle = _Cycle()
    ref = weakref.ref(cycle)
    gc.collect(1)  # moved on: only a full pass looks at it now
    del cycle
    return ref


def test_a_strip_that_changes_nothing_does_not_hold_itself():
    garbage.strips_without_cycles()
    gc.collect()
    gc.disable()
    try:
        strip = Strip([Segment("hello")])
        assert strip.divide([5]) == [strip]
        assert strip.divide([5, 9]) == [strip]
        assert [part.text for part in strip.divide([2, 5])] == ["he", "llo"]
        del strip
        assert gc.collect() == 0, "freed when dropped, without waiting for a collection"
    finally:
        gc.enable()


def test_the_full_pass_waits_for_a_pause(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(garbage, "monotonic", lambda: clock[0])
    collector = garbage.IdleCollector()
    ref = _cycle_in_the_old_generation()
    clock[0] += garbage.PAUSE / 2
    assert not collector.tick(reading=False), "the agent is still typing"
    assert ref() is not None
    clock[0] += garbage.PAUSE
    assert not collector.tick(reading=True), "a read is in flight"
    collector.active()
    clock[0] += garbage.PAUSE / 2
    assert not collector.tick(reading=False), "an open just now"
    clock[0] += garbage.PAUSE
    assert collector.tick(reading=False)
    assert ref() is None, "collected in the pause"


def test_nothing_new_is_nothing_to_collect(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(garbage, "monotonic", lambda: clock[0])
    collector = garbage.IdleCollector()
    gc.collect()
    clock[0] += garbage.PAUSE * 2
    assert gc.get_count()[2] == 0
    assert not collector.tick(reading=False)
