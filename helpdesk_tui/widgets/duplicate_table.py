"""Possible duplicates: one row per pair (score, both names and companies, the reasons in
words); ``enter`` asks to open the first contact, ``m`` to merge the pair, ``x`` to mark it
"not duplicates".

Store-agnostic: the screen computes the pairs and hands them down (``show``); the widget shows
them and asks (posts a message). A ``RecordTable``, so every cell goes through the text module
and the reasons take the width the other columns leave.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from textual.binding import Binding
from textual.message import Message

from .record_table import RecordTable

COLUMNS = ("Score", "Contact", "Company", "Looks like", "Company", "Why")
EMPTY = "No likely duplicates"
NARROW = 8


class PairAction(StrEnum):
    """What the agent asked of the highlighted pair."""

    OPEN = "open"
    MERGE = "merge"
    DISMISS = "dismiss"


class Side(Protocol):
    """One contact of a pair (``store.duplicates.views.PairContact`` has these)."""

    @property
    def reference(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def company(self) -> str: ...


class Pair(Protocol):
    """What a row shows (``store.duplicates.views.DuplicatePair`` has these)."""

    @property
    def a(self) -> Side: ...

    @property
    def b(self) -> Side: ...

    @property
    def score(self) -> int: ...


class DuplicateTable(RecordTable):
    """The pairs, as ``show`` hands them (``reasons`` in words, one per pair);
    ``pairs[cursor_row]`` is the highlighted one."""

    BINDINGS = [
        Binding("enter", "open", "Open", tooltip="Open the pair's first contact", id="open"),
        Binding(
            "m",
            "merge",
            "Merge",
            tooltip="Preview merging the pair (admins only merge)",
            id="merge-pair",
        ),
        Binding(
            "x",
            "dismiss_pair",
            "Not duplicates",
            tooltip="Mark the pair not duplicates: never listed again (u undoes)",
            id="dismiss",
        ),
    ]

    @dataclass
    class Asked(Message):
        """Act on this pair as ``action`` says."""

        pair: Pair
        action: PairAction

    def __init__(self, id: str | None = None) -> None:
        super().__init__(COLUMNS, EMPTY, id=id)
        self.pairs: tuple[Pair, ...] = ()

    def _widths(self, width: int) -> list[int]:
        """Natural widths, the widest columns cut in turn (to ``NARROW`` at least) until all
        fit: at 80 columns both names and companies stay readable rather than one column
        taking the room and pushing the reasons off screen."""
        widths = super()._widths(width)
        room = width - 2 * self.cell_padding * len(widths)
        while width and sum(widths) > room and max(widths[1:]) > NARROW:
            widest = widths.index(max(widths[1:]), 1)
            widths[widest] -= 1
        return widths

    def show(self, pairs: Sequence[Pair], reasons: Sequence[str]) -> None:
        """Show the pairs, each with its reasons in words."""
        self.pairs = tuple(pairs)
        self.records = tuple(
            (str(pair.score), pair.a.name, pair.a.company, pair.b.name, pair.b.company, why)
            for pair, why in zip(self.pairs, reasons, strict=True)
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The pair's keys show dimmed while nothing is listed."""
        if action in ("open", "merge", "dismiss_pair"):
            return True if self.pairs else None
        return True

    @property
    def highlighted(self) -> Pair | None:
        """The pair under the cursor, if any."""
        if not self.pairs or not 0 <= self.cursor_row < len(self.pairs):
            return None
        return self.pairs[self.cursor_row]

    def _ask(self, action: PairAction) -> None:
        pair = self.highlighted
        if pair is not None:
            self.post_message(self.Asked(pair, action))

    def action_open(self) -> None:
        self._ask(PairAction.OPEN)

    def action_merge(self) -> None:
        self._ask(PairAction.MERGE)

    def action_dismiss_pair(self) -> None:
        self._ask(PairAction.DISMISS)
