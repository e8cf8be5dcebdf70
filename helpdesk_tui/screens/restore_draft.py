"""Restore draft: edits left unsaved on this contact (the connection dropped, the app was killed).

Restoring is the safe choice and the default (``enter``, ``r``, and ``escape`` too): it saves
nothing, it only puts the edits back as pending, and ctrl+s then checks them against the version
they were made on. Discarding (``d``) is the one choice that loses something, so it is never
what a stray key does.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Static

from ..store.contacts.drafts import Draft
from ..store.contacts.fields import FIELD_BY_NAME, AddIdentity, RemoveIdentity
from ..store.contacts.views import ContactView
from ..text import content, rich_text


class RestoreDraftScreen(ModalScreen[bool]):
    """Dismisses with True to restore the draft, False to discard it."""

    DEFAULT_CSS = """
    RestoreDraftScreen #draft-edits { height: auto; max-height: 8; }
    RestoreDraftScreen .stale { margin-top: 1; }
    """

    BINDINGS = [
        Binding("r", "restore", "Restore", tooltip="Put the edits back as pending", id="restore"),
        Binding("d", "discard", "Discard", tooltip="Forget the unsaved edits", id="discard"),
        Binding("escape", "restore", "Restore", show=False, id="restore-escape"),
    ]

    def __init__(self, draft: Draft, contact: ContactView) -> None:
        super().__init__()
        self.draft = draft
        self.contact = contact

    def compose(self) -> ComposeResult:
        when = self.draft.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        with Vertical(classes="dialog restore-draft"):
            yield Static(content("Unsaved edits from an earlier session", "bold $warning"))
            yield Static(
                content(
                    f"{self.contact.name} ({self.contact.reference}): these edits were left "
                    f"unsaved at {when}.",
                    max_len=300,
                ),
                classes="question",
            )
            yield DataTable(cursor_type="none", zebra_stripes=True, id="draft-edits")
            if self.draft.version != self.contact.version:
                yield Static(
                    content(
                        "Someone saved this contact since. Restoring saves nothing: ctrl+s "
                        "will show what they changed before anything is written.",
                        "$warning",
                    ),
                    classes="stale",
                )
            with Horizontal(classes="buttons"):
                yield Button("Restore (r)", variant="primary", id="restore")
                yield Button("Discard (d)", variant="error", id="discard")

    def on_mount(self) -> None:
        table = self.query_one("#draft-edits", DataTable)
        table.add_columns("Field", "Unsaved value")
        for label, value in draft_rows(self.draft, self.contact):
            table.add_row(rich_text(label, max_len=20), rich_text(value, max_len=44))
        self.query_one("#restore", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "restore")

    def action_restore(self) -> None:
        self.dismiss(True)

    def action_discard(self) -> None:
        self.dismiss(False)


def draft_rows(draft: Draft, contact: ContactView) -> Sequence[tuple[str, str]]:
    """What the draft would change, as (what, value) rows: each field, then each method
    added, removed or made the default (by its value, where the contact still has it)."""
    rows = [(FIELD_BY_NAME[name].label, value) for name, value in draft.changes.items()]
    methods = {identity.id: identity for identity in contact.identities}
    for op in draft.ops:
        if isinstance(op, AddIdentity):
            rows.append((f"add {op.kind}", op.value))
            continue
        identity = methods.get(op.identity_id)
        shown = identity.value if identity is not None else "(no longer there)"
        verb = "remove" if isinstance(op, RemoveIdentity) else "default"
        rows.append((f"{verb} {identity.kind if identity else 'method'}", shown))
    return rows
