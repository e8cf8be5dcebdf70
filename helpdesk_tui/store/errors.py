"""Errors the store raises for people to read: the CLI prints them, the TUI shows them.

Plain classes, not dataclasses: every command imports this module, and ``helpdesk-tui search``
is timed as a whole process (``dataclasses`` and ``inspect`` would cost it about 5 ms).
"""

from __future__ import annotations


class StoreError(Exception):
    """Base of every error a user can act on (bad input, a stale save, a missing row)."""


class NotFound(StoreError):
    """The contact, ticket or company asked for does not exist (or was merged away)."""


class ValidationFailed(StoreError):
    """One or more fields hold invalid input; nothing was saved.

    ``errors`` maps a field name (``first_name``, ``identity:new:0`` …) to a message meant to be
    shown next to that field. ``conflicts`` lists identities another contact owns, so a caller can
    offer to move them or merge the two contacts.
    """

    def __init__(
        self,
        errors: dict[str, str] | None = None,
        conflicts: list[IdentityConflict] | None = None,
    ) -> None:
        super().__init__()
        self.errors = errors if errors is not None else {}
        self.conflicts = conflicts if conflicts is not None else []

    def __str__(self) -> str:
        return "; ".join(f"{name}: {message}" for name, message in self.errors.items())


class StaleEdit(StoreError):
    """Someone saved the row after it was loaded; the save was refused, nothing was written."""

    def __init__(
        self,
        entity: str,
        reference: str,
        loaded_version: int,
        current_version: int,
        changed_by: str = "",
        change: str = "",
    ) -> None:
        super().__init__()
        self.entity = entity
        self.reference = reference
        self.loaded_version = loaded_version
        self.current_version = current_version
        self.changed_by = changed_by
        self.change = change

    def __str__(self) -> str:
        who = f" by {self.changed_by}" if self.changed_by else ""
        what = f" ({self.change})" if self.change else ""
        return (
            f"{self.entity} {self.reference} was changed{who}{what} after you opened it "
            f"(version {self.loaded_version} → {self.current_version}); nothing was saved"
        )


class IdentityConflict(StoreError):
    """An email, phone or handle being added already belongs to another contact."""

    def __init__(self, kind: str, value: str, owner_reference: str, owner_name: str) -> None:
        super().__init__()
        self.kind = kind
        self.value = value
        self.owner_reference = owner_reference
        self.owner_name = owner_name

    def __str__(self) -> str:
        owner = f"{self.owner_name} ({self.owner_reference})"
        return f"{self.kind} {self.value} already belongs to {owner}"


class UnknownCountry(StoreError):
    """Text that names no country (``store.countries.resolve``).

    ``suggestions`` holds (code, name) of the countries the agent likely meant, best first.
    """

    def __init__(self, text: str, suggestions: list[tuple[str, str]] | None = None) -> None:
        super().__init__()
        self.text = text
        self.suggestions = suggestions if suggestions is not None else []

    def __str__(self) -> str:
        names = [name for _, name in self.suggestions]
        guess = ""
        if names:
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
            guess = f"did you mean {listed}? "
        return (
            f"not a country: {self.text!r} ({guess}type a country name or its two-letter code, "
            "e.g. IE or Ireland)"
        )


class UnsafeDatabase(StoreError):
    """The database file is readable by every user on the server; the app will not use it."""


class SchemaTooNew(StoreError):
    """The database was written by a newer helpdesk-tui; upgrade the app instead."""
