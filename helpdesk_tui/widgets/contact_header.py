"""The contact screen's header: who this is, at a glance (name, company, reference, PIN)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from textual.reactive import var
from textual.widgets import Static

from ..text import join


class Contact(Protocol):
    """What the header shows (``store.contacts.views.ContactView`` has these)."""

    name: str
    company: str
    reference: str
    pin: str
    title: str
    active: bool
    deleted_at: datetime | None


class ContactHeader(Static):
    """Name in bold, then company, title, reference and PIN; marks inactive, deleted and
    merged."""

    DEFAULT_CSS = """
    ContactHeader {
        height: auto;
        padding: 0 1;
        background: $boost;
        border-bottom: solid $primary;
    }
    """

    contact: var[Contact | None] = var(None)
    merged_from: var[str] = var("")
    unsaved: var[bool] = var(False)

    def _refresh(self) -> None:
        contact = self.contact
        if contact is None:
            self.update("Loading…")
            return
        line = join(
            [
                (contact.name or contact.reference, "bold"),
                contact.title,
                (contact.company, "$accent"),
                (contact.reference, "$text-muted"),
                (f"PIN {contact.pin}", "$text-muted"),
                ("inactive", "bold $error") if not contact.active else "",
                ("deleted: D restores", "bold $error") if contact.deleted_at else "",
                (f"merged from {self.merged_from}", "italic") if self.merged_from else "",
                ("unsaved changes: ctrl+s saves", "bold $warning") if self.unsaved else "",
            ],
            max_len=120,
        )
        self.update(line)

    def watch_contact(self) -> None:
        self._refresh()

    def watch_merged_from(self) -> None:
        self._refresh()

    def watch_unsaved(self) -> None:
        self._refresh()
