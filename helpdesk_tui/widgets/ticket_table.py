"""A ticket list: a line saying which tickets and in what order, column titles, and one row per
ticket, in columns that give way by priority at narrow widths.

Store-agnostic and stateless about the list: the screen owns the query (sub-view, sort, page)
and hands rows down; this widget only shows them and asks (posts a message) when the agent
presses a key that changes what is listed, opens or moves a ticket, or reaches the last row
while more pages wait in the database. An OptionList, as Home's results: a page is 50 rows and
a DataTable repaints far slower.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Protocol

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive, var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..text import cells, clean, content
from .row_list import RowList

GAP = 2
TITLES = ("Reference", "Subject", "Group", "Priority", "Status", "Created", "Assignee", "Due")
SUBJECT_MIN = 20
"""The subject never narrows below this: the other columns go first."""
_CAPS = {"reference": 10, "group": 16, "assignee": 12}
STATUS_WIDTH = 8
"""Priorities and statuses are a few known words ("resolved" the longest): a fixed width, so
the columns stay put as pages load and views change."""
# What gives way, in this order, when the subject would be narrower than SUBJECT_MIN: the
# group, the assignee, then the created date; the SLA due time goes last, and reference,
# subject, priority and status always stay (what an agent acts on at 80 columns).
_DROPPED = ("group", "assignee", "created", "due")


class TicketRow(Protocol):
    """What a row shows (``store.tickets.views.TicketListRow`` has these)."""

    @property
    def reference(self) -> str: ...

    @property
    def subject(self) -> str: ...

    @property
    def group(self) -> str: ...

    @property
    def priority(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def created_at(self) -> datetime: ...

    @property
    def assignee(self) -> str: ...

    @property
    def next_due(self) -> datetime | None: ...


def created(row: TicketRow) -> str:
    """The day a ticket was opened, in the server's local time."""
    return row.created_at.astimezone().strftime("%Y-%m-%d")


def due(row: TicketRow) -> str:
    """When the next SLA target falls due, to the minute ('' when none runs)."""
    moment = row.next_due
    return moment.astimezone().strftime("%m-%d %H:%M") if moment else ""


class Widths(NamedTuple):
    """Cells per column; 0 leaves the column out at this width."""

    reference: int
    subject: int
    group: int
    priority: int
    status: int
    created: int
    assignee: int
    due: int


def column_widths(total: int, rows: Sequence[TicketRow]) -> Widths:
    """Each column as wide as its longest value (capped) and the subject the rest; when the
    subject would be narrower than ``SUBJECT_MIN``, whole columns go in the order of
    ``_DROPPED`` (cutting a date or a reference in half helps nobody)."""

    def longest(values: Sequence[str], title: str, cap: int | None = None) -> int:
        width = max([cell_len(title), *(cell_len(clean(value)) for value in values)])
        return min(cap, width) if cap else width

    widths = {
        "reference": longest([r.reference for r in rows], TITLES[0], _CAPS["reference"]),
        "group": longest([r.group for r in rows], TITLES[2], _CAPS["group"]),
        "priority": STATUS_WIDTH,
        "status": STATUS_WIDTH,
        "created": len("2026-03-02"),
        "assignee": longest([r.assignee for r in rows], TITLES[6], _CAPS["assignee"]),
        "due": len("03-02 14:00"),
    }
    natural_subject = longest([r.subject for r in rows], TITLES[1])

    def room() -> int:
        shown = [w for w in widths.values() if w]
        return total - sum(shown) - GAP * len(shown)

    for column in _DROPPED:
        if room() >= SUBJECT_MIN:
            break
        widths[column] = 0
    return Widths(subject=max(SUBJECT_MIN, min(natural_subject, room())), **widths)


@dataclass
class TicketAsked(Message):
    """Base of what the list asks its screen for; ``table`` says which list asked."""

    table: TicketTable


@dataclass
class OpenTicket(TicketAsked):
    """Open the ticket (``enter``)."""

    reference: str


@dataclass
class MoveTicket(TicketAsked):
    """Give the ticket to another contact (``c``)."""

    reference: str


@dataclass
class CycleView(TicketAsked):
    """Show the next sub-view (``v``)."""


@dataclass
class CycleSort(TicketAsked):
    """Sort by the next key, in its own direction (``s``)."""


@dataclass
class ReverseSort(TicketAsked):
    """Sort the other way (``S``)."""


@dataclass
class MoreTickets(TicketAsked):
    """The cursor reached the last row and more pages wait: load the next one."""


class TicketOptions(RowList):
    """The rows; the option id of each is the ticket's reference."""

    BINDINGS = [
        Binding("enter", "select", "Open", tooltip="Open the ticket", id="open-ticket"),
    ]

    DEFAULT_CSS = """
    TicketOptions {
        height: 1fr;
        border: none;
        padding: 0;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
        &:focus { border: none; }
    }
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """A change repaints the list alone, as Home's results list's does: its height is a share
    of the tab, and a layout of the whole contact screen per page read cost more than the page."""

    @property
    def highlighted_reference(self) -> str | None:
        """The reference of the highlighted ticket, if any."""
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id


class TicketTable(Vertical):
    """A page (or several) of tickets under a one-line heading the screen writes (sub-view,
    sort, how many); ``has_more`` says whether reaching the last row should ask for more."""

    DEFAULT_CSS = """
    TicketTable {
        height: 1fr;
        & > .ticket-heading {
            height: 1;
            color: $text-muted;
        }
        & > .ticket-titles {
            height: 1;
            text-style: bold;
            background: $primary-muted;
            color: $text;
        }
        &:ansi > .ticket-titles, &:nocolor > .ticket-titles {
            text-style: bold underline;
            background: transparent;
        }
    }
    """

    BINDINGS = [
        Binding("v", "ask('view')", "View", tooltip="Next sub-view of the list", id="view"),
        Binding("s", "ask('sort')", "Sort", tooltip="Sort by the next column", id="sort"),
        Binding("S", "ask('reverse')", "Reverse", tooltip="Reverse the sort order", id="reverse"),
        Binding(
            "c", "ask('move')", "Move", tooltip="Change the ticket's contact", id="move-ticket"
        ),
    ]

    rows: var[tuple[TicketRow, ...]] = var((), always_update=True)
    heading: var[str] = var("")
    has_more: var[bool] = var(False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._known_width = 0
        self._filled_at = 0

    def compose(self) -> ComposeResult:
        yield Static(classes="ticket-heading")
        yield Static(classes="ticket-titles")
        yield TicketOptions()

    @property
    def options(self) -> TicketOptions:
        """The selectable rows (focus goes here)."""
        return self.query_one(TicketOptions)

    def focus_rows(self) -> None:
        """Put the cursor in the list, at once: keys typed meanwhile act on the list, and the
        tab shown follows (``ScreenTabs``)."""
        self.screen.set_focus(self.options)

    def show(self, rows: Sequence[TicketRow], heading: str, has_more: bool, keep: bool) -> None:
        """Show rows; ``keep`` keeps the cursor where it was (the next page appended, a refresh
        of the same list), else it goes to the first row."""
        kept = self.options.highlighted if keep else None
        self.has_more = has_more
        self.heading = heading
        self.rows = tuple(rows)
        if kept is not None and self.rows:
            self.options.highlighted = min(kept, len(self.rows) - 1)

    def watch_heading(self, heading: str) -> None:
        heading_line = self.query_one(".ticket-heading", Static)
        heading_line.update(content(heading, max_len=300), layout=False)  # one line, always

    def watch_rows(self) -> None:
        self._fill()

    def on_resize(self) -> None:
        if self._width() != self._filled_at:
            self._fill()

    def _width(self) -> int:
        """The rows' width: the list's own, or while its tab is hidden (no size), the last it
        had; so rows read then are laid out once, not again when the tab is shown."""
        width = self.options.scrollable_content_region.width
        if width:
            self._known_width = width
        return self._known_width or max(20, self.size.width - 1)

    def _fill(self) -> None:
        options = self.options
        highlighted = options.highlighted
        width = self._filled_at = self._width()
        widths = column_widths(width, self.rows)
        titles = self.query_one(".ticket-titles", Static)
        titles.update(
            cells(zip(TITLES, widths, ("",) * len(TITLES), strict=True), gap=GAP), layout=False
        )
        options.set_options(Option(_line(row, widths), id=row.reference) for row in self.rows)
        if self.rows:
            options.highlighted = min(highlighted or 0, len(self.rows) - 1)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.has_more and event.option_index == len(self.rows) - 1:
            self.has_more = False  # asked once; the next page says whether more follow
            self.post_message(MoreTickets(self))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(OpenTicket(self, event.option.id))

    def action_ask(self, what: str) -> None:
        """Post what the agent asked for; the screen that owns the list acts on it."""
        reference = self.options.highlighted_reference
        if what == "view":
            self.post_message(CycleView(self))
        elif what == "sort":
            self.post_message(CycleSort(self))
        elif what == "reverse":
            self.post_message(ReverseSort(self))
        elif what == "move" and reference:
            self.post_message(MoveTicket(self, reference))


_STATUS_STYLES = {"new": "bold", "open": "bold", "pending": "", "resolved": "dim", "closed": "dim"}
_PRIORITY_STYLES = {"urgent": "bold $error", "high": "bold $warning"}


def _line(row: TicketRow, widths: Widths) -> Content:
    return cells(
        (
            (row.reference, widths.reference, ""),
            (row.subject, widths.subject, ""),
            (row.group, widths.group, ""),
            (row.priority, widths.priority, _PRIORITY_STYLES.get(row.priority, "")),
            (row.status, widths.status, _STATUS_STYLES.get(row.status, "")),
            (created(row), widths.created, ""),
            (row.assignee, widths.assignee, ""),
            (due(row), widths.due, ""),
        ),
        gap=GAP,
    )
