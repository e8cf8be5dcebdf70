"""Tickets: open, change, move and answer them, each a unit of work with its journal Event.

As for contacts (``store.contacts.operations``), each operation comes twice: ``…_in(unit, …)``
works inside a unit it is given and never commits, so an ingested email or a merge composes it
with other operations under one operation id; ``open_ticket(db, …)`` and the rest run one as a
unit of their own, and are what ``Store.tickets`` calls for the TUI and the CLI alike.

A change presents the version the agent loaded: the ticket is locked (PostgreSQL:
``SELECT … FOR UPDATE``), then a newer version is refused with ``StaleEdit`` naming who changed
what, exactly as a contact's save. Every change bumps the version once (``store.journal.unit``)
and ``updated_at``; a change that changes nothing writes nothing.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from sqlmodel import Session

from ..clock import utcnow
from ..contacts.methods import display_name
from ..database.engine import Database
from ..errors import InvalidInput, StaleEdit
from ..field_change import FieldChange
from ..journal.events import events_between_versions, record, snapshot
from ..journal.unit import Unit
from ..kinds import OPEN_STATUSES
from ..models import Agent, Contact, Ticket, TicketMessage, stored_id
from .reads import load_ticket, ticket_detail
from .rules import (
    agent_of,
    body_of,
    due_dates,
    group_of,
    live_contact,
    number,
    subject_of,
)
from .views import TicketDetail, priority_of, status_of

_FIELDS = (
    "reference",
    "subject",
    "group_name",
    "status",
    "priority",
    "assignee_id",
    "contact_id",
    "company_id",
    "resolved_at",
    "first_response_due_at",
    "resolution_due_at",
)
_LABELS = {
    "status": "Status",
    "priority": "Priority",
    "group_name": "Group",
    "assignee_id": "Assignee",
}


def open_ticket_in(
    unit: Unit,
    *,
    subject: str,
    contact: str = "",
    requester_name: str = "",
    requester: str = "",
    group: str = "",
    priority: str = "normal",
    assignee: str | None = None,
    body: str = "",
    channel: str = "phone",
) -> TicketDetail:
    """Open a ticket for a contact (by reference; it must be active and not merged away) or,
    without one, for a visitor known by ``requester_name``/``requester`` as received.

    ``assignee``: a username; None assigns the agent acting (their Agent row made on first use,
    journalled), '' nobody. ``body``, when given, is the customer's first message. The due dates
    come from the SLA policy in force for ``priority``. Journalled as one Event (``create``)
    holding the ticket and its first message.
    """
    subject = subject_of(subject)
    priority = priority_of(priority)
    group = group_of(group)
    body = body_of(body, required=False)
    session = unit.session
    person = live_contact(session, contact) if contact.strip() else None
    if person is None and not (requester_name.strip() or requester.strip()):
        raise InvalidInput(
            "contact", "a ticket needs a contact (or, for a visitor, the requester's name)"
        )
    name = unit.author if assignee is None else assignee.strip()
    owner = agent_of(unit, name) if name else None
    now = utcnow()
    first_due, resolution_due = due_dates(session, person, priority, now)
    ticket = Ticket(
        reference=f"T-new-{uuid4().hex}",
        subject=subject,
        group_name=group,
        priority=priority,
        assignee_id=owner.id if owner else None,
        contact_id=person.id if person else None,
        company_id=person.company_id if person else None,
        requester=requester.strip(),
        requester_name=display_name(person) if person else requester_name.strip(),
        channel=channel,
        created_at=now,
        updated_at=now,
        first_response_due_at=first_due,
        resolution_due_at=resolution_due,
    )
    session.add(ticket)
    session.flush()
    ticket.reference = number(session, ticket)
    if body:
        session.add(
            TicketMessage(
                ticket_id=stored_id(ticket.id),
                author=ticket.requester_name,
                from_customer=True,
                body=body,
                created_at=now,
            )
        )
    session.flush()
    who = f"{display_name(person)} ({person.reference})" if person else ticket.requester_name
    record(
        unit,
        "ticket",
        ticket.id,
        "create",
        f"opened {ticket.reference} for {who}: {subject}",
        after={**snapshot(ticket, _FIELDS), "version": ticket.version},
    )
    return ticket_detail(session, ticket)


def _locked(unit: Unit, reference: str, version: int, yours: dict[str, str]) -> Ticket:
    """The ticket, locked, at the version the agent loaded; else ``StaleEdit``."""
    ticket = load_ticket(unit.session, reference, lock=True)
    if ticket.version != version:
        raise _stale(unit.session, ticket, version, yours)
    return ticket


def _shown(session: Session, key: str, value: Any) -> str:
    """A journalled value as an agent reads it (an assignee by username)."""
    if key == "assignee_id":
        agent = session.get(Agent, value) if value is not None else None
        return agent.username if agent else ""
    return "" if value is None else str(value)


def _stale(session: Session, ticket: Ticket, loaded: int, yours: dict[str, str]) -> StaleEdit:
    """A refused change told from the journal: each field changed since ``loaded``, by whom,
    when, its value then and now, and the value refused."""
    events = events_between_versions(
        session, "ticket", stored_id(ticket.id), loaded, ticket.version
    )
    now = {
        "status": ticket.status,
        "priority": ticket.priority,
        "group": ticket.group_name,
        "assignee": _shown(session, "assignee_id", ticket.assignee_id),
    }
    found: dict[str, FieldChange] = {}
    for event in events:
        before, after = event.before or {}, event.after or {}
        for key in after:
            name = {"group_name": "group", "assignee_id": "assignee"}.get(key, key)
            if name not in now:
                continue
            earlier = found.get(name)
            loaded_value = earlier.loaded if earlier else _shown(session, key, before.get(key))
            found[name] = FieldChange(
                name,
                _LABELS.get(key, name.title()),
                loaded_value,
                now[name],
                yours.get(name),
                event.author,
                event.at,
            )
    authors = list(dict.fromkeys(event.author for event in events))
    change = events[-1].description if events else ""
    if len(events) > 1:
        change = f"{len(events)} changes, the last: {change}"
    return StaleEdit(
        "ticket",
        ticket.reference,
        loaded,
        ticket.version,
        " and ".join(authors),
        change,
        list(found.values()),
        now,
        ticket_detail(session, ticket),
    )


def set_ticket_in(
    unit: Unit,
    reference: str,
    version: int,
    *,
    status: str | None = None,
    priority: str | None = None,
    group: str | None = None,
    assignee: str | None = None,
) -> TicketDetail:
    """Change a ticket's status, priority, group or assignee (None: leave it; assignee '':
    nobody), made on ``version``. Resolving or closing stamps ``resolved_at`` (once: closing a
    resolved ticket keeps it); reopening clears it. A new priority takes its due dates from the
    policy in force. Journalled as one Event (``update``) with the fields before and after."""
    wanted: dict[str, Any] = {}
    if status is not None:
        wanted["status"] = status_of(status)
    if priority is not None:
        wanted["priority"] = priority_of(priority)
    if group is not None:
        wanted["group_name"] = group_of(group)
    yours = {k: v for k, v in (("status", status), ("priority", priority)) if v is not None}
    yours |= {k: v for k, v in (("group", group), ("assignee", assignee)) if v is not None}
    session = unit.session
    ticket = _locked(unit, reference, version, yours)
    if assignee is not None:
        owner = agent_of(unit, assignee) if assignee.strip() else None
        wanted["assignee_id"] = owner.id if owner else None
    changed = {k: v for k, v in wanted.items() if getattr(ticket, k) != v}
    if not changed:
        return ticket_detail(session, ticket)
    before = snapshot(ticket, _FIELDS)
    now = utcnow()
    for key, value in changed.items():
        setattr(ticket, key, value)
    if "status" in changed:
        if ticket.status in OPEN_STATUSES:
            ticket.resolved_at = None
        elif ticket.resolved_at is None:
            ticket.resolved_at = now
    if "priority" in changed:
        person = session.get(Contact, ticket.contact_id) if ticket.contact_id else None
        ticket.first_response_due_at, ticket.resolution_due_at = due_dates(
            session, person, ticket.priority, ticket.created_at
        )
    ticket.updated_at = now
    session.flush()
    after = snapshot(ticket, _FIELDS)
    keys = [k for k in _FIELDS if before[k] != after[k]]
    what = ", ".join(
        f"{_LABELS[k].lower()} to {_shown(session, k, after[k]) or 'none'}" for k in changed
    )
    record(
        unit,
        "ticket",
        ticket.id,
        "update",
        f"set {what} of {ticket.reference}",
        before={k: before[k] for k in keys} | {"version": version},
        after={k: after[k] for k in keys} | {"version": ticket.version},
    )
    return ticket_detail(session, ticket)


def move_ticket_in(unit: Unit, reference: str, version: int, to_contact: str) -> TicketDetail:
    """Give a ticket (made on ``version``) to another contact; its company follows the
    contact's, and its due dates the policy in force there. A deactivated or merged contact is
    refused with the reason (``ContactUnavailable``). Journalled as one Event (``move``) naming
    both contacts."""
    session = unit.session
    ticket = _locked(unit, reference, version, {})
    target = live_contact(session, to_contact)
    if ticket.contact_id == target.id:
        return ticket_detail(session, ticket)
    source = session.get(Contact, ticket.contact_id) if ticket.contact_id else None
    before = snapshot(ticket, _FIELDS)
    ticket.contact_id = target.id
    ticket.company_id = target.company_id
    ticket.first_response_due_at, ticket.resolution_due_at = due_dates(
        session, target, ticket.priority, ticket.created_at
    )
    ticket.updated_at = utcnow()
    session.flush()
    after = snapshot(ticket, _FIELDS)
    old = f"{display_name(source)} ({source.reference})" if source else ticket.requester_name
    new = f"{display_name(target)} ({target.reference})"
    record(
        unit,
        "ticket",
        ticket.id,
        "move",
        f"moved {ticket.reference} from {old} to {new}",
        before={k: before[k] for k in _FIELDS if before[k] != after[k]}
        | {"contact": source.reference if source else None, "version": version},
        after={k: after[k] for k in _FIELDS if before[k] != after[k]}
        | {"contact": target.reference, "version": ticket.version},
    )
    return ticket_detail(session, ticket)


def add_message_in(unit: Unit, reference: str, body: str, internal: bool = False) -> TicketDetail:
    """Add the acting agent's reply (to the customer) or internal note to a ticket's thread. The
    first reply stamps ``first_response_at`` (its SLA target is met or missed then); a note
    does not. Journalled as one Event (``reply`` or ``note``)."""
    text = body_of(body, required=True)
    session = unit.session
    ticket = load_ticket(session, reference, lock=True)
    now = utcnow()
    message = TicketMessage(
        ticket_id=stored_id(ticket.id),
        author=unit.author,
        from_customer=False,
        internal=internal,
        body=text,
        created_at=now,
    )
    session.add(message)
    if not internal and ticket.first_response_at is None:
        ticket.first_response_at = now
    ticket.updated_at = now
    session.flush()
    record(
        unit,
        "ticket",
        ticket.id,
        "note" if internal else "reply",
        f"{'added an internal note to' if internal else 'replied to'} {ticket.reference}",
        after={"message_id": message.id, "internal": internal, "version": ticket.version},
    )
    return ticket_detail(session, ticket)


def open_ticket(db: Database, **fields: Any) -> TicketDetail:
    """``open_ticket_in`` as a unit of work of its own (the New ticket modal, ``ticket new``)."""
    with db.unit() as unit:
        return open_ticket_in(unit, **fields)


def set_ticket(db: Database, reference: str, version: int, **changes: str | None) -> TicketDetail:
    """``set_ticket_in`` as a unit of work of its own (the ticket screen's pickers,
    ``ticket set``)."""
    with db.unit() as unit:
        return set_ticket_in(unit, reference, version, **changes)


def move_ticket(db: Database, reference: str, version: int, to_contact: str) -> TicketDetail:
    """``move_ticket_in`` as a unit of work of its own (``c``, ``ticket move``)."""
    with db.unit() as unit:
        return move_ticket_in(unit, reference, version, to_contact)


def add_message(db: Database, reference: str, body: str, internal: bool = False) -> TicketDetail:
    """``add_message_in`` as a unit of work of its own (the ticket screen, ``ticket reply``)."""
    with db.unit() as unit:
        return add_message_in(unit, reference, body, internal)
