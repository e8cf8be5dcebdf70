"""A contact's methods in an edit: new ones checked (format, listed twice, owned by another
contact), removals and new defaults applied only to the methods they were made on, exactly one
default per kind kept, and every change logged for the journal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlmodel import Session, col, select

from ..errors import IdentityConflict
from ..models import Contact, Identity
from . import identities as idn
from .fields import (
    AddIdentity,
    DroppedOp,
    DropReason,
    IdentityOp,
    MakeDefault,
    RemoveIdentity,
)


def display_name(contact: Contact) -> str:
    """How a contact is named in messages: first and last name, else the reference."""
    return " ".join(p for p in (contact.first_name, contact.last_name) if p) or contact.reference


def claimant(session: Session, kind: str, normalized: str) -> Contact | None:
    """The contact whose method claims (kind, normalized), if any: a live or deactivated
    contact (a deleted one's methods stand aside, ``Identity.claimed``; a tombstone's moved
    to its survivor)."""
    return session.exec(
        select(Contact)
        .join(Identity, col(Contact.id) == Identity.contact_id)
        .where(Identity.kind == kind, Identity.normalized == normalized, col(Identity.claimed))
    ).first()


def holds(session: Session, contact_id: int | None, kind: str, normalized: str) -> bool:
    """Whether the contact has the method already, claimed or not (a deleted contact's)."""
    return (
        contact_id is not None
        and session.exec(
            select(Identity.id).where(
                Identity.contact_id == contact_id,
                Identity.kind == kind,
                Identity.normalized == normalized,
            )
        ).first()
        is not None
    )


def normalized_adds(
    session: Session,
    adds: Sequence[tuple[int, AddIdentity]],
    region: str,
    contact_id: int | None,
    errors: dict[str, str],
    conflicts: list[IdentityConflict],
) -> list[tuple[AddIdentity, str, str]]:
    """Validate new identities: format, duplicates within the edit, and other owners."""
    accepted: list[tuple[AddIdentity, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for index, op in adds:
        key = f"identity:new:{index}"
        try:
            value, normalized = idn.normalize(op.kind, op.value, region)
        except idn.InvalidIdentity as exc:
            errors[key] = str(exc)
            continue
        if (op.kind, normalized) in seen:
            errors[key] = "is listed twice"
            continue
        seen.add((op.kind, normalized))
        if holds(session, contact_id, op.kind, normalized):
            errors[key] = "is already one of this contact's methods"
            continue
        owner = claimant(session, op.kind, normalized)
        if owner is not None:
            conflict = IdentityConflict(
                op.kind, value, owner.reference, display_name(owner), field=key
            )
            errors[key] = conflict.owned
            conflicts.append(conflict)
            continue
        accepted.append((op, value, normalized))
    return accepted


def add_identities(
    session: Session,
    contact_id: int,
    accepted: Sequence[tuple[AddIdentity, str, str]],
    claimed: bool = True,
) -> list[dict[str, Any]]:
    """Insert new identities keeping exactly one default per kind; returns them for the Event,
    each with the default it replaced (None when it is not the default or there was none).
    ``claimed``: False for a deleted contact's, which claim nothing until it is restored."""
    added = []
    for op, value, normalized in accepted:
        others = session.exec(
            select(Identity).where(Identity.contact_id == contact_id, Identity.kind == op.kind)
        ).all()
        default = op.make_default or not any(o.is_default for o in others)
        replaced = None
        if default:
            for other in others:
                if other.is_default:
                    other.is_default = False
                    replaced = other.id
        identity = Identity(
            contact_id=contact_id,
            kind=op.kind,
            value=value,
            normalized=normalized,
            is_default=default,
            claimed=claimed,
        )
        session.add(identity)
        session.flush()
        added.append(_entry(identity, default=default, replaced=replaced))
    return added


def _dropped(op: RemoveIdentity | MakeDefault, row: Identity | None) -> DroppedOp:
    verb = "Not removed" if isinstance(op, RemoveIdentity) else "Not made default"
    message = f"{verb}: {op.kind} {op.value} is no longer one of this contact's methods"
    if row is None:
        return DroppedOp(op, DropReason.GONE, f"{message}.")
    return DroppedOp(
        op, DropReason.CHANGED, f"{message}; the {row.kind} {row.value} now in its place was kept."
    )


def matching_ops(
    ops: Sequence[IdentityOp], own: Mapping[int, Identity]
) -> tuple[list[IdentityOp], list[DroppedOp]]:
    """The operations that still meet the method they were made on (same id, kind and
    normalized value among the contact's own), and those dropped, with why."""
    kept: list[IdentityOp] = []
    dropped: list[DroppedOp] = []
    for op in ops:
        if isinstance(op, RemoveIdentity | MakeDefault):
            row = own.get(op.identity_id)
            if row is None or (row.kind, row.normalized) != (op.kind, op.normalized):
                dropped.append(_dropped(op, row))
                continue
        kept.append(op)
    return kept, dropped


def _entry(identity: Identity, **extra: Any) -> dict[str, Any]:
    return {"id": identity.id, "kind": identity.kind, "value": identity.value, **extra}


def _make_default(chosen: Identity, others: Iterable[Identity]) -> int | None:
    """Make ``chosen`` its kind's default; returns the id of the default it replaced."""
    replaced = None
    for other in others:
        if other is not chosen and other.kind == chosen.kind and other.is_default:
            other.is_default = False
            replaced = other.id
    chosen.is_default = True
    return replaced


def apply_identity_ops(
    session: Session, ops: Sequence[IdentityOp], own: dict[int, Identity]
) -> dict[str, list[dict[str, Any]]]:
    """Remove and re-default identities, keeping one default per kind; returns every change
    for the Event: each removal, and each method that became the default of its kind (chosen,
    or promoted because the default was removed), with the default it replaced."""
    log: dict[str, list[dict[str, Any]]] = {"removed": [], "defaulted": []}
    for op in ops:
        if isinstance(op, RemoveIdentity) and op.identity_id in own:
            gone = own.pop(op.identity_id)
            log["removed"].append(_entry(gone, default=gone.is_default))
            session.delete(gone)
            heirs = (i for i in own.values() if i.kind == gone.kind)
            if gone.is_default and (heir := next(heirs, None)) is not None:
                _make_default(heir, own.values())
                log["defaulted"].append(_entry(heir, replaced=gone.id, promoted=True))
        elif isinstance(op, MakeDefault) and op.identity_id in own:
            chosen = own[op.identity_id]
            if not chosen.is_default:
                replaced = _make_default(chosen, own.values())
                log["defaulted"].append(_entry(chosen, replaced=replaced, promoted=False))
    session.flush()
    return log
