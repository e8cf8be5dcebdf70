"""A company: header, then Overview · Contacts · Tickets · Activities on keys 1-4.

The screen owns the state: the company as loaded (with the version its edits present), the
pending field edits and the errors of the last save, the contacts listed so far, and the ticket
list's query (``TicketListing``). Widgets get them by ``data_bind`` or ``show`` and post what
the agent asked for; reading and writing run in thread workers that post messages back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane
from textual.worker import get_current_worker

from ..messages import CompanyContactsLoaded, CompanyLoaded, PrimarySet
from ..store.companies.views import EDITABLE, CompanyContact, CompanyOverview, CompanyView
from ..store.database.failures import sentence
from ..store.tickets.views import SubView, TicketPage, TicketQuery
from ..text import clean, content
from ..widgets.company_contacts import CompanyContacts, MakePrimary, MoreContacts, OpenContact
from ..widgets.company_header import CompanyHeader
from ..widgets.field_list import FieldList
from ..widgets.group_chart import GroupChart
from ..widgets.key_bar import KeyBar
from ..widgets.recent_tickets import RecentTickets
from ..widgets.screen_tabs import ScreenTabs
from ..widgets.ticket_table import TicketTable
from .company_activities import CompanyActivities
from .company_editing import CompanyEditing
from .confirm import ConfirmScreen
from .late_results import DropsLateResults
from .ticket_listing import TicketListing
from .undoing import UNDO_BINDING, CompanyUndoing, history_binding

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..app import HelpdeskApp

LABELS = {
    "name": "Name",
    "domains": "Domains",
    "notes": "Notes",
    "active": "Active",
    "sla_policy": "SLA policy",
}


def _tab_binding(key: str, tab: str, label: str, tooltip: str) -> Binding:
    return Binding(key, f"tab('{tab}')", label, show=False, tooltip=tooltip, id=f"tab-{key}")


class CompanyScreen(
    DropsLateResults, CompanyEditing, CompanyActivities, TicketListing, CompanyUndoing, Screen[None]
):
    """One company, its tabs, and the Overview's editor."""

    if TYPE_CHECKING:  # Textual types ``app`` as App[Any]; screens run inside HelpdeskApp
        app: HelpdeskApp

    DEFAULT_CSS = """
    CompanyScreen TabbedContent { height: 1fr; }
    CompanyScreen RecentTickets > Label { margin-top: 0; }
    """
    BINDINGS = [
        _tab_binding("1", "overview", "Overview", "Details, tickets by group, recent tickets"),
        _tab_binding("2", "contacts", "Contacts", "The company's contacts"),
        _tab_binding("3", "tickets", "Tickets", "The company's tickets"),
        _tab_binding("4", "activities", "Activities", "Calls, visits and notes"),
        Binding("ctrl+s", "save", "Save", tooltip="Save every pending edit", id="save"),
        Binding("escape", "back", "Back", tooltip="Back to where you came from", id="back"),
        *(UNDO_BINDING, history_binding("company")),
        Binding(
            "n",
            "new_ticket",
            "New ticket",
            tooltip="New ticket: for the contact highlighted on tab 2, else the primary one",
            id="ticket",
        ),
        Binding(
            "ctrl+n",
            "new_contact",
            "New contact",
            show=False,
            tooltip="New contact at this company",
            id="new",
        ),
        Binding("r", "reload", "Reload", show=False, tooltip="Read the company again", id="reload"),
        Binding(
            "a",
            "log_activity",
            "Log activity",
            show=False,
            tooltip="Log a call, visit, meeting, email or note for the company",
            id="log",
        ),
    ]
    HELP = (
        "On a field of the Overview: e or enter edits it in place, enter keeps the new value, "
        "escape drops it; edits stay pending (marked) until ctrl+s saves them all at once. "
        "The chart draws open tickets in █ and closed ones in ░, with both counts."
    )

    company: var[CompanyView | None] = var(None)
    values: var[dict[str, str]] = var(dict, always_update=True)
    pending: var[dict[str, str]] = var(dict, always_update=True)
    errors: var[dict[str, str]] = var(dict, always_update=True)
    dirty: var[bool] = var(False)
    saving: var[bool] = var(False)

    def __init__(self, name_or_reference: str) -> None:
        super().__init__()
        self.name_or_reference = name_or_reference
        """What the company is read by: as asked, then its reference once read (a rename
        keeps finding it)."""
        self.contact_rows: tuple[CompanyContact, ...] = ()
        """Every contact listed so far (pages appended)."""

    def compose(self) -> ComposeResult:
        yield CompanyHeader().data_bind(company=CompanyScreen.company, unsaved=CompanyScreen.dirty)
        with ScreenTabs(initial="overview"):
            with TabPane("1 Overview", id="overview"), VerticalScroll():
                fields = [(name, LABELS[name]) for name in EDITABLE]
                field_list = FieldList(fields, id="fields").data_bind(
                    values=CompanyScreen.values,
                    pending=CompanyScreen.pending,
                    errors=CompanyScreen.errors,
                )
                field_list.disabled = True  # until the company is read: see watch_company
                yield field_list
                yield GroupChart(id="chart")
                yield RecentTickets(id="recent")
            with TabPane("2 Contacts", id="contacts"):
                yield CompanyContacts(id="contact-list")
            with TabPane("3 Tickets", id="tickets"):
                yield TicketTable(id="ticket-table")
            with TabPane("4 Activities", id="activities"):
                yield from self.compose_activities()
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        """Back from a ticket, a contact or a dialog: read the company again, so what was
        changed there shows (``TicketListing`` reads the ticket list again too)."""
        if self.company is not None:
            self.load(keep_edits=True)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self, keep_edits: bool = False) -> None:
        """Read the company, its first contacts, counts, newest tickets and activities."""
        try:
            overview = self.app.store.company.overview(self.name_or_reference)
        except Exception as error:  # no such company, a locked or broken database: said
            self.post_message(CompanyLoaded(error=sentence(error)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(CompanyLoaded(overview, keep_edits=keep_edits))

    def on_company_loaded(self, message: CompanyLoaded) -> None:
        overview = message.overview
        if overview is None:
            self.notify(clean(message.error, 400), severity="error", markup=False)
            if self.company is None and self.is_current:
                self.app.pop_screen()  # nothing to show: back where the agent came from
            return
        if not (message.keep_edits and self.pending):
            self.pending, self.errors = {}, {}
            self.company = overview.company
        self.show_overview(overview)

    def watch_company(self, company: CompanyView | None) -> None:
        if company is None:
            return
        self.name_or_reference = company.reference
        self.values = company.field_text()
        if self.ticket_query is None:
            self.list_tickets(TicketQuery(company=company.reference))
        fields = self.query_one(FieldList)
        if fields.disabled:  # first read: only now is there a value to edit
            fields.disabled = False
            if self.query_one(TabbedContent).active == "overview":
                fields.focus_first()

    def watch_pending(self) -> None:
        self.dirty = bool(self.pending)

    def show_overview(self, overview: CompanyOverview) -> None:
        """Hand what was read down to the widgets that show it."""
        self.query_one(GroupChart).bars = overview.counts
        self.query_one(RecentTickets).rows = overview.recent_tickets
        self.contact_rows = overview.contacts.rows
        self._show_contacts(overview.contacts.has_more, keep=True)
        self.show_activities(overview.company)

    def _show_contacts(self, has_more: bool, keep: bool) -> None:
        count = f"{len(self.contact_rows)}{'+' if has_more else ''}"
        label = f"{count} contact{'' if count == '1' else 's'}"
        heading = f"{label} · the primary one first" if self.contact_rows else "No contacts yet"
        widget = self.query_one(CompanyContacts)
        widget.show(self.contact_rows, heading, has_more, keep=keep)
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("contacts").label = content(f"2 Contacts ({count})")

    def tickets_counted(self, page: TicketPage) -> None:
        """The tab's count follows the list when it lists them all."""
        if page.query.view == SubView.ALL and not page.query.statuses:
            total = f"{page.total}+" if page.total_capped else page.total
            self.query_one(TabbedContent).get_tab("tickets").label = content(f"3 Tickets ({total})")

    def action_tab(self, tab: str) -> None:
        """Show a tab and put the cursor in it (focus left in a hidden tab would pull it back)."""
        self.query_one(TabbedContent).active = tab
        if tab == "overview":
            self.query_one(FieldList).focus_first()
        elif tab == "contacts":
            self.query_one(CompanyContacts).options.focus()
        elif tab == "tickets":
            self.query_one(TicketTable).focus_rows()
        else:
            self.focus_activities()

    def on_more_contacts(self, message: MoreContacts) -> None:
        if self.company is not None:
            self.load_contacts(self.company.reference, len(self.contact_rows))

    @work(thread=True, exclusive=True, group="contacts", exit_on_error=False)
    def load_contacts(self, reference: str, offset: int) -> None:
        """The next page of contacts, in a thread."""
        try:
            page = self.app.store.company.contacts(reference, offset)
        except Exception as error:  # said, the rows kept
            self.post_message(CompanyContactsLoaded(error=sentence(error)))
            return
        self.post_message(CompanyContactsLoaded(page))

    def on_company_contacts_loaded(self, message: CompanyContactsLoaded) -> None:
        page = message.page
        if page is None:
            self.notify(clean(message.error, 400), severity="error", markup=False)
            return
        self.contact_rows = self.contact_rows[: page.offset] + page.rows
        self._show_contacts(page.has_more, keep=True)

    def on_open_contact(self, message: OpenContact) -> None:
        message.stop()
        self.app.open_contact(message.reference)

    def on_recent_tickets_open(self, message: RecentTickets.Open) -> None:
        self.app.open_ticket(message.reference)

    def on_make_primary(self, message: MakePrimary) -> None:
        """Ask first, naming the contact and the one whose mark moves (or the company)."""
        company = self.company
        row = next((c for c in self.contact_rows if c.reference == message.reference), None)
        if company is None or row is None:
            return
        who = f"{row.name} ({row.reference})"
        if row.is_primary:
            said = f"{who} is the primary contact of {company.name} already."
            self.notify(clean(said, 400), markup=False)
            return
        if not row.active:
            said = f"{who} is deactivated: only an active contact can be the primary one."
            self.notify(clean(said, 400), severity="warning", markup=False)
            return
        current = next((c for c in self.contact_rows if c.is_primary), None)
        instead = (
            f", instead of {current.name} ({current.reference})?"
            if current
            else "? It has no primary contact now."
        )
        question = f"Make {who} the primary contact of {company.name}{instead}"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.set_primary(company.reference, row)

        self.app.push_screen(ConfirmScreen(question, "Make primary  y"), confirmed)

    @work(thread=True, exclusive=True, group="primary", exit_on_error=False)
    def set_primary(self, reference: str, row: CompanyContact) -> None:
        """Move the primary mark in a thread; the outcome comes back as a message."""
        try:
            contact = self.app.store.company.set_primary(reference, row.reference)
        except Exception as error:  # a deactivated contact, a locked database: said
            self.post_message(PrimarySet(error=f"Nothing was changed: {sentence(error)}"))
            return
        self.post_message(PrimarySet(contact))

    def on_primary_set(self, message: PrimarySet) -> None:
        contact, company = message.contact, self.company
        if contact is None or company is None:
            self.notify(clean(message.error, 400), severity="error", markup=False)
            return
        said = f"{contact.name} ({contact.reference}) is the primary contact of {company.name} now."
        self.notify(clean(said, 400), markup=False)
        self.load(keep_edits=True)

    def _ticket_contact(self) -> CompanyContact | None:
        """Whom ``n`` opens a ticket for: the highlighted contact on the Contacts tab, else
        the primary one."""
        if self.query_one(TabbedContent).active == "contacts":
            reference = self.query_one(CompanyContacts).options.highlighted_reference
            highlighted = next((c for c in self.contact_rows if c.reference == reference), None)
            if highlighted is not None:
                return highlighted
        return next((c for c in self.contact_rows if c.is_primary), None)

    def action_new_ticket(self) -> None:
        """A new ticket for one of the company's contacts; it shows in the lists once made."""
        company = self.company
        if company is None:
            return
        contact = self._ticket_contact()
        if contact is not None:
            self.app.new_ticket(contact.reference, contact.name, self.refresh_tickets)
            return
        if self.contact_rows:
            said = (
                f"{company.name} has no primary contact to open a ticket for: pick one on the "
                "Contacts tab (2), then press n."
            )
        else:
            said = f"{company.name} has no contact to open a ticket for: ctrl+n adds one."
        self.notify(clean(said, 400), severity="warning", markup=False)

    def action_new_contact(self) -> None:
        """A new contact at this company (it opens once made; back here, it is listed)."""
        if self.company is not None:
            self.app.new_contact(company=self.company.name)

    def _leave(self, then: Callable[[], object]) -> None:
        """Run ``then``, after a yes if edits are pending (they are dropped)."""
        if not self.dirty:
            then()
            return

        def discard(yes: bool | None) -> None:
            if yes:
                self.pending, self.errors = {}, {}
                then()

        self.app.push_screen(
            ConfirmScreen("Discard the unsaved changes to this company?", "Discard"), discard
        )

    def action_back(self) -> None:
        self._leave(self.app.pop_screen)

    def action_reload(self) -> None:
        self.refresh_tickets()
        self.refresh_activities()
        self._leave(self.load)
