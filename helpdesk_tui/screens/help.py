"""Help (``?``): the keys of the screen underneath, read from its live bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from ..text import content, rich_text

GENERAL = (
    ("/", "Search (back to Home, box focused)"),
    ("ctrl+p", "Jump to a contact by name"),
    ("?", "This help"),
    ("escape", "Cancel the edit or dialog, else go back"),
    ("ctrl+q", "Quit"),
)


class HelpScreen(ModalScreen[None]):
    """Lists what each key does here; escape, ? or q closes it.

    Only our own bindings are listed (they all carry an ``id``); Textual's scrolling keys
    would bury them. A screen's ``HELP_ROWS`` (Home's search filters) follow its keys.
    """

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss(None)", "Close", id="close"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under
        self.rows = self._rows(under)

    @staticmethod
    def _rows(under: Screen) -> list[tuple[str, str]]:
        seen: set[str] = set()
        rows: list[tuple[str, str]] = []
        for active in under.active_bindings.values():
            binding = active.binding
            if binding.id is None or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            label = binding.key_display or under.app.get_key_display(binding)
            rows.append((label, binding.tooltip or binding.description))
        known = {label for label, _ in rows}
        for key, text in GENERAL:
            label = under.app.get_key_display(Binding(key, ""))
            if label not in known:
                rows.append((label, text))
        return rows + list(getattr(under, "HELP_ROWS", ()))

    def compose(self) -> ComposeResult:
        title = getattr(self.under, "TITLE", None) or type(self.under).__name__.removesuffix(
            "Screen"
        )
        with Vertical(classes="dialog help"):
            yield Static(content(f"Keys · {title}", "bold"))
            help_text = getattr(self.under, "HELP", "")
            if help_text:
                yield Static(content(help_text, "$text-muted", max_len=600))
            yield DataTable(show_header=False, cursor_type="none", id="keys")
            yield Static(content("escape closes", "$text-muted"))

    def on_mount(self) -> None:
        table = self.query_one("#keys", DataTable)
        table.add_columns("Key", "What it does")
        for key, text in self.rows:
            table.add_row(rich_text(key, "bold"), rich_text(text))
