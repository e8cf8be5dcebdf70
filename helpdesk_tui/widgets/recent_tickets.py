"""A contact's few newest tickets under their details: reference, subject, status, priority and
the day each was opened; ``enter`` asks to open one.

Store-agnostic: the screen reads the tickets and hands them down (``rows``); the widget shows
them and posts ``RecentTickets.Open``. Sits at the foot of a scrolling tab, so it is as tall as
its rows; ``up`` from the first row goes back to what is above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ..text import cells, content
from .row_list import RowList

STATUS_WIDTH = 8
REFERENCE_WIDTH = 10
CREATED_WIDTH = len("2026-03-02")
GAP = 2
SUBJECT_MIN = 12
OPEN = ("new", "open")
"""Statuses shown bold: the tickets still waiting on the helpdesk."""


class RecentRow(Protocol):
    """What a row shows (``store.tickets.views.TicketListRow`` has these)."""

    @property
    def reference(self) -> str: ...

    @property
    def subject(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def priority(self) -> str: ...

    @property
    def created_at(self) -> datetime: ...


class RecentList(RowList):
    """The rows (option id: the ticket's reference); ``up`` on the first leaves the list."""

    BINDINGS = [
        Binding("enter", "select", "Open", tooltip="Open the ticket", id="open-recent"),
        Binding("up", "up_or_leave", "Up", show=False, id="recent-up"),
    ]

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def action_up_or_leave(self) -> None:
        if not self.highlighted:
            self.screen.focus_previous()
        else:
            self.action_cursor_up()


class RecentTickets(Vertical):
    """A title and up to five ticket rows (the screen decides how many)."""

    DEFAULT_CSS = """
    RecentTickets {
        height: auto;
        padding: 0 1;
        & > Label { color: $text-muted; text-style: bold; margin-top: 1; }
        & OptionList { height: auto; border: none; padding: 0; }
        & OptionList:focus { border: none; }
    }
    """

    @dataclass
    class Open(Message):
        """Open the ticket ``reference``."""

        reference: str

    rows: var[Sequence[RecentRow]] = var((), always_update=True)

    def compose(self) -> ComposeResult:
        yield Label("Recent tickets   enter opens · 3 lists them all")
        yield RecentList(id="recent-list")

    def watch_rows(self) -> None:
        self._fill()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        """One line a ticket, the subject cut to what the other columns leave."""
        listed = self.query_one(RecentList)
        highlighted = listed.highlighted
        fixed = REFERENCE_WIDTH + 2 * STATUS_WIDTH + CREATED_WIDTH + 4 * GAP
        width = listed.scrollable_content_region.width or self.size.width
        subject = max(SUBJECT_MIN, width - fixed)
        listed.set_options(
            Option(
                cells(
                    (
                        (row.reference, REFERENCE_WIDTH, ""),
                        (row.status, STATUS_WIDTH, "bold" if row.status in OPEN else ""),
                        (row.priority, STATUS_WIDTH, ""),
                        (row.created_at.astimezone().strftime("%Y-%m-%d"), CREATED_WIDTH, ""),
                        (row.subject, subject, ""),
                    ),
                    gap=GAP,
                ),
                id=row.reference,
            )
            for row in self.rows
        )
        if not self.rows:
            listed.add_option(Option(content("No tickets yet: n opens one."), id=""))
        elif highlighted is not None:
            listed.highlighted = min(highlighted, len(self.rows) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Open(event.option.id))
