"""What stops an undo besides rows changed since (``history.refusal`` asks):

- an address or number it would give back is held by another contact now: a method it
  removed, or a deleted contact's, was given to someone else since (only live contacts own
  addresses, ``Identity.claimed``). Putting it back would make two owners, which the unique
  index refuses in the middle of the undo; the refusal names the holder instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, col, select

from ..models import Contact, Identity
from .states import Key, State, label

NetRows = Mapping[Key, tuple[State | None, State | None]]


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
