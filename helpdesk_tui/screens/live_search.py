"""Search as you type, for every screen that finds a contact: Home and the contact picker.

Both show the same box, the same ranked rows and the same status line, and keep the same
promise: the results on screen belong to what the box says (a result arrives only while the
box still holds its query), and ``enter`` pressed before the results of the text in the box
have arrived waits for them (a paste, a scanner or a fast typist sends the query and ``enter``
together), so it never picks the previous query's best contact.

A mixin of a Screen that composes a ``SearchBox`` (id ``search``), a ``ResultTable`` and a
``Static`` (id ``status``), and says what picking a contact does (``pick``).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.reactive import var
from textual.widgets import Input, OptionList, Static
from textual.worker import get_current_worker

from ..messages import SearchFailed, SearchFinished
from ..store.database.failures import sentence
from ..store.search.hits import SearchResult
from ..store.search.searcher import Cancelled
from ..text import content, join
from ..widgets.result_list import ResultList, ResultTable

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..app import HelpdeskApp

    _Base = Screen[object]
else:
    _Base = object

RESULTS = 50
EMPTY_HINT = (
    "No contacts yet. Press ctrl+n to add one, or fill a test database with "
    "`helpdesk-tui demo --db PATH`."
)


class LiveSearch(_Base):
    """The box, the rows and the status line of a contact search, and ``enter`` on them."""

    if TYPE_CHECKING:  # Textual types ``app`` as App[Any]; screens run inside HelpdeskApp
        app: HelpdeskApp

    _status_wrapped = True
    search_text: var[str] = var("")
    result: var[SearchResult | None] = var(None)
    shown_query: var[str | None] = var(None)
    open_pending: var[str | None] = var(None)
    ready: var[bool] = var(False)

    def pick(self, reference: str) -> None:
        """What ``enter`` on a contact does (open it, choose it)."""
        raise NotImplementedError

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        self.search_text = event.value
        self.open_pending = None
        if self.ready:
            self.run_search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Pick the highlighted contact of the text in the box, now or when its results land."""
        if event.input.id != "search":
            return
        if self.shown_query == self.search_text:
            self._pick_highlighted()
        else:
            self.open_pending = self.search_text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "results" and event.option.id:
            self.pick(event.option.id)

    def _pick_highlighted(self) -> None:
        reference = self.query_one(ResultList).highlighted_reference
        if reference:
            self.pick(reference)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str, moved_past: int | None = None) -> None:
        """Search in a thread; a newer keystroke cancels this one between steps. With
        ``moved_past`` (the ``as_of`` of the results shown), only if the journal has moved
        past that Event: otherwise what is shown is still what the search would find."""
        worker = get_current_worker()
        started = time.perf_counter()
        store = self.app.store
        try:
            if moved_past is not None and store.journal_head() == moved_past:
                return
            result = store.search(query, RESULTS, lambda: worker.is_cancelled)
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
            self._pick_highlighted()

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

    def focus_results(self) -> None:
        """Into the rows, when there are any."""
        results = self.query_one(ResultList)
        if results.option_count:
            results.focus()
