"""The store's vocabulary: kinds of contact method, ticket statuses and priorities.

These enums are the one definition the tables (``store.models``), the search path, the demo
data and the forms all derive from. They live apart from ``models`` (SQLModel) and from
``identities`` (validation needs ``ipaddress``, ``unicodedata`` and several regular expressions)
so that a whole-process search and the demo's worker processes import only the standard library.
Each enum costs a few hundred microseconds to define, so the ones nothing outside the tables
needs (agent roles) stay in ``models``; activity kinds moved here when the CLI and the
activities views came to parse them.
"""

from __future__ import annotations

from enum import StrEnum


class IdentityKind(StrEnum):
    """The ways a contact can be reached; phones and handles normalise differently."""

    EMAIL = "email"
    PHONE = "phone"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    TWITTER = "twitter"
    FACEBOOK = "facebook"
    WECHAT = "wechat"
    OTHER = "other"

    @property
    def holds_number(self) -> bool:
        """Whether values of this kind are phone numbers (validated, stored E.164, found by
        digits)."""
        return self in (IdentityKind.PHONE, IdentityKind.SMS, IdentityKind.WHATSAPP)


class TicketStatus(StrEnum):
    """Lifecycle of a ticket, in order; the first three count as open."""

    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        """Whether the ticket still needs work: its SLA clocks run and Home counts it."""
        return self not in (TicketStatus.RESOLVED, TicketStatus.CLOSED)


class TicketPriority(StrEnum):
    """Priorities, most urgent first (the order SLA targets are listed in); each has its own
    SLA targets."""

    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class ActivityKind(StrEnum):
    """What an agent logged against a contact or company."""

    CALL = "call"
    SITE_VISIT = "site visit"
    MEETING = "meeting"
    EMAIL = "email"
    NOTE = "note"
    OTHER = "other"


# Plain strings derived from the enums, for code that compares with values read from the
# database or typed by an agent (and for SQL parameters, which must not be enum members).
KINDS: tuple[str, ...] = tuple(kind.value for kind in IdentityKind)
PHONE_KINDS = frozenset(kind.value for kind in IdentityKind if kind.holds_number)
"""Kinds that hold a phone number (validated, stored E.164, found by digits)."""
OPEN_STATUSES: tuple[str, ...] = tuple(status.value for status in TicketStatus if status.is_open)
"""The ticket statuses that count as open (SLA clocks run, Home counts them)."""
PRIORITIES: tuple[str, ...] = tuple(priority.value for priority in TicketPriority)
"""Priorities, most urgent first."""


class AgentRole(StrEnum):
    """Merge, delete and the agents' and teams' administration need an admin. Here rather than
    beside the ``Agent`` table, where it was first, because the search path reads roles
    (``store.agents.scope``) without importing SQLModel."""

    AGENT = "agent"
    ADMIN = "admin"
