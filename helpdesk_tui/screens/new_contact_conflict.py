"""Identity conflict of the New contact form: an email, phone or handle typed for a contact not
created yet belongs to another contact.

The contact screen's dialog (``identity_conflict``) offers "move it here / merge the two";
a contact that does not exist yet cannot be merged, so this one offers, with the owner named:
move it here (the contact is created with it, taken from its owner, in one operation that
``u`` undoes), open the owner instead (perhaps they are the person being typed in; the form
closes and a note lists what was typed), or keep editing (the default: ``enter`` or ``escape``
at once changes nothing, and the field stays marked).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..store.errors import IdentityConflict
from ..text import content
from .identity_conflict import ConflictChoice, conflict_heading, owner_of

OPEN_LABEL = 24
"""The open button's label ("Open" and the owner's name) is cut to this many characters (the
sentence above has the name whole), so the three buttons fit in the dialog at 80 columns."""


class NewContactConflictScreen(ModalScreen[ConflictChoice | None]):
    """Dismisses with MOVE or OPEN, or None (keep editing)."""

    BINDINGS = [
        Binding(
            "escape",
            "dismiss(None)",
            "Keep editing",
            tooltip="Back to the form, nothing changed",
            id="keep",
        ),
        Binding("h", "choose('move')", "Move it here", show=False, id="move"),
        Binding("o", "choose('open')", "Open the owner", show=False, id="open"),
    ]

    def __init__(self, conflict: IdentityConflict) -> None:
        super().__init__()
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        conflict = self.conflict
        owner = owner_of(conflict)
        with Vertical(classes="dialog identity-conflict"):
            yield from conflict_heading(conflict)
            yield Static(
                content(
                    f"Move it here (h) creates the new contact with it, taking it from {owner}: "
                    f"one change, which u undoes. Open {conflict.owner_name} instead (o) closes "
                    "this form; a note lists what you typed. Keep editing (escape) changes "
                    f"nothing: the {conflict.kind} stays marked.",
                    "$text-muted",
                    max_len=800,
                )
            )
            with Horizontal(classes="buttons"):
                yield Button("Move it here", id="move")
                yield Button(content(f"Open {conflict.owner_name}", max_len=OPEN_LABEL), id="open")
                yield Button("Keep editing", variant="primary", id="keep")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choice = event.button.id
        self.dismiss(None if choice in (None, "keep") else ConflictChoice(choice))

    def action_choose(self, choice: str) -> None:
        self.dismiss(ConflictChoice(choice))
