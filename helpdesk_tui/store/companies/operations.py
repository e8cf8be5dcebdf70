"""Companies: inline edits of their fields and the primary contact, each a unit of work with
its journal Event.

As elsewhere (``store.tickets.operations``), ``…_in(unit, …)`` never commits and the plain
function runs one as a unit of its own, which ``Store.company`` calls for the TUI and the CLI.
An edit presents the version the agent loaded: the company is locked, then a newer version is
refused with ``StaleEdit`` telling who changed what. A name another company has (in any case,
as a contact's save finds companies: ``contacts.keys.find_company``) is refused (``NameTaken``).

A company has at most one primary contact: setting one clears the mark of the one before in
the same unit, under the company's lock; each contact's change is an Event of its own, with
its whole row, under the unit's one operation id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from ..clock import utcnow
from ..contacts.keys import find_company
from ..contacts.methods import display_name
from ..database.engine import Database
from ..errors import InvalidInput, NameTaken, StaleEdit
from ..field_change import FieldChange
from ..journal.events import events_between_versions, record, snapshot
from ..journal.unit import Unit
from ..models import Company, Contact, SlaPolicy, stored_id
from ..tickets.reads import find_company_by
from ..tickets.rules import live_contact
from .reads import company_view
from .views import EDITABLE, NAME_MAX, NOTES_MAX, CompanyContact, CompanyView

_COLUMNS = {"name": "name", "domains": "domains", "notes": "notes", "active": "active"}
_COLUMNS["sla_policy"] = "sla_policy_id"
_YES = {"yes", "y", "true", "1", "on"}
_NO = {"no", "n", "false", "0", "off"}


def _locked(session: Session, name_or_reference: str) -> Company:
    company = find_company_by(session, name_or_reference)
    session.refresh(company, with_for_update=True)
    return company


def _value(session: Session, company: Company, field: str, typed: str) -> Any:
    """A field's new value as stored, from the text an agent typed; else ``InvalidInput``."""
    text = typed.strip()
    if field == "name":
        text = " ".join(text.split())
        if not text or len(text) > NAME_MAX:
            raise InvalidInput("name", f"a company needs a name of 1 to {NAME_MAX} characters")
        other = find_company(session, text)
        if other is not None and other.id != company.id:
            raise NameTaken(
                f"{other.name} ({other.reference}) is called that already: pick another name, "
                "or open that company",
                other.reference,
            )
        return text
    if field == "domains":
        return ", ".join(dict.fromkeys(text.lower().replace(",", " ").split()))
    if field == "notes":
        if len(text) > NOTES_MAX:
            raise InvalidInput(
                "notes", f"the notes are {len(text):,} characters; at most {NOTES_MAX:,}"
            )
        return text
    if field == "active":
        if text.lower() not in _YES | _NO:
            raise InvalidInput("active", "active is yes or no", ("yes", "no"))
        return text.lower() in _YES
    if not text:
        return None
    policy = session.exec(select(SlaPolicy).where(SlaPolicy.name == text)).first()
    if policy is None:
        names = tuple(session.exec(select(SlaPolicy.name).order_by(col(SlaPolicy.name))).all())
        raise InvalidInput(
            "sla_policy", f"no SLA policy called {text!r}: use one of {', '.join(names)}", names
        )
    return policy.id


def _stale(session: Session, company: Company, loaded: int, yours: Mapping[str, str]) -> StaleEdit:
    """A refused edit told from the journal, field by field."""
    company_id = stored_id(company.id)
    view = company_view(session, company)
    now = view.field_text()
    events = events_between_versions(session, "company", company_id, loaded, company.version)
    found: dict[str, FieldChange] = {}
    for event in events:
        before = event.before or {}
        for field in EDITABLE:
            if _COLUMNS[field] not in (event.after or {}):
                continue
            earlier = found.get(field)
            found[field] = FieldChange(
                field,
                field.replace("_", " ").capitalize(),
                earlier.loaded if earlier else str(before.get(_COLUMNS[field], "")),
                now[field],
                yours.get(field),
                event.author,
                event.at,
            )
    change = events[-1].description if events else ""
    return StaleEdit(
        "company",
        company.reference,
        loaded,
        company.version,
        " and ".join(dict.fromkeys(event.author for event in events)),
        change,
        list(found.values()),
        now,
        view,
    )


def edit_company_in(
    unit: Unit, name_or_reference: str, version: int, changes: Mapping[str, str]
) -> CompanyView:
    """Apply inline edits (``views.EDITABLE`` fields, as text) to a company loaded at
    ``version``: all or none. Journalled as one Event (``update``) with the fields before and
    after; an edit that changes nothing writes nothing."""
    unknown = [field for field in changes if field not in EDITABLE]
    if unknown:
        raise InvalidInput(
            unknown[0],
            f"{unknown[0]!r} is not a company field one can edit: use {', '.join(EDITABLE)}",
            EDITABLE,
        )
    session = unit.session
    company = _locked(session, name_or_reference)
    if company.version != version:
        raise _stale(session, company, version, changes)
    wanted = {
        _COLUMNS[field]: _value(session, company, field, typed) for field, typed in changes.items()
    }
    changed = {k: v for k, v in wanted.items() if getattr(company, k) != v}
    if not changed:
        return company_view(session, company)
    before = snapshot(company, tuple(changed))
    for key, value in changed.items():
        setattr(company, key, value)
    company.updated_at = utcnow()
    session.flush()
    after = snapshot(company, tuple(changed))
    labels = [field.replace("_", " ") for field in EDITABLE if _COLUMNS[field] in changed]
    record(
        unit,
        "company",
        company.id,
        "update",
        f"edited {', '.join(labels)} of company {company.name} ({company.reference})",
        before=before | {"version": version},
        after=after | {"version": company.version},
    )
    return company_view(session, company)


def set_primary_in(unit: Unit, name_or_reference: str, contact: str) -> CompanyContact:
    """Make ``contact`` (by reference; active, not merged away, and the company's own) the
    company's primary contact, clearing the mark of any other in the same unit (one operation:
    undo reverses both). Each contact whose mark changed gets its Event (``primary``) with its
    whole row."""
    session = unit.session
    company = _locked(session, name_or_reference)
    person = live_contact(session, contact)
    if person.company_id != company.id:
        raise InvalidInput(
            "contact",
            f"{person.reference} ({display_name(person)}) is not a contact of {company.name}: "
            "move them to it first, or pick one of its contacts",
        )
    if not person.is_primary:
        new = f"{display_name(person)} ({person.reference})"
        _mark(unit, person, True, f"made {new} the primary contact of {company.name}")
    clear_other_primaries_in(unit, person)
    return _row(person)


def clear_other_primaries_in(unit: Unit, primary: Contact) -> None:
    """Clear the primary mark of every contact of ``primary``'s company but ``primary``
    (which holds it now), each journalled as its own Event (``primary``): what keeps a company
    at one primary contact however the mark was set (here, or a contact's own edit of its
    Primary contact field or company, ``contacts.operations``)."""
    if primary.company_id is None:
        return
    session = unit.session
    company = session.get(Company, primary.company_id, with_for_update=True)
    others = session.exec(
        select(Contact).where(
            Contact.company_id == primary.company_id,
            col(Contact.is_primary),
            Contact.id != primary.id,
        )
    ).all()
    new = f"{display_name(primary)} ({primary.reference})"
    for other in others:
        _mark(
            unit,
            other,
            False,
            f"cleared the primary mark of {display_name(other)} ({other.reference}): {new} is "
            f"the primary contact of {company.name if company else 'their company'} now",
        )


def _mark(unit: Unit, contact: Contact, primary: bool, description: str) -> None:
    """Set or clear a contact's primary mark, journalled as the contact's own Event
    (``primary``) in the terms of a contact's edit, so its history and a stale edit of the
    contact read it like any other change of the field."""
    version = contact.version
    contact.is_primary = primary
    contact.updated_at = utcnow()
    unit.session.flush()
    record(
        unit,
        "contact",
        contact.id,
        "primary",
        description,
        before={"is_primary": not primary, "version": version},
        after={"is_primary": primary, "version": contact.version},
    )


def _row(contact: Contact) -> CompanyContact:
    return CompanyContact(
        contact.reference,
        display_name(contact),
        contact.title,
        contact.is_primary,
        contact.active,
        contact.version,
    )


def edit_company(
    db: Database, name_or_reference: str, version: int, changes: Mapping[str, str]
) -> CompanyView:
    """``edit_company_in`` as a unit of work of its own (inline edits, ``company set``)."""
    with db.unit() as unit:
        return edit_company_in(unit, name_or_reference, version, changes)


def set_primary(db: Database, name_or_reference: str, contact: str) -> CompanyContact:
    """``set_primary_in`` as a unit of work of its own (the company screen, ``company
    primary``)."""
    with db.unit() as unit:
        return set_primary_in(unit, name_or_reference, contact)
