"""What stops an undo besides rows changed since (``history.refusal`` asks both):

- a contact its rows name was purged since. A purge is for good, and the journal keeps no
  personal data of the purged rows (``store.journal.redact``): putting them back would bring
  back a contact that is gone, or rows naming it, which its foreign keys refuse;
- an address or number it would give back is held by another contact now: a method it
  removed, or a deleted contact's, was given to someone else since (only live contacts own
  addresses, ``Identity.claimed``). Putting it back would make two owners, which the unique
  index refuses in the middle of the undo; the refusal names the holder instead.

Both read the journal's rows through ``history.net_rows`` and the tables' foreign keys
through the models' metadata, so a table added later that names a contact is covered too.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, col, select

from ..models import Contact, Event, EventRow, Identity
from .states import Key, State, contact_columns, label

NetRows = Mapping[Key, tuple[State | None, State | None]]


def named_contacts(net: NetRows) -> set[int]:
    """The contacts the rows name: contact rows, and the contacts other rows belong to."""
    columns = contact_columns()
    found: set[int] = set()
    for (table, row_id), states in net.items():
        if table == "contact":
            found.add(row_id)
        for state in states:
            for name in columns.get(table, ()) if state else ():
                if state and state.get(name) is not None:
                    found.add(state[name])
    return found


def purged_since(session: Session, net: NetRows, after_event: int) -> list[str]:
    """References of the contacts the rows name that a purge removed after Event
    ``after_event``, each once, in order."""
    from .history import net_rows  # noqa: PLC0415 - history asks this module

    ids = named_contacts(net)
    if not ids:
        return []
    purges = session.exec(
        select(Event)
        .join(EventRow, col(EventRow.event_id) == Event.id)
        .where(
            EventRow.row_table == "contact",
            col(EventRow.row_id).in_(sorted(ids)),
            col(EventRow.touched),
            Event.action == "purge",
            col(Event.id) > after_event,
        )
        .order_by(col(Event.id))
    ).all()
    found: dict[str, None] = {}
    for purge in {entry.id: entry for entry in purges}.values():
        for (table, row_id), (before, _) in net_rows([purge]).items():
            if table == "contact" and row_id in ids:
                found.setdefault(str((before or {}).get("reference") or f"contact {row_id}"))
    return sorted(found)


def claims_taken(session: Session, net: NetRows) -> list[tuple[Key, str]]:
    """The contact methods an undo would give back claiming an address another contact's
    method claims now: each as the holder's method and its label (``contact method email
    ann@example.com of Bob Ray (C-10000077)``)."""
    mine = {row_id for table, row_id in net if table == "identity"}
    found: list[tuple[Key, str]] = []
    for (table, row_id), (before, _) in net.items():
        if table != "identity" or before is None or not before.get("claimed", True):
            continue
        held = session.exec(
            select(Identity, Contact)
            .join(Contact, col(Contact.id) == Identity.contact_id)
            .where(
                Identity.kind == before["kind"],
                Identity.normalized == before["normalized"],
                col(Identity.claimed),
                col(Identity.id).not_in(mine),
            )
        ).first()
        if held is not None:
            method, holder = held
            key = ("identity", method.id or row_id)
            name = " ".join(p for p in (holder.first_name, holder.last_name) if p)
            held_by = f"{name or holder.reference} ({holder.reference})"
            found.append(
                (key, f"{label(*key, {'kind': method.kind, 'value': method.value})} of {held_by}")
            )
    return found
