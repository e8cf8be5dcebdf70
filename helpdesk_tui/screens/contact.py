"""A contact: header, then Details · Customer Data · Tickets · Activities · SLA on keys 1-5.

The screen owns the state: the loaded detail, the pending field edits and contact-method changes,
and the errors of the last save. Widgets get them by ``data_bind`` and post what the agent asked
for; loading and saving run in thread workers that post messages back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane

from ..messages import ContactLoaded
from ..store.contacts.fields import FIELDS, IdentityOp
from ..store.contacts.views import ContactDetail, ContactView
from ..store.database.failures import sentence
from ..store.kinds import KINDS
from ..store.sla import TicketDue
from ..store.tickets.views import SubView, TicketPage, TicketQuery
from ..text import clean, content
from ..widgets.activity_table import ActivityTable
from ..widgets.contact_header import ContactHeader
from ..widgets.contact_methods import ContactMethods, MethodRow
from ..widgets.field_list import FieldList
from ..widgets.key_bar import KeyBar
from ..widgets.recent_tickets import RecentTickets
from ..widgets.record_table import RecordTable
from ..widgets.screen_tabs import ScreenTabs
from ..widgets.ticket_table import TicketTable
from . import contact_records as records
from .activity_listing import ActivityListing, ActivityOwner
from .confirm import ConfirmScreen
from .contact_drafts import DraftKeeping
from .contact_keeping import KeptContact
from .contact_lifecycle import LIFECYCLE_BINDING, ContactLifecycle
from .contact_merging import ContactMerging
from .contact_saving import ContactSaving
from .contact_tickets import ContactTickets
from .details_editing import DetailsEditing, method_problems
from .kept_styles import KeptStyles
from .late_results import DropsLateResults
from .pending_methods import method_rows
from .ticket_listing import TicketListing
from .undoing import UNDO_BINDING, ContactUndoing, history_binding

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..app import HelpdeskApp

TABS = ("details", "customer-data", "tickets", "activities", "sla")


class ContactScreen(
    DropsLateResults,
    KeptStyles,
    KeptContact,
    DraftKeeping,
    ContactMerging,
    ContactLifecycle,
    DetailsEditing,
    ContactSaving,
    ContactTickets,
    TicketListing,
    ActivityListing,
    ContactUndoing,
    Screen[None],
):
    """One contact, its tabs, and the Details editor."""

    if TYPE_CHECKING:  # Textual types ``app`` as App[Any]; screens run inside HelpdeskApp
        app: HelpdeskApp

    BINDINGS = [
        Binding(
            "1",
            "tab('details')",
            "Details",
            show=False,
            tooltip="Fields and contact methods",
            id="tab-1",
        ),
        Binding(
            "2", "tab('customer-data')", "Data", show=False, tooltip="Customer data", id="tab-2"
        ),
        Binding(
            "3",
            "tab('tickets')",
            "Tickets",
            show=False,
            tooltip="The contact's tickets",
            id="tab-3",
        ),
        Binding(
            "4", "tab('activities')", "Activities", show=False, tooltip="Calls, notes…", id="tab-4"
        ),
        Binding(
            "5", "tab('sla')", "SLA", show=False, tooltip="SLA policy and due tickets", id="tab-5"
        ),
        Binding("ctrl+s", "save", "Save", tooltip="Save every pending edit", id="save"),
        Binding("escape", "back", "Back", tooltip="Back to the results", id="back"),
        *(UNDO_BINDING, history_binding("contact", show=True), LIFECYCLE_BINDING),
        Binding(
            "a",
            "add",
            "Add",
            show=False,
            tooltip="Details: add a contact method · Activities: log an activity",
            id="add",
        ),
        Binding(
            "ctrl+n",
            "new_contact",
            "New contact",
            show=False,
            tooltip="New contact at this company",
            id="new",
        ),
        Binding("r", "reload", "Reload", show=False, tooltip="Read the contact again", id="reload"),
        Binding(
            "n", "new_ticket", "New ticket", tooltip="New ticket for this contact", id="ticket"
        ),
        Binding("m", "merge", "Merge", tooltip="Merge this contact with another", id="merge"),
    ]
    KEY_BAR_SPARE = ("quit", "back")
    """At 80 columns ``ctrl+q`` and ``escape`` (known everywhere, listed in ``?``) give the
    key bar their room, so ``h`` and ``m`` are in sight beside the editing keys
    (``widgets.key_bar``)."""
    HELP = (
        "On a field: e or enter edits it in place, enter keeps the new value, escape drops it. "
        "Edits stay pending (marked) until ctrl+s saves them all at once; until then they are "
        "kept as a draft, offered back here if the connection drops or the app is killed. "
        "Down from the last contact method goes to the five recent tickets; enter opens one "
        "(on the SLA tab too)."
    )

    detail: var[ContactDetail | None] = var(None)
    contact: var[ContactView | None] = var(None)
    merged_from: var[str] = var("")
    values: var[dict[str, str]] = var(dict, always_update=True)
    pending: var[dict[str, str]] = var(dict, always_update=True)
    ops: var[tuple[IdentityOp, ...]] = var(tuple, always_update=True)
    errors: var[dict[str, str]] = var(dict, always_update=True)
    method_rows: var[tuple[MethodRow, ...]] = var(tuple, always_update=True)
    dirty: var[bool] = var(False)
    saving: var[bool] = var(False)

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        self.due: tuple[TicketDue, ...] = ()
        """The SLA tab's most urgent open tickets, as their SLA stands (``load_due``)."""
        self.new_company: str | None = None
        self.shown_just_read = False
        """Pushed by the app just now, having read its contact while Home stayed up."""

    def compose(self) -> ComposeResult:
        yield ContactHeader().data_bind(
            contact=ContactScreen.contact,
            merged_from=ContactScreen.merged_from,
            unsaved=ContactScreen.dirty,
        )
        with ScreenTabs(initial="details"):
            with TabPane("1 Details", id="details"), VerticalScroll():
                yield FieldList([(f.name, f.label) for f in FIELDS], id="fields").data_bind(
                    values=ContactScreen.values,
                    pending=ContactScreen.pending,
                    errors=ContactScreen.errors,
                )
                yield ContactMethods(KINDS, id="methods").data_bind(rows=ContactScreen.method_rows)
                yield RecentTickets(id="recent")
            with TabPane("2 Customer Data", id="customer-data"):
                yield RecordTable(
                    records.CUSTOM_COLUMNS,
                    "No customer data",
                    flex="Value",
                    id="custom",
                )
            with TabPane("3 Tickets", id="tickets"):
                yield TicketTable(id="ticket-table")
            with TabPane("4 Activities", id="activities"):
                yield ActivityTable(id="activity-table")
            with TabPane("5 SLA", id="sla"), VerticalScroll():
                yield Static(id="sla-policy")
                yield RecordTable(records.TARGET_COLUMNS, "No targets", id="sla-targets")
                yield RecordTable(
                    records.DUE_COLUMNS,
                    "No open tickets",
                    flex="Subject",
                    id="sla-due",
                )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(FieldList).focus_first()
        self.load(offer_draft=True)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self, offer_draft: bool = False) -> None:
        """Read the contact in a thread, with the first page of its tickets when the screen
        lists none of this contact's yet; on opening, also a draft of edits left unsaved on it."""
        listed, requested = self.ticket_query, self.reference
        try:
            detail = self.app.store.contact(requested, urgent=False)
            reference = detail.contact.reference
            tickets = None
            if listed is None or listed.contact != reference:
                tickets = self.app.store.tickets.page(TicketQuery(contact=reference))
        except Exception as error:  # a missing contact or a broken database: said, then back
            self.post_message(ContactLoaded(requested, error=sentence(error)))
            return
        draft = self.app.drafts.find(reference) if offer_draft else None
        self.post_message(ContactLoaded(requested, detail, draft=draft, tickets=tickets))

    async def on_contact_loaded(self, message: ContactLoaded) -> None:
        if message.requested != self.reference:
            return  # read for the contact this screen showed before
        if message.error:
            self.notify(clean(message.error), severity="error", markup=False)
            if self.is_current:
                self.app.pop_screen()
            await self.app.contact_arrived(self, found=False)
            return
        # Edits typed while the contact was still loading are the agent's: they stay pending.
        typed = (self.pending, self.ops) if self.contact is None else ({}, ())
        self.draft_version = None
        self.pending, self.ops, self.errors = {}, (), {}
        if message.tickets is not None:
            self.show_first_page(message.tickets)
        self.detail = message.detail
        if any(typed):
            self.pending, self.ops = typed
        self.shown_just_read = await self.app.contact_arrived(self)
        if message.draft is not None:
            self.offer_draft(message.draft)

    def on_screen_resume(self, event: events.ScreenResume | None = None) -> None:
        """Shown with its lists just read (``shown_just_read``) or back from another screen, when
        the mixins read them again (``lists_fresh``). Runs before their handlers (and then
        ``KeptStyles``' takes the event)."""
        self.lists_fresh, self.shown_just_read = self.shown_just_read, False

    def watch_detail(self, detail: ContactDetail | None) -> None:
        if detail is None:
            return
        self.reference = detail.contact.reference
        self.contact = detail.contact
        self.merged_from = detail.merged_from
        self.query_one("#custom", RecordTable).records = records.custom_records(detail)
        self.query_one(TabbedContent).get_tab("tickets").label = content(
            f"3 Tickets ({detail.ticket_count}{'+' if detail.ticket_count_capped else ''})"
        )
        # The other tabs' reads wait for this paint: started together, they held it back.
        self.call_after_refresh(self._read_the_rest, detail)

    def _read_the_rest(self, detail: ContactDetail) -> None:
        if detail is not self.detail or self._pruning:
            return  # another contact, or the same read again, since; or the app is leaving
        self.list_activities(
            ActivityOwner(contact=self.reference, label=f"{detail.contact.name} ({self.reference})")
        )
        self.load_recent()
        self.show_sla(detail)

    def _forget_shown(self) -> None:
        """Show no contact: every state of the last one goes, and the Details tab is up."""
        self.draft_version, self._drafted = None, False
        self.new_company, self.company_typed = None, ""
        self.saving = False
        self.contact = None
        self.pending, self.ops, self.errors = {}, (), {}
        self.detail, self.merged_from, self.values = None, "", {}
        self.forget_tickets()
        self.forget_activities()
        self.forget_contact_tickets()
        self.query_one(FieldList).close_open_edit()
        self.query_one(ContactMethods).close_form()
        self.query_one("#custom", RecordTable).records = ()
        self.query_one(TabbedContent).get_tab("tickets").label = content("3 Tickets")
        self.action_tab("details")

    def watch_contact(self, contact: ContactView | None) -> None:
        if contact is not None:
            self.values = {f.name: contact.shown(f.name) for f in FIELDS}
            self._refresh_methods()

    def watch_pending(self) -> None:
        self.dirty = bool(self.pending or self.ops)
        self._refresh_methods()
        self.follow_edits()

    def watch_ops(self) -> None:
        self.dirty = bool(self.pending or self.ops)
        self._refresh_methods()
        self.follow_edits()

    def watch_errors(self) -> None:
        self._refresh_methods()

    def _refresh_methods(self) -> None:
        """The contact methods as they will be once the pending changes are saved."""
        if self.contact is not None:
            problems = method_problems(self.ops, self.phone_region())
            self.method_rows = method_rows(
                self.contact.identities, self.ops, problems | self.errors
            )

    def action_tab(self, tab: str) -> None:
        """Show a tab and put the cursor in it (focus left in a hidden tab would pull it back)."""
        self.query_one(TabbedContent).active = tab
        if tab == "details":
            self.query_one(FieldList).focus_first()
        elif tab == "tickets":
            self.query_one(TicketTable).focus_rows()
        elif tab == "activities":
            self.query_one(ActivityTable).focus_rows()
        elif tab == "sla":
            self.query_one("#sla-due", RecordTable).focus()  # the tickets, which enter opens
        else:
            self.query_one(f"#{tab} RecordTable", RecordTable).focus()

    def action_new_contact(self) -> None:
        """A new contact, at this contact's company (a colleague calling, typically)."""
        self.app.new_contact(company=self.contact.company if self.contact else "")

    def action_new_ticket(self) -> None:
        """A new ticket for this contact; it shows in the Tickets tab once made."""
        if self.contact is not None:
            self.app.new_ticket(self.contact.reference, self.contact.name, self.refresh_tickets)

    def tickets_counted(self, page: TicketPage) -> None:
        """The tab's count follows the list when it lists them all (a ticket made or moved)."""
        if page.query.view == SubView.ALL and not page.query.statuses:
            total = f"{page.total}+" if page.total_capped else page.total
            self.query_one(TabbedContent).get_tab("tickets").label = content(f"3 Tickets ({total})")

    def action_add(self) -> None:
        """On the Activities tab, log an activity; anywhere else, add a contact method."""
        if self.query_one(TabbedContent).active == "activities":
            self.action_log_activity()
            return
        self.action_tab("details")
        self.query_one(ContactMethods).action_open_form()

    def _leave(self, then: Callable[[], object]) -> None:
        if not self.dirty:
            then()
            return

        def discard(yes: bool | None) -> None:
            if yes:
                self.discard_draft()
                then()

        self.app.push_screen(
            ConfirmScreen("Discard the unsaved changes to this contact?", "Discard"), discard
        )

    def action_back(self) -> None:
        self._leave(self.app.pop_screen)

    def action_reload(self) -> None:
        self.refresh_tickets()
        self.refresh_activities()
        self._leave(self.load)
