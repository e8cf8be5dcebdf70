"""Less garbage for Python's cyclic collector, whose full passes stop the app while they run.

Textual left about 6,000 objects of cyclic garbage behind per contact opened, most of them
``Strip``s (lines of a frame) that held themselves in their own cache; only the collector's
full pass frees those. It ran every eight or so opens, in the middle of one, and paused the app
for 55-118 ms (measured at 100k contacts): the slowest opens and the longest stalls while typing
were those passes. Here strips no longer hold themselves (``strips_without_cycles``: 70% less
cyclic garbage; the passes while typing at 1M took 5-22 ms after it).

The kept contact screen is frozen too, once it has shown its first contact (``keep_built``).

Tried and dropped: deferring Python's full passes (a tenfold gen-2 threshold) ended a minute of
typing without a pause in one pass of 281-406 ms; making them in the agent's pauses (0.5 s
without a key) put a 30-45 ms pass in front of the next first key, and the longest stall while
typing at 100k went from 56-58 to 67-71 ms.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence

from textual.strip import Strip


def strips_without_cycles() -> None:
    """Make Textual's ``Strip`` answer a division into one piece (itself, the most common
    one: a line drawn whole) without caching that answer in itself. That cache made each such
    strip a reference cycle, which with the seven caches a strip carries waited for a full pass
    instead of being freed when no longer drawn. The answer is the same, and the original
    method still does every other division. Textual is pinned exactly, so this is the method
    it replaces. Once per process."""
    divide = Strip.divide
    if getattr(divide, "without_cycles", False):
        return

    def divide_at(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
        within = [cut for cut in cuts if cut <= self.cell_length]
        return [self] if within == [self.cell_length] else divide(self, within)

    divide_at.without_cycles = True  # type: ignore[attr-defined]
    Strip.divide = divide_at  # type: ignore[method-assign]


def settle() -> None:
    """After the first frame: freeze what start-up made out of the collector's reach (its
    full passes walked it all and paused typing for up to 37 ms) and let it run again."""
    strips_without_cycles()
    gc.freeze()
    gc.enable()


def keep_built() -> None:
    """Once the kept contact screen has shown its first contact: freeze what it built (its
    widgets, styles and caches live as long as the app), after a young-generation pass so that
    little garbage is frozen with it. Left in reach, those 90,000 objects made each full pass
    take 72 ms at 1M contacts, one open in seven; frozen, 9 ms."""
    gc.collect(1)
    gc.freeze()
