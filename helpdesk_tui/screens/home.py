"""Home: search as you type, and the most recently active contacts when the box is empty."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from ..messages import DatabaseOpened
from ..store.search.query import FILTER_HELP
from ..widgets.result_list import ResultTable
from ..widgets.search_box import SearchBox
from .live_search import LiveSearch


class HomeScreen(LiveSearch, Screen[None]):
    """The search box, the ranked results and a status line (``LiveSearch``): ``enter`` opens
    the best contact of what the box says."""

    BINDINGS = [
        Binding("down", "focus_results", "Results", tooltip="Move into the results", id="results"),
        Binding("ctrl+n", "new_contact", "New contact", tooltip="Create a contact", id="new"),
        Binding("r", "refresh", "Refresh", show=False, tooltip="Search again", id="refresh"),
    ]
    HELP = (
        "Type a name, email, phone fragment, company, reference or PIN; enter opens the best "
        "match, down moves into the results. Filters narrow the search, with each other and "
        "with free text; → marks the address, number or handle a contact was found by."
    )
    HELP_ROWS = tuple(
        (name, f"{meaning}, e.g. {examples.split('  ')[0]}")
        for name, meaning, examples in FILTER_HELP
    )

    def compose(self) -> ComposeResult:
        yield SearchBox(id="search")
        yield ResultTable(id="result-table")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search", Input).focus()
        self._status("Opening the database…")

    def on_screen_resume(self) -> None:
        """Back from a contact: search again, so saved changes show (the cursor stays put)."""
        if self.ready:
            self.run_search(self.search_text)

    def on_screen_suspend(self) -> None:
        """Gone to another screen (the palette, a click): an ``enter`` still waiting for its
        results must not open a contact on top of it later."""
        self.open_pending = None

    def on_database_opened(self, message: DatabaseOpened) -> None:
        """The app opened the database: show recent contacts, or the error."""
        if message.error:
            self._status(message.error, "bold $error")
            return
        self.ready = True
        self.run_search(self.search_text)

    def pick(self, reference: str) -> None:
        self.app.open_contact(reference)

    def action_focus_results(self) -> None:
        self.focus_results()

    def action_refresh(self) -> None:
        if self.ready:
            self.run_search(self.search_text)

    def action_new_contact(self) -> None:
        self.app.new_contact()

    def focus_search(self) -> None:
        """Focus the box with its text selected, so typing starts a new search."""
        box = self.query_one("#search", Input)
        box.focus()
        box.select_all()
