"""Contacts: create, read and edit, with validation, version checks and the journal.

The Details tab and ``helpdesk-tui contact add/edit`` both call these functions, so the CLI and
the TUI accept and refuse exactly the same input and write the same Events.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from . import identities as idn
from .clock import utcnow
from .contact_fields import (
    FIELD_BY_NAME,
    FIELDS,
    AddIdentity,
    IdentityOp,
    MakeDefault,
    RemoveIdentity,
    clean_fields,
    contact_reference,
)
from .engine import Database
from .errors import FieldChange, IdentityConflict, NotFound, StaleEdit, ValidationFailed
from .hits import OPEN_STATUSES
from .journal import changes_since, record, snapshot
from .models import (
    Activity,
    Company,
    Contact,
    CustomValue,
    Identity,
    SlaPolicy,
    SlaTarget,
    Ticket,
)
from .search_index import reindex
from .views import (
    ActivityRow,
    ContactDetail,
    ContactView,
    CustomValueView,
    IdentityView,
    SlaTargetView,
    SlaView,
    TicketRow,
)

TICKETS_SHOWN = 200
ACTIVITIES_SHOWN = 200
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

    SQLite's NOCASE folds only ASCII; when it finds nothing ("ärzte ag" for "Ärzte AG") the
    names are compared casefolded in Python, a scan of one short column that only a save pays.
    """
    company = session.exec(
        select(Company).where(col(Company.name).collate("NOCASE") == name).order_by(Company.id)
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


def _resolve_company(
    session: Session, name: str, create: bool
) -> tuple[Company | None, dict[str, Any] | None, str | None]:
    """The company an edit names: an existing one, a new one if allowed (returned as the
    second item, for the change's Event), or an error message."""
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
    return company, {"id": company.id, "name": name, "reference": company.reference}, None


def _owner(session: Session, kind: str, normalized: str) -> Contact | None:
    """The contact holding an identity, if any."""
    return session.exec(
        select(Contact)
        .join(Identity, col(Contact.id) == Identity.contact_id)
        .where(Identity.kind == kind, Identity.normalized == normalized)
    ).first()


def _normalized_adds(
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
            conflict = IdentityConflict(op.kind, value, owner.reference, _display(owner))
            errors[key] = str(conflict)
            conflicts.append(conflict)
            continue
        accepted.append((op, value, normalized))
    return accepted


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
        accepted = _normalized_adds(session, adds, region, None, errors, conflicts)
        company_name = values.pop("company", "")
        company_row, new_company, company_error = _resolve_company(
            session, company_name, create_company
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
        added = _add_identities(session, contact.id, accepted)
        record(
            session,
            db.author,
            "contact",
            contact.id,
            "create",
            f"created {_display(contact)} ({contact.reference})"
            + (f" and company {new_company['name']}" if new_company else ""),
            after={
                **snapshot(contact, _SNAPSHOT_FIELDS),
                "identities": added,
                "company_created": new_company,
                "version": contact.version,
            },
        )
        reindex(session, [contact.id])
        return _contact_view(session, contact)


_SNAPSHOT_FIELDS = (*(s.name for s in FIELDS if s.name != "company"), "company_id", "reference")


def _display(contact: Contact) -> str:
    return " ".join(p for p in (contact.first_name, contact.last_name) if p) or contact.reference


def _add_identities(
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
) -> ContactView:
    """Save edits made to a contact loaded at ``version``: all of them or none, one Event.

    ``reference`` may be typed as an agent types it (``contact_reference``). A contact saved by
    someone else since ``version`` raises StaleEdit naming who changed what, field by field;
    bad input raises ValidationFailed with a message per field. Either way nothing is written.
    An edit that changes nothing writes nothing either: the contact comes back at ``version``.
    """
    values, errors = clean_fields(changes or {})
    with db.write() as session:
        contact = _load_live(session, reference, lock=True)
        if contact.version != version:
            yours = {
                name: _as_text(values[name]) if name in values else str(raw).strip()
                for name, raw in (changes or {}).items()
            }
            raise _stale(session, contact, version, yours, identity_ops)
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
                session, company_name, create_company
            )
            if company_error:
                errors["company"] = company_error
                unknown_company = company_name
            else:
                values["company_id"] = company.id if company else None
        conflicts: list[IdentityConflict] = []
        region = _region(values.get("country", contact.country), db.region)
        adds = [(i, op) for i, op in enumerate(identity_ops) if isinstance(op, AddIdentity)]
        accepted = _normalized_adds(session, adds, region, contact.id, errors, conflicts)
        own = {
            i.id: i
            for i in session.exec(select(Identity).where(Identity.contact_id == contact.id)).all()
        }
        for op in identity_ops:
            if isinstance(op, RemoveIdentity | MakeDefault) and op.identity_id not in own:
                errors[f"identity:{op.identity_id}"] = (
                    "this contact method was removed by someone else; reload"
                )
        _fail(errors, conflicts, adds, unknown_company)

        changed = {k: v for k, v in values.items() if getattr(contact, k) != v}
        identity_log = _apply_identity_ops(session, contact.id, identity_ops, own)
        identity_log["added"] = _add_identities(session, contact.id, accepted)
        if not changed and not any(identity_log.values()):
            return _contact_view(session, contact)
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
            f"edited {', '.join(what)} of {_display(contact)}"
            + (f" and created company {new_company['name']}" if new_company else ""),
            before={k: before[k] for k in changed}
            | {"identities": identity_log, "version": version},
            after={k: after[k] for k in changed}
            | {"company_created": new_company, "version": contact.version},
        )
        reindex(session, [contact.id])
        return _contact_view(session, contact)


def _as_text(value: Any) -> str:
    """A field's value as the form holds it: booleans as yes/no, nothing as ''."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _journal_text(session: Session, key: str, value: Any) -> str:
    """A value from an Event's before or after as form text (the company by its name)."""
    if key == "company_id":
        company = session.get(Company, value) if value is not None else None
        return company.name if company else ""
    return _as_text(value)


def _methods_text(log: Mapping[str, Any]) -> str:
    """What an Event's identity log did to the contact methods, in words."""
    return "; ".join(
        f"{verb} {item['kind']} {item['value']}"
        for verb, key in (("added", "added"), ("removed", "removed"), ("made default", "defaulted"))
        for item in log.get(key) or ()
    )


def _ops_text(session: Session, ops: Sequence[IdentityOp]) -> str | None:
    """What an edit's contact-method operations would do, in words; None for no operation."""
    if not ops:
        return None
    parts = []
    for op in ops:
        if isinstance(op, AddIdentity):
            parts.append(f"add {op.kind} {op.value.strip()}")
            continue
        identity = session.get(Identity, op.identity_id)
        what = f"{identity.kind} {identity.value}" if identity else "a removed contact method"
        parts.append(f"{'remove' if isinstance(op, RemoveIdentity) else 'make default'} {what}")
    return "; ".join(parts)


def _stale(
    session: Session,
    contact: Contact,
    loaded: int,
    yours: Mapping[str, str],
    identity_ops: Sequence[IdentityOp],
) -> StaleEdit:
    """The StaleEdit of a save made on version ``loaded``: from the journal, each field changed
    since, with its value then and now, who changed it last and when, and the refused value."""
    events = changes_since(session, "contact", contact.id, loaded, contact.version)
    view = _contact_view(session, contact)
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
                _ops_text(session, identity_ops),
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


def _apply_identity_ops(
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


def _contact_view(session: Session, contact: Contact) -> ContactView:
    company = session.get(Company, contact.company_id) if contact.company_id else None
    identities = session.exec(
        select(Identity)
        .where(Identity.contact_id == contact.id)
        .order_by(Identity.kind, col(Identity.is_default).desc(), Identity.id)
    ).all()
    return ContactView(
        id=contact.id,
        reference=contact.reference,
        pin=contact.pin,
        first_name=contact.first_name,
        last_name=contact.last_name,
        alias=contact.alias,
        title=contact.title,
        company=company.name if company else "",
        company_reference=company.reference if company else "",
        description=contact.description,
        address=contact.address,
        city=contact.city,
        state=contact.state,
        postcode=contact.postcode,
        country=contact.country,
        fax=contact.fax,
        is_primary=contact.is_primary,
        ignore_emails=contact.ignore_emails,
        active=contact.active,
        created_at=contact.created_at,
        updated_at=contact.updated_at,
        version=contact.version,
        identities=tuple(
            IdentityView(i.id, i.kind, i.value, i.normalized, i.is_default, i.version)
            for i in identities
        ),
    )


def get_contact(db: Database, reference: str) -> ContactDetail:
    """Everything the contact screen shows; a merged reference leads to the contact it became.

    ``reference`` may be typed in any case and without its prefix (``c-10000042``,
    ``10000042``): see ``contact_reference``.
    """
    reference = contact_reference(reference)
    with db.read() as session:
        contact = session.exec(select(Contact).where(Contact.reference == reference)).first()
        if contact is None:
            raise NotFound(f"no contact with reference {reference}")
        merged_from = ""
        while contact.merged_into_id is not None:
            merged_from = merged_from or contact.reference
            contact = session.get(Contact, contact.merged_into_id)
        return ContactDetail(
            contact=_contact_view(session, contact),
            custom_values=_custom_values(session, contact.id),
            tickets=_tickets(session, contact.id),
            open_tickets=_tickets(session, contact.id, open_only=True),
            ticket_count=session.exec(
                select(func.count()).select_from(Ticket).where(Ticket.contact_id == contact.id)
            ).one(),
            activities=_activities(session, contact.id),
            sla=_sla(session, contact),
            merged_from=merged_from,
        )


def _custom_values(session: Session, contact_id: int) -> tuple[CustomValueView, ...]:
    rows = session.exec(
        select(CustomValue).where(CustomValue.contact_id == contact_id).order_by(CustomValue.key)
    ).all()
    return tuple(CustomValueView(r.key, r.value, r.source, r.imported_at) for r in rows)


def _tickets(session: Session, contact_id: int, open_only: bool = False) -> tuple[TicketRow, ...]:
    """The newest ``TICKETS_SHOWN`` tickets, or every open one (the SLA tab needs them all)."""
    query = select(Ticket).where(Ticket.contact_id == contact_id)
    if open_only:
        query = query.where(col(Ticket.status).in_(OPEN_STATUSES))
    else:
        query = query.limit(TICKETS_SHOWN)
    rows = session.exec(query.order_by(col(Ticket.created_at).desc(), col(Ticket.id).desc())).all()
    return tuple(
        TicketRow(
            t.reference,
            t.subject,
            t.group_name,
            t.status,
            t.priority,
            t.created_at,
            t.updated_at,
            t.first_response_due_at,
            t.resolution_due_at,
            t.first_response_at,
            t.resolved_at,
        )
        for t in rows
    )


def _activities(session: Session, contact_id: int) -> tuple[ActivityRow, ...]:
    rows = session.exec(
        select(Activity)
        .where(Activity.contact_id == contact_id)
        .order_by(col(Activity.occurred_at).desc())
        .limit(ACTIVITIES_SHOWN)
    ).all()
    return tuple(ActivityRow(a.kind, a.summary, a.author, a.occurred_at) for a in rows)


def _sla(session: Session, contact: Contact) -> SlaView | None:
    """The policy that applies: the contact's own, else its company's."""
    policy_id, source = contact.sla_policy_id, "contact"
    if policy_id is None and contact.company_id is not None:
        company = session.get(Company, contact.company_id)
        policy_id, source = (company.sla_policy_id if company else None), "company"
    if policy_id is None:
        return None
    policy = session.get(SlaPolicy, policy_id)
    targets = session.exec(select(SlaTarget).where(SlaTarget.policy_id == policy_id)).all()
    order = {p: i for i, p in enumerate(("urgent", "high", "normal", "low"))}
    return SlaView(
        policy.name,
        source,
        tuple(
            SlaTargetView(t.priority, t.first_response_minutes, t.resolution_minutes)
            for t in sorted(targets, key=lambda t: order.get(t.priority, 9))
        ),
    )
