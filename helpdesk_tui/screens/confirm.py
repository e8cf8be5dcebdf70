"""A yes/no question before something that cannot be taken back (discarding edits …)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..text import content


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True for the action, False for escape or "Cancel"."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Keep things as they are", id="cancel"),
        Binding("y", "confirm", "Yes", show=False, id="yes"),
        Binding("n", "cancel", "No", show=False, id="no"),
    ]

    def __init__(self, question: str, action: str) -> None:
        super().__init__()
        self.question = question
        self.action_label = action

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(content(self.question, max_len=400), classes="question")
            with Horizontal(classes="buttons"):
                yield Button(content(self.action_label), variant="error", id="confirm")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
