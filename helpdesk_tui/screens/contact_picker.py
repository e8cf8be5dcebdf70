"""Pick a contact by a fragment of a name, email or phone: the search of Home, in a dialog.

Moving a ticket to another contact, and later merging two contacts, start here. It is the same
search (same ranking, typos forgiven, filters) with the same ``enter`` (the best contact of
what the box says, waiting for its results), so an agent who can find a caller on Home can
pick one here without learning anything new.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..text import content
from ..widgets.result_list import ResultTable
from ..widgets.search_box import SearchBox
from .live_search import LiveSearch

KEYS = "enter pick the highlighted contact · ↓ into the rows · esc cancel"
"""The dialog's keys, on its last line: the footer below it is the screen's underneath."""


@dataclass(frozen=True)
class PickedContact:
    """The contact picked, as the rows showed it (the caller's confirmation names it)."""

    reference: str
    name: str
    company: str
    active: bool


class ContactPickerScreen(LiveSearch, ModalScreen[PickedContact | None]):
    """Dismisses with the contact picked, or None on ``escape``.

    ``exclude`` is the contact the action starts from (a ticket's own contact): picking it is
    refused on the status line, since moving a ticket to where it is does nothing.
    """

    DEFAULT_CSS = """
    ContactPickerScreen {
        & .picker-title {
            padding: 0 1;
            text-style: bold;
        }
        & #search {
            border: tall $accent;
        }
        & .picker-keys {
            padding: 0 1;
        }
        & #status {
            height: auto;
            max-height: 3;
            padding: 0 1;
            color: $text-muted;
        }
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Pick no one", id="cancel"),
        Binding("down", "focus_results", "Results", tooltip="Move into the results", id="results"),
    ]
    HELP = (
        "Type a name, email, phone fragment, company, reference or PIN, as on Home; enter "
        "picks the best (highlighted) contact of what the box says, down moves into the rows, "
        "escape picks no one."
    )

    def __init__(self, title: str, *, exclude: str | None = None, query: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.exclude = exclude
        self.initial_query = query

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog contact-picker"):
            yield Static(content(self.title_text, max_len=200), classes="picker-title")
            yield SearchBox(id="search")
            yield ResultTable(id="result-table")
            yield Static(id="status")
            yield Static(content(KEYS, "dim"), classes="picker-keys")

    def on_mount(self) -> None:
        box = self.query_one("#search", Input)
        box.value = self.initial_query
        box.focus()
        self.search_text = self.initial_query
        self.ready = True
        self.run_search(self.initial_query)

    def pick(self, reference: str) -> None:
        if reference == self.exclude:
            self._status("That is the contact it is with already: pick another.", "bold $warning")
            return
        hits = self.result.hits if self.result is not None else ()
        for hit in hits:
            if hit.reference == reference:
                self.dismiss(PickedContact(hit.reference, hit.name, hit.company, hit.active))
                return

    def action_focus_results(self) -> None:
        self.focus_results()

    def action_cancel(self) -> None:
        self.dismiss(None)
