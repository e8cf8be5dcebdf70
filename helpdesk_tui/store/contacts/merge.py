"""Merging two contacts into one, as one unit of work that undo reverses exactly.

The survivor takes the fields chosen from the other contact (through ``update_contact_in``, so
they are validated and journalled as any edit), then everything the other holds: its tickets
(their company follows the survivor's, as a moved ticket's does), contact methods (each kind
keeps one default: the survivor's, else the one that came), activities (their company follows
too), custom values and the contracts naming it as customer contact. The other contact is never
deleted: it becomes a tombstone pointing at the survivor (``merged_into_id``), which leaves the
search index in the same transaction, and whose reference leads to the survivor. (kind,
normalized value) is unique over all contact methods (``ux_identity_kind_normalized``), so two
contacts never share one and the methods that come need no de-duplicating.

Journalled as the survivor's ``merge`` Event (after the ``update`` of the fields taken), whose
rows hold every row that moved, so ``store.journal.undo`` restores both contacts row for row.
Only an admin may merge (``refusals.NotAllowed``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from sqlmodel import col, select

from ..agents.roles import require_admin
from ..clock import utcnow
from ..database.engine import Database
from ..errors import InvalidInput
from ..journal.bulk import table_of, update_where
from ..journal.events import record
from ..journal.unit import Unit
from ..models import Contact, Identity, stored_id
from ..search.index import reindex
from .fields import FIELD_BY_NAME
from .merge_plan import Holdings, Side, check_pair, load_contact
from .methods import display_name
from .operations import update_contact_in
from .reads import contact_view
from .stale_edits import stale_edit
from .views import ContactView


@dataclass(frozen=True)
class Merged:
    """A merge as applied: the survivor as it is now, the reference that became its
    tombstone, what moved, and the operation to undo it by."""

    survivor: ContactView
    merged: str
    moved: Holdings
    operation_id: str


def _changes(survivor: ContactView, loser: ContactView, take: Mapping[str, bool]) -> dict:
    """The fields the survivor takes from the other contact, as form text."""
    unknown = [name for name in take if name not in FIELD_BY_NAME]
    if unknown:
        raise InvalidInput(
            unknown[0],
            f"{unknown[0]!r} is not a contact field: use {', '.join(FIELD_BY_NAME)}",
            tuple(FIELD_BY_NAME),
        )
    return {
        name: loser.field(name)
        for name, from_loser in take.items()
        if from_loser and loser.field(name) != survivor.field(name)
    }


def _move_identities(session: Any, survivor: Contact, loser: Contact) -> list[dict[str, Any]]:
    """Give the loser's contact methods to the survivor; a kind the survivor has a default of
    keeps it, else the loser's default stays the default. Returns them for the Event."""
    own = session.exec(select(Identity).where(Identity.contact_id == survivor.id)).all()
    defaults = {identity.kind for identity in own if identity.is_default}
    moved = []
    for identity in session.exec(
        select(Identity).where(Identity.contact_id == loser.id).order_by(col(Identity.id))
    ):
        identity.contact_id = stored_id(survivor.id)
        if identity.kind in defaults:
            identity.is_default = False
        moved.append(
            {"id": identity.id, "kind": identity.kind, "value": identity.value}
            | {"default": identity.is_default}
        )
    return moved


def _move_rest(unit: Unit, survivor: Contact, loser: Contact) -> dict[str, int]:
    """Give the loser's tickets, activities, custom values and contracts to the survivor: a
    few statements each, however many there are (``journal.bulk``)."""
    moves: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
        ("tickets", "ticket", "contact_id", {"company_id": survivor.company_id}),
        ("activities", "activity", "contact_id", {"company_id": survivor.company_id}),
        ("custom_values", "custom_value", "contact_id", {}),
        ("contracts", "contract", "customer_contact_id", {}),
    )
    counts = {}
    for what, name, column, also in moves:
        table = table_of(name)
        counts[what] = update_where(
            unit, table, table.c[column] == loser.id, {column: survivor.id, **also}
        )
    return counts


def _locked_pair(unit: Unit, a: str, b: str) -> tuple[Contact, Contact]:
    """Both contacts, locked in id order (two merges of one pair queue rather than deadlock)."""
    first, second = load_contact(unit.session, a), load_contact(unit.session, b)
    for contact in sorted({first.id: first, second.id: second}.values(), key=lambda c: c.id or 0):
        unit.session.refresh(contact, with_for_update=True)
    return first, second


def merge_contacts_in(
    unit: Unit,
    a: str,
    b: str,
    keep: Side = Side.A,
    take: Mapping[str, Side] | None = None,
    versions: tuple[int | None, int | None] = (None, None),
) -> Merged:
    """Merge contacts ``a`` and ``b`` (references as typed) in ``unit``: ``keep`` survives,
    taking the fields ``take`` says come from the other side (every other field keeps the
    survivor's value) and everything the other holds. ``versions`` are those the agent's
    preview showed (None: not checked); a contact saved since is refused with ``StaleEdit``.

    Raises ``NotAllowed`` (not an admin), ``MergeRefused`` (itself, a tombstone, a loop),
    ``NotFound``, ``InvalidInput`` (an unknown field), ``ValidationFailed`` (a field taken
    fails the survivor's validation); the unit then writes nothing.
    """
    require_admin(unit, "merge")
    session = unit.session
    pair = _locked_pair(unit, a, b)
    survivor, loser = pair if keep is Side.A else pair[::-1]
    check_pair(session, survivor, loser)
    for contact, loaded in zip(pair, versions, strict=True):
        if loaded is not None and contact.version != loaded:
            raise stale_edit(session, contact, loaded, {}, ())
    wanted = {name: side is keep.other for name, side in (take or {}).items()}
    changes = _changes(contact_view(session, survivor), contact_view(session, loser), wanted)
    version = survivor.version
    if changes:
        update_contact_in(unit, survivor.reference, survivor.version, changes)
    added = _move_identities(session, survivor, loser)
    counts = _move_rest(unit, survivor, loser)
    now = utcnow()
    loser.merged_into_id = survivor.id
    loser.is_primary = False
    loser.updated_at = now
    survivor.updated_at = now
    session.flush()
    moved = Holdings(identities=len(added), **counts)
    what = ", ".join(f"{n} {label}" for label, n in moved.items() if n) or "nothing to move"
    record(
        unit,
        "contact",
        survivor.id,
        "merge",
        f"merged {display_name(loser)} ({loser.reference}) into {display_name(survivor)} "
        f"({survivor.reference}): {what}",
        before={"identities": {"added": added}, "version": version, "merged": loser.reference},
        after={"merged": loser.reference, "moved": asdict(moved), "version": survivor.version},
    )
    reindex(session, [stored_id(survivor.id), stored_id(loser.id)])
    return Merged(contact_view(session, survivor), loser.reference, moved, unit.operation_id)


def merge_contacts(
    db: Database,
    a: str,
    b: str,
    keep: Side = Side.A,
    take: Mapping[str, Side] | None = None,
    versions: tuple[int | None, int | None] = (None, None),
) -> Merged:
    """``merge_contacts_in`` as a unit of work of its own (``m``, ``helpdesk-tui merge``)."""
    with db.unit() as unit:
        return merge_contacts_in(unit, a, b, keep, take, versions)
