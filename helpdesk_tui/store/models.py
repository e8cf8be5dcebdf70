"""The tables of the helpdesk (DESIGN.md §3), all of them: later features add behaviour, not churn.

Every row an agent can edit carries a ``version`` that a save checks (``store.errors.StaleEdit``),
so two agents on one database never overwrite each other silently. Unique keys that bulk loads
must drop and rebuild are unique *indexes* (``ux_…``), not table constraints. Timestamps are aware
UTC (SQLite stores them without an offset).
Ticket statuses, priorities, kinds of contact method and of activity are enums in
``store.kinds``, which the search path, the demo's workers and the CLI import without SQLModel
(``ActivityKind`` and ``AgentRole`` are re-exported here, where the tables first had them).
The search index tables (``search_doc``, ``search_fts``, ``search_phone``, ``search_term*``) are not
ORM tables: they are plain SQL owned by ``store.search.index`` and created by migration 0002.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, UniqueConstraint, column, func, text
from sqlmodel import Field, SQLModel

from .clock import utcnow
from .kinds import ActivityKind, AgentRole, TicketPriority, TicketStatus


def stored_id(row_id: int | None) -> int:
    """The id of a row read from the database. SQLModel types ``id`` optional because a row
    has none until it is inserted; one read back without it is a bug, said at once."""
    if row_id is None:
        raise ValueError("a row read from the database has no id")
    return row_id


def partial(condition: str) -> dict[str, Any]:
    """An index's keyword arguments that keep only the rows ``condition`` holds for, written
    alike for both engines (as a query writes it, so SQLite uses the index)."""
    return {"sqlite_where": text(condition), "postgresql_where": text(condition)}


class SlaPolicy(SQLModel, table=True):
    """A named set of response and resolution targets, assigned to companies or contacts."""

    __tablename__ = "sla_policy"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    description: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class SlaTarget(SQLModel, table=True):
    """One priority's targets within a policy, in minutes."""

    __tablename__ = "sla_target"
    __table_args__ = (UniqueConstraint("policy_id", "priority"),)

    id: int | None = Field(default=None, primary_key=True)
    policy_id: int = Field(foreign_key="sla_policy.id", ondelete="CASCADE")
    priority: str
    first_response_minutes: int
    resolution_minutes: int
    version: int = 1


class Agent(SQLModel, table=True):
    """Someone who works the helpdesk, known by their OS username on the shared server."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True)
    display_name: str = ""
    role: str = AgentRole.AGENT
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class Team(SQLModel, table=True):
    """Agents grouped to limit what they see: a team with companies (``TeamCompany``) may
    access only those companies' contacts and tickets; a team with none is unlimited."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class TeamMember(SQLModel, table=True):
    """An agent in a team. A row of its own with an id (not a bare pair) so that the journal
    and undo handle it like any other row."""

    __tablename__ = "team_member"
    __table_args__ = (UniqueConstraint("team_id", "agent_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    agent_id: int = Field(foreign_key="agent.id", index=True)


class TeamCompany(SQLModel, table=True):
    """A company a limited team may access."""

    __tablename__ = "team_company"
    __table_args__ = (UniqueConstraint("team_id", "company_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    company_id: int = Field(foreign_key="company.id")


class Company(SQLModel, table=True):
    """A customer organisation: contacts belong to it, and it carries SLA and contracts."""

    # A save finds a company by lower(name) on both engines (no SQLite NOCASE).
    __table_args__ = (Index("ix_company_name_lower", func.lower(column("name"))),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    reference: str = Field(unique=True)
    domains: str = ""
    notes: str = ""
    active: bool = True
    sla_policy_id: int | None = Field(default=None, foreign_key="sla_policy.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class Contract(SQLModel, table=True):
    """A customer contract; the current one is the one whose dates cover today."""

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    description: str = ""
    po_number: str = ""
    customer_contact_id: int | None = Field(default=None, foreign_key="contact.id")
    support_agent_id: int | None = Field(default=None, foreign_key="agent.id")
    support_manager_id: int | None = Field(default=None, foreign_key="agent.id")
    starts_on: datetime | None = None
    ends_on: datetime | None = None
    hour_limit: float | None = None
    notify_threshold_percent: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class Contact(SQLModel, table=True):
    """A person who contacts the helpdesk; merged ones stay as tombstones (``merged_into_id``),
    deleted ones until an admin purges them (``deleted_at``)."""

    __table_args__ = (
        Index("ix_contact_last_activity", "last_activity_at"),
        Index("ux_contact_reference", "reference", unique=True),
        Index("ux_contact_pin", "pin", unique=True),
        # ``is:inactive`` and ``is:deleted`` list these few newest first (migration 0012).
        Index("ix_contact_inactive", "id", **partial("NOT active")),
        Index("ix_contact_deleted", "id", **partial("deleted_at IS NOT NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    first_name: str = ""
    last_name: str = ""
    alias: str = ""
    title: str = ""
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    reference: str
    pin: str
    """Support PIN: a caller reads it out to prove who they are, so no two contacts share one
    (eight digits for new contacts: ``store.contacts.keys.PIN_DIGITS``)."""
    description: str = ""
    address: str = ""
    city: str = ""
    state: str = ""
    postcode: str = ""
    country: str = ""
    """ISO 3166-1 alpha-2 code (``store.contacts.countries``); text from before codes were enforced
    stays as it was typed until the field is next edited."""
    fax: str = ""
    is_primary: bool = False
    ignore_emails: bool = False
    active: bool = True
    merged_into_id: int | None = Field(default=None, foreign_key="contact.id")
    deleted_at: datetime | None = None
    """When an admin deleted the contact (soft: restored or purged later); None while live."""
    sla_policy_id: int | None = Field(default=None, foreign_key="sla_policy.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    last_activity_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class Identity(SQLModel, table=True):
    """A way to reach a contact. (kind, normalized) is unique among ``claimed`` methods: one
    live owner per address or number (a partial index since migration 0017). Ids are
    AUTOINCREMENT: a removed method's id is never handed to another, so an operation replayed
    by id (``store.contacts.fields``) cannot hit a stranger."""

    __table_args__ = (
        Index(
            "ux_identity_kind_normalized", "kind", "normalized", unique=True, **partial("claimed")
        ),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    kind: str
    value: str
    normalized: str
    is_default: bool = False
    claimed: bool = True
    """False while its contact is deleted, which frees the address for another contact
    (``store.contacts.lifecycle``); a deactivated contact keeps its claim."""
    created_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class CustomValue(SQLModel, table=True):
    """A key/value from an import, a data source or an agent, on a contact or a company."""

    __tablename__ = "custom_value"
    __table_args__ = (
        CheckConstraint(
            "(contact_id IS NULL) != (company_id IS NULL)", name="ck_custom_value_one_owner"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    key: str
    value: str = ""
    source: str = ""
    imported_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class Ticket(SQLModel, table=True):
    """A request. ``contact_id`` is empty while the requester is an unconverted visitor."""

    # Lists page newest first straight off an index, so a contact or company with 50,000
    # tickets opens as fast as one with five (``store.tickets.reads``); ``id`` breaks ties in
    # the order the rows are listed. ``ix_ticket_company_id`` kept its name when it gained
    # columns: the demo's bulk load defers it by that name (``store.demo.generate``).
    __table_args__ = (
        Index("ix_ticket_contact_status", "contact_id", "status"),
        Index("ix_ticket_contact_created", "contact_id", "created_at", "id"),
        Index("ix_ticket_company_id", "company_id", "created_at", "id"),
        Index("ix_ticket_assignee_created", "assignee_id", "created_at", "id"),
        Index("ix_ticket_created", "created_at", "id"),
        Index("ux_ticket_reference", "reference", unique=True),
        # ``has:`` lists contacts by their open tickets' last change, one status at a time
        # (``store.search.ticket_filters``); the group picker steps through the names in use.
        Index("ix_ticket_status_updated", "status", "updated_at", "contact_id"),
        Index("ix_ticket_unassigned_updated", "assignee_id", "status", "updated_at", "contact_id"),
        Index("ix_ticket_group", "group_name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str
    subject: str = ""
    group_name: str = ""
    status: str = TicketStatus.NEW
    priority: str = TicketPriority.NORMAL
    assignee_id: int | None = Field(default=None, foreign_key="agent.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    company_id: int | None = Field(default=None, foreign_key="company.id")
    requester: str = ""
    requester_name: str = ""
    channel: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    first_response_due_at: datetime | None = None
    resolution_due_at: datetime | None = None
    time_spent_minutes: int = 0
    version: int = 1


class TicketMessage(SQLModel, table=True):
    """A message or internal note on a ticket; append-only."""

    __tablename__ = "ticket_message"
    # A ticket's thread is read oldest first off this index.
    __table_args__ = (Index("ix_ticket_message_ticket_created", "ticket_id", "created_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", ondelete="CASCADE")
    author: str = ""
    from_customer: bool = True
    internal: bool = False
    body: str = ""
    message_id: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class Activity(SQLModel, table=True):
    """A logged call, visit, meeting, email or note."""

    # Newest first for a contact or a company; ``ix_activity_company_id`` kept its name when it
    # gained ``occurred_at``, as the ticket's did.
    __table_args__ = (
        Index("ix_activity_contact_occurred", "contact_id", "occurred_at"),
        Index("ix_activity_company_id", "company_id", "occurred_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    company_id: int | None = Field(default=None, foreign_key="company.id")
    kind: str = ActivityKind.NOTE
    summary: str = ""
    body: str = ""
    author: str = ""
    occurred_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class SavedView(SQLModel, table=True):
    """A search with its filters saved under a name by one agent (their OS username), reopened
    from Home or the palette; each agent's names are their own."""

    __tablename__ = "saved_view"
    __table_args__ = (Index("ux_saved_view_owner_name", "owner", "name", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    owner: str
    name: str
    query: str = ""
    """Home's search text (``store.search.query``), filters and all."""
    has_open_tickets: bool = False
    """Keep only contacts with an open ticket (no search filter says it: migration 0009)."""
    has_unassigned_tickets: bool = False
    """Keep only contacts with an open ticket nobody is assigned to."""
    created_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class Event(SQLModel, table=True):
    """The journal: one row per change, written in the change's own transaction.

    ``before`` and ``after`` say what changed in the operation's terms; ``rows`` holds every row
    it touched, whole, before and after: what undo needs to reverse it (``store.journal.events``;
    rows one statement changed alike as one set, ``store.journal.rowsets``).
    ``operation_id`` is shared by the Events of one unit of work (``store.journal.unit``).
    """

    __table_args__ = (
        Index("ix_event_entity", "entity", "entity_id"),
        Index("ix_event_author_at", "author", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    author: str
    entity: str
    entity_id: int | None = None
    action: str
    description: str = ""
    before: dict | None = Field(default=None, sa_type=JSON)
    after: dict | None = Field(default=None, sa_type=JSON)
    operation_id: str | None = Field(default=None, index=True)
    rows: list | None = Field(default=None, sa_type=JSON)


class EventRow(SQLModel, table=True):
    """Which rows each Event touched or concerns, one line per (row, Event): what a row's
    history and an undo's "changed since by whom" look up by index, rather than by reading the
    JSON of every later Event (``store.journal.touches``).

    ``touched`` is true for a row the Event changed; false for a row it only concerns (the
    contact a ticket belongs to, the company of a contact's activity), which a history lists
    but an undo never checks.

    ``event_id`` names an Event without a foreign key (migration 0016): the lines are written
    only with the Events they describe, whose ids they take as those are inserted, and no Event
    is ever deleted, so the check never failed; on PostgreSQL it cost a trigger call a line.
    """

    __tablename__ = "event_row"

    row_table: str = Field(primary_key=True)
    row_id: int = Field(primary_key=True)
    event_id: int = Field(primary_key=True)
    touched: bool = True


class DuplicateDismissal(SQLModel, table=True):
    """Two live contacts an agent marked "not duplicates": the duplicates view never pairs them
    again (``store.duplicates``). The pair is ordered (a < b), so one row stands for it whichever
    way round it was marked; dismissing is journalled, and undone by the generic undo."""

    __tablename__ = "duplicate_dismissal"
    __table_args__ = (
        Index("ux_duplicate_dismissal_pair", "contact_a_id", "contact_b_id", unique=True),
        Index("ix_duplicate_dismissal_contact_b", "contact_b_id"),
        CheckConstraint("contact_a_id < contact_b_id", name="ck_duplicate_dismissal_ordered"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_a_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    contact_b_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    author: str
    dismissed_at: datetime = Field(default_factory=utcnow)
