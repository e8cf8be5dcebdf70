"""Less cyclic garbage for the collector (``helpdesk_tui.garbage``)."""

from __future__ import annotations

import gc

from rich.segment import Segment
from textual.strip import Strip

from helpdesk_tui import garbage


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
