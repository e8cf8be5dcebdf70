"""Contacts: create and edit, with validation, version checks and the journal.

Each operation comes twice. ``create_contact_in(unit, …)`` and ``update_contact_in(unit, …)``
work inside a unit of work they are given (``Database.unit()``) and never commit, so a merge, an
import batch or an ingested message composes them with other operations in one transaction
under one operation id. ``create_contact(db, …)`` and ``update_contact(db, …)`` run one of them
as a unit of its own: the Details tab and ``helpdesk-tui contact add/edit`` both call these, so
the CLI and the TUI accept and refuse exactly the same input and write the same Events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from typing import Any

from sqlmodel import Session, select

from ..clock import utcnow
from ..companies.operations import clear_other_primaries_in
from ..database.engine import Database
from ..errors import IdentityConflict, NotFound, ValidationFailed
from ..journal.events import record, snapshot
from ..journal.unit import Unit
from ..models import Contact, Identity, stored_id
from ..search.index import reindex
from .fields import (
    FIELD_BY_NAME,
    FIELDS,
    AddIdentity,
    DroppedOp,
    IdentityOp,
    SavedContact,
    clean_fields,
    contact_reference,
)
from .identity_move import move_identity_in, split_taken
from .keys import find_company, new_pin, new_reference, resolve_company
from .methods import (
    add_identities,
    apply_identity_ops,
    display_name,
    matching_ops,
    normalized_adds,
)
from .reads import contact_view
from .stale_edits import as_text, stale_edit
from .views import ContactView


def _name_error(first: str, last: str) -> str | None:
    if not first.strip() and not last.strip():
        return "a contact needs a first or last name"
    return None


def _region(country: str, default: str) -> str:
    country = country.strip().upper()
    return country if len(country) == 2 and country.isalpha() else default


def company_exists(db: Database, name: str) -> bool:
    """Whether a save naming company ``name`` would find it, by the very rule the save uses:
    the Details tab asks as the agent leaves the Company field."""
    with db.read() as session:
        return find_company(session, name.strip()) is not None


def _fail(
    errors: dict[str, str],
    conflicts: list[IdentityConflict],
    adds: Sequence[tuple[int, AddIdentity]] = (),
    unknown_company: str = "",
) -> None:
    """Raise ValidationFailed if any input was refused, each key labelled for people: a field
    by its label, a new contact method by its kind and value (``email ann@x``)."""
    if not errors:
        return
    new = {f"identity:new:{i}": f"{op.kind} {op.value.strip()}".strip() for i, op in adds}
    labels = {}
    for key in errors:
        if key in FIELD_BY_NAME:
            labels[key] = FIELD_BY_NAME[key].label
        elif key in new:
            labels[key] = new[key]
        elif key.startswith("identity:"):
            labels[key] = "contact method"
    raise ValidationFailed(errors, conflicts, labels, unknown_company)


def create_contact_in(
    unit: Unit,
    *,
    first_name: str = "",
    last_name: str = "",
    company: str = "",
    create_company: bool = False,
    identities: Iterable[tuple[str, str]] = (),
    taking: Iterable[tuple[str, str]] = (),
    **fields: Any,
) -> ContactView:
    """Create a contact with its first contact methods in ``unit``, journalled as one Event
    (and a company it creates as another); the caller's unit commits it.

    Raises ValidationFailed (the unit must then roll back) for bad fields, bad identities, or
    an identity that another contact already owns (that owner is named in the message),
    unless ``taking`` lists it as (kind, value): then it moves from its owner to the new
    contact in the same unit ("move it to the new contact", ``identity_move``).
    """
    values, errors = clean_fields(
        {"first_name": first_name, "last_name": last_name, "company": company, **fields}
    )
    if "first_name" not in errors and "last_name" not in errors:
        message = _name_error(values.get("first_name", ""), values.get("last_name", ""))
        if message:
            errors["first_name"] = message
    adds = [(i, AddIdentity(kind, value)) for i, (kind, value) in enumerate(identities)]
    session = unit.session
    conflicts: list[IdentityConflict] = []
    region = _region(values.get("country", ""), unit.region)
    adds, moving = split_taken(session, adds, taking, region)
    accepted = normalized_adds(session, adds, region, None, errors, conflicts)
    company_name = values.pop("company", "")
    company_row, new_company, company_error = resolve_company(unit, company_name, create_company)
    if company_error:
        errors["company"] = company_error
    _fail(errors, conflicts, adds, company_name if company_error else "")
    now = utcnow()
    contact = Contact(
        **values,
        company_id=company_row.id if company_row else None,
        reference=new_reference(session, Contact, "C-"),
        pin=new_pin(session),
        created_at=now,
        updated_at=now,
        last_activity_at=now,
    )
    session.add(contact)
    session.flush()
    contact_id = stored_id(contact.id)
    added = add_identities(session, contact_id, accepted)
    record(
        unit,
        "contact",
        contact_id,
        "create",
        f"created {display_name(contact)} ({contact.reference})"
        + (f" and company {new_company['name']}" if new_company else ""),
        after={
            **snapshot(contact, _SNAPSHOT_FIELDS),
            "identities": added,
            "company_created": new_company,
            "version": contact.version,
        },
    )
    if contact.is_primary:
        clear_other_primaries_in(unit, contact)  # a company has one primary contact
    reindex(session, [contact_id])
    for _, op in moving:
        move_identity_in(unit, op.kind, op.value, contact.reference)
    return contact_view(session, contact)


def create_contact(
    db: Database,
    *,
    first_name: str = "",
    last_name: str = "",
    company: str = "",
    create_company: bool = False,
    identities: Iterable[tuple[str, str]] = (),
    taking: Iterable[tuple[str, str]] = (),
    **fields: Any,
) -> ContactView:
    """``create_contact_in`` as a unit of work of its own: the New contact form and
    ``helpdesk-tui contact add`` create one contact per save (with the methods it takes from
    other contacts: one operation, which undo reverses whole)."""
    with db.unit() as unit:
        return create_contact_in(
            unit,
            first_name=first_name,
            last_name=last_name,
            company=company,
            create_company=create_company,
            identities=identities,
            taking=taking,
            **fields,
        )


_SNAPSHOT_FIELDS = (*(s.name for s in FIELDS if s.name != "company"), "company_id", "reference")


def _load_live(session: Session, reference: str, lock: bool = False) -> Contact:
    reference = contact_reference(reference)
    query = select(Contact).where(Contact.reference == reference)
    if lock:
        query = query.with_for_update()
    contact = session.exec(query).first()
    if contact is None:
        raise NotFound(f"no contact with reference {reference}")
    if contact.merged_into_id is not None:
        winner = session.get(Contact, contact.merged_into_id)
        into = winner.reference if winner else "another contact"
        raise NotFound(f"{reference} was merged into {into}")
    return contact


def update_contact_in(
    unit: Unit,
    reference: str,
    version: int,
    changes: Mapping[str, Any] | None = None,
    identity_ops: Sequence[IdentityOp] = (),
    create_company: bool = False,
) -> SavedContact:
    """Apply edits made to a contact loaded at ``version`` in ``unit``: all of them or none
    (the unit rolls back on any error), journalled as one Event (and a company it creates as
    another); the caller's unit commits it.

    ``reference`` may be typed as an agent types it (``contact_reference``). The contact is
    locked before its version is checked (PostgreSQL: ``SELECT ... FOR UPDATE``; SQLite's
    ``BEGIN IMMEDIATE`` already holds the database). A contact saved by someone else since
    ``version`` raises StaleEdit naming who changed what, field by field; bad input raises
    ValidationFailed with a message per field. An edit that changes nothing writes nothing: the
    contact comes back at ``version``. The version goes up once, by the unit
    (``store.journal.unit``). A method operation that no longer meets the method it was made on (an
    "Overwrite" replays the agent's operations on a newer version) is left out, and listed in
    ``dropped``.
    """
    values, errors = clean_fields(changes or {})
    session = unit.session
    contact = _load_live(session, reference, lock=True)
    contact_id = stored_id(contact.id)
    if contact.version != version:
        yours = {
            name: as_text(values[name]) if name in values else str(raw).strip()
            for name, raw in (changes or {}).items()
        }
        raise stale_edit(session, contact, version, yours, identity_ops)
    if "first_name" in values or "last_name" in values:
        message = _name_error(
            values.get("first_name", contact.first_name),
            values.get("last_name", contact.last_name),
        )
        if message:
            errors["first_name" if "first_name" in values else "last_name"] = message
    before = snapshot(contact, _SNAPSHOT_FIELDS)
    new_company = None
    unknown_company = ""
    if "company" in values:
        company_name = values.pop("company")
        company, new_company, company_error = resolve_company(unit, company_name, create_company)
        if company_error:
            errors["company"] = company_error
            unknown_company = company_name
        else:
            values["company_id"] = company.id if company else None
    conflicts: list[IdentityConflict] = []
    region = _region(values.get("country", contact.country), unit.region)
    adds = [(i, op) for i, op in enumerate(identity_ops) if isinstance(op, AddIdentity)]
    accepted = normalized_adds(session, adds, region, contact_id, errors, conflicts)
    own = {
        stored_id(i.id): i
        for i in session.exec(select(Identity).where(Identity.contact_id == contact_id)).all()
    }
    kept_ops, dropped = matching_ops(identity_ops, own)
    _fail(errors, conflicts, adds, unknown_company)

    changed = {k: v for k, v in values.items() if getattr(contact, k) != v}
    identity_log = apply_identity_ops(session, kept_ops, own)
    identity_log["added"] = add_identities(
        session, contact_id, accepted, claimed=contact.deleted_at is None
    )
    if not changed and not any(identity_log.values()):
        return _saved(session, contact, dropped)
    for name, value in changed.items():
        setattr(contact, name, value)
    now = utcnow()
    contact.updated_at = now
    contact.last_activity_at = now
    session.add(contact)
    session.flush()
    after = snapshot(contact, _SNAPSHOT_FIELDS)
    what = [FIELD_BY_NAME.get(k, FIELD_BY_NAME["company"]).label.lower() for k in changed]
    what += [f"{len(v)} {k} contact method(s)" for k, v in identity_log.items() if v]
    record(
        unit,
        "contact",
        contact_id,
        "update",
        f"edited {', '.join(what)} of {display_name(contact)}"
        + (f" and created company {new_company['name']}" if new_company else ""),
        before={k: before[k] for k in changed} | {"identities": identity_log, "version": version},
        after={k: after[k] for k in changed}
        | {"company_created": new_company, "version": contact.version},
    )
    if contact.is_primary and {"is_primary", "company_id"} & changed.keys():
        clear_other_primaries_in(unit, contact)  # a company has one primary contact
    reindex(session, [contact_id])
    return _saved(session, contact, dropped)


def update_contact(
    db: Database,
    reference: str,
    version: int,
    changes: Mapping[str, Any] | None = None,
    identity_ops: Sequence[IdentityOp] = (),
    create_company: bool = False,
) -> SavedContact:
    """``update_contact_in`` as a unit of work of its own: the Details tab's save and
    ``helpdesk-tui contact edit`` save one contact at a time."""
    with db.unit() as unit:
        return update_contact_in(unit, reference, version, changes, identity_ops, create_company)


def _saved(session: Session, contact: Contact, dropped: Sequence[DroppedOp]) -> SavedContact:
    view = contact_view(session, contact)
    return SavedContact(
        **{f.name: getattr(view, f.name) for f in fields(view)}, dropped=tuple(dropped)
    )
