"""Plain frozen view objects the store hands out instead of live ORM rows.

Screens keep these as state and pass them to widgets; they can be read on any thread, outlive
their session, and never lazy-load behind the UI's back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..kinds import OPEN_STATUSES


@dataclass(frozen=True)
class IdentityView:
    """A contact method as shown and edited on the Details tab."""

    id: int
    kind: str
    value: str
    normalized: str
    is_default: bool
    version: int


@dataclass(frozen=True)
class CustomValueView:
    """A Customer Data row and where it came from."""

    key: str
    value: str
    source: str
    imported_at: datetime


@dataclass(frozen=True)
class TicketRow:
    """A ticket as listed on a contact's Tickets and SLA tabs."""

    reference: str
    subject: str
    group: str
    status: str
    priority: str
    created_at: datetime
    updated_at: datetime
    first_response_due_at: datetime | None
    resolution_due_at: datetime | None
    first_response_at: datetime | None
    resolved_at: datetime | None

    @property
    def is_open(self) -> bool:
        """New, open and pending tickets count as open."""
        return self.status in OPEN_STATUSES


@dataclass(frozen=True)
class SlaTargetView:
    """One priority's targets, in minutes."""

    priority: str
    first_response_minutes: int
    resolution_minutes: int


@dataclass(frozen=True)
class SlaView:
    """The policy that applies to a contact, and where it comes from (contact wins over company)."""

    name: str
    source: str
    targets: tuple[SlaTargetView, ...]


@dataclass(frozen=True)
class ContactView:
    """A contact's own fields and contact methods, with the version a save must present."""

    id: int
    reference: str
    pin: str
    first_name: str
    last_name: str
    alias: str
    title: str
    company: str
    company_reference: str
    description: str
    address: str
    city: str
    state: str
    postcode: str
    country: str
    fax: str
    is_primary: bool
    ignore_emails: bool
    active: bool
    created_at: datetime
    updated_at: datetime
    version: int
    identities: tuple[IdentityView, ...] = ()
    deleted_at: datetime | None = None
    """When an admin deleted the contact (``store.contacts.lifecycle``); None while live."""

    @property
    def name(self) -> str:
        """First and last name, as shown everywhere."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def country_name(self) -> str:
        """The country's English name ("Germany" for ``DE``); a country stored as free text
        before codes were enforced shows as it was typed ('' when there is none)."""
        from .countries import name  # noqa: PLC0415 - its table loads on first use

        return name(self.country) if self.country else ""

    def field(self, name: str) -> str:
        """An editable field's value as text (booleans as yes/no), for forms and the CLI: the
        value as stored, so the country as its code."""
        value = getattr(self, name)
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    def shown(self, name: str) -> str:
        """A field's value as an agent reads it: as ``field``, but the country by its name."""
        return self.country_name if name == "country" else self.field(name)

    def default(self, kind: str) -> str:
        """The default identity of a kind ('' when the contact has none)."""
        for identity in self.identities:
            if identity.kind == kind and identity.is_default:
                return identity.value
        return ""


@dataclass(frozen=True)
class ContactDetail:
    """Everything the contact screen shows, loaded in one unit of work."""

    contact: ContactView
    custom_values: tuple[CustomValueView, ...] = ()
    tickets: tuple[TicketRow, ...] = ()
    ticket_count: int = 0
    ticket_count_capped: bool = False
    """``ticket_count`` stopped at ``tickets.views.COUNT_CAP``: there are more."""
    open_tickets: tuple[TicketRow, ...] = ()
    """The most urgent open tickets (``reads.DUE_SHOWN`` at most), for the SLA tab."""
    open_ticket_count: int | None = 0
    """All the open tickets, of which ``open_tickets`` are the most urgent (None: not read)."""
    sla: SlaView | None = None
    merged_from: str = ""
