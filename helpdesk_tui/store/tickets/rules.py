"""What a ticket operation checks and looks up before it writes: the text an agent typed, the
agent and contact it names, the SLA due dates in force, and a new ticket's number.

Each check raises a typed error naming its field (``InvalidInput``, ``ContactUnavailable``,
``NotFound``), so the new-ticket modal marks the field and the CLI prints the sentence.
Statuses and priorities are read by ``views.status_of`` and ``views.priority_of``, which the
CLI and the screens can call too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from ..contacts.keys import draw
from ..contacts.methods import display_name
from ..errors import ContactUnavailable, InvalidInput, NotFound, Unavailable
from ..journal.events import new_agent, record, snapshot
from ..journal.unit import Unit
from ..models import Agent, Company, Contact, SlaTarget, Ticket, stored_id
from .reads import find_contact

SUBJECT_MAX = 250
GROUP_MAX = 100
BODY_MAX = 100_000
"""A message is a phone call's notes or a pasted email, not an attachment."""
FIRST_NUMBER = 1_000_000
"""Tickets are numbered ``T-`` and their id plus a million, as the demo numbers its own, so a
reference says roughly when a ticket was opened and reads out as seven digits."""


def _text(field: str, typed: str, limit: int, required: bool) -> str:
    value = typed.strip()
    if required and not value:
        raise InvalidInput(field, f"a ticket needs a {field}: type one")
    if len(value) > limit:
        raise InvalidInput(field, f"the {field} is {len(value):,} characters; at most {limit:,}")
    return value


def subject_of(typed: str) -> str:
    """A subject: required, trimmed, at most ``SUBJECT_MAX`` characters."""
    return _text("subject", typed, SUBJECT_MAX, required=True)


def group_of(typed: str) -> str:
    """A group (department): free text, trimmed, may be empty."""
    return _text("group", typed, GROUP_MAX, required=False)


def body_of(typed: str, required: bool) -> str:
    """A message's body as typed (only its ends trimmed): what the customer will read."""
    return _text("body", typed, BODY_MAX, required=required)


_AGENT_FIELDS = ("username", "display_name", "role", "active")


def agent_of(unit: Unit, username: str) -> Agent:
    """The active agent called ``username``. The agent running the app is created on first
    use (journalled: an assignee is a row other agents see); anyone else must exist already."""
    session = unit.session
    name = username.strip()
    agent = session.exec(select(Agent).where(Agent.username == name)).first()
    if agent is None and name == unit.author:
        agent = new_agent(session, name)
        session.add(agent)
        session.flush()
        record(
            unit,
            "agent",
            agent.id,
            "create",
            f"added agent {name}",
            after={**snapshot(agent, _AGENT_FIELDS), "version": agent.version},
        )
    if agent is None:
        known = session.exec(
            select(Agent.username).where(col(Agent.active)).order_by(Agent.username).limit(8)
        ).all()
        listed = f" (agents: {', '.join(known)})" if known else ""
        raise InvalidInput("assignee", f"no agent called {name!r}{listed}: check the username")
    if not agent.active:
        raise InvalidInput("assignee", f"agent {name} is deactivated: assign someone else")
    return agent


def live_contact(session: Session, typed: str) -> Contact:
    """The contact a ticket is opened for or moved to: one that exists, is active, is not
    deleted and was not merged away (a merged one names the contact it became, so the agent
    can pick that)."""
    from ..contacts.fields import contact_reference  # noqa: PLC0415

    reference = contact_reference(typed)
    contact = session.exec(select(Contact).where(Contact.reference == reference)).first()
    if contact is None:
        raise NotFound(f"no contact with reference {reference}: check it with search", "contact")
    if contact.merged_into_id is not None:
        winner = find_contact(session, reference)
        raise ContactUnavailable(
            f"{reference} was merged into {winner.reference}: give the ticket to "
            f"{winner.reference} instead",
            Unavailable.MERGED,
            winner.reference,
        )
    if contact.deleted_at is not None:
        raise ContactUnavailable(
            f"{reference} ({display_name(contact)}) is deleted: restore them or pick another "
            "contact",
            Unavailable.DELETED,
        )
    if not contact.active:
        raise ContactUnavailable(
            f"{reference} ({display_name(contact)}) is deactivated: reactivate them or pick an "
            "active contact",
            Unavailable.DEACTIVATED,
        )
    return contact


def due_dates(
    session: Session, contact: Contact | None, priority: str, opened: datetime
) -> tuple[datetime | None, datetime | None]:
    """First-response and resolution due times from the policy in force (the contact's own,
    else its company's) for ``priority``; (None, None) without a policy or a target."""
    policy_id = contact.sla_policy_id if contact else None
    if policy_id is None and contact is not None and contact.company_id is not None:
        company = session.get(Company, contact.company_id)
        policy_id = company.sla_policy_id if company else None
    if policy_id is None:
        return None, None
    target = session.exec(
        select(SlaTarget).where(SlaTarget.policy_id == policy_id, SlaTarget.priority == priority)
    ).first()
    if target is None:
        return None, None
    return (
        opened + timedelta(minutes=target.first_response_minutes),
        opened + timedelta(minutes=target.resolution_minutes),
    )


def number(session: Session, ticket: Ticket) -> str:
    """The reference of a ticket just inserted: ``T-`` and its id plus ``FIRST_NUMBER``. A
    reference held already (tickets imported with their own numbers, an id SQLite handed out
    again after the newest ticket was purged) is drawn at random past every id instead; the
    unique index ``ux_ticket_reference`` stands behind both."""
    reference = f"T-{FIRST_NUMBER + stored_id(ticket.id)}"
    while session.exec(select(Ticket.id).where(Ticket.reference == reference)).first():
        reference = f"T-{9 * 10**8 + draw(10**8)}"
    return reference
