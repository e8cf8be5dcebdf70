"""A short list of the newest tickets (a company's five): reference, status, priority, day
opened and subject, one line each; ``enter`` asks to open the highlighted one.

Not the ticket list (``ticket_table``): five rows need no sub-views, sorting or pages, and the
keys that change those would only mislead here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..text import cells

GAP = 2
REFERENCE_MAX = 10
STATUS_WIDTH = 8
DAY_WIDTH = len("2026-03-02")
_STYLES = {"new": "bold", "open": "bold", "resolved": "dim", "closed": "dim"}


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


@dataclass
class OpenRecent(Message):
    """Open the ticket (``enter`` on a row)."""

    reference: str


class RecentTickets(OptionList):
    """The rows; the option id of each is the ticket's reference. ``up`` on the first row
    goes back to what is above the list (the fields), as ``down`` came from there."""

    BINDINGS = [
        Binding("enter", "select", "Open", tooltip="Open the ticket", id="open-recent"),
        Binding("up", "up", "Up", show=False, id="recent-up"),
    ]

    DEFAULT_CSS = """
    RecentTickets {
        height: auto;
        border: none;
        padding: 0 1;
        &:focus { border: none; }
        &:ansi, &:nocolor {
            & > .option-list--option-highlighted { text-style: underline; }
            &:focus > .option-list--option-highlighted { text-style: reverse; }
        }
    }
    """

    rows: var[tuple[RecentRow, ...]] = var((), always_update=True)

    def watch_rows(self) -> None:
        self._fill()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        highlighted = self.highlighted
        width = self.scrollable_content_region.width or 60
        self.set_options(Option(_line(row, width), id=row.reference) for row in self.rows)
        if self.rows:
            self.highlighted = min(highlighted or 0, len(self.rows) - 1)

    def action_up(self) -> None:
        if not self.highlighted:
            self.screen.focus_previous()
        else:
            self.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(OpenRecent(event.option.id))


def _line(row: RecentRow, width: int) -> Content:
    fixed = REFERENCE_MAX + STATUS_WIDTH * 2 + DAY_WIDTH + GAP * 4
    return cells(
        (
            (row.reference, REFERENCE_MAX, ""),
            (row.status, STATUS_WIDTH, _STYLES.get(row.status, "")),
            (row.priority, STATUS_WIDTH, "bold $warning" if row.priority == "urgent" else ""),
            (row.created_at.astimezone().strftime("%Y-%m-%d"), DAY_WIDTH, ""),
            (row.subject, max(12, width - fixed), ""),
        ),
        gap=GAP,
    )
