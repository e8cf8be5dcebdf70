"""Reading tickets: a page of a list, a contact's or company's latest, one ticket and its thread.

A list is read a page at a time, in the order an index keeps (``ix_ticket_contact_created``,
``ix_ticket_company_id``, ``ix_ticket_assignee_created``, ``ix_ticket_created``: migration 0008),
so the newest fifty of a contact's 50,000 tickets cost what the newest fifty of five do. A page
reads one row more than it shows to know whether another follows, and counts the list only up
to ``COUNT_CAP`` entries. Sorting on another key (priority, status, due) sorts the scope's rows
in the database and keeps the top of them (SQLite and PostgreSQL both keep a bounded heap for
ORDER BY … LIMIT), never loading them into Python. The page's ids are picked from the ticket
table alone (a subquery the page's one statement reads from), and only those rows are joined
to their contact, company and assignee: joining first made every one of 50,000 rows pay for
three lookups before the sort (115 ms against 31 for a sort by due date on SQLite; 3 ms either
way newest first).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from sqlalchemy import and_, case, false, func, literal, null, or_
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from ..agents.scope import Scope
from ..database.engine import Database
from ..errors import NotFound
from ..kinds import OPEN_STATUSES, PRIORITIES, TicketStatus
from ..models import Agent, Company, Contact, Ticket, TicketMessage, stored_id
from ..refusals import OutsideTeams
from .views import (
    COUNT_CAP,
    Direction,
    MessageKind,
    MessageView,
    SortKey,
    SubView,
    TicketDetail,
    TicketListRow,
    TicketPage,
    TicketQuery,
    status_of,
)

RECENT = 5
"""How many tickets the Details tab and the company screen show as the latest."""
_REFERENCE = re.compile(r"(?:T-?)?([0-9]+)")
_CLOSED = tuple(status.value for status in TicketStatus if not status.is_open)


def ticket_reference(typed: str) -> str:
    """A ticket's reference as stored, however an agent typed it: in any case, with or without
    its ``T-`` prefix or dash (``t-1000042``, ``T1000042``, ``1000042``: ``T-1000042``), as a
    contact's reference is read. Anything else comes back trimmed (and is not found)."""
    text = typed.strip().upper()
    match = _REFERENCE.fullmatch(text) if text.isascii() else None
    return f"T-{match[1]}" if match else text


def find_contact(session: Session, reference: str) -> Contact:
    """The contact a reference names, following merges to the contact it became."""
    from ..contacts.fields import contact_reference  # noqa: PLC0415 - its validators load late

    reference = contact_reference(reference)
    contact = session.exec(select(Contact).where(Contact.reference == reference)).first()
    if contact is None:
        raise NotFound(f"no contact with reference {reference}: check it with search", "contact")
    while contact.merged_into_id is not None:
        winner = session.get(Contact, contact.merged_into_id)
        if winner is None:  # the foreign key forbids it; said plainly if it happens
            raise NotFound(f"{reference} was merged into a contact that is not there", "contact")
        contact = winner
    return contact


def find_company_by(session: Session, name_or_reference: str) -> Company:
    """The company a list is asked for: by its reference (``CO-…``), else by its name in any
    case."""
    from ..contacts.keys import find_company  # noqa: PLC0415

    typed = name_or_reference.strip()
    company = session.exec(select(Company).where(Company.reference == typed.upper())).first()
    company = company or find_company(session, typed)
    if company is None:
        raise NotFound(f"no company named {typed!r}: check its name or reference", "company")
    return company


_ROW_COLUMNS = (
    "id",
    "reference",
    "subject",
    "group_name",
    "priority",
    "status",
    "created_at",
    "updated_at",
    "requester_name",
    "first_response_due_at",
    "resolution_due_at",
    "first_response_at",
    "resolved_at",
    "version",
)
"""What a list row shows of a ticket: read as columns, not as ``Ticket`` objects, whose
loading into the session was a third of reading a page."""


@cache
def _row_columns() -> tuple[Any, tuple[Any, ...]]:
    """The assignee's alias and the columns of a list row, made once: making them for each
    page was a fifth of a page's Python time."""
    assignee = aliased(Agent)
    return assignee, (
        *(getattr(Ticket, name) for name in _ROW_COLUMNS),
        col(assignee.username).label("assignee"),
        col(Contact.reference).label("contact_reference"),
        col(Contact.first_name),
        col(Contact.last_name),
        col(Company.name).label("company"),
    )


def _row_query(picked: Any = None) -> Any:
    """The columns of list rows; with ``picked`` (a subquery of ticket ids), those tickets
    only, read from it outwards."""
    assignee, row = _row_columns()
    columns = select_columns(*row)
    if picked is not None:
        columns = columns.select_from(picked).join(Ticket, col(Ticket.id) == picked.c.id)
    return (
        columns.outerjoin(assignee, col(assignee.id) == Ticket.assignee_id)
        .outerjoin(Contact, col(Contact.id) == Ticket.contact_id)
        .outerjoin(Company, col(Company.id) == Ticket.company_id)
    )


def _row(found: Any) -> TicketListRow:
    return TicketListRow(
        id=stored_id(found.id),
        reference=found.reference,
        subject=found.subject,
        group=found.group_name,
        priority=found.priority,
        status=found.status,
        created_at=found.created_at,
        updated_at=found.updated_at,
        assignee=found.assignee or "",
        contact_reference=found.contact_reference or "",
        contact_name=" ".join(part for part in (found.first_name, found.last_name) if part),
        requester_name=found.requester_name,
        company=found.company or "",
        first_response_due_at=found.first_response_due_at,
        resolution_due_at=found.resolution_due_at,
        first_response_at=found.first_response_at,
        resolved_at=found.resolved_at,
        version=found.version,
    )


def _rank(column: Any, order: tuple[str, ...]) -> Any:
    """A column's values as their place in ``order`` (statuses, priorities), for sorting."""
    return case({value: index for index, value in enumerate(order)}, value=column, else_=None)


def _sort_column(key: SortKey) -> Any:
    status = col(Ticket.status)
    if key is SortKey.CREATED:
        return col(Ticket.created_at)
    if key is SortKey.UPDATED:
        return col(Ticket.updated_at)
    if key is SortKey.PRIORITY:
        return _rank(col(Ticket.priority), PRIORITIES[::-1])  # low … urgent
    if key is SortKey.STATUS:
        return _rank(status, tuple(TicketStatus))
    if key is SortKey.DUE:  # as TicketListRow.next_due
        return case(
            (
                and_(status.in_(OPEN_STATUSES), col(Ticket.first_response_at).is_(None)),
                col(Ticket.first_response_due_at),
            ),
            (status.in_(OPEN_STATUSES), col(Ticket.resolution_due_at)),
            else_=null(),
        )
    return col(Ticket.id)


def _conditions(session: Session, query: TicketQuery, me: str, visible: Scope) -> list[Any]:
    """The WHERE of a list: the companies the agent's teams may access (nothing when they
    are not limited), its scope, sub-view and statuses."""
    found: list[Any] = []
    if visible.companies is not None:
        column = col(Ticket.company_id)
        found.append(or_(column.is_(None), column.in_(sorted(visible.companies))))
    if query.contact:
        contact = find_contact(session, query.contact)
        if not visible.allows(contact.company_id):
            raise OutsideTeams("contact", contact.reference)
        found.append(col(Ticket.contact_id) == contact.id)
    if query.company:
        company = find_company_by(session, query.company)
        if not visible.allows(company.id):
            raise OutsideTeams("company", company.name)
        found.append(col(Ticket.company_id) == company.id)
    view = query.view
    if view is SubView.MINE:
        agent = session.exec(select(Agent.id).where(Agent.username == me)).first()
        found.append(col(Ticket.assignee_id) == agent if agent is not None else false())
    elif view is SubView.OPEN:
        found.append(col(Ticket.status).in_(OPEN_STATUSES))
    elif view is SubView.CLOSED:
        found.append(col(Ticket.status).in_(_CLOSED))
    elif view is SubView.UNASSIGNED:
        found += [col(Ticket.assignee_id).is_(None), col(Ticket.status).in_(OPEN_STATUSES)]
    if query.statuses:
        found.append(col(Ticket.status).in_([status_of(typed) for typed in query.statuses]))
    return found


def _page(session: Session, query: TicketQuery, me: str, visible: Scope) -> TicketPage:
    where = _conditions(session, query, me, visible)
    key = _sort_column(query.sort)
    descending = query.ordering is Direction.DESC
    ordered = key.desc() if descending else key.asc()
    tie = col(Ticket.id).desc() if descending else col(Ticket.id).asc()
    if query.sort is SortKey.DUE:
        ordered = ordered.nulls_last()
    order = [ordered] if query.sort is SortKey.REFERENCE else [ordered, tie]
    picked = (
        select(col(Ticket.id))
        .where(*where)
        .order_by(*order)
        .offset(query.offset)
        .limit(query.limit + 1)
        .subquery("picked")
    )
    found = session.exec(_row_query(picked).order_by(*order)).all()
    bounded = select(literal(1)).select_from(Ticket).where(*where).limit(COUNT_CAP + 1).subquery()
    total = session.exec(select(func.count()).select_from(bounded)).one()
    return TicketPage(
        query=query,
        rows=tuple(_row(item) for item in found[: query.limit]),
        has_more=len(found) > query.limit,
        total=min(total, COUNT_CAP),
        total_capped=total > COUNT_CAP,
    )


def list_tickets(db: Database, query: TicketQuery) -> TicketPage:
    """One page of a ticket list (``TicketQuery``); "mine" is the tickets of ``db.author``.

    An unknown contact or company raises NotFound (its ``field`` says which); a merged
    contact's list is the contact it became.
    """
    if query.limit < 1 or query.offset < 0:
        raise ValueError("a page starts at offset 0 or later and holds at least one row")
    visible = db.scope
    with db.read() as session:
        return _page(session, query, db.author, visible)


def recent_tickets(db: Database, contact: str = "", company: str = "") -> tuple[TicketListRow, ...]:
    """The ``RECENT`` newest tickets of a contact or a company (the Details tab's, the company
    screen's)."""
    return list_tickets(db, TicketQuery(contact=contact, company=company, limit=RECENT)).rows


def load_ticket(session: Session, reference: str, lock: bool = False) -> Ticket:
    """The ticket a typed reference names (``ticket_reference``); with ``lock``, locked for
    the rest of the write (PostgreSQL: ``SELECT … FOR UPDATE``; SQLite's ``BEGIN IMMEDIATE``
    holds the database already)."""
    reference = ticket_reference(reference)
    statement = select(Ticket).where(Ticket.reference == reference)
    if lock:
        statement = statement.with_for_update()
    ticket = session.exec(statement).first()
    if ticket is None:
        raise NotFound(f"no ticket with reference {reference}: check it with ticket list", "ticket")
    return ticket


def _kind(message: TicketMessage) -> MessageKind:
    if message.internal:
        return MessageKind.NOTE
    return MessageKind.CUSTOMER if message.from_customer else MessageKind.REPLY


def ticket_detail(session: Session, ticket: Ticket) -> TicketDetail:
    """A ticket as its screen shows it, read in ``session`` (a read, or the write that just
    changed it)."""
    ticket_id = stored_id(ticket.id)
    found = session.exec(_row_query().where(col(Ticket.id) == ticket_id)).one()
    assignee = session.get(Agent, ticket.assignee_id) if ticket.assignee_id else None
    company = session.get(Company, ticket.company_id) if ticket.company_id else None
    messages = session.exec(
        select(TicketMessage)
        .where(TicketMessage.ticket_id == ticket_id)
        .order_by(col(TicketMessage.created_at), col(TicketMessage.id))
    ).all()
    return TicketDetail(
        row=_row(found),
        requester=ticket.requester,
        channel=ticket.channel,
        company_reference=company.reference if company else "",
        assignee_name=(assignee.display_name or assignee.username) if assignee else "",
        time_spent_minutes=ticket.time_spent_minutes,
        messages=tuple(
            MessageView(stored_id(m.id), _kind(m), m.author, m.body, m.created_at) for m in messages
        ),
    )


def get_ticket(db: Database, reference: str) -> TicketDetail:
    """Everything the ticket screen shows (``reference`` typed in any case, prefix optional)."""
    visible = db.scope
    with db.read() as session:
        ticket = load_ticket(session, reference)
        if not visible.allows(ticket.company_id):
            raise OutsideTeams("ticket", ticket.reference)
        return ticket_detail(session, ticket)
