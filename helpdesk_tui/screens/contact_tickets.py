"""A contact's tickets outside the Tickets tab: the five newest under the Details, and the SLA
tab (the policy, its targets, and where each open ticket stands); ``enter`` on a ticket in
either opens it.

A mixin of ContactScreen. The recent tickets are read in a worker when the contact loads and
again whenever the screen comes back from another (a ticket opened from here, changed there,
shows as it is now). The SLA tab's most urgent open tickets are read in a worker of their own
once the contact has loaded: finding them sorts every open ticket of the contact, which would
otherwise hold up the whole screen (57 ms for a contact with 30,000 open).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.widgets import DataTable, Static

from ..messages import DueTicketsLoaded, RecentTicketsLoaded
from ..store.database.failures import sentence
from ..store.sla import due_states
from ..text import clean, content, join
from ..widgets.recent_tickets import RecentTickets
from ..widgets.record_table import RecordTable
from . import contact_records as records

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..app import HelpdeskApp
    from ..store.contacts.views import ContactDetail
    from ..store.sla import TicketDue

    _Base = Screen[object]
else:
    _Base = object


class ContactTickets(_Base):
    """Fills the recent tickets and the SLA tab, and opens the ticket picked in either."""

    if TYPE_CHECKING:
        app: HelpdeskApp
        reference: str
        due: tuple[TicketDue, ...]
        detail: ContactDetail | None
        lists_fresh: bool

    def on_screen_resume(self) -> None:
        """Back from a ticket or a dialog: the recent tickets as they are now. (A contact
        still loading reads them once it has loaded.)"""
        if self.detail is not None and not self.lists_fresh:
            self.load_recent()

    @work(thread=True, exclusive=True, group="recent", exit_on_error=False)
    def load_recent(self) -> None:
        """Read the contact's newest tickets in a thread."""
        contact = self.reference
        try:
            rows = self.app.store.tickets.recent(contact)
        except Exception as error:  # a locked or broken database: said, the rows kept
            self.post_message(RecentTicketsLoaded(contact, error=sentence(error)))
            return
        self.post_message(RecentTicketsLoaded(contact, rows))

    def on_recent_tickets_loaded(self, message: RecentTicketsLoaded) -> None:
        if message.error:
            self.notify(clean(message.error, 400), severity="error", markup=False)
        elif message.contact == self.reference:
            self.query_one(RecentTickets).rows = message.rows

    def forget_contact_tickets(self) -> None:
        """Show none of these (the screen moves on to another contact)."""
        self.due = ()
        self.query_one(RecentTickets).rows = ()
        self.query_one("#sla-policy", Static).update("")
        self.query_one("#sla-targets", RecordTable).records = ()
        self.query_one("#sla-due", RecordTable).records = ()

    def on_recent_tickets_open(self, message: RecentTickets.Open) -> None:
        self.app.open_ticket(message.reference)

    def show_sla(self, detail: ContactDetail) -> None:
        """The SLA tab: the policy in force and where it comes from, its targets, and the open
        tickets against them, breached first."""
        policy = self.query_one("#sla-policy", Static)
        sla = detail.sla
        if sla is None:
            policy.update(content("No SLA policy applies to this contact or their company."))
        else:
            policy.update(join([("SLA policy", "bold"), (sla.name, "bold $accent"), sla.source]))
        self.query_one("#sla-targets", RecordTable).records = records.target_records(sla)
        self.load_due(detail.contact.reference)

    @work(thread=True, exclusive=True, group="due", exit_on_error=False)
    def load_due(self, contact: str) -> None:
        """Read the contact's most urgent open tickets and where they stand, in a thread."""
        try:
            rows = self.app.store.tickets.most_urgent(contact)
        except Exception as error:  # a locked or broken database: said, the rows kept
            self.post_message(DueTicketsLoaded(contact, error=sentence(error)))
            return
        self.post_message(DueTicketsLoaded(contact, due_states(rows, self.app.clock())))

    def on_due_tickets_loaded(self, message: DueTicketsLoaded) -> None:
        if message.error:
            self.notify(clean(message.error, 400), severity="error", markup=False)
        elif message.contact == self.reference:
            self.due = message.due
            self.query_one("#sla-due", RecordTable).records = records.due_records(self.due)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """``enter`` on a due ticket opens it (the table's row keys are the rows' places)."""
        if event.data_table.id != "sla-due":
            return
        event.stop()
        key = event.row_key.value or ""
        if key.isdigit() and int(key) < len(self.due):
            self.app.open_ticket(self.due[int(key)].reference)
