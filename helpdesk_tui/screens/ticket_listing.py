"""A screen's ticket list: the query it owns (sub-view, sort, direction), pages read in a
worker, and what the ``TicketTable`` asks for (open, move, cycle, next page).

A mixin, so that the contact screen (and later the company screen) list tickets the same way.
The screen calls ``list_tickets(query)`` once it knows whose tickets to show; the rows shown so
far stay in ``ticket_rows`` so that the next page is appended and a refresh keeps them all.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.reactive import var

from ..messages import TicketChanged, TicketRefused, TicketsLoaded
from ..store.database.failures import sentence
from ..store.tickets.views import PAGE_SIZE, Direction, SortKey, SubView, TicketQuery
from ..text import clean
from ..widgets.ticket_table import (
    CycleSort,
    CycleView,
    MoreTickets,
    MoveTicket,
    OpenTicket,
    ReverseSort,
    TicketTable,
)
from .ticket_moving import TicketMoving

if TYPE_CHECKING:
    from ..store.tickets.views import TicketListRow, TicketPage

_T = TypeVar("_T")

VIEW_NAMES = {
    SubView.MINE: "All mine",
    SubView.OPEN: "Open",
    SubView.CLOSED: "Closed",
    SubView.UNASSIGNED: "Unassigned",
    SubView.ALL: "All",
}
ARROWS = {Direction.ASC: "↑", Direction.DESC: "↓"}


def _next(members: list[_T], current: _T) -> _T:
    return members[(members.index(current) + 1) % len(members)]


def heading(page: TicketPage, shown: int) -> str:
    """The list's one line: "Open · sorted by created ↓ · 1-50 of 1000+"."""
    query = page.query
    said = f"{VIEW_NAMES[query.view]} · sorted by {query.sort.value} {ARROWS[query.ordering]}"
    if not shown:
        return f"{said} · no tickets · v: next view"
    total = f"{page.total}+" if page.total_capped else str(page.total)
    return f"{said} · 1-{shown} of {total}"


class TicketListing(TicketMoving):
    """Owns ``ticket_query`` and the rows of its ``TicketTable``."""

    ticket_query: var[TicketQuery | None] = var(None, init=False)
    ticket_rows: tuple[TicketListRow, ...] = ()
    lists_fresh = False
    """Set by a screen that is resumed with its lists just read, which then stay as they are."""
    """Every row listed so far (pages appended), newest query's."""

    def list_tickets(self, query: TicketQuery) -> None:
        """Show the first page of this list (the cursor goes to its first row)."""
        self.ticket_query = query

    def watch_ticket_query(self, query: TicketQuery | None) -> None:
        if query is not None:
            self.load_tickets(query, append=False)

    def on_screen_resume(self) -> None:
        """Back from a ticket or a dialog: read the list again, so changes made there show
        (not when the screen is shown with it just read)."""
        if not self.lists_fresh:
            self.refresh_tickets()

    def refresh_tickets(self) -> None:
        """Read every row shown again (a change made elsewhere), keeping the cursor."""
        if self.ticket_query is not None:
            limit = max(PAGE_SIZE, len(self.ticket_rows))
            self.load_tickets(replace(self.ticket_query, limit=limit), append=False, keep=True)

    @work(thread=True, exclusive=True, group="tickets", exit_on_error=False)
    def load_tickets(self, query: TicketQuery, append: bool, keep: bool = False) -> None:
        """Read a page in a thread; a newer query supersedes it (its message is dropped)."""
        try:
            page = self.app.store.tickets.page(query)
        except Exception as error:  # a locked or broken database: said, the rows kept
            self.post_message(TicketsLoaded(error=sentence(error)))
            return
        self.post_message(TicketsLoaded(page, append=append or keep))

    def forget_tickets(self) -> None:
        """List nothing (the screen moves on to another owner, whose list follows)."""
        self.set_reactive(TicketListing.ticket_query, None)
        self.ticket_rows = ()
        self.query_one(TicketTable).show((), "", has_more=False, keep=False)

    def show_first_page(self, page: TicketPage) -> None:
        """List a first page read along with the screen's other data (its query becomes the
        list's, without reading it again)."""
        self.set_reactive(TicketListing.ticket_query, page.query)
        self._show(page, append=False)

    def on_tickets_loaded(self, message: TicketsLoaded) -> None:
        if message.page is None:
            self.notify(clean(message.error, 400), severity="error", markup=False)
        else:
            self._show(message.page, message.append)

    def _show(self, page: TicketPage, append: bool) -> None:
        current = self.ticket_query
        if current is None or replace(page.query, offset=0, limit=0) != replace(
            current, offset=0, limit=0
        ):
            return  # the agent changed the view or the sort since this was asked
        rows = page.rows
        if append and page.query.offset:
            rows = self.ticket_rows[: page.query.offset] + rows
        self.ticket_rows = rows
        table = self.query_one(TicketTable)
        table.show(rows, heading(page, len(rows)), page.has_more, keep=append)
        self.tickets_counted(page)

    def tickets_counted(self, page: TicketPage) -> None:
        """A page arrived (a screen may show the count elsewhere, e.g. in a tab's label)."""

    def _row(self, reference: str) -> TicketListRow | None:
        return next((row for row in self.ticket_rows if row.reference == reference), None)

    def on_cycle_view(self, message: CycleView) -> None:
        if self.ticket_query is not None:
            view = _next(list(SubView), self.ticket_query.view)
            self.ticket_query = replace(self.ticket_query, view=view, offset=0)

    def on_cycle_sort(self, message: CycleSort) -> None:
        if self.ticket_query is not None:
            sort = _next(list(SortKey), self.ticket_query.sort)
            self.ticket_query = replace(self.ticket_query, sort=sort, direction=None, offset=0)

    def on_reverse_sort(self, message: ReverseSort) -> None:
        if self.ticket_query is not None:
            descending = self.ticket_query.ordering == Direction.DESC
            direction = Direction.ASC if descending else Direction.DESC
            self.ticket_query = replace(self.ticket_query, direction=direction, offset=0)

    def on_more_tickets(self, message: MoreTickets) -> None:
        if self.ticket_query is not None:
            more = replace(self.ticket_query, offset=len(self.ticket_rows), limit=PAGE_SIZE)
            self.load_tickets(more, append=True)

    def on_open_ticket(self, message: OpenTicket) -> None:
        self.app.open_ticket(message.reference)

    def on_move_ticket(self, message: MoveTicket) -> None:
        row = self._row(message.reference)
        if row is not None:
            self.move_ticket(row)

    def on_ticket_changed(self, message: TicketChanged) -> None:
        """A ticket made or moved from here: say so, and list it where it now belongs."""
        self.notify(clean(message.said, 400), markup=False)
        self.refresh_tickets()

    def on_ticket_refused(self, message: TicketRefused) -> None:
        self.notify(clean(message.message, 600), severity="error", markup=False, timeout=10)
        self.refresh_tickets()
