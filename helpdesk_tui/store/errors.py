"""Errors the store raises for people to read: the CLI prints them, the TUI shows them."""

from __future__ import annotations

from dataclasses import dataclass, field


class StoreError(Exception):
    """Base of every error a user can act on (bad input, a stale save, a missing row)."""


class NotFound(StoreError):
    """The contact, ticket or company asked for does not exist (or was merged away)."""


@dataclass
class ValidationFailed(StoreError):
    """One or more fields hold invalid input; nothing was saved.

    ``errors`` maps a field name (``first_name``, ``identity:new:0`` …) to a message meant to be
    shown next to that field. ``conflicts`` lists identities another contact owns, so a caller can
    offer to move them or merge the two contacts.
    """

    errors: dict[str, str] = field(default_factory=dict)
    conflicts: list[IdentityConflict] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{name}: {message}" for name, message in self.errors.items())


@dataclass
class StaleEdit(StoreError):
    """Someone saved the row after it was loaded; the save was refused, nothing was written."""

    entity: str
    reference: str
    loaded_version: int
    current_version: int
    changed_by: str = ""
    change: str = ""

    def __str__(self) -> str:
        who = f" by {self.changed_by}" if self.changed_by else ""
        what = f" ({self.change})" if self.change else ""
        return (
            f"{self.entity} {self.reference} was changed{who}{what} after you opened it "
            f"(version {self.loaded_version} → {self.current_version}); nothing was saved"
        )


@dataclass
class IdentityConflict(StoreError):
    """An email, phone or handle being added already belongs to another contact."""

    kind: str
    value: str
    owner_reference: str
    owner_name: str

    def __str__(self) -> str:
        owner = f"{self.owner_name} ({self.owner_reference})"
        return f"{self.kind} {self.value} already belongs to {owner}"


class UnsafeDatabase(StoreError):
    """The database file is readable by every user on the server; the app will not use it."""


class SchemaTooNew(StoreError):
    """The database was written by a newer helpdesk-tui; upgrade the app instead."""
