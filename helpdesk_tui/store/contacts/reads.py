"""Reading a contact: everything its screen shows, as plain views, in one unit of work."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import case, func, literal
from sqlmodel import Session, col, select

from ..database.engine import Database
from ..errors import NotFound
from ..kinds import OPEN_STATUSES, PRIORITIES
from ..models import (
    Company,
    Contact,
    CustomValue,
    Identity,
    SlaPolicy,
    SlaTarget,
    Ticket,
    stored_id,
)
from ..refusals import OutsideTeams
from ..tickets.views import COUNT_CAP
from .fields import contact_reference
from .views import (
    ContactDetail,
    ContactView,
    CustomValueView,
    IdentityView,
    SlaTargetView,
    SlaView,
    TicketRow,
)

TICKETS_SHOWN = 20
"""Newest tickets in a contact's detail (``contact show``; the screen pages its own list)."""
DUE_SHOWN = 50
"""Open tickets on the SLA tab: the most urgent ones. A contact may have thousands open (a
bench contact has 30,000); reading them all made opening that contact take seconds."""


def contact_view(session: Session, contact: Contact) -> ContactView:
    company = session.get(Company, contact.company_id) if contact.company_id else None
    identities = session.exec(
        select(Identity)
        .where(Identity.contact_id == contact.id)
        .order_by(Identity.kind, col(Identity.is_default).desc(), col(Identity.id))
    ).all()
    return ContactView(
        id=stored_id(contact.id),
        reference=contact.reference,
        pin=contact.pin,
        first_name=contact.first_name,
        last_name=contact.last_name,
        alias=contact.alias,
        title=contact.title,
        company=company.name if company else "",
        company_reference=company.reference if company else "",
        description=contact.description,
        address=contact.address,
        city=contact.city,
        state=contact.state,
        postcode=contact.postcode,
        country=contact.country,
        fax=contact.fax,
        is_primary=contact.is_primary,
        ignore_emails=contact.ignore_emails,
        active=contact.active,
        created_at=contact.created_at,
        updated_at=contact.updated_at,
        version=contact.version,
        identities=tuple(
            IdentityView(stored_id(i.id), i.kind, i.value, i.normalized, i.is_default, i.version)
            for i in identities
        ),
        deleted_at=contact.deleted_at,
    )


def get_contact(db: Database, reference: str, urgent: bool = True) -> ContactDetail:
    """Everything the contact screen shows; a merged reference leads to the contact it became.

    ``urgent=False`` is the contact screen's read, which paints before anything else is read:
    ``tickets`` stays empty (its Tickets tab reads its own pages), ``open_tickets`` too and
    ``open_ticket_count`` None (finding the most urgent means
    sorting every open ticket of the contact: 57 ms for one with 30,000; the SLA tab reads them
    afterwards, ``most_urgent_tickets``), and tickets are counted up to ``COUNT_CAP``, as a
    ticket list's are (counting 50,000 took 20 ms on PostgreSQL, and 10 more for the open ones).

    ``reference`` may be typed in any case and without its prefix (``c-10000042``,
    ``10000042``): see ``contact_reference``.
    """
    reference = contact_reference(reference)
    with db.read() as session:
        contact = session.exec(select(Contact).where(Contact.reference == reference)).first()
        if contact is None:
            raise NotFound(f"no contact with reference {reference}")
        merged_from = ""
        while contact.merged_into_id is not None:
            merged_from = merged_from or contact.reference
            winner = session.get(Contact, contact.merged_into_id)
            if winner is None:  # the foreign key forbids it; said plainly if it happens
                raise NotFound(f"{reference} was merged into a contact that is not there")
            contact = winner
        if not db.scope.allows(contact.company_id):
            raise OutsideTeams("contact", reference)
        contact_id = stored_id(contact.id)
        count = _ticket_count(session, contact_id, None if urgent else COUNT_CAP + 1)
        capped = count > COUNT_CAP and not urgent
        return ContactDetail(
            contact=contact_view(session, contact),
            custom_values=_custom_values(session, contact_id),
            tickets=_newest(session, contact_id) if urgent else (),
            open_tickets=_most_urgent(session, contact_id) if urgent else (),
            open_ticket_count=_open_count(session, contact_id) if urgent else None,
            ticket_count=min(count, COUNT_CAP) if capped else count,
            ticket_count_capped=capped,
            sla=_sla(session, contact),
            merged_from=merged_from,
        )


def most_urgent_tickets(db: Database, reference: str) -> tuple[TicketRow, ...]:
    """The contact's open tickets whose next SLA target comes first, for the SLA tab."""
    reference = contact_reference(reference)
    with db.read() as session:
        contact = session.exec(select(Contact).where(Contact.reference == reference)).first()
        if contact is None:
            raise NotFound(f"no contact with reference {reference}")
        if not db.scope.allows(contact.company_id):
            raise OutsideTeams("contact", reference)
        return _most_urgent(session, stored_id(contact.id))


def _ticket_count(session: Session, contact_id: int, limit: int | None) -> int:
    """The contact's tickets, counted up to ``limit`` when one is given."""
    rows = select(literal(1)).select_from(Ticket).where(Ticket.contact_id == contact_id)
    counted = rows.limit(limit).subquery() if limit is not None else rows.subquery()
    return session.exec(select(func.count()).select_from(counted)).one()


def _open_count(session: Session, contact_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(Ticket)
        .where(Ticket.contact_id == contact_id, col(Ticket.status).in_(OPEN_STATUSES))
    ).one()


def _newest(session: Session, contact_id: int) -> tuple[TicketRow, ...]:
    return _rows(
        session.exec(
            select(Ticket)
            .where(Ticket.contact_id == contact_id)
            .order_by(col(Ticket.created_at).desc(), col(Ticket.id).desc())
            .limit(TICKETS_SHOWN)
        ).all()
    )


def _custom_values(session: Session, contact_id: int) -> tuple[CustomValueView, ...]:
    rows = session.exec(
        select(CustomValue).where(CustomValue.contact_id == contact_id).order_by(CustomValue.key)
    ).all()
    return tuple(CustomValueView(r.key, r.value, r.source, r.imported_at) for r in rows)


def _most_urgent(session: Session, contact_id: int) -> tuple[TicketRow, ...]:
    """The ``DUE_SHOWN`` open tickets whose next SLA target comes first (the first response
    while none was sent, else the resolution); those with no target last, newest first."""
    next_due = case(
        (
            col(Ticket.first_response_at).is_(None),
            func.coalesce(Ticket.first_response_due_at, Ticket.resolution_due_at),
        ),
        else_=Ticket.resolution_due_at,
    )
    rows = session.exec(
        select(Ticket)
        .where(Ticket.contact_id == contact_id, col(Ticket.status).in_(OPEN_STATUSES))
        .order_by(next_due.asc().nulls_last(), col(Ticket.created_at).desc(), col(Ticket.id).desc())
        .limit(DUE_SHOWN)
    ).all()
    return _rows(rows)


def _rows(rows: Sequence[Ticket]) -> tuple[TicketRow, ...]:
    return tuple(
        TicketRow(
            t.reference,
            t.subject,
            t.group_name,
            t.status,
            t.priority,
            t.created_at,
            t.updated_at,
            t.first_response_due_at,
            t.resolution_due_at,
            t.first_response_at,
            t.resolved_at,
        )
        for t in rows
    )


def _sla(session: Session, contact: Contact) -> SlaView | None:
    """The policy that applies: the contact's own, else its company's."""
    policy_id, source = contact.sla_policy_id, "contact"
    if policy_id is None and contact.company_id is not None:
        company = session.get(Company, contact.company_id)
        policy_id, source = (company.sla_policy_id if company else None), "company"
    if policy_id is None:
        return None
    policy = session.get(SlaPolicy, policy_id)
    if policy is None:  # the foreign key forbids it
        return None
    targets = session.exec(select(SlaTarget).where(SlaTarget.policy_id == policy_id)).all()
    order = {p: i for i, p in enumerate(PRIORITIES)}
    return SlaView(
        policy.name,
        source,
        tuple(
            SlaTargetView(t.priority, t.first_response_minutes, t.resolution_minutes)
            for t in sorted(targets, key=lambda t: order.get(t.priority, 9))
        ),
    )
