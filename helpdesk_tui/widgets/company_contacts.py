"""A company's contacts: a line saying how many, column titles, and one row per contact, the
primary one first and marked in words (readable without colour).

Store-agnostic, like the ticket list: the screen owns the pages and hands rows down; this widget
shows them and asks (posts a message) when the agent opens a contact, makes one the primary, or
reaches the last row while more wait in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..text import cells, clean, content
from .row_list import RowList

GAP = 2
TITLES = ("", "Reference", "Name", "Title", "")
PRIMARY = "primary"
INACTIVE = "inactive"
NAME_MIN = 16
_CAPS = {"reference": 11, "title": 24}


class ContactRow(Protocol):
    """What a row shows (``store.companies.views.CompanyContact`` has these)."""

    @property
    def reference(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def is_primary(self) -> bool: ...

    @property
    def active(self) -> bool: ...


class Widths(NamedTuple):
    """Cells per column; 0 leaves the column out at this width."""

    mark: int
    reference: int
    name: int
    title: int
    state: int


def column_widths(total: int, rows: Sequence[ContactRow]) -> Widths:
    """The mark, reference and state at their size, the title as long as its longest (capped)
    and the name as long as its longest, within what is left; the title goes first when the
    name would be narrower than ``NAME_MIN``."""
    titles = [cell_len(clean(row.title)) for row in rows]
    title = min(_CAPS["title"], max([len(TITLES[3]), *titles]))
    longest = max([NAME_MIN, *(cell_len(clean(row.name)) for row in rows)])
    reference = min(_CAPS["reference"], max([len(TITLES[1])] + [len(r.reference) for r in rows]))
    mark, state = len(PRIMARY), len(INACTIVE) if any(not r.active for r in rows) else 0
    fixed = mark + reference + state + GAP * (4 if state else 3)
    if total - fixed - title - GAP < NAME_MIN:
        title = 0
    room = total - fixed - (title + GAP if title else 0)
    return Widths(mark, reference, max(NAME_MIN, min(longest, room)), title, state)


@dataclass
class ContactAsked(Message):
    """Base of what the list asks its screen for."""

    reference: str


class OpenContact(ContactAsked):
    """Open the contact (``enter``)."""


class MakePrimary(ContactAsked):
    """Make the contact the company's primary contact (``p``)."""


class MoreContacts(Message):
    """The cursor reached the last row and more contacts wait: load the next page."""


class ContactOptions(RowList):
    """The rows; the option id of each is the contact's reference."""

    BINDINGS = [
        Binding("enter", "select", "Open", tooltip="Open the contact", id="open-contact"),
    ]

    DEFAULT_CSS = """
    ContactOptions {
        height: 1fr;
        border: none;
        padding: 0;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
        &:focus { border: none; }
    }
    """

    @property
    def highlighted_reference(self) -> str | None:
        """The reference of the highlighted contact, if any."""
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id


class CompanyContacts(Vertical):
    """The rows under a heading the screen writes; ``has_more`` says whether reaching the last
    row should ask for more."""

    DEFAULT_CSS = """
    CompanyContacts {
        height: 1fr;
        & > .contacts-heading { height: 1; color: $text-muted; }
        & > .contacts-titles {
            height: 1;
            text-style: bold;
            background: $primary-muted;
            color: $text;
        }
        &:ansi > .contacts-titles, &:nocolor > .contacts-titles {
            text-style: bold underline;
            background: transparent;
        }
    }
    """

    BINDINGS = [
        Binding(
            "p",
            "make_primary",
            "Make primary",
            tooltip="Make the highlighted contact the company's primary contact",
            id="make-primary",
        ),
    ]

    rows: var[tuple[ContactRow, ...]] = var((), always_update=True)
    heading: var[str] = var("")
    has_more: var[bool] = var(False)

    def compose(self) -> ComposeResult:
        yield Static(classes="contacts-heading")
        yield Static(classes="contacts-titles")
        yield ContactOptions()

    @property
    def options(self) -> ContactOptions:
        """The selectable rows (focus goes here)."""
        return self.query_one(ContactOptions)

    def show(self, rows: Sequence[ContactRow], heading: str, has_more: bool, keep: bool) -> None:
        """Show rows; ``keep`` keeps the cursor on the contact it was on (the next page
        appended, the list read again after the primary mark moved), else it goes to the first
        row."""
        kept = self.options.highlighted_reference if keep else None
        self.has_more = has_more
        self.heading = heading
        self.rows = tuple(rows)
        references = [row.reference for row in self.rows]
        if kept in references:
            self.options.highlighted = references.index(kept)

    def watch_heading(self, heading: str) -> None:
        self.query_one(".contacts-heading", Static).update(content(heading, max_len=300))

    def watch_rows(self) -> None:
        self._fill()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        options = self.options
        highlighted = options.highlighted
        width = options.scrollable_content_region.width or max(20, self.size.width - 1)
        widths = column_widths(width, self.rows)
        titles = self.query_one(".contacts-titles", Static)
        titles.update(cells(zip(TITLES, widths, ("",) * len(TITLES), strict=True), gap=GAP))
        options.set_options(Option(_line(row, widths), id=row.reference) for row in self.rows)
        if self.rows:
            options.highlighted = min(highlighted or 0, len(self.rows) - 1)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.has_more and event.option_index == len(self.rows) - 1:
            self.has_more = False  # asked once; the next page says whether more follow
            self.post_message(MoreContacts())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(OpenContact(event.option.id))

    def action_make_primary(self) -> None:
        reference = self.options.highlighted_reference
        if reference:
            self.post_message(MakePrimary(reference))


def _line(row: ContactRow, widths: Widths) -> Content:
    dim = "" if row.active else "dim"
    return cells(
        (
            (PRIMARY if row.is_primary else "", widths.mark, "bold $accent"),
            (row.reference, widths.reference, dim),
            (row.name, widths.name, f"bold {dim}".strip()),
            (row.title, widths.title, dim),
            ("" if row.active else INACTIVE, widths.state, "italic"),
        ),
        gap=GAP,
    )
