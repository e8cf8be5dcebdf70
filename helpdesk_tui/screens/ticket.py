"""A ticket: its fields, who asked, and the thread oldest first; status, priority, group and
assignee changed in place, a reply or an internal note added, the contact changed.

The screen owns the ticket as loaded (``detail``, with its version). Every change is saved at
once, presenting that version: if someone saved the ticket since, nothing is written, the agent
is told who changed what, and the ticket is shown as it is now (never overwritten silently).
Bodies are strangers' text: plain text through ``text.py``, never Markdown (its links would open
a browser on the server).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..messages import TicketChanged, TicketLoaded, TicketRefused
from ..store.database.failures import sentence
from ..store.errors import InvalidInput, NotFound, StaleEdit
from ..store.kinds import PRIORITIES
from ..store.tickets.views import STATUSES, MessageKind, TicketDetail
from ..text import cells, clean, clean_block, content, join
from ..widgets.key_bar import KeyBar
from .choice import ChoiceScreen
from .contact_records import span_minutes
from .late_results import DropsLateResults
from .picker import PickerScreen
from .ticket_choices import assignee_choices, group_choices
from .ticket_moving import TicketMoving, stale_sentence
from .undoing import UNDO_BINDING, TicketUndoing, history_binding
from .write_message import WriteScreen

if TYPE_CHECKING:
    from datetime import datetime

    from ..app import HelpdeskApp

FIELDS = (
    ("status", "Status"),
    ("priority", "Priority"),
    ("group", "Group"),
    ("assignee", "Assignee"),
)
KIND_LABELS = {
    MessageKind.CUSTOMER: ("Customer", "bold"),
    MessageKind.REPLY: ("Reply", "bold $success"),
    MessageKind.NOTE: ("Internal note", "bold $warning"),
}
BODY_MAX = 20_000
"""Characters of one message shown: a long email whole, a pasted log cut."""


def when(moment: datetime | None) -> str:
    """A timestamp in the server's local time, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


class TicketScreen(DropsLateResults, TicketMoving, TicketUndoing, Screen[None]):
    """One ticket; ``escape`` goes back to the list it was opened from."""

    if TYPE_CHECKING:
        app: HelpdeskApp

    TITLE = "Ticket"
    BINDINGS = [
        Binding("s", "pick('status')", "Status", tooltip="Change the status", id="status"),
        Binding("p", "pick('priority')", "Priority", tooltip="Change the priority", id="priority"),
        Binding("g", "pick('group')", "Group", show=False, tooltip="Change the group", id="group"),
        Binding(
            "a",
            "pick('assignee')",
            "Assign",
            show=False,
            tooltip="Change the assignee",
            id="assign",
        ),
        Binding("R", "write('reply')", "Reply", tooltip="Reply to the customer", id="reply"),
        Binding("i", "write('note')", "Note", tooltip="Add an internal note", id="note"),
        Binding("c", "move", "Contact", tooltip="Change the ticket's contact", id="move"),
        Binding("r", "reload", "Reload", show=False, tooltip="Read the ticket again", id="reload"),
        Binding("escape", "back", "Back", tooltip="Back to the list", id="back"),
        *(UNDO_BINDING, history_binding("ticket")),
    ]
    HELP = (
        "enter on a field (or s, p, g, a) changes it, picked from a list (for a group or an "
        "assignee, type to filter it, or to use a new one); it is saved at once. If someone "
        "changed the ticket since you opened it, nothing is saved: you are told who changed "
        "what and see it as it is now. R replies to the customer, i adds a note only agents see "
        "(r stays refresh)."
    )

    detail: var[TicketDetail | None] = var(None)

    def __init__(self, reference: str, detail: TicketDetail | None = None) -> None:
        super().__init__()
        self.reference = reference
        self.loaded = detail

    def compose(self) -> ComposeResult:
        yield Static(id="ticket-title")
        with Horizontal(id="ticket-top"):
            yield OptionList(id="ticket-fields")
            yield Static(id="ticket-facts")
        yield VerticalScroll(id="thread", can_focus=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#ticket-fields", OptionList).focus()
        if self.loaded is not None:
            self.detail = self.loaded
        else:
            self.load()

    @work(thread=True, exclusive=True, group="ticket-load", exit_on_error=False)
    def load(self) -> None:
        """Read the ticket and its thread in a thread."""
        try:
            detail = self.app.store.tickets.get(self.reference)
        except Exception as error:  # a missing ticket, a broken database: said, then back
            missing = isinstance(error, NotFound)
            self.post_message(TicketLoaded(error=sentence(error), missing=missing))
            return
        self.post_message(TicketLoaded(detail))

    def on_ticket_loaded(self, message: TicketLoaded) -> None:
        if message.detail is None:
            self.notify(clean(message.error, 400), severity="error", markup=False)
            if self.is_current:
                self.app.pop_screen()
            return
        self.detail = message.detail

    def watch_detail(self, detail: TicketDetail | None) -> None:
        if detail is None:
            return
        row = detail.row
        self.reference = row.reference
        self.query_one("#ticket-title", Static).update(
            join([(row.reference, "bold $accent"), (row.subject, "bold")], max_len=300)
        )
        values = {
            "status": row.status,
            "priority": row.priority,
            "group": row.group or "—",
            "assignee": detail.assignee_name or row.assignee or "nobody",
        }
        fields = self.query_one("#ticket-fields", OptionList)
        highlighted = fields.highlighted
        fields.set_options(
            Option(cells(((label, 9, "bold"), (values[name], 22, ""))), id=name)
            for name, label in FIELDS
        )
        fields.highlighted = highlighted if highlighted is not None else 0
        self.query_one("#ticket-facts", Static).update(self._facts(detail))
        self._show_thread(detail)

    @staticmethod
    def _facts(detail: TicketDetail) -> Content:
        row = detail.row
        if row.contact_reference:
            who = join(["Contact", (row.contact_name, "bold"), row.contact_reference, row.company])
        else:
            who = join(["Requester (no contact)", (row.requester_name, "bold"), detail.requester])
        spent = span_minutes(detail.time_spent_minutes)
        lines = [
            who,
            content(f"Created {when(row.created_at)}"),
            content(f"Updated {when(row.updated_at)}"),
            join([f"Channel {clean(detail.channel)}", f"time spent {spent}"]),
        ]
        if row.next_due is not None:
            lines.append(join(["Next SLA due", (when(row.next_due), "bold")], separator=" "))
        return Content("\n").join(lines)

    def _show_thread(self, detail: TicketDetail) -> None:
        thread = self.query_one("#thread", VerticalScroll)
        thread.remove_children()
        blocks: list[Static] = []
        for message in detail.messages:
            label, style = KIND_LABELS[message.kind]
            heading = join([(label, style), message.author, when(message.created_at)])
            blocks.append(Static(heading, classes="message-heading"))
            body = Content(clean_block(message.body, BODY_MAX))
            blocks.append(Static(body, classes=f"message-body -{message.kind.value}"))
        if not blocks:
            blocks.append(Static(content("No messages yet.", "italic $text-muted")))
        thread.mount_all(blocks)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "ticket-fields" and event.option.id:
            self.action_pick(event.option.id)

    def action_pick(self, field: str) -> None:
        """A picker for the field; what is picked is saved at once."""
        detail = self.detail
        if detail is None:
            return
        row, version = detail.row, detail.version
        label = dict(FIELDS)[field]
        title = f"{label} of {row.reference}"

        def picked(value: str | None) -> None:
            if value is not None:
                self.set_field(row.reference, version, field, value.strip())

        if field in ("status", "priority"):
            choices = STATUSES if field == "status" else PRIORITIES
            current = row.status if field == "status" else row.priority
            self.app.push_screen(ChoiceScreen(title, choices, current), picked)
        else:
            store = self.app.store
            load = group_choices if field == "group" else assignee_choices
            current = row.group if field == "group" else row.assignee
            hint = "type to filter · enter saves the highlighted one · escape keeps it"
            self.app.push_screen(
                PickerScreen(title, lambda: load(store), current, hint=hint), picked
            )

    @work(thread=True, exclusive=True, group="ticket-change", exit_on_error=False)
    def set_field(self, reference: str, version: int, field: str, value: str) -> None:
        """Save one field in a thread, presenting the version loaded."""
        try:
            changed = self.app.store.tickets.set(reference, version, **{field: value})
        except StaleEdit as error:
            self.post_message(TicketRefused(stale_sentence(error), current=error.current))
        except (InvalidInput, NotFound) as error:
            self.post_message(TicketRefused(sentence(error), field=error.field))
        except Exception as error:  # a locked or broken database: said, nothing saved
            self.post_message(TicketRefused(f"Nothing was saved: {sentence(error)}"))
        else:
            shown = (value or "nobody") if field == "assignee" else (value or "none")
            self.post_message(TicketChanged(changed, f"{reference}: {field} set to {shown}."))

    def action_write(self, kind: str) -> None:
        """Write a reply (sent to the customer) or an internal note."""
        if self.detail is None:
            return
        reference = self.detail.reference
        title = f"Reply to the customer on {reference}"
        if kind == "note":
            title = f"Internal note on {reference} (agents only)"

        def written(body: str | None) -> None:
            if body is not None:
                self.add_message(reference, kind, body)

        self.app.push_screen(WriteScreen(title), written)

    @work(thread=True, exclusive=True, group="ticket-change", exit_on_error=False)
    def add_message(self, reference: str, kind: str, body: str) -> None:
        """Add the reply or note in a thread."""
        tickets = self.app.store.tickets
        try:
            changed = (tickets.note if kind == "note" else tickets.reply)(reference, body)
        except Exception as error:  # an empty body, a locked database: said, nothing added
            self.post_message(TicketRefused(f"Nothing was added: {sentence(error)}"))
            return
        said = "Internal note added." if kind == "note" else "Reply added."
        self.post_message(TicketChanged(changed, said))

    def action_move(self) -> None:
        if self.detail is not None:
            self.move_ticket(self.detail.row)

    def on_ticket_changed(self, message: TicketChanged) -> None:
        self.notify(clean(message.said, 400), markup=False)
        self.detail = message.detail

    def on_ticket_refused(self, message: TicketRefused) -> None:
        self.notify(clean(message.message, 600), severity="error", markup=False, timeout=15)
        if message.current is not None:
            self.detail = message.current

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()
