"""What merging two contacts would do, read before anything is written: the fields on which
they differ (each kept from one side or the other) and what each holds that would move.

The merge itself (``store.contacts.merge``) refuses what this refuses, for the same reasons
(``refusals.MergeRefused``): a contact merged into itself, into or from a tombstone, or a chain
of merges that would loop. The preview of the TUI and ``helpdesk-tui merge --dry-run`` show
this plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func
from sqlmodel import Session, col, select

from ..database.engine import Database
from ..errors import NotFound
from ..models import Activity, Contact, Contract, CustomValue, Identity, Ticket, stored_id
from ..refusals import MergeProblem, MergeRefused
from .fields import FIELDS, contact_reference
from .methods import display_name
from .reads import contact_view
from .views import ContactView

CHAIN_LIMIT = 1000
"""How far a chain of merges is followed looking for a loop (one is never this long)."""


class Side(StrEnum):
    """One of the two contacts of a merge, as given: ``a`` first, ``b`` second."""

    A = "a"
    B = "b"

    @property
    def other(self) -> Side:
        """The other contact."""
        return Side.B if self is Side.A else Side.A


@dataclass(frozen=True)
class MergeField:
    """A field on which the two contacts differ: its value on each, as the form edits it
    (``a``, ``b``) and as people read it (``a_shown``, ``b_shown``: a country by its name)."""

    name: str
    label: str
    a: str
    b: str
    a_shown: str
    b_shown: str


@dataclass(frozen=True)
class Holdings:
    """What a contact holds that a merge moves to the survivor. There is no table of files:
    nothing else refers to a contact."""

    tickets: int
    identities: int
    activities: int
    custom_values: int
    contracts: int

    def items(self) -> tuple[tuple[str, int], ...]:
        """(what, how many) in the order people read them, what in the singular for one."""
        counted = (
            ("ticket", "tickets", self.tickets),
            ("contact method", "contact methods", self.identities),
            ("activity", "activities", self.activities),
            ("custom value", "custom values", self.custom_values),
            ("contract", "contracts", self.contracts),
        )
        return tuple((one if n == 1 else many, n) for one, many, n in counted)


@dataclass(frozen=True)
class MergePlan:
    """Two contacts side by side, as a merge of them would start from."""

    a: ContactView
    b: ContactView
    fields: tuple[MergeField, ...]
    """The fields on which they differ, in the Details tab's order."""
    a_holds: Holdings
    b_holds: Holdings

    def contact(self, side: Side) -> ContactView:
        """The contact on ``side``."""
        return self.a if side is Side.A else self.b

    def moving(self, keep: Side) -> Holdings:
        """What moves when ``keep`` survives: everything the other holds."""
        return self.b_holds if keep is Side.A else self.a_holds


def load_contact(session: Session, typed: str, lock: bool = False) -> Contact:
    """The contact a reference names exactly (a tombstone is not followed: it is refused)."""
    reference = contact_reference(typed)
    query = select(Contact).where(Contact.reference == reference)
    if lock:
        query = query.with_for_update()
    contact = session.exec(query).first()
    if contact is None:
        raise NotFound(f"no contact with reference {reference}: check it with search", "contact")
    return contact


def _named(contact: Contact) -> str:
    return f"{display_name(contact)} ({contact.reference})"


def check_pair(session: Session, survivor: Contact, loser: Contact) -> None:
    """Refuse a merge of ``loser`` into ``survivor`` that cannot be: one contact twice, a chain
    of merges from the survivor leading back to the loser (a loop), a deleted contact, or a
    tombstone on either side (whose live contact is named, to merge with instead)."""
    if survivor.id == loser.id:
        raise MergeRefused(
            MergeProblem.SAME,
            survivor.reference,
            f"{_named(survivor)} cannot be merged into itself: pick two different contacts",
        )
    step, seen = survivor, 0
    while step.merged_into_id is not None and seen < CHAIN_LIMIT:
        if step.merged_into_id == loser.id:
            raise MergeRefused(
                MergeProblem.LOOP,
                survivor.reference,
                f"{survivor.reference} was merged into {_named(loser)} already: merging "
                f"{loser.reference} into it would make a loop",
                loser.reference,
            )
        step, seen = session.get(Contact, step.merged_into_id) or step, seen + 1
    for contact in (survivor, loser):
        if contact.deleted_at is not None:
            raise MergeRefused(
                MergeProblem.DELETED,
                contact.reference,
                f"{_named(contact)} is deleted: restore it (D) before merging it",
            )
        if contact.merged_into_id is not None:
            live = _live(session, contact)
            raise MergeRefused(
                MergeProblem.TOMBSTONE,
                contact.reference,
                f"{contact.reference} was merged into {_named(live)} already: merge with "
                f"{live.reference} instead",
                live.reference,
            )


def _live(session: Session, contact: Contact) -> Contact:
    """The live contact a tombstone's chain of merges ends at."""
    seen = 0
    while contact.merged_into_id is not None and seen < CHAIN_LIMIT:
        contact = session.get(Contact, contact.merged_into_id) or contact
        seen += 1
    return contact


def _count(session: Session, column: object, contact_id: int) -> int:
    return session.exec(select(func.count()).where(column == contact_id)).one()


def holdings(session: Session, contact_id: int) -> Holdings:
    """What a contact holds, counted."""
    return Holdings(
        tickets=_count(session, col(Ticket.contact_id), contact_id),
        identities=_count(session, col(Identity.contact_id), contact_id),
        activities=_count(session, col(Activity.contact_id), contact_id),
        custom_values=_count(session, col(CustomValue.contact_id), contact_id),
        contracts=_count(session, col(Contract.customer_contact_id), contact_id),
    )


def differing_fields(a: ContactView, b: ContactView) -> tuple[MergeField, ...]:
    """The editable fields on which two contacts differ."""
    return tuple(
        MergeField(
            spec.name,
            spec.label,
            a.field(spec.name),
            b.field(spec.name),
            a.shown(spec.name),
            b.shown(spec.name),
        )
        for spec in FIELDS
        if a.field(spec.name) != b.field(spec.name)
    )


def merge_plan(db: Database, a: str, b: str) -> MergePlan:
    """The plan of merging contacts ``a`` and ``b`` (references as typed), whichever survives;
    raises ``MergeRefused`` for a pair no merge can join, ``NotFound`` for an unknown one."""
    with db.read() as session:
        first, second = load_contact(session, a), load_contact(session, b)
        check_pair(session, first, second)
        a_view, b_view = contact_view(session, first), contact_view(session, second)
        return MergePlan(
            a_view,
            b_view,
            differing_fields(a_view, b_view),
            holdings(session, stored_id(first.id)),
            holdings(session, stored_id(second.id)),
        )
