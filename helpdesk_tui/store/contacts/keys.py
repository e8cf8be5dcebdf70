"""What a save looks up or draws besides the contact's own fields: new references and support
PINs nobody holds, and the company an edit names (found whatever its case, or created and
journalled in the same unit of work)."""

from __future__ import annotations

import secrets
from typing import Any

from sqlmodel import Session, col, func, select

from ..journal.events import record, snapshot
from ..journal.unit import Unit
from ..models import Company, Contact

PIN_DIGITS = 8
"""Support PINs are eight digits, not six: a PIN tells one caller from every other (a UNIQUE
index keeps it so), and there are only 10**6 six-digit PINs. A million contacts (the bench
builds such databases) would need every one of them, the last drawn after a million tries, and
already at 100k contacts one draw in ten would be taken. A million contacts fill 1 % of 10**8:
a draw is taken once in a hundred, and drawn again. Eight digits read out as two groups of four."""


def draw(bound: int) -> int:
    """A random number from 0 to ``bound - 1`` for a new reference or PIN (tests replace it to
    force a collision)."""
    return secrets.randbelow(bound)


def new_reference(session: Session, model: type[Contact] | type[Company], prefix: str) -> str:
    """A random reference nobody holds yet (references are read out on the phone: digits)."""
    while True:
        reference = f"{prefix}{draw(90_000_000) + 10_000_000}"
        taken = session.exec(select(model.id).where(model.reference == reference)).first()
        if taken is None:
            return reference


def new_pin(session: Session) -> str:
    """A random support PIN no contact holds yet (see ``PIN_DIGITS``)."""
    while True:
        pin = f"{draw(10**PIN_DIGITS):0{PIN_DIGITS}d}"
        if session.exec(select(Contact.id).where(Contact.pin == pin)).first() is None:
            return pin


def find_company(session: Session, name: str) -> Company | None:
    """The company called ``name``, whatever the case of any letter.

    ``lower()`` on both sides, in the database, reads alike on every engine (a collation such
    as SQLite's NOCASE does not exist on PostgreSQL). SQLite's folds only ASCII; when it finds
    nothing ("ärzte ag" for "Ärzte AG") the names are compared casefolded in Python, a scan of
    one short column that only a save pays.
    """
    company = session.exec(
        select(Company)
        .where(func.lower(col(Company.name)) == func.lower(name))
        .order_by(col(Company.id))
    ).first()
    if company is not None or not name:
        return company
    wanted = name.casefold()
    for company_id, company_name in session.exec(
        select(Company.id, Company.name).order_by(col(Company.id))
    ):
        if company_name.casefold() == wanted:
            return session.get(Company, company_id)
    return None


_COMPANY_FIELDS = ("name", "reference", "domains", "notes", "active", "sla_policy_id", "version")


def resolve_company(
    unit: Unit, name: str, create: bool
) -> tuple[Company | None, dict[str, Any] | None, str | None]:
    """The company an edit names: an existing one, a new one if allowed (journalled as its own
    Event, and returned as the second item for the contact's), or an error message."""
    if not name:
        return None, None, None
    session = unit.session
    company = find_company(session, name)
    if company is not None:
        return company, None, None
    if not create:
        return None, None, f"no company named {name!r}: pick one, or create it"
    company = Company(name=name, reference=new_reference(session, Company, "CO-"))
    session.add(company)
    session.flush()
    record(
        unit,
        "company",
        company.id,
        "create",
        f"created company {name} ({company.reference})",
        after=snapshot(company, _COMPANY_FIELDS),
    )
    return company, {"id": company.id, "name": name, "reference": company.reference}, None
