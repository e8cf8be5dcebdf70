"""A contact's life after its creation: deactivated and reactivated, deleted (softly) and
restored, and at last purged (DESIGN.md §3, §5).

- Deactivating keeps the contact and everything it holds for history; it takes no new ticket
  (``tickets.rules.live_contact``) and Home's search shows it only when asked ``is:inactive``.
- Deleting needs an admin and a contact without tickets: they are reassigned to another live
  contact in the same unit of work (their company follows the contact's, as a moved ticket's
  does), or removed first; otherwise ``HasTickets`` says how many. The contact stays, with
  ``deleted_at`` set, until restored or purged; search shows it only when asked ``is:deleted``.
  Its contact methods stay with it but stop claiming their addresses (``Identity.claimed``):
  only live contacts own addresses, deactivated ones included, so another contact can be
  given them.
- Restoring (an admin) makes a deleted contact live again, its methods claiming their
  addresses again; while another contact holds one of them, it is refused (``MethodsTaken``
  names who), rather than giving an address two owners or the contact back without it.
- Purging (an admin, a deleted contact only) removes the contact, the tombstones merged into
  it, their contact methods, activities, custom values and any other row naming them, and
  unlinks the contracts naming it. It is the one operation undo never reverses
  (``journal.history.refusal`` refuses it in a sentence): its Event says that it happened and
  which rows went, by id, without keeping their contents, which is what a purge is for; and
  in the same transaction every earlier Event forgets what those rows held
  (``journal.redact``), so undoing one of them is refused too (``journal.obstacles``).

Each is one unit of work journalled as one Event on the contact (``deactivate``,
``reactivate``, ``delete``, ``restore``, ``purge``) holding every row it changed, so undo
reverses the first four, tickets and all, like any other operation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from ..clock import utcnow
from ..database.dbapi import wrap
from ..database.engine import Database
from ..errors import HasTickets, IdentityConflict, LifecycleProblem, LifecycleRefused
from ..journal.bulk import states, table_of, update_where
from ..journal.events import record
from ..journal.redact import redact_purged
from ..journal.states import table_order
from ..journal.unit import Unit
from ..models import Agent, AgentRole, Contact, Identity, Ticket, stored_id
from ..refusals import MethodsTaken
from ..search.index import drop_contacts
from ..tickets.rules import live_contact
from .merge import require_admin
from .merge_plan import load_contact
from .methods import claimant, display_name
from .reads import contact_view
from .views import ContactView

UNLINKED = {("contract", "customer_contact_id")}
"""Rows that outlive a purged contact, losing only their link to it (a contract is the
company's); every other row naming the contact goes with it."""
OUTLIVE = frozenset({"ticket", *(table for table, _ in UNLINKED)})
"""Tables whose rows outlive a purged contact: its tickets (reassigned or removed first) and
the contracts. Their states in the journal are theirs, and stay (``journal.redact``)."""


class LifecycleAction(StrEnum):
    """What is done to a contact (the journal's action, and the CLI's word)."""

    DEACTIVATE = "deactivate"
    REACTIVATE = "reactivate"
    DELETE = "delete"
    RESTORE = "restore"
    PURGE = "purge"

    @property
    def needs_admin(self) -> bool:
        """Delete, restore and purge need an admin; (re)activating does not."""
        return self in (LifecycleAction.DELETE, LifecycleAction.RESTORE, LifecycleAction.PURGE)


@dataclass(frozen=True)
class LifecycleDone:
    """A change of a contact's life as applied: the contact as it is now (None once purged),
    the tickets reassigned and to whom, the rows a purge removed, and the operation."""

    action: LifecycleAction
    reference: str
    name: str
    contact: ContactView | None
    operation_id: str
    tickets_moved: int = 0
    reassigned_to: str = ""
    removed: int = 0
    """Rows a purge removed besides the contact (its contact methods, activities…)."""


def _named(contact: Contact) -> str:
    return f"{display_name(contact)} ({contact.reference})"


def _locked(unit: Unit, typed: str) -> Contact:
    """The contact ``typed`` names, locked for the unit; a tombstone is refused."""
    contact = load_contact(unit.session, typed)
    unit.session.refresh(contact, with_for_update=True)
    if contact.merged_into_id is not None:
        raise LifecycleRefused(
            LifecycleProblem.MERGED,
            contact.reference,
            f"{contact.reference} was merged into another contact: change that one instead",
        )
    return contact


def _refuse_deleted(contact: Contact, wanted: str) -> None:
    if contact.deleted_at is not None:
        raise LifecycleRefused(
            LifecycleProblem.DELETED,
            contact.reference,
            f"{_named(contact)} is deleted: restore them before you {wanted} them",
        )


def _done(unit: Unit, contact: Contact, action: LifecycleAction, **more: Any) -> LifecycleDone:
    view = contact_view(unit.session, contact)
    return LifecycleDone(action, contact.reference, view.name, view, unit.operation_id, **more)


def set_active_in(unit: Unit, typed: str, active: bool) -> LifecycleDone:
    """Deactivate (``active`` False) or reactivate a contact in ``unit``. Refuses a tombstone,
    a deleted contact, and one already so (``LifecycleRefused``)."""
    contact = _locked(unit, typed)
    action = LifecycleAction.REACTIVATE if active else LifecycleAction.DEACTIVATE
    _refuse_deleted(contact, action.value)
    if contact.active == active:
        state = "active" if active else "deactivated"
        raise LifecycleRefused(
            LifecycleProblem.ALREADY,
            contact.reference,
            f"{_named(contact)} is {state} already: nothing was changed",
        )
    contact.active = active
    contact.updated_at = utcnow()
    unit.session.flush()
    record(
        unit,
        "contact",
        contact.id,
        action.value,
        f"{action.value}d {_named(contact)}",
        before={"active": not active},
        after={"active": active, "version": contact.version},
    )
    return _done(unit, contact, action)


def ticket_count(session: Session, contact_id: int) -> int:
    """How many tickets name the contact."""
    return session.exec(
        select(func.count()).select_from(Ticket).where(Ticket.contact_id == contact_id)
    ).one()


def delete_contact_in(unit: Unit, typed: str, reassign_to: str | None = None) -> LifecycleDone:
    """Soft-delete a contact in ``unit`` (an admin only), its tickets first reassigned to the
    live contact ``reassign_to`` names, in the same unit. Raises ``NotAllowed``,
    ``LifecycleRefused`` (a tombstone, deleted already, reassigning to itself), ``HasTickets``
    (tickets and nowhere to put them), ``NotFound`` or ``ContactUnavailable`` (the contact to
    reassign to); nothing is then written."""
    require_admin(unit, "delete")
    contact = _locked(unit, typed)
    if contact.deleted_at is not None:
        raise LifecycleRefused(
            LifecycleProblem.ALREADY,
            contact.reference,
            f"{_named(contact)} is deleted already: nothing was changed",
        )
    count = ticket_count(unit.session, stored_id(contact.id))
    moved, target_reference, target_named = 0, "", ""
    if count and not reassign_to:
        raise HasTickets(contact.reference, display_name(contact), count)
    if reassign_to:
        target = live_contact(unit.session, reassign_to)
        if target.id == contact.id:
            raise LifecycleRefused(
                LifecycleProblem.SAME,
                contact.reference,
                f"the tickets of {_named(contact)} must go to another contact, not to itself",
            )
        ticket = table_of("ticket")
        moved = update_where(
            unit,
            ticket,
            ticket.c.contact_id == contact.id,
            {"contact_id": target.id, "company_id": target.company_id},
        )
        target_reference, target_named = target.reference, _named(target)
    now = utcnow()
    contact.deleted_at = now
    contact.updated_at = now
    for method in _methods(unit.session, contact):
        method.claimed = False
    unit.session.flush()
    plural = "ticket" if moved == 1 else "tickets"
    tickets = f"; moved {moved} {plural} to {target_named}" if moved else ""
    record(
        unit,
        "contact",
        contact.id,
        "delete",
        f"deleted {_named(contact)}{tickets}",
        before={"deleted_at": None},
        after={
            "deleted_at": now.isoformat(),
            "tickets_moved": moved,
            "reassigned_to": target_reference,
            "version": contact.version,
        },
    )
    return _done(
        unit, contact, LifecycleAction.DELETE, tickets_moved=moved, reassigned_to=target_reference
    )


def _deleted(unit: Unit, typed: str, action: LifecycleAction) -> Contact:
    """The deleted contact ``typed`` names, locked, for an admin; else refused."""
    require_admin(unit, action.value)
    contact = _locked(unit, typed)
    if contact.deleted_at is None:
        raise LifecycleRefused(
            LifecycleProblem.NOT_DELETED,
            contact.reference,
            f"{_named(contact)} is not deleted: only a deleted contact can be {action.value}d"
            + (" (delete it first)" if action is LifecycleAction.PURGE else ""),
        )
    return contact


def _methods(session: Session, contact: Contact) -> list[Identity]:
    """The contact's methods, locked for the unit (ORM rows: the unit journals them)."""
    query = select(Identity).where(Identity.contact_id == contact.id).order_by(col(Identity.id))
    return list(session.exec(query.with_for_update()))


def restore_contact_in(unit: Unit, typed: str) -> LifecycleDone:
    """Make a deleted contact live again (an admin only), its methods claiming their addresses
    again. Its tickets stay where the delete put them: undoing the delete is what brings them
    back too. Raises ``MethodsTaken`` when another contact holds one of its addresses now."""
    contact = _deleted(unit, typed, LifecycleAction.RESTORE)
    session = unit.session
    methods = _methods(session, contact)
    taken = [
        IdentityConflict(method.kind, method.value, owner.reference, display_name(owner))
        for method in methods
        if (owner := claimant(session, method.kind, method.normalized)) is not None
    ]
    if taken:
        raise MethodsTaken(contact.reference, display_name(contact), taken)
    for method in methods:
        method.claimed = True
    deleted_at = contact.deleted_at
    contact.deleted_at = None
    contact.updated_at = utcnow()
    unit.session.flush()
    record(
        unit,
        "contact",
        contact.id,
        "restore",
        f"restored {_named(contact)}",
        before={"deleted_at": deleted_at.isoformat() if deleted_at else None},
        after={"deleted_at": None, "version": contact.version},
    )
    return _done(unit, contact, LifecycleAction.RESTORE)


def _tombstones(session: Session, contact_id: int) -> list[int]:
    """The contact and every tombstone merged into it, however indirectly."""
    found, frontier = [contact_id], [contact_id]
    while frontier:
        query = select(Contact.id).where(col(Contact.merged_into_id).in_(frontier))
        frontier = [stored_id(row_id) for row_id in session.exec(query) if row_id not in found]
        found += frontier
    return found


def _gone(table: str, rows: dict[int, dict[str, Any]], keep: tuple[str, ...]) -> list[dict]:
    """Journal rows of a purge: which rows went, by id and the columns ``keep`` names (the
    contact they belonged to), not their contents."""
    return [
        {
            "table": table,
            "id": row_id,
            "before": {"id": row_id} | {k: state[k] for k in keep if k in state},
            "after": None,
        }
        for row_id, state in rows.items()
    ]


def purge_contact_in(unit: Unit, typed: str) -> LifecycleDone:
    """Remove a deleted contact for good (an admin only): see the module's docstring. Raises
    ``NotAllowed``, ``LifecycleRefused`` (not deleted) or ``HasTickets``."""
    contact = _deleted(unit, typed, LifecycleAction.PURGE)
    session = unit.session
    reference, name = contact.reference, display_name(contact)
    ids = _tombstones(session, stored_id(contact.id))
    count = session.exec(
        select(func.count()).select_from(Ticket).where(col(Ticket.contact_id).in_(ids))
    ).one()
    if count:
        raise HasTickets(reference, name, count)
    drop_contacts(wrap(session.connection().connection.driver_connection), ids)
    removed = 0
    gone: list[tuple[str, dict[str, Any]]] = []
    for table in reversed(table_order()):
        for key in table.foreign_keys:
            if key.column.table.name != "contact" or table.name == "contact":
                continue
            column = key.parent
            where = column.in_(ids)
            if (table.name, column.name) in UNLINKED:
                update_where(unit, table, where, {column.name: None})
                continue
            rows = states(session, table, where, lock=True)
            session.execute(delete(table).where(where))
            unit.changed_in_bulk(_gone(table.name, rows, (column.name,)))
            removed += len(rows)
            gone += [(table.name, state) for state in rows.values()]
    contacts = table_of("contact")
    rows = states(session, contacts, contacts.c.id.in_(ids), lock=True)
    session.expunge(contact)
    session.execute(delete(contacts).where(contacts.c.id.in_(ids)))
    unit.changed_in_bulk(_gone("contact", rows, ("reference", "merged_into_id")))
    gone += [("contact", state) for state in rows.values()]
    redacted = redact_purged(session, ids, gone, OUTLIVE)
    merged = f" and {len(ids) - 1} merged into it" if len(ids) > 1 else ""
    record(
        unit,
        "contact",
        ids[0],
        "purge",
        f"purged contact {reference}{merged}, with {removed} rows naming it",
        after={"purged": reference, "contacts": len(ids), "rows": removed, "redacted": redacted},
    )
    return LifecycleDone(
        LifecycleAction.PURGE, reference, name, None, unit.operation_id, removed=removed
    )


def apply(
    db: Database, action: LifecycleAction, typed: str, reassign_to: str | None = None
) -> LifecycleDone:
    """One of the operations above as a unit of work of its own (``D``, ``helpdesk-tui contact
    …`` and ``purge``)."""
    with db.unit() as unit:
        if action is LifecycleAction.DEACTIVATE:
            return set_active_in(unit, typed, False)
        if action is LifecycleAction.REACTIVATE:
            return set_active_in(unit, typed, True)
        if action is LifecycleAction.DELETE:
            return delete_contact_in(unit, typed, reassign_to)
        if action is LifecycleAction.RESTORE:
            return restore_contact_in(unit, typed)
        return purge_contact_in(unit, typed)


def is_admin(db: Database) -> bool:
    """Whether the agent acting on ``db`` may delete, restore and purge: an admin, or the
    first agent of a database that has none yet (who becomes its admin on their first change,
    ``journal.events.new_agent``)."""
    with db.read() as session:
        agent = session.exec(select(Agent).where(Agent.username == db.author)).first()
        if agent is None:
            return session.exec(select(Agent.id).limit(1)).first() is None
        return agent.role == AgentRole.ADMIN
