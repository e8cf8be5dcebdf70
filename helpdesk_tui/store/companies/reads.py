"""Reading a company for its screen: its fields, its contacts a page at a time (the primary
one first), its tickets counted by group, and all of it at once (``company_overview``).

The counts are one ``GROUP BY`` over the company's tickets (``ix_ticket_company_id``), open and
closed summed side by side, so the chart costs one query however many groups there are.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from ..activities.reads import list_activities
from ..contacts.methods import display_name
from ..database.engine import Database
from ..kinds import OPEN_STATUSES
from ..models import Company, Contact, Contract, SlaPolicy, Ticket, stored_id
from ..refusals import OutsideTeams
from ..tickets.reads import find_company_by, recent_tickets
from .views import (
    CONTACTS_PAGE,
    CompanyContact,
    CompanyOverview,
    CompanyView,
    ContactsPage,
    ContractSummary,
    GroupCount,
)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _covers(contract: Contract, now: datetime) -> bool:
    starts, ends = _aware(contract.starts_on), _aware(contract.ends_on)
    return (starts is None or starts <= now) and (ends is None or now <= ends)


def _contract(session: Session, company_id: int) -> ContractSummary | None:
    """The contract in force today, else the one that ended or starts nearest (the latest
    by start)."""
    contracts = session.exec(
        select(Contract)
        .where(Contract.company_id == company_id)
        .order_by(col(Contract.starts_on).desc(), col(Contract.id).desc())
    ).all()
    if not contracts:
        return None
    now = datetime.now(UTC)
    current = next((c for c in contracts if _covers(c, now)), contracts[0])
    return ContractSummary(
        current.description,
        current.po_number,
        current.starts_on,
        current.ends_on,
        current.hour_limit,
    )


def company_view(session: Session, company: Company) -> CompanyView:
    """A company's fields as its screen shows them, read in ``session``."""
    company_id = stored_id(company.id)
    policy = session.get(SlaPolicy, company.sla_policy_id) if company.sla_policy_id else None
    return CompanyView(
        id=company_id,
        name=company.name,
        reference=company.reference,
        domains=tuple(part for part in company.domains.replace(",", " ").split() if part),
        notes=company.notes,
        active=company.active,
        sla_policy=policy.name if policy else "",
        contract=_contract(session, company_id),
        created_at=company.created_at,
        updated_at=company.updated_at,
        version=company.version,
    )


def contacts_page(
    session: Session, company_id: int, offset: int = 0, limit: int = CONTACTS_PAGE
) -> ContactsPage:
    """A page of the company's contacts (merged and deleted ones left out; deactivated ones
    stay, marked): the primary first, then by last and first name."""
    found = session.exec(
        select(Contact)
        .where(
            Contact.company_id == company_id,
            col(Contact.merged_into_id).is_(None),
            col(Contact.deleted_at).is_(None),
        )
        .order_by(
            col(Contact.is_primary).desc(),
            func.lower(col(Contact.last_name)),
            func.lower(col(Contact.first_name)),
            col(Contact.id),
        )
        .offset(offset)
        .limit(limit + 1)
    ).all()
    return ContactsPage(
        rows=tuple(
            CompanyContact(c.reference, display_name(c), c.title, c.is_primary, c.active, c.version)
            for c in found[:limit]
        ),
        offset=offset,
        has_more=len(found) > limit,
    )


def group_counts(session: Session, company_id: int) -> tuple[GroupCount, ...]:
    """The company's tickets by group, open and closed, groups by name ('' first)."""
    is_open = col(Ticket.status).in_(OPEN_STATUSES)
    statement: Any = (
        select_columns(
            col(Ticket.group_name),
            func.sum(case((is_open, 1), else_=0)),
            func.sum(case((is_open, 0), else_=1)),
        )
        .where(col(Ticket.company_id) == company_id)
        .group_by(col(Ticket.group_name))
        .order_by(col(Ticket.group_name))
    )
    rows = session.exec(statement).all()
    return tuple(
        GroupCount(group or "", int(opened), int(closed)) for group, opened, closed in rows
    )


def _visible(db: Database, session: Session, name_or_reference: str) -> Company:
    """The company named, when the agent's teams may access it (``agents.scope``); else
    ``OutsideTeams``, a ``NotFound`` saying why."""
    company = find_company_by(session, name_or_reference)
    if not db.scope.allows(company.id):
        raise OutsideTeams("company", company.name)
    return company


def get_company(db: Database, name_or_reference: str) -> CompanyView:
    """A company by name (any case) or reference; NotFound (field ``company``)."""
    with db.read() as session:
        return company_view(session, _visible(db, session, name_or_reference))


def list_contacts(
    db: Database, name_or_reference: str, offset: int = 0, limit: int = CONTACTS_PAGE
) -> ContactsPage:
    """A page of a company's contacts, the primary first."""
    if limit < 1 or offset < 0:
        raise ValueError("a page starts at offset 0 or later and holds at least one row")
    with db.read() as session:
        company = _visible(db, session, name_or_reference)
        return contacts_page(session, stored_id(company.id), offset, limit)


def ticket_counts(db: Database, name_or_reference: str) -> tuple[GroupCount, ...]:
    """A company's open and closed tickets by group (the bar chart)."""
    with db.read() as session:
        company = _visible(db, session, name_or_reference)
        return group_counts(session, stored_id(company.id))


def company_overview(db: Database, name_or_reference: str) -> CompanyOverview:
    """Everything the company screen opens with: its fields, contacts, counts (one snapshot),
    then its five newest tickets and newest activities (each a read of its own, by reference)."""
    with db.read() as session:
        company = _visible(db, session, name_or_reference)
        company_id = stored_id(company.id)
        view = company_view(session, company)
        contacts = contacts_page(session, company_id)
        counts = group_counts(session, company_id)
    return CompanyOverview(
        company=view,
        contacts=contacts,
        counts=counts,
        recent_tickets=recent_tickets(db, company=view.reference),
        activities=list_activities(db, company=view.reference),
    )
