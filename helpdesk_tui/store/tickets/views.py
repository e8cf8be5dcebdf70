"""What the store hands out about tickets, and what a list asks for: frozen, plain, any thread.

Only the standard library, ``store.kinds`` and ``store.errors``: the CLI and the screens import
these enums to parse options and keep state, and read statuses and priorities as typed with
``status_of`` and ``priority_of`` (the very check the operations make), without loading
SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ..errors import InvalidInput
from ..kinds import OPEN_STATUSES, PRIORITIES, TicketStatus

PAGE_SIZE = 50
"""Rows a list shows at once (DESIGN.md §7: never more than a screen or two)."""
COUNT_CAP = 1000
"""A page counts its list's rows up to this many, reading at most that many index entries;
past it the list says "1000+" rather than counting 50,000 rows on every page."""


STATUSES: tuple[str, ...] = tuple(status.value for status in TicketStatus)
"""Ticket statuses in lifecycle order."""


def _choice(field: str, typed: str, choices: tuple[str, ...]) -> str:
    value = typed.strip().lower()
    if value not in choices:
        raise InvalidInput(
            field, f"{field} {typed.strip()!r} is not one of: {', '.join(choices)}", choices
        )
    return value


def status_of(typed: str) -> str:
    """A status as stored (``new`` … ``closed``), whatever the case it was typed in; else
    ``InvalidInput`` listing the statuses."""
    return _choice("status", typed, STATUSES)


def priority_of(typed: str) -> str:
    """A priority as stored (``urgent`` … ``low``), whatever the case it was typed in; else
    ``InvalidInput`` listing the priorities."""
    return _choice("priority", typed, PRIORITIES)


class SubView(StrEnum):
    """The sub-views of a ticket list; one key cycles them in this order."""

    MINE = "mine"
    """Every ticket assigned to the agent running the app, whatever its status."""
    OPEN = "open"
    """New, open and pending tickets."""
    CLOSED = "closed"
    """Resolved and closed tickets."""
    UNASSIGNED = "unassigned"
    """Open tickets nobody is assigned to (a closed one needs nobody)."""
    ALL = "all"


class SortKey(StrEnum):
    """What a ticket list is sorted by."""

    CREATED = "created"
    UPDATED = "updated"
    PRIORITY = "priority"
    """Most urgent first when descending."""
    STATUS = "status"
    """In lifecycle order (new, open, pending, resolved, closed) when ascending."""
    DUE = "due"
    """The next SLA due time of an open ticket; tickets with none come last either way."""
    REFERENCE = "reference"
    """By number: references are numbered in the order tickets were opened."""

    @property
    def default_direction(self) -> Direction:
        """The direction an agent means by sorting on this key: newest, most urgent, or
        soonest due first; statuses in their order."""
        if self in (SortKey.DUE, SortKey.STATUS):
            return Direction.ASC
        return Direction.DESC


class Direction(StrEnum):
    """Sort direction."""

    ASC = "asc"
    DESC = "desc"


class MessageKind(StrEnum):
    """What a message in a ticket's thread is."""

    CUSTOMER = "customer"
    REPLY = "reply"
    NOTE = "note"
    """Internal: never sent to the customer."""


@dataclass(frozen=True)
class TicketQuery:
    """A page of a ticket list: whose tickets (a contact by reference, a company by name or
    reference, or all), which sub-view and statuses, sorted how, from where.

    ``direction`` None sorts in the key's ``default_direction``; ``statuses`` (empty: any)
    narrows the sub-view further (read as ``status_of`` reads them: an unknown one is refused).
    A screen keeps one as its state and asks again with ``dataclasses.replace``.
    """

    contact: str = ""
    company: str = ""
    view: SubView = SubView.ALL
    statuses: tuple[str, ...] = ()
    sort: SortKey = SortKey.CREATED
    direction: Direction | None = None
    offset: int = 0
    limit: int = PAGE_SIZE

    @property
    def ordering(self) -> Direction:
        """The direction the list is sorted in."""
        return self.direction or self.sort.default_direction


@dataclass(frozen=True)
class TicketListRow:
    """A ticket as a list shows it, with the version a change made from the list presents."""

    id: int
    reference: str
    subject: str
    group: str
    priority: str
    status: str
    created_at: datetime
    updated_at: datetime
    assignee: str
    """The assigned agent's username; '' when nobody is."""
    contact_reference: str
    """'' while the requester is a visitor no contact stands for."""
    contact_name: str
    requester_name: str
    """The requester's name as received (what a visitor ticket shows instead of a contact)."""
    company: str
    first_response_due_at: datetime | None
    resolution_due_at: datetime | None
    first_response_at: datetime | None
    resolved_at: datetime | None
    version: int

    @property
    def is_open(self) -> bool:
        """New, open and pending tickets count as open."""
        return self.status in OPEN_STATUSES

    @property
    def next_due(self) -> datetime | None:
        """When the next SLA target falls due: the first response until there is one, then the
        resolution; None for a closed ticket or one without targets."""
        if not self.is_open:
            return None
        if self.first_response_at is None:
            return self.first_response_due_at
        return self.resolution_due_at

    @property
    def requester(self) -> str:
        """Who asked: the contact's name, else the name as received."""
        return self.contact_name or self.requester_name


@dataclass(frozen=True)
class TicketPage:
    """One page of a ticket list and what the list around it holds."""

    query: TicketQuery
    rows: tuple[TicketListRow, ...]
    has_more: bool
    """Whether a page follows this one."""
    total: int
    """How many tickets the list holds, counted up to ``COUNT_CAP``."""
    total_capped: bool
    """Whether there are more than ``total`` ("1000+")."""


@dataclass(frozen=True)
class MessageView:
    """A message or internal note of a ticket's thread; bodies are untrusted text."""

    id: int
    kind: MessageKind
    author: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class TicketDetail:
    """Everything the ticket screen and ``ticket show`` show: the row, what only the screen
    needs, and the thread oldest first."""

    row: TicketListRow
    requester: str
    """The requester's handle as received (an address or number; '' when typed by an agent)."""
    channel: str
    company_reference: str
    assignee_name: str
    time_spent_minutes: int
    messages: tuple[MessageView, ...]

    @property
    def reference(self) -> str:
        """The ticket's reference."""
        return self.row.reference

    @property
    def version(self) -> int:
        """The version a change presents."""
        return self.row.version
