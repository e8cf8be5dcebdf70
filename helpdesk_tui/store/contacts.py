"""Contacts: create, read and edit, with validation, version checks and the journal.

The Details tab and ``helpdesk-tui contact add/edit`` both call these functions, so the CLI and
the TUI accept and refuse exactly the same input and write the same Events.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from typing import Any

from sqlmodel import Session, col, func, select

from .clock import utcnow
from .contact_fields import (
    FIELD_BY_NAME,
    FIELDS,
    AddIdentity,
    DroppedOp,
    IdentityOp,
    SavedContact,
    clean_fields,
    contact_reference,
)
from .contact_methods import (
    add_identities,
    apply_identity_ops,
    display_name,
    matching_ops,
    normalized_adds,
)
from .contact_reads import contact_view
from .engine import Database
from .errors import IdentityConflict, NotFound, ValidationFailed
from .journal import record, snapshot
from .models import (
    Company,
    Contact,
    Identity,
)
from .search_index import reindex
from .stale_edits import as_text, stale_edit
from .views import (
    ContactView,
)

PIN_DIGITS = 8
"""Support PINs are eight digits, not six: a PIN tells one caller from every other (a UNIQUE
index keeps it so), and there are only 10**6 six-digit PINs. A million contacts (the bench
builds such databases) would need every one of them, the last drawn after a million tries, and
already at 100k contacts one draw in ten would be taken. A million contacts fill 1 % of 10**8:
a draw is taken once in a hundred, and drawn again. Eight digits read out as two groups of four."""


def _name_error(first: str, last: str) -> str | None:
    if not first.strip() and not last.strip():
        return "a contact needs a first or last name"
    return None


def _region(country: str, default: str) -> str:
    country = country.strip().upper()
    return country if len(country) == 2 and country.isalpha() else default


def _draw(bound: int) -> int:
    """A random number from 0 to ``bound - 1`` for a new reference or PIN (tests replace it to
    force a collision)."""
    return secrets.randbelow(bound)


def _new_reference(session: Session, model: type[Contact] | type[Company], prefix: str) -> str:
    """A random reference nobody holds yet (references are read out on the phone: digits)."""
    while True:
        reference = f"{prefix}{_draw(90_000_000) + 10_000_000}"
        taken = session.exec(select(model.id).where(model.reference == reference)).first()
        if taken is None:
            return reference


def _new_pin(session: Session) -> str:
    """A random support PIN no contact holds yet (see ``PIN_DIGITS``)."""
    while True:
        pin = f"{_draw(10**PIN_DIGITS):0{PIN_DIGITS}d}"
        if session.exec(select(Contact.id).where(Contact.pin == pin)).first() is None:
            return pin


def _find_company(session: Session, name: str) -> Company | None:
    """The company called ``name``, whatever the case of any letter.

    ``lower()`` on both sides, in the database, reads alike on every engine (a collation such
    as SQLite's NOCASE does not exist on PostgreSQL). SQLite's folds only ASCII; when it finds
    nothing ("ärzte ag" for "Ärzte AG") the names are compared casefolded in Python, a scan of
    one short column that only a save pays.
    """
    company = session.exec(
        select(Company)
        .where(func.lower(col(Company.name)) == func.lower(name))
        .order_by(Company.id)
    ).first()
    if company is not None or not name:
        return company
    wanted = name.casefold()
    for company_id, company_name in session.exec(
        select(Company.id, Company.name).order_by(Company.id)
    ):
        if company_name.casefold() == wanted:
            return session.get(Company, company_id)
    return None


def company_exists(db: Database, name: str) -> bool:
    """Whether a save naming company ``name`` would find it, by the very rule the save uses:
    the Details tab asks as the agent leaves the Company field."""
    with db.read() as session:
        return _find_company(session, name.strip()) is not None


_COMPANY_FIELDS = ("name", "reference", "domains", "notes", "active", "sla_policy_id", "version")


def _resolve_company(
    session: Session, author: str, name: str, create: bool
) -> tuple[Company | None, dict[str, Any] | None, str | None]:
    """The company an edit names: an existing one, a new one if allowed (journalled as its own
    Event, and returned as the second item for the contact's), or an error message."""
    if not name:
        return None, None, None
    company = _find_company(session, name)
    if company is not None:
        return company, None, None
    if not create:
        return None, None, f"no company named {name!r}: pick one, or create it"
    company = Company(name=name, reference=_new_reference(session, Company, "CO-"))
    session.add(company)
    session.flush()
    record(
        session,
        author,
        "company",
        company.id,
        "create",
        f"created company {name} ({company.reference})",
        after=snapshot(company, _COMPANY_FIELDS),
    )
    return company, {"id": company.id, "name": name, "reference": company.reference}, None


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


def create_contact(
    db: Database,
    *,
    first_name: str = "",
    last_name: str = "",
    company: str = "",
    create_company: bool = False,
    identities: Iterable[tuple[str, str]] = (),
    **fields: Any,
) -> ContactView:
    """Create a contact with its first contact methods, in one transaction with one Event.

    Raises ValidationFailed (nothing written) for bad fields, bad identities, or an identity that
    another contact already owns (that owner is named in the message).
    """
    values, errors = clean_fields(
        {"first_name": first_name, "last_name": last_name, "company": company, **fields}
    )
    if "first_name" not in errors and "last_name" not in errors:
        message = _name_error(values.get("first_name", ""), values.get("last_name", ""))
        if message:
            errors["first_name"] = message
    adds = [(i, AddIdentity(kind, value)) for i, (kind, value) in enumerate(identities)]
    with db.write() as session:
        conflicts: list[IdentityConflict] = []
        region = _region(values.get("country", ""), db.region)
        accepted = normalized_adds(session, adds, region, None, errors, conflicts)
        company_name = values.pop("company", "")
        company_row, new_company, company_error = _resolve_company(
            session, db.author, company_name, create_company
        )
        if company_error:
            errors["company"] = company_error
        _fail(errors, conflicts, adds, company_name if company_error else "")
        now = utcnow()
        contact = Contact(
            **values,
            company_id=company_row.id if company_row else None,
            reference=_new_reference(session, Contact, "C-"),
            pin=_new_pin(session),
            created_at=now,
            updated_at=now,
            last_activity_at=now,
        )
        session.add(contact)
        session.flush()
        added = add_identities(session, contact.id, accepted)
        record(
            session,
            db.author,
            "contact",
            contact.id,
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
        reindex(session, [contact.id])
        return contact_view(session, contact)


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


def update_contact(
    db: Database,
    reference: str,
    version: int,
    changes: Mapping[str, Any] | None = None,
    identity_ops: Sequence[IdentityOp] = (),
    create_company: bool = False,
) -> SavedContact:
    """Save edits made to a contact loaded at ``version``: all of them or none, in one
    transaction with its Events (the contact's, and a company's it creates).

    ``reference`` may be typed as an agent types it (``contact_reference``). A contact saved by
    someone else since ``version`` raises StaleEdit naming who changed what, field by field;
    bad input raises ValidationFailed with a message per field. Either way nothing is written.
    An edit that changes nothing writes nothing either: the contact comes back at ``version``.
    A method operation that no longer meets the method it was made on (an "Overwrite" replays
    the agent's operations on a newer version) is left out, and listed in ``dropped``.
    """
    values, errors = clean_fields(changes or {})
    with db.write() as session:
        contact = _load_live(session, reference, lock=True)
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
            company, new_company, company_error = _resolve_company(
                session, db.author, company_name, create_company
            )
            if company_error:
                errors["company"] = company_error
                unknown_company = company_name
            else:
                values["company_id"] = company.id if company else None
        conflicts: list[IdentityConflict] = []
        region = _region(values.get("country", contact.country), db.region)
        adds = [(i, op) for i, op in enumerate(identity_ops) if isinstance(op, AddIdentity)]
        accepted = normalized_adds(session, adds, region, contact.id, errors, conflicts)
        own = {
            i.id: i
            for i in session.exec(select(Identity).where(Identity.contact_id == contact.id)).all()
        }
        kept_ops, dropped = matching_ops(identity_ops, own)
        _fail(errors, conflicts, adds, unknown_company)

        changed = {k: v for k, v in values.items() if getattr(contact, k) != v}
        identity_log = apply_identity_ops(session, kept_ops, own)
        identity_log["added"] = add_identities(session, contact.id, accepted)
        if not changed and not any(identity_log.values()):
            return _saved(session, contact, dropped)
        for name, value in changed.items():
            setattr(contact, name, value)
        now = utcnow()
        contact.updated_at = now
        contact.last_activity_at = now
        contact.version += 1
        session.add(contact)
        session.flush()
        after = snapshot(contact, _SNAPSHOT_FIELDS)
        what = [FIELD_BY_NAME.get(k, FIELD_BY_NAME["company"]).label.lower() for k in changed]
        what += [f"{len(v)} {k} contact method(s)" for k, v in identity_log.items() if v]
        record(
            session,
            db.author,
            "contact",
            contact.id,
            "update",
            f"edited {', '.join(what)} of {display_name(contact)}"
            + (f" and created company {new_company['name']}" if new_company else ""),
            before={k: before[k] for k in changed}
            | {"identities": identity_log, "version": version},
            after={k: after[k] for k in changed}
            | {"company_created": new_company, "version": contact.version},
        )
        reindex(session, [contact.id])
        return _saved(session, contact, dropped)


def _saved(session: Session, contact: Contact, dropped: Sequence[DroppedOp]) -> SavedContact:
    view = contact_view(session, contact)
    return SavedContact(
        **{f.name: getattr(view, f.name) for f in fields(view)}, dropped=tuple(dropped)
    )
