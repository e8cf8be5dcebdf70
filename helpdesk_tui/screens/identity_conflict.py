"""Identity conflict: a contact method being added belongs to another live contact.

(kind, normalised value) is unique across live contacts, so the save cannot just add it; the
agent chooses, with the owner named: move it here (it leaves the owner), merge the two contacts
(the preview, with the owner on the right), or cancel (it stays pending and marked). Cancel is
the default: ``enter`` or ``escape`` at once changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..store.errors import IdentityConflict
from ..text import content


def owner_of(conflict: IdentityConflict) -> str:
    """The contact that owns the method, as people know it."""
    return f"{conflict.owner_name} ({conflict.owner_reference})"


def conflict_heading(conflict: IdentityConflict) -> Iterator[Static]:
    """What both identity-conflict dialogs open with (this one and the New contact form's):
    the heading and the sentence naming the method and its owner."""
    yield Static(content(f"This {conflict.kind} belongs to another contact", "bold $warning"))
    yield Static(
        content(
            f"{conflict.kind} {conflict.value} already belongs to {owner_of(conflict)}.",
            max_len=500,
        ),
        classes="question",
    )


class ConflictChoice(StrEnum):
    """What the agent chose to do about a contact method another contact owns."""

    MOVE = "move"
    """Move it here: it leaves the owner and becomes this contact's."""
    MERGE = "merge"
    """Merge the two contacts (through the preview)."""
    OPEN = "open"
    """Open the owner instead (the New contact form: the contact does not exist yet)."""


class IdentityConflictScreen(ModalScreen[ConflictChoice | None]):
    """Dismisses with the choice, or None (cancel: keep editing)."""

    BINDINGS = [
        Binding(
            "escape", "dismiss(None)", "Cancel", tooltip="Leave it pending and marked", id="cancel"
        ),
        Binding("h", "choose('move')", "Move it here", show=False, id="move"),
        Binding("m", "choose('merge')", "Merge the two", show=False, id="merge"),
    ]

    def __init__(self, conflict: IdentityConflict, contact: str) -> None:
        """``contact``: the contact the method is being added to, as people know it."""
        super().__init__()
        self.conflict = conflict
        self.contact = contact

    def compose(self) -> ComposeResult:
        conflict = self.conflict
        owner = owner_of(conflict)
        with Vertical(classes="dialog identity-conflict"):
            yield from conflict_heading(conflict)
            yield Static(
                content(
                    f"Move it here (h) takes it from {owner} and gives it to {self.contact}. "
                    "Merge the two contacts (m) shows the preview of merging them: nothing is "
                    "merged before y there. Cancel (escape) leaves it pending, marked.",
                    "$text-muted",
                    max_len=800,
                )
            )
            with Horizontal(classes="buttons"):
                yield Button("Move it here", id="move")
                yield Button("Merge the two contacts", id="merge")
                yield Button("Cancel", variant="primary", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choice = event.button.id
        self.dismiss(None if choice in (None, "cancel") else ConflictChoice(choice))

    def action_choose(self, choice: str) -> None:
        self.dismiss(ConflictChoice(choice))
