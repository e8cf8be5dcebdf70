"""Home: search as you type, and the most recently active contacts when the box is empty."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.worker import get_current_worker

from ..messages import DatabaseOpened, SearchFailed, SearchFinished
from ..store.database.failures import sentence
from ..store.search.hits import SearchResult
from ..store.search.query import FILTER_HELP
from ..store.search.searcher import Cancelled
from ..text import content, join
from ..widgets.result_list import ResultList, ResultTable
from ..widgets.search_box import SearchBox

RESULTS = 50
EMPTY_HINT = (
    "No contacts yet. Press ctrl+n to add one, or fill a test database with "
    "`helpdesk-tui demo --db PATH`."
)

if TYPE_CHECKING:
    from ..app import HelpdeskApp


class HomeScreen(Screen[None]):
    """The search box, the ranked results and a status line.

    The results on screen always belong to what the box says: a search result arrives only if
    the box still holds its query, and ``enter`` pressed before the results of the text in the
    box have arrived waits for them (a paste, a scanner or a fast typist sends the query and
    ``enter`` together), so it never opens the previous query's best contact.
    """

    if TYPE_CHECKING:  # Textual types ``app`` as App[Any]; screens run inside HelpdeskApp
        app: HelpdeskApp

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

    _status_wrapped = True
    search_text: var[str] = var("")
    result: var[SearchResult | None] = var(None)
    shown_query: var[str | None] = var(None)
    open_pending: var[str | None] = var(None)
    ready: var[bool] = var(False)

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

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value
        self.open_pending = None
        if self.ready:
            self.run_search(event.value)

    @on(Input.Submitted, "#search")
    def open_best(self) -> None:
        """Open the highlighted contact of the text in the box, now or when its results land."""
        if self.shown_query == self.search_text:
            self._open_highlighted()
        else:
            self.open_pending = self.search_text

    def _open_highlighted(self) -> None:
        reference = self.query_one(ResultList).highlighted_reference
        if reference:
            self.app.open_contact(reference)

    @on(OptionList.OptionSelected, "#results")
    def open_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_contact(event.option.id)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str) -> None:
        """Search in a thread; a newer keystroke cancels this one between steps."""
        worker = get_current_worker()
        started = time.perf_counter()
        try:
            result = self.app.store.search(query, RESULTS, lambda: worker.is_cancelled)
        except Cancelled:
            return
        except Exception as error:  # shown in the status line, never a crash
            self.post_message(SearchFailed(query, f"Search failed: {sentence(error)}"))
            return
        if not worker.is_cancelled:
            elapsed = (time.perf_counter() - started) * 1000
            self.post_message(SearchFinished(result, elapsed, query))

    def on_search_failed(self, message: SearchFailed) -> None:
        if message.query == self.search_text:
            self.open_pending = None
            self._status(message.error, "bold $error")

    def on_search_finished(self, message: SearchFinished) -> None:
        if message.query != self.search_text:
            return
        refresh = message.query == self.shown_query
        self.query_one(ResultTable).show(message.result.hits, keep_highlight=refresh)
        self.shown_query = message.query
        self.result = message.result
        if self.open_pending == message.query:
            self.open_pending = None
            self._open_highlighted()

    def watch_result(self, result: SearchResult | None) -> None:
        if result is not None:
            self._status_for(result)

    def _status_for(self, result: SearchResult) -> None:
        count = len(result.hits)
        if result.strategy == "recent":
            if not count:
                self._status(EMPTY_HINT, "$warning")
            else:
                self._status(f"{count} most recently active contacts · type to search")
            return
        if result.error:
            self._status(result.error, "bold $warning")
            return
        read_as = ("searched for " + result.read_as, "italic") if result.read_as else ""
        if not count:
            self._show_status(
                join([(f"Nothing matches {result.query!r}", "$warning"), read_as], max_len=300)
            )
            return
        parts: list = [f"{count} contact{'s' if count != 1 else ''}", read_as]
        if result.strategy.startswith("typo") and result.corrected:
            parts.append(("did you mean: " + ", ".join(result.corrected[:4]), "italic"))
        self._show_status(join(parts, max_len=300))

    def _status(self, text: str, style: str = "") -> None:
        self._show_status(content(text, style, max_len=300))

    def _show_status(self, line: Content) -> None:
        """Show a status line; the screen is laid out again only when the line wraps now or
        did before (a layout on every keystroke cost the event loop more than the results)."""
        status = self.query_one("#status", Static)
        wraps = line.cell_length > status.content_region.width
        status.update(line, layout=wraps or self._status_wrapped)
        self._status_wrapped = wraps

    def action_focus_results(self) -> None:
        results = self.query_one(ResultList)
        if results.option_count:
            results.focus()

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
