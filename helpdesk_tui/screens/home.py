"""Home: search as you type, and the most recently active contacts when the box is empty."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from ..messages import DatabaseOpened, SearchFinished, TicketLoaded
from ..store.database.failures import sentence
from ..store.errors import NotFound
from ..store.search.query import FILTER_HELP
from ..text import clean
from ..widgets.key_bar import KeyBar
from ..widgets.result_list import ResultList, ResultTable
from ..widgets.search_box import SearchBox
from .live_search import LiveSearch
from .undoing import UNDO_BINDING, HomeUndoing

if TYPE_CHECKING:
    from ..store.saved_views.views import SavedViewRow

TICKET_REFERENCE = re.compile(r"\s*[Tt]-\d+\s*")
"""What the box holds when the agent typed a ticket's reference (``T-1000042``)."""


class HomeScreen(LiveSearch, HomeUndoing, Screen[None]):
    """The search box, the ranked results and a status line (``LiveSearch``): ``enter`` opens
    the best contact of what the box says, ``ctrl+o`` its company."""

    company_pending: str | None = None
    """The text a ctrl+o waits for the results of."""

    BINDINGS = [
        Binding("down", "focus_results", "Results", tooltip="Move into the results", id="results"),
        Binding("ctrl+n", "new_contact", "New contact", tooltip="Create a contact", id="new"),
        Binding(
            "ctrl+o",
            "open_company",
            "Company",
            show=False,
            tooltip="Open the highlighted contact's company",
            id="company",
        ),
        Binding(
            "ctrl+l",
            "saved_views",
            "Views",
            tooltip="Saved views: run one of yours or a shipped one, delete yours",
            id="views",
        ),
        Binding(
            "ctrl+s",
            "save_view",
            "Save view",
            show=False,
            tooltip="Save the search in the box as a view, under a name",
            id="save-view",
        ),
        Binding("r", "refresh", "Refresh", show=False, tooltip="Search again", id="refresh"),
        UNDO_BINDING,
        Binding(
            "n",
            "new_ticket",
            "New ticket",
            tooltip="New ticket for the highlighted contact (in the results)",
            id="ticket",
        ),
        Binding(
            "m",
            "merge",
            "Merge",
            show=False,  # listed in ?: the key bar's room at 80 columns keeps / Search
            tooltip="Merge the highlighted contact with another (in the results)",
            id="merge",
        ),
    ]
    HELP = (
        "Type a name, email, phone fragment, company, reference or PIN; enter opens the best "
        "match, down moves into the results. Filters narrow the search, with each other and "
        "with free text; → marks the address, number or handle a contact was found by. "
        "A ticket's reference (T-1000042) and enter opens that ticket; ctrl+o opens the "
        "company of the highlighted contact (after company:acme, Acme's). n (new ticket) "
        "works in the results only: in the box it types an n. ctrl+l lists your saved views "
        "and the shipped ones (enter runs one), ctrl+s saves the search in the box as a view."
    )
    HELP_ROWS = tuple(
        (name, f"{meaning}, e.g. {examples.split('  ')[0]}")
        for name, meaning, examples in FILTER_HELP
    )

    def compose(self) -> ComposeResult:
        yield SearchBox(id="search")
        yield ResultTable(id="result-table")
        yield Static(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#search", Input).focus()
        self._status("Opening the database…")

    def on_screen_resume(self) -> None:
        """Back from a contact: search again if anything changed meanwhile (a save of the
        agent's, anyone's change), so saved changes show (the cursor stays put). Unchanged,
        the results stay as painted, and no search runs beside the next contact's open (one
        did at 1M contacts, with the open's reads and first frame)."""
        if not self.ready:
            return
        shown = self.result
        if shown is None or shown.query != self.search_text:
            self.run_search(self.search_text)
        else:
            self.run_search(self.search_text, moved_past=shown.as_of)

    def on_screen_suspend(self) -> None:
        """Gone to another screen (the palette, a click): an ``enter`` still waiting for its
        results must not open a contact on top of it later."""
        self.open_pending = None
        self.company_pending = None

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``n`` is a new ticket only where no text box has focus: in the box it types."""
        if action == "new_ticket":
            return self.focused is self.query_one(ResultList)
        return True

    def action_new_ticket(self) -> None:
        results = self.query_one(ResultList)
        reference = results.highlighted_reference
        if reference is None:
            return
        hit = next(
            (hit for hit in self.query_one(ResultTable).hits if hit.reference == reference), None
        )
        name = hit.name if hit is not None else reference
        self.app.new_ticket(reference, name, self.action_refresh)

    def action_merge(self) -> None:
        """Merge the highlighted contact with another (picked next); land on the survivor."""
        from .merge_picker import start_merge  # noqa: PLC0415 - off the first paint's path

        table = self.query_one(ResultTable)
        reference = table.list.highlighted_reference
        hit = next((hit for hit in table.hits if hit.reference == reference), None)
        if hit is not None:
            landed = lambda merged: self.app.open_contact(merged.survivor.reference)  # noqa: E731
            start_merge(self.app, hit.reference, hit.name, landed)

    def action_open_company(self) -> None:
        """The highlighted contact's company, once the results are those of what the box says
        (``company:acme`` and ctrl+o typed together wait for them, as ``enter`` does)."""
        if self.shown_query == self.search_text:
            self._open_highlighted_company()
        else:
            self.company_pending = self.search_text

    def on_search_finished(self, message: SearchFinished) -> None:
        """A ctrl+o waiting for these results acts once ``LiveSearch`` has shown them (if
        they are still those of what the box says)."""
        if self.company_pending == message.query == self.search_text:
            self.company_pending = None
            self.call_later(self._open_highlighted_company)

    def _open_highlighted_company(self) -> None:
        table = self.query_one(ResultTable)
        reference = table.list.highlighted_reference
        hit = next((hit for hit in table.hits if hit.reference == reference), None)
        if hit is None:
            self.notify("No contact is highlighted: ctrl+o opens the company of one.", timeout=3)
        elif not hit.company:
            self.notify(clean(f"{hit.name} ({hit.reference}) has no company."), markup=False)
        else:
            self.app.open_company(hit.company)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """A ticket's reference opens that ticket (asked in a worker); anything else, or a
        reference no ticket has, is a contact search as ever (``LiveSearch``)."""
        if event.input.id == "search" and TICKET_REFERENCE.fullmatch(event.value):
            event.prevent_default()
            self.find_ticket(event.value.strip())

    @work(thread=True, exclusive=True, group="ticket", exit_on_error=False)
    def find_ticket(self, reference: str) -> None:
        """Read the ticket in a thread; a reference no ticket has comes back as ``missing``."""
        try:
            detail = self.app.store.tickets.get(reference)
        except NotFound:
            self.post_message(TicketLoaded(missing=True, reference=reference))
            return
        except Exception as error:  # a locked or broken database: said on the status line
            self.post_message(TicketLoaded(error=sentence(error), reference=reference))
            return
        self.post_message(TicketLoaded(detail, reference=reference))

    def on_ticket_loaded(self, message: TicketLoaded) -> None:
        """Open the ticket, unless the agent moved on (typed something else, left Home)."""
        if not self.is_current or self.search_text.strip() != message.reference:
            return
        if message.detail is not None:
            self.app.open_ticket(message.detail.reference, message.detail)
        elif message.missing:
            self.fall_back_to_search()
        else:
            self._status(message.error, "bold $error")

    def fall_back_to_search(self) -> None:
        """No ticket has that reference: open the best contact of the search, as ``enter``
        on any other text does."""
        if self.shown_query == self.search_text:
            self._pick_highlighted()
        else:
            self.open_pending = self.search_text

    def action_new_contact(self) -> None:
        self.app.new_contact()

    def action_saved_views(self) -> None:
        """The saved views; the one picked runs here."""
        from .saved_views import SavedViewsScreen  # noqa: PLC0415 - off the first paint's path

        def picked(search: str | None) -> None:
            if search is not None:
                self.run_view(search)

        self.app.push_screen(SavedViewsScreen(), picked)

    def action_save_view(self) -> None:
        """Save the search in the box as a view, under a name asked for."""
        from .save_view import SaveViewScreen  # noqa: PLC0415 - off the first paint's path

        def saved(view: SavedViewRow | None) -> None:
            if view is not None:
                self.notify(f"Saved the view {clean(view.name)!r}.", markup=False)

        self.app.push_screen(SaveViewScreen(self.search_text.strip()), saved)

    def run_view(self, search: str) -> None:
        """Put a saved view's search in the box, which runs it, with the cursor after it and a
        space, so what is typed next narrows it; from another screen (the palette), go back
        to Home first (asking first if a screen on the way has unsaved edits; the box holds
        the view either way)."""
        box = self.query_one("#search", Input)
        box.value = f"{search} " if search else ""
        box.cursor_position = len(box.value)
        if self.app.screen is self:
            box.focus()
        else:  # ``is_current`` holds for Home under a contact too (Textual keeps it mounted)
            self.app.action_search()

    def focus_search(self) -> None:
        """Focus the box with its text selected, so typing starts a new search."""
        box = self.query_one("#search", Input)
        box.focus()
        box.select_all()
