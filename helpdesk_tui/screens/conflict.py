"""Edit conflict: another agent saved this contact after it was opened here.

Nothing is ever overwritten silently; the agent reads, field by field, their own value, the
other agent's, who and when, and chooses. The safe choice is the default: ``enter`` or
``escape`` keeps editing (reload would drop the agent's edits, overwrite theirs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Static

from ..store.contacts import countries
from ..store.errors import StaleEdit
from ..text import content, rich_text


@dataclass(frozen=True)
class ConflictRow:
    """One field changed by someone else: what the agent holds (None: left alone), theirs, and
    who saved it when, as shown; ``clashes`` when both changed it, to different values (the
    store compares the values, not how they are shown)."""

    label: str
    yours: str | None
    theirs: str
    author: str
    when: str
    clashes: bool


class ConflictScreen(ModalScreen[str | None]):
    """Dismisses with "reload", "overwrite" or None (keep editing)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Keep editing", tooltip="Back to your edits", id="keep"),
    ]

    def __init__(
        self,
        message: str,
        rows: Sequence[ConflictRow] = (),
        title: str = "Someone else saved this contact",
    ) -> None:
        super().__init__()
        self.message = message
        self.rows = tuple(rows)
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog conflict"):
            yield Static(content(self.title_text, "bold $warning"))
            yield Static(content(self.message, max_len=500), classes="question")
            if self.rows:
                yield DataTable(cursor_type="none", zebra_stripes=True, id="changes")
            yield Static(
                content(
                    "Keep editing, then ctrl+s again after reading theirs; Reload shows their "
                    "version and drops your edits; Overwrite saves your edits over theirs.",
                    "$text-muted",
                    max_len=400,
                )
            )
            with Horizontal(classes="buttons"):
                yield Button("Keep editing", variant="primary", id="keep")
                yield Button("Reload (drop mine)", id="reload")
                yield Button("Overwrite theirs", variant="error", id="overwrite")

    def on_mount(self) -> None:
        if self.rows:
            table = self.query_one("#changes", DataTable)
            table.add_columns("Field", "Yours", "Theirs", "By", "When")
            for row in self.rows:
                style = "bold" if row.clashes else ""
                yours = "(not edited)" if row.yours is None else row.yours
                table.add_row(
                    rich_text(row.label, style, max_len=20),
                    rich_text(yours, style if row.yours is not None else "italic", max_len=30),
                    rich_text(row.theirs, style, max_len=30),
                    rich_text(row.author, max_len=16),
                    rich_text(row.when),
                )
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "keep" else event.button.id)


def conflict_rows(error: StaleEdit) -> list[ConflictRow]:
    """The rows of a refused save: each field someone else changed since it was loaded."""
    rows = []
    for change in error.changes:
        theirs, yours = change.theirs, change.yours
        if change.field == "country":
            theirs = countries.name(theirs)
            yours = countries.name(yours) if yours is not None else None
        when = change.at.astimezone().strftime("%Y-%m-%d %H:%M") if change.at else ""
        rows.append(ConflictRow(change.label, yours, theirs, change.author, when, change.clashes))
    return rows
