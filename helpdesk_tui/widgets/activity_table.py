"""An activity list: a line saying what is listed and which keys act, column titles, and one
row per call, visit, meeting, email or note, newest first.

Store-agnostic and stateless about the list: the screen that owns it (a contact's, a
company's) reads the pages and hands rows down; this widget shows them and asks (posts a
message) when the agent wants to edit or remove the highlighted activity, or reaches the last
row while more pages wait. An OptionList, as the ticket list: a page is 50 rows, and who may
change a row is the screen's to say (it knows the agent; the widget does not).
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
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..text import cells, clean, content
from .row_list import RowList

GAP = 2
TITLES = ("When", "Kind", "By", "Summary")
WHEN_WIDTH = len("2026-03-02 14:05")
KIND_WIDTH = len("site visit")
AUTHOR_CAP = 12
SUMMARY_MIN = 16
"""Below this the author column goes (the agent acts on when and what, not on who)."""


class ActivityRow(Protocol):
    """What a row shows (``store.activities.views.ActivityView`` has these)."""

    @property
    def id(self) -> int: ...

    @property
    def kind(self) -> str: ...

    @property
    def summary(self) -> str: ...

    @property
    def author(self) -> str: ...

    @property
    def occurred_at(self) -> datetime: ...


def moment(row: ActivityRow) -> str:
    """When it happened, in the server's local time, to the minute."""
    return row.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M")


class Widths(NamedTuple):
    """Cells per column; 0 leaves the column out at this width."""

    when: int
    kind: int
    author: int
    summary: int


def column_widths(total: int, rows: Sequence[ActivityRow]) -> Widths:
    """When and kind at their fixed widths, the author as long as the longest (capped), and
    the summary the rest; the author goes when the summary would be narrower than
    ``SUMMARY_MIN``."""
    author = min(AUTHOR_CAP, max([cell_len(TITLES[2]), *(cell_len(clean(r.author)) for r in rows)]))
    room = total - WHEN_WIDTH - KIND_WIDTH - 2 * GAP
    if room - author - GAP < SUMMARY_MIN:
        author = 0
    summary = room - (author + GAP if author else 0) - GAP
    return Widths(WHEN_WIDTH, KIND_WIDTH, author, max(SUMMARY_MIN, summary))


@dataclass
class ActivityAsked(Message):
    """Base of what the list asks its screen for; ``table`` says which list asked."""

    table: ActivityTable


@dataclass
class EditActivity(ActivityAsked):
    """Edit the activity (``enter``, ``e``): the screen says whether the agent may."""

    activity_id: int


@dataclass
class RemoveActivity(ActivityAsked):
    """Remove the activity (``x``): the screen says whether the agent may, and asks first."""

    activity_id: int


@dataclass
class MoreActivities(ActivityAsked):
    """The cursor reached the last row and more pages wait: load the next one."""


class ActivityOptions(RowList):
    """The rows; the option id of each is the activity's id."""

    BINDINGS = [
        Binding(
            "enter",
            "select",
            "Edit",
            show=False,
            tooltip="Open your activity to edit it (as e does)",
            id="open-activity",
        ),
    ]

    DEFAULT_CSS = """
    ActivityOptions {
        height: 1fr;
        border: none;
        padding: 0;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
        &:focus { border: none; }
    }
    """

    @property
    def highlighted_id(self) -> int | None:
        """The id of the highlighted activity, if any."""
        if self.highlighted is None or not self.option_count:
            return None
        found = self.get_option_at_index(self.highlighted).id
        return int(found) if found else None


class ActivityTable(Vertical):
    """A page (or several) of activities under a one-line heading the screen writes;
    ``has_more`` says whether reaching the last row should ask for more."""

    DEFAULT_CSS = """
    ActivityTable {
        height: 1fr;
        & > .activity-heading {
            height: 1;
            color: $text-muted;
        }
        & > .activity-titles {
            height: 1;
            text-style: bold;
            background: $primary-muted;
            color: $text;
        }
        &:ansi > .activity-titles, &:nocolor > .activity-titles {
            text-style: bold underline;
            background: transparent;
        }
    }
    """

    BINDINGS = [
        Binding(
            "e", "ask('edit')", "Edit", tooltip="Edit the activity (your own)", id="edit-activity"
        ),
        Binding(
            "x",
            "ask('remove')",
            "Remove",
            tooltip="Remove the activity (your own)",
            id="remove-activity",
        ),
    ]

    rows: var[tuple[ActivityRow, ...]] = var((), always_update=True)
    heading: var[str] = var("")
    has_more: var[bool] = var(False)

    def compose(self) -> ComposeResult:
        yield Static(classes="activity-heading")
        yield Static(classes="activity-titles")
        yield ActivityOptions()

    @property
    def options(self) -> ActivityOptions:
        """The selectable rows (focus goes here)."""
        return self.query_one(ActivityOptions)

    def focus_rows(self) -> None:
        """Put the cursor in the list, at once: keys typed meanwhile act on the list, and the
        tab shown follows (``ScreenTabs``)."""
        self.screen.set_focus(self.options)

    def show(self, rows: Sequence[ActivityRow], heading: str, has_more: bool, keep: bool) -> None:
        """Show rows; ``keep`` keeps the cursor where it was (the next page appended, a refresh
        after an edit), else it goes to the first row (the newest, where a new one lands)."""
        kept = self.options.highlighted if keep else None
        self.has_more = has_more
        self.heading = heading
        self.rows = tuple(rows)
        if self.rows:
            self.options.highlighted = min(kept or 0, len(self.rows) - 1)

    def watch_heading(self, heading: str) -> None:
        self.query_one(".activity-heading", Static).update(content(heading, max_len=300))

    def watch_rows(self) -> None:
        self._fill()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        options = self.options
        highlighted = options.highlighted
        width = options.scrollable_content_region.width or max(20, self.size.width - 1)
        widths = column_widths(width, self.rows)
        titles = self.query_one(".activity-titles", Static)
        titles.update(cells(zip(TITLES, widths, ("",) * len(TITLES), strict=True), gap=GAP))
        options.set_options(Option(_line(row, widths), id=str(row.id)) for row in self.rows)
        if self.rows:
            options.highlighted = min(highlighted or 0, len(self.rows) - 1)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.has_more and event.option_index == len(self.rows) - 1:
            self.has_more = False  # asked once; the next page says whether more follow
            self.post_message(MoreActivities(self))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(EditActivity(self, int(event.option.id)))

    def action_ask(self, what: str) -> None:
        """Post what the agent asked for about the highlighted row; the screen acts on it."""
        activity_id = self.options.highlighted_id
        if activity_id is None:
            return
        if what == "edit":
            self.post_message(EditActivity(self, activity_id))
        elif what == "remove":
            self.post_message(RemoveActivity(self, activity_id))


def _line(row: ActivityRow, widths: Widths) -> Content:
    return cells(
        (
            (moment(row), widths.when, ""),
            (row.kind, widths.kind, "$text-muted"),
            (row.author, widths.author, ""),
            (row.summary, widths.summary, ""),
        ),
        gap=GAP,
    )
