"""A contact's methods in an edit: new ones checked (format, listed twice, owned by another
contact), removals and new defaults applied, exactly one default per kind kept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from . import identities as idn
from .contact_fields import AddIdentity, IdentityOp, MakeDefault, RemoveIdentity
from .errors import IdentityConflict
from .models import Contact, Identity


def display_name(contact: Contact) -> str:
    """How a contact is named in messages: first and last name, else the reference."""
    return " ".join(p for p in (contact.first_name, contact.last_name) if p) or contact.reference


def _owner(session: Session, kind: str, normalized: str) -> Contact | None:
    """The contact holding an identity, if any."""
    return session.exec(
        select(Contact)
        .join(Identity, col(Contact.id) == Identity.contact_id)
        .where(Identity.kind == kind, Identity.normalized == normalized)
    ).first()


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
            errors[key] = f"{op.kind} {value} is listed twice"
            continue
        seen.add((op.kind, normalized))
        owner = _owner(session, op.kind, normalized)
        if owner is not None and owner.id == contact_id:
            errors[key] = f"{op.kind} {value} is already one of this contact's methods"
            continue
        if owner is not None:
            conflict = IdentityConflict(op.kind, value, owner.reference, display_name(owner))
            errors[key] = str(conflict)
            conflicts.append(conflict)
            continue
        accepted.append((op, value, normalized))
    return accepted


def add_identities(
    session: Session, contact_id: int, accepted: Sequence[tuple[AddIdentity, str, str]]
) -> list[dict[str, Any]]:
    """Insert new identities keeping exactly one default per kind; returns them for the Event."""
    added = []
    for op, value, normalized in accepted:
        others = session.exec(
            select(Identity).where(Identity.contact_id == contact_id, Identity.kind == op.kind)
        ).all()
        default = op.make_default or not any(o.is_default for o in others)
        if default:
            for other in others:
                if other.is_default:
                    other.is_default = False
                    other.version += 1
        identity = Identity(
            contact_id=contact_id,
            kind=op.kind,
            value=value,
            normalized=normalized,
            is_default=default,
        )
        session.add(identity)
        session.flush()
        added.append({"id": identity.id, "kind": op.kind, "value": value, "default": default})
    return added


def apply_identity_ops(
    session: Session, contact_id: int, ops: Sequence[IdentityOp], own: dict[int, Identity]
) -> dict[str, list[dict[str, Any]]]:
    """Remove and re-default identities, keeping one default per kind; returns what changed."""
    log: dict[str, list[dict[str, Any]]] = {"removed": [], "defaulted": []}
    for op in ops:
        if isinstance(op, RemoveIdentity) and op.identity_id in own:
            gone = own.pop(op.identity_id)
            log["removed"].append(
                {"id": gone.id, "kind": gone.kind, "value": gone.value, "default": gone.is_default}
            )
            session.delete(gone)
            if gone.is_default:
                heir = next((i for i in own.values() if i.kind == gone.kind), None)
                if heir is not None:
                    heir.is_default = True
                    heir.version += 1
        elif isinstance(op, MakeDefault) and op.identity_id in own:
            chosen = own[op.identity_id]
            if chosen.is_default:
                continue
            for other in own.values():
                if other.kind == chosen.kind and other.is_default:
                    other.is_default = False
                    other.version += 1
            chosen.is_default = True
            chosen.version += 1
            log["defaulted"].append({"id": chosen.id, "kind": chosen.kind, "value": chosen.value})
    session.flush()
    return log
