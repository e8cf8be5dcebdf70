"""A history: one row per operation, newest first (when, by whom, what, whether it can be undone
now); ``enter`` or ``u`` asks to undo the highlighted one.

Store-agnostic: the screen reads the pages and hands the operations down (``show``); the
widget shows them and asks (posts a message) to undo one, or for the next page when the cursor
reaches the last row while more wait. A ``RecordTable``, so every cell goes through the text
module and the description takes the width the other columns leave.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from .record_table import RecordTable

COLUMNS = ("When", "By", "What", "Undo?")
EMPTY = "Nothing journalled yet"


class Operation(Protocol):
    """What a row shows (``store.journal.views.OperationView`` has these)."""

    @property
    def operation_id(self) -> str: ...

    @property
    def at(self) -> datetime: ...

    @property
    def author(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def undoable(self) -> bool: ...


def when(moment: datetime) -> str:
    """A journal time in the local time zone, to the minute, as the app's other lists show."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class HistoryTable(RecordTable):
    """The operations, as ``show`` hands them; ``entries[cursor_row]`` is the highlighted one."""

    BINDINGS = [
        Binding(
            "enter,u",
            "undo",
            "Undo",
            tooltip="Undo the highlighted operation (asks first; refused if changed since)",
            id="undo-row",
        ),
    ]

    @dataclass
    class UndoAsked(Message):
        """Undo this operation (after the agent confirms)."""

        operation_id: str

    class MoreAsked(Message):
        """The cursor reached the last row and more operations wait: read the next page."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(COLUMNS, EMPTY, flex="What", id=id)
        self.entries: tuple[Operation, ...] = ()
        self.has_more = False

    def show(self, entries: Sequence[Operation], has_more: bool, cursor: int | None = None) -> None:
        """Show the operations; ``cursor`` puts the cursor on that row (else it stays)."""
        self.entries = tuple(entries)
        self.has_more = has_more
        self.records = tuple(
            (when(entry.at), entry.author, entry.description, "yes" if entry.undoable else "no")
            for entry in self.entries
        )
        if cursor is not None and self.entries:
            self.move_cursor(row=min(cursor, len(self.entries) - 1))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``Undo`` shows dimmed while nothing is listed."""
        if action == "undo":
            return True if self.entries else None
        return True

    @property
    def highlighted(self) -> Operation | None:
        """The operation under the cursor, if any."""
        if not self.entries or not 0 <= self.cursor_row < len(self.entries):
            return None
        return self.entries[self.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.has_more and event.cursor_row == len(self.entries) - 1:
            self.has_more = False  # asked once; the next page says whether more follow
            self.post_message(self.MoreAsked())

    def action_undo(self) -> None:
        entry = self.highlighted
        if entry is not None:
            self.post_message(self.UndoAsked(entry.operation_id))
