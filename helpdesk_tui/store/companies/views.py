"""What the store hands out about a company: frozen, plain, any thread.

Only the standard library: the company screen and ``company show`` keep these as state and
the CLI checks ``--set`` fields against ``EDITABLE`` without loading SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..activities.views import ActivityPage
from ..tickets.views import TicketListRow

CONTACTS_PAGE = 50
"""Contacts a company's list shows at once."""
NAME_MAX = 200
NOTES_MAX = 10_000

EDITABLE: tuple[str, ...] = ("name", "domains", "notes", "active", "sla_policy")
"""The fields an agent edits inline: ``active`` is yes or no; ``sla_policy`` a policy's name
('' for none); ``domains`` comma- or space-separated."""


@dataclass(frozen=True)
class ContractSummary:
    """The company's current contract (dates covering today, else the latest one)."""

    description: str
    po_number: str
    starts_on: datetime | None
    ends_on: datetime | None
    hour_limit: float | None


@dataclass(frozen=True)
class CompanyView:
    """A company's own fields, with the version an inline edit presents. Names and notes are
    untrusted text."""

    id: int
    name: str
    reference: str
    domains: tuple[str, ...]
    notes: str
    active: bool
    sla_policy: str
    """The policy's name; '' for none."""
    contract: ContractSummary | None
    created_at: datetime
    updated_at: datetime
    version: int

    def field_text(self) -> dict[str, str]:
        """The editable fields as text, as an inline edit shows and sends them."""
        return {
            "name": self.name,
            "domains": ", ".join(self.domains),
            "notes": self.notes,
            "active": "yes" if self.active else "no",
            "sla_policy": self.sla_policy,
        }


@dataclass(frozen=True)
class CompanyContact:
    """One of a company's contacts, as its list shows them."""

    reference: str
    name: str
    title: str
    is_primary: bool
    active: bool
    version: int


@dataclass(frozen=True)
class ContactsPage:
    """One page of a company's contacts: the primary one first, then by name."""

    rows: tuple[CompanyContact, ...]
    offset: int
    has_more: bool


@dataclass(frozen=True)
class GroupCount:
    """A group's (department's) tickets at a company, open and closed: one bar of the chart.
    ``group`` '' is the tickets of no group."""

    group: str
    open: int
    closed: int


@dataclass(frozen=True)
class CompanyOverview:
    """Everything the company screen and ``company show`` show at once: the first page of
    its contacts and of its activities, its ticket counts by group, its newest tickets."""

    company: CompanyView
    contacts: ContactsPage
    counts: tuple[GroupCount, ...]
    recent_tickets: tuple[TicketListRow, ...]
    activities: ActivityPage
