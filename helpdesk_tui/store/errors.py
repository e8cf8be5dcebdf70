"""Errors the store raises for people to read: the CLI prints them, the TUI shows them.

Plain classes, not dataclasses: every command imports this module, and ``helpdesk-tui search``
is timed as a whole process (``dataclasses`` and ``inspect`` would cost it about 5 ms).
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .field_change import FieldChange


class ErrorCode(Enum):
    """What kind of failure a ``StoreError`` is: callers act on it (an exit status, a dialog),
    never on the message. The value is the CLI's exit status (0 success and 2 bad usage are
    taken): a script retries on BUSY, re-reads on CONFLICT, and gives up on the rest."""

    ERROR = 1
    """Anything else a user can act on: bad input, a missing row."""
    BUSY = 3
    """Another agent holds the database past the busy timeout; trying again works."""
    CONFLICT = 4
    """Someone else changed the row, or owns the value, since it was read."""
    DATABASE = 5
    """The database cannot be used as it is: missing, damaged, not ours, unreadable, full."""
    UNSUPPORTED = 6
    """Not something helpdesk-tui does with this database: an engine it does not open
    (``mysql://``), or file upkeep (``check``, ``backup``) that a PostgreSQL server's own tools
    do; the sentence names what to use instead. Trying again never helps; a cron job that gets
    it is pointed at the wrong tool, not at a failing database."""
    FORBIDDEN = 7
    """The agent's role does not allow it (a merge needs an admin); an admin may."""
    REFUSED = 8
    """The rows are not in a state the operation applies to (a contact merged into itself or
    into a tombstone, an operation the journal cannot reverse); trying again does not help."""

    @property
    def exit_status(self) -> int:
        """The CLI's exit status for this kind of failure."""
        return self.value


class StoreError(Exception):
    """Base of every error a user can act on (bad input, a stale save, a missing row).

    ``str()`` is one sentence saying what happened and what to do; ``code`` says what kind,
    and ``field`` which field of the form or command it concerns, so a caller marks that field
    (or acts on the code) without reading the sentence.
    """

    code = ErrorCode.ERROR
    field = ""
    """The field the error concerns (a name of ``store.contacts.fields.FIELDS`` or an
    ``identity:…`` key as ``ValidationFailed.errors`` has them); '' when it concerns no one
    field. ``ValidationFailed`` concerns several: its ``errors`` name them."""


class NotFound(StoreError):
    """The contact, ticket or company asked for does not exist (or was merged away).

    ``field`` says which input named it when an operation takes several (a ticket moved ``to`` a
    contact: ``contact``; the ticket itself: ``ticket``)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class InvalidInput(StoreError):
    """One input a ticket operation refused (an empty subject, an unknown status or priority,
    an agent nobody knows); nothing was saved.

    ``field`` names the input (``subject``, ``status``, ``priority``, ``group``, ``assignee``,
    ``body``…); ``choices`` lists the values it takes when they are a fixed set (statuses,
    priorities), so a picker or the CLI offers them without reading the sentence.
    """

    def __init__(self, field: str, message: str, choices: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.field = field
        self.choices = choices


class Unavailable(StrEnum):
    """Why a contact takes no ticket (``ContactUnavailable.reason``)."""

    DEACTIVATED = "deactivated"
    MERGED = "merged"
    DELETED = "deleted"


class ContactUnavailable(InvalidInput):
    """A ticket cannot go to (or be opened for) this contact: it is deactivated, deleted, or
    merged into another (``merged_into`` names that one's reference, so a caller can offer it)."""

    def __init__(self, message: str, reason: Unavailable, merged_into: str = "") -> None:
        super().__init__("contact", message)
        self.reason = reason
        self.merged_into = merged_into


class LifecycleProblem(StrEnum):
    """Why a contact cannot be deactivated, reactivated, deleted, restored or purged as asked
    (``LifecycleRefused.problem``)."""

    ALREADY = "already"
    """It is in that state already (deactivating a deactivated contact)."""
    MERGED = "merged"
    """It was merged into another contact: a tombstone has no life of its own."""
    DELETED = "deleted"
    """It is deleted: only restoring (or purging) it applies."""
    NOT_DELETED = "not_deleted"
    """Restoring or purging a contact that is not deleted."""
    SAME = "same"
    """Its tickets were to be reassigned to itself."""
    HAS_TICKETS = "has_tickets"
    """It still has tickets (``HasTickets``)."""
    TAKEN = "taken"
    """Restoring it would give another contact's address a second owner (``MethodsTaken``)."""


class LifecycleRefused(StoreError):
    """A contact's state does not allow the change asked of it; nothing was written.
    ``reference`` names the contact, ``problem`` says why."""

    code = ErrorCode.REFUSED
    field = "contact"

    def __init__(self, problem: LifecycleProblem, reference: str, message: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.reference = reference


class HasTickets(LifecycleRefused):
    """A contact deleted (or purged) while it still has tickets: they must be reassigned to
    another contact or removed first. ``tickets`` counts them, so a caller can offer the
    reassignment without reading the sentence."""

    def __init__(self, reference: str, name: str, tickets: int) -> None:
        plural = "ticket" if tickets == 1 else "tickets"
        super().__init__(
            LifecycleProblem.HAS_TICKETS,
            reference,
            f"{name} ({reference}) has {tickets} {plural}: reassign them to another contact "
            "or remove them first (nothing was deleted)",
        )
        self.tickets = tickets


class NotYours(StoreError):
    """A change to a row only its author may change (an activity another agent logged);
    nothing was written. ``owner`` names that author (the OS username the journal records)."""

    field = "author"

    def __init__(self, message: str, owner: str) -> None:
        super().__init__(message)
        self.owner = owner


class NameTaken(InvalidInput):
    """A company renamed to a name another company has (in any case); ``owner_reference``
    names that company, so a caller can offer to open it instead."""

    code = ErrorCode.CONFLICT

    def __init__(self, message: str, owner_reference: str) -> None:
        super().__init__("name", message)
        self.owner_reference = owner_reference


class DatabaseProblem(StoreError):
    """The database cannot be opened, read or written as it is; nothing was written.

    ``path`` names the file (or the server) concerned; the message says what is wrong with it
    and what to do, in one sentence.
    """

    code = ErrorCode.DATABASE

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path


class DatabaseBusy(DatabaseProblem):
    """Another agent's write kept the database locked for longer than the busy timeout."""

    code = ErrorCode.BUSY

    def __init__(self, path: str) -> None:
        super().__init__(
            path,
            f"database is busy: another agent is writing to {path}; try again (nothing was saved)",
        )


class DatabaseMissing(DatabaseProblem):
    """No database (or no folder for one) where the agent pointed; nothing is created there."""


class NotADatabase(DatabaseProblem):
    """The path is not a helpdesk-tui database: a folder, another program's file, not SQLite."""


class DatabaseDamaged(DatabaseProblem):
    """The file is damaged (truncated, overwritten pages): it must be restored from a backup."""


class NoAccess(DatabaseProblem):
    """The OS refuses this account the reading or writing the operation needs."""


class DiskFull(DatabaseProblem):
    """A write ran out of disk space, quota or file-size limit, or the disk failed; it was
    rolled back."""


class ValidationFailed(StoreError):
    """One or more fields hold invalid input; nothing was saved.

    ``errors`` maps a field name (``first_name``, ``identity:new:0`` …) to a message meant to be
    shown next to that field. ``labels`` names those keys for people (``First name``,
    ``email ann@x``), as the message (``str``) does. ``conflicts`` lists identities another
    contact owns, so a caller can offer to move them or merge the two contacts.
    ``unknown_company`` is the company name an edit gave that no company has (''), so a caller
    can offer to create it.
    """

    def __init__(
        self,
        errors: dict[str, str] | None = None,
        conflicts: list[IdentityConflict] | None = None,
        labels: dict[str, str] | None = None,
        unknown_company: str = "",
    ) -> None:
        super().__init__()
        self.errors = errors if errors is not None else {}
        self.conflicts = conflicts if conflicts is not None else []
        self.labels = labels if labels is not None else {}
        self.unknown_company = unknown_company

    @property
    def code(self) -> ErrorCode:  # type: ignore[override]
        """CONFLICT when the only thing wrong is values other contacts own (a script may then
        merge or move them), ERROR for invalid input."""
        if self.conflicts and len(self.conflicts) == len(self.errors):
            return ErrorCode.CONFLICT
        return ErrorCode.ERROR

    def __str__(self) -> str:
        return "; ".join(
            f"{self.labels.get(name, name)}: {message}" for name, message in self.errors.items()
        )


class StaleEdit(StoreError):
    """Someone saved the row after it was loaded; the save was refused, nothing was written.

    ``changes`` (``field_change.FieldChange``) lists, field by field, what was changed since
    ``loaded_version``, by whom and when, with the value the refused save held (the journal's
    record of each change).
    ``current_values`` holds every editable field as it is now (text, as ``changes``), and
    ``current`` the row's view as it is now (a ``ContactView`` for a contact), so a caller can
    show "yours / theirs" and reload without reading again.
    """

    code = ErrorCode.CONFLICT

    def __init__(
        self,
        entity: str,
        reference: str,
        loaded_version: int,
        current_version: int,
        changed_by: str = "",
        change: str = "",
        changes: list[FieldChange] | None = None,
        current_values: dict[str, str] | None = None,
        current: Any = None,
    ) -> None:
        super().__init__()
        self.entity = entity
        self.reference = reference
        self.loaded_version = loaded_version
        self.current_version = current_version
        self.changed_by = changed_by
        """Who saved since ``loaded_version`` (several names joined with "and")."""
        self.change = change
        """The journal's description of the changes since ``loaded_version``."""
        self.changes = changes if changes is not None else []
        self.current_values = current_values if current_values is not None else {}
        self.current = current

    def __str__(self) -> str:
        who = f" by {self.changed_by}" if self.changed_by else ""
        what = f" ({self.change})" if self.change else ""
        return (
            f"{self.entity} {self.reference} was changed{who}{what} after version "
            f"{self.loaded_version}; it is at version {self.current_version} now: "
            "nothing was saved"
        )


class IdentityConflict(StoreError):
    """An email, phone or handle being added already belongs to another contact."""

    code = ErrorCode.CONFLICT

    def __init__(
        self, kind: str, value: str, owner_reference: str, owner_name: str, field: str = ""
    ) -> None:
        super().__init__()
        self.kind = kind
        self.value = value
        self.owner_reference = owner_reference
        self.owner_name = owner_name
        self.field = field

    @property
    def owned(self) -> str:
        """The sentence without the method, for where its kind and value are already shown
        (its field, the label of a refused save: ``email ann@x: already belongs to …``)."""
        return f"already belongs to {self.owner_name} ({self.owner_reference})"

    def __str__(self) -> str:
        return f"{self.kind} {self.value} {self.owned}"


class UnknownCountry(StoreError):
    """Text that names no country (``store.contacts.countries.resolve``).

    ``suggestions`` holds (code, name) of the countries the agent likely meant, best first.
    """

    field = "country"

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


class UnsupportedEngine(StoreError):
    """A ``--db`` URL of an engine helpdesk-tui does not open (``mysql://``, an in-memory
    SQLite database that would vanish at exit); the sentence says what it does open."""

    code = ErrorCode.UNSUPPORTED


class ServerUpkeep(StoreError):
    """File upkeep (a page check, a file copy) asked of a PostgreSQL database: its server's
    own tools do that, and the sentence gives the command (``pg_amcheck``, ``pg_dump``)."""

    code = ErrorCode.UNSUPPORTED


class UnsafeDatabase(StoreError):
    """The database file is readable by every user on the server; the app will not use it."""

    code = ErrorCode.DATABASE


class SchemaTooNew(StoreError):
    """The database was written by a newer helpdesk-tui; upgrade the app instead."""

    code = ErrorCode.DATABASE
