"""Refusals of merges, undos and restores, and of what a role does not allow: typed, with a code
and the facts a caller acts on (which contact, which operation, who changed what and when, who
holds an address now), never to be read from the sentence.

Plain classes like ``store.errors`` (which the whole-process search imports; this module is
imported only by the commands and screens that merge or undo).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from .errors import (
    ErrorCode,
    IdentityConflict,
    LifecycleProblem,
    LifecycleRefused,
    NotFound,
    StoreError,
)

if TYPE_CHECKING:
    from datetime import datetime


class NotAllowed(StoreError):
    """The agent's role does not allow the operation; nothing was written. ``action`` names it
    (``merge``), ``what`` what it acts on (``contacts``, ``agents``, ``teams``), ``role`` the
    role it needs, ``agent`` who was refused."""

    code = ErrorCode.FORBIDDEN

    def __init__(self, action: str, role: str, agent: str, what: str = "contacts") -> None:
        super().__init__()
        self.action = action
        self.role = role
        self.agent = agent
        self.what = what

    def __str__(self) -> str:
        return (
            f"only an {self.role} may {self.action} {self.what}, and {self.agent} is not one: "
            "ask an admin (nothing was changed)"
        )


class OutsideTeams(NotFound):
    """A contact, ticket or company of a company the agent's teams may not access
    (``store.agents.scope``): to them it is not there, and the sentence says why. ``field``
    names what was asked for (``contact``, ``ticket``, ``company``)."""

    def __init__(self, what: str, name: str) -> None:
        super().__init__(
            f"{what} {name} is outside the companies your teams may access: ask an admin to "
            "give one of your teams its company",
            what,
        )


class AgentProblem(StrEnum):
    """Why a change to the agents or teams was refused (``AgentRefused.problem``)."""

    LAST_ADMIN = "last_admin"
    """It would leave the database without an active admin."""
    EXISTS = "exists"
    """The agent, team or link is there already."""
    MISSING = "missing"
    """No such agent, team, company or link."""
    NAME = "name"
    """The name is empty or not one an account or team can have."""


class AgentRefused(StoreError):
    """A change to the agents or teams that cannot be made as asked; nothing was written.
    ``name`` is the agent, team or company at fault."""

    code = ErrorCode.REFUSED

    def __init__(self, problem: AgentProblem, name: str, message: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.name = name


class MergeProblem(StrEnum):
    """Why two contacts cannot be merged (``MergeRefused.problem``)."""

    SAME = "same"
    """Both references name one contact."""
    TOMBSTONE = "tombstone"
    """One of them was merged into another contact already."""
    LOOP = "loop"
    """The survivor was merged (perhaps through others) into the contact that would go."""
    DELETED = "deleted"
    """One of them is deleted (``D``): it is restored first, or left deleted."""


class MergeRefused(StoreError):
    """Two contacts that cannot be merged as asked; nothing was written. ``reference`` is the
    contact at fault, ``merged_into`` the live contact a tombstone leads to ('' otherwise), so a
    caller can offer that one instead."""

    code = ErrorCode.REFUSED

    def __init__(
        self, problem: MergeProblem, reference: str, message: str, merged_into: str = ""
    ) -> None:
        super().__init__(message)
        self.problem = problem
        self.reference = reference
        self.merged_into = merged_into


class MethodsTaken(LifecycleRefused):
    """A deleted contact not restored: another contact was given one of its addresses or
    numbers meanwhile (a deleted contact's stand aside, ``Identity.claimed``), and restoring
    it would make two owners. ``taken`` names each, with who holds it now, so a caller can
    offer that contact; nothing was written. A conflict (4), like adding a taken address."""

    code = ErrorCode.CONFLICT

    def __init__(self, reference: str, name: str, taken: list[IdentityConflict]) -> None:
        held = ", ".join(
            f"{c.kind} {c.value} belongs to {c.owner_name} ({c.owner_reference}) now" for c in taken
        )
        them = "it" if len(taken) == 1 else "them"
        super().__init__(
            LifecycleProblem.TAKEN,
            reference,
            f"{name} ({reference}) cannot be restored: {held}; remove {them} from one of the "
            "two contacts first (nothing was restored)",
        )
        self.taken = taken


class RowChanged:
    """A row an undo would put back, changed since the operation: which, by whom, when, how.

    ``author``, ``at`` and ``description`` come from the first later Event that touched the
    row; all three are empty (None) when no Event did (a change made outside the journal).
    """

    __slots__ = ("at", "author", "description", "label", "operation_id", "row_id", "table")

    def __init__(
        self,
        table: str,
        row_id: int,
        label: str,
        author: str = "",
        at: datetime | None = None,
        description: str = "",
        operation_id: str | None = None,
    ) -> None:
        self.table = table
        self.row_id = row_id
        self.label = label
        """The row as people know it: ``contact C-10000042 (Ann Lee)``, ``ticket T-1000042``."""
        self.author = author
        self.at = at
        self.description = description
        self.operation_id = operation_id

    def __str__(self) -> str:
        if not self.author:
            return f"{self.label} was changed outside the journal"
        when = f" on {self.at:%Y-%m-%d at %H:%M} UTC" if self.at else ""
        return f"{self.label} was changed by {self.author}{when} ({self.description})"

    def __repr__(self) -> str:
        return f"RowChanged({self.table!r}, {self.row_id}, author={self.author!r})"


class UndoConflict(StoreError):
    """Rows the operation changed have changed since: putting them back would overwrite
    someone's work, so nothing was undone. ``changes`` says which, by whom and when (the first
    few); ``changed`` counts them all."""

    code = ErrorCode.CONFLICT

    def __init__(
        self, operation_id: str, description: str, changes: list[RowChanged], changed: int
    ) -> None:
        super().__init__()
        self.operation_id = operation_id
        self.description = description
        self.changes = changes
        self.changed = changed

    def __str__(self) -> str:
        said = "; ".join(str(change) for change in self.changes[:2])
        more = self.changed - min(len(self.changes), 2)
        if more > 0:
            said += f"; and {more} more row{'s' if more > 1 else ''}"
        return f"cannot undo {self.description!r}: {said} since; nothing was undone"


class UndoProblem(StrEnum):
    """Why an operation cannot be undone, changes by others aside (``CannotUndo.problem``)."""

    NOTHING = "nothing"
    """The agent has no operation left that can be undone."""
    NO_ROWS = "no_rows"
    """Journalled before Events held whole rows (migration 0007): nothing to put back."""
    DEPENDENTS = "dependents"
    """Rows added since refer to rows the undo would remove (a ticket for a new contact)."""
    PURGED = "purged"
    """A purge: the one operation undo never reverses (``store.contacts.lifecycle``)."""
    PURGED_SINCE = "purged_since"
    """Its rows name a contact purged since: a purge is for good, so they stay as they are."""


class CannotUndo(StoreError):
    """An operation the journal cannot reverse; nothing was undone."""

    code = ErrorCode.REFUSED

    def __init__(self, problem: UndoProblem, message: str, operation_id: str = "") -> None:
        super().__init__(message)
        self.problem = problem
        self.operation_id = operation_id
