"""New ticket (``n``) for a contact: subject, group, priority, assignee, first message.

Checked by the store exactly as ``helpdesk-tui ticket new``: a refused field (an empty subject,
an agent nobody knows) is marked under it and the form stays as typed. ``enter`` in the group
or assignee box opens the ticket screen's picker (``picker.PickerScreen``), filtered by what
the box holds, and puts what is picked in the box.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from ..messages import TicketChanged, TicketRefused
from ..store.database.failures import sentence
from ..store.errors import InvalidInput
from ..store.kinds import PRIORITIES
from ..store.tickets.views import TicketDetail
from ..text import clean, content
from .confirm import ConfirmScreen
from .picker import PickerScreen
from .ticket_choices import assignee_choices, group_choices

if TYPE_CHECKING:
    from ..app import HelpdeskApp

NOBODY = "-"
"""Typed as the assignee: nobody (left empty, the ticket is the agent's own)."""
FIELDS = ("subject", "group", "priority", "assignee", "body")


class NewTicketScreen(ModalScreen[TicketDetail | None]):
    """Dismisses with the ticket opened, or None."""

    if TYPE_CHECKING:
        app: HelpdeskApp

    BINDINGS = [
        Binding("ctrl+s", "create", "Create", tooltip="Open the ticket", id="create"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without opening it", id="cancel"),
    ]
    TITLE = "New ticket"
    HELP = (
        "tab moves between the fields. enter in the Group or Assignee box picks from the ones "
        "in use (what the box holds filters them; a new one is the last choice)."
    )

    errors: var[dict[str, str]] = var(dict, always_update=True)

    def __init__(self, contact: str, name: str) -> None:
        super().__init__()
        self.contact = contact
        self.name_shown = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form new-ticket"):
            yield Static(content(f"New ticket for {self.name_shown} ({self.contact})", "bold"))
            with VerticalScroll():
                for name, label, placeholder in (
                    ("subject", "Subject", "what the caller needs (required)"),
                    ("group", "Group", "department (optional) · enter: pick one"),
                ):
                    with Horizontal(classes="form-row"):
                        yield Label(content(label), classes="form-label")
                        yield Input(id=name, placeholder=placeholder, compact=True)
                    yield Static(classes="form-error", id=f"{name}-error")
                with Horizontal(classes="form-row"):
                    yield Label(content("Priority"), classes="form-label")
                    yield Select(
                        [(p, p) for p in PRIORITIES],
                        value="normal",
                        allow_blank=False,
                        id="priority",
                        compact=True,
                    )
                yield Static(classes="form-error", id="priority-error")
                with Horizontal(classes="form-row"):
                    yield Label(content("Assignee"), classes="form-label")
                    yield Input(
                        id="assignee",
                        placeholder=f"me · a username · {NOBODY} nobody · enter: pick one",
                        compact=True,
                    )
                yield Static(classes="form-error", id="assignee-error")
                yield Label(content("First message (optional)"), classes="form-row")
                yield TextArea(id="body", soft_wrap=True, compact=True)
                yield Static(classes="form-error", id="body-error")
            with Horizontal(classes="buttons"):
                yield Button("Create  ctrl+s", variant="primary", id="create", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#subject", Input).focus()

    def _typed(self) -> bool:
        boxes = any(box.value.strip() for box in self.query(Input))
        return boxes or bool(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        """Close; if anything was typed, only after a yes."""
        if not self._typed():
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmScreen("Discard this new ticket? What you typed is lost.", "Discard"),
            lambda yes: self.dismiss(None) if yes else None,  # type: ignore[arg-type]
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """``enter`` in the group or assignee box: pick from the ones in use."""
        box = event.input
        if box.id not in ("group", "assignee"):
            return
        event.stop()
        store = self.app.store
        load = group_choices if box.id == "group" else assignee_choices
        title = "Group of the new ticket" if box.id == "group" else "Assignee of the new ticket"
        typed = box.value.strip()
        hint = "type to filter · enter puts the highlighted one in the form · escape keeps it"

        def picked(value: str | None) -> None:
            if value is not None:  # an Input shows its value raw: clean() a stranger's group
                box.value = NOBODY if box.id == "assignee" and not value else clean(value)

        typed = "" if typed == NOBODY else typed
        self.app.push_screen(PickerScreen(title, lambda: load(store), None, typed, hint), picked)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_cancel()

    def action_create(self) -> None:
        typed = self.query_one("#assignee", Input).value.strip()
        assignee = None if not typed else "" if typed == NOBODY else typed
        self.create(
            subject=self.query_one("#subject", Input).value,
            group=self.query_one("#group", Input).value,
            priority=str(self.query_one("#priority", Select).value),
            assignee=assignee,
            body=self.query_one(TextArea).text,
        )

    @work(thread=True, exclusive=True, group="create", exit_on_error=False)
    def create(
        self, subject: str, group: str, priority: str, assignee: str | None, body: str
    ) -> None:
        """Open the ticket in a thread; a refused field comes back by name."""
        try:
            detail = self.app.store.tickets.open(
                subject=subject,
                contact=self.contact,
                group=group,
                priority=priority,
                assignee=assignee,
                body=body,
            )
        except InvalidInput as error:
            self.post_message(TicketRefused(sentence(error), field=error.field))
        except Exception as error:  # a locked or broken database: said, the form kept
            self.post_message(TicketRefused(f"Nothing was created: {sentence(error)}"))
        else:
            self.post_message(TicketChanged(detail, f"Opened {detail.reference}."))

    def on_ticket_refused(self, message: TicketRefused) -> None:
        field = message.field if message.field in FIELDS else ""
        self.errors = {field: message.message} if field else {}
        self.notify(clean(message.message, 400), severity="error", markup=False)
        if field:
            self.query_one(f"#{field}").focus()

    def watch_errors(self, errors: dict[str, str]) -> None:
        for name in FIELDS:
            shown = self.query_one(f"#{name}-error", Static)
            shown.update(content(errors.get(name, ""), "$error", max_len=300))
            shown.set_class(name in errors, "-shown")

    def on_ticket_changed(self, message: TicketChanged) -> None:
        self.notify(clean(message.said), markup=False)
        self.dismiss(message.detail)
