"""A refused stale save, told from the journal: each field changed since the version the edit
was loaded at, its value then and now, who changed it and when, and the value refused."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlmodel import Session

from ..errors import StaleEdit
from ..field_change import FieldChange
from ..journal.events import events_between_versions
from ..models import Company, Contact, stored_id
from .fields import FIELD_BY_NAME, FIELDS, AddIdentity, IdentityOp, RemoveIdentity
from .reads import contact_view


def as_text(value: Any) -> str:
    """A field's value as the form holds it: booleans as yes/no, nothing as ''."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _journal_text(session: Session, key: str, value: Any) -> str:
    """A value from an Event's before or after as form text (the company by its name)."""
    if key == "company_id":
        company = session.get(Company, value) if value is not None else None
        return company.name if company else ""
    return as_text(value)


def _methods_text(log: Mapping[str, Any]) -> str:
    """What an Event's identity log did to the contact methods, in words."""
    return "; ".join(
        f"{verb} {item['kind']} {item['value']}"
        for verb, key in (("added", "added"), ("removed", "removed"), ("made default", "defaulted"))
        for item in log.get(key) or ()
    )


def _ops_text(ops: Sequence[IdentityOp]) -> str | None:
    """What an edit's contact-method operations would do, in words, naming each method as the
    agent saw it; None for no operation."""
    if not ops:
        return None
    parts = []
    for op in ops:
        if isinstance(op, AddIdentity):
            parts.append(f"add {op.kind} {op.value.strip()}")
            continue
        verb = "remove" if isinstance(op, RemoveIdentity) else "make default"
        parts.append(f"{verb} {op.kind} {op.value}")
    return "; ".join(parts)


def stale_edit(
    session: Session,
    contact: Contact,
    loaded: int,
    yours: Mapping[str, str],
    identity_ops: Sequence[IdentityOp],
) -> StaleEdit:
    """The StaleEdit of a save made on version ``loaded``: from the journal, each field changed
    since, with its value then and now, who changed it last and when, and the refused value."""
    events = events_between_versions(
        session, "contact", stored_id(contact.id), loaded, contact.version
    )
    view = contact_view(session, contact)
    current = {spec.name: view.field(spec.name) for spec in FIELDS}
    found: dict[str, FieldChange] = {}
    for event in events:
        before, after = event.before or {}, event.after or {}
        for key in after:
            name = "company" if key == "company_id" else key
            if name not in FIELD_BY_NAME:
                continue
            earlier = found.get(name)
            found[name] = FieldChange(
                name,
                FIELD_BY_NAME[name].label,
                earlier.loaded if earlier else _journal_text(session, key, before.get(key)),
                current[name],
                yours.get(name),
                event.author,
                event.at,
            )
        methods = _methods_text(before.get("identities") or {})
        if methods:
            earlier = found.get("identities")
            found["identities"] = FieldChange(
                "identities",
                "Contact methods",
                "",
                f"{earlier.theirs}; {methods}" if earlier else methods,
                _ops_text(identity_ops),
                event.author,
                event.at,
            )
    order = [*FIELD_BY_NAME, "identities"]
    authors = list(dict.fromkeys(event.author for event in events))
    change = events[-1].description if events else ""
    if len(events) > 1:
        change = f"{len(events)} changes, the last: {change}"
    return StaleEdit(
        "contact",
        contact.reference,
        loaded,
        contact.version,
        " and ".join(authors),
        change,
        sorted(found.values(), key=lambda c: order.index(c.field)),
        current,
        view,
    )
