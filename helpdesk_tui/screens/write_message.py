"""Write a reply to the customer or an internal note on a ticket: a text area in a dialog."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ..text import content
from .confirm import ConfirmScreen


class WriteScreen(ModalScreen[str | None]):
    """Dismisses with the text written (``ctrl+s``), or None (``escape``, asking first when
    something was typed: a half-written reply is never dropped by a slip)."""

    BINDINGS = [
        Binding("ctrl+s", "send", "Send", tooltip="Add it to the ticket", id="send"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without adding it", id="cancel"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog write"):
            yield Static(content(self.title_text, "bold"))
            yield TextArea(id="body", soft_wrap=True, show_line_numbers=False)
            yield Static(content("ctrl+s adds it · escape cancels", "$text-muted"))

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_send(self) -> None:
        text = self.query_one(TextArea).text
        if not text.strip():
            self.notify("Nothing written yet.", severity="warning", timeout=3)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        if not self.query_one(TextArea).text.strip():
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmScreen("Discard what you wrote?", "Discard"),
            lambda yes: self.dismiss(None) if yes else None,  # type: ignore[arg-type]
        )
