"""Edit conflict: another agent saved this contact after it was opened here.

Nothing is ever overwritten silently; the agent reads who changed what and chooses.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..text import content


class ConflictScreen(ModalScreen[str | None]):
    """Dismisses with "reload", "overwrite" or None (keep editing)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Keep editing", id="keep"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(content("Someone else saved this contact", "bold $warning"))
            yield Static(content(self.message, max_len=500), classes="question")
            yield Static(
                content(
                    "Reload shows their version (your edits are dropped). Overwrite saves your "
                    "edits on top of theirs. Escape keeps editing.",
                    "$text-muted",
                    max_len=400,
                )
            )
            with Horizontal(classes="buttons"):
                yield Button("Reload", variant="primary", id="reload")
                yield Button("Overwrite", variant="error", id="overwrite")
                yield Button("Keep editing", id="keep")

    def on_mount(self) -> None:
        self.query_one("#reload", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "keep" else event.button.id)
