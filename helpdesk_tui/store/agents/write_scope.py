"""Writes stay within what the agent may see (``agents.scope``): an agent whose teams are
limited to some companies changes nothing of the others.

The screens never show such a contact or ticket, but the CLI takes any reference, and a save
prints what it saved. Checked in one place, on the rows a unit of work journals just before it
commits (``Database.unit``), so every operation is covered alike, those to come included: a
contact, ticket, activity, custom value or contract is judged by its company before and after
the change (moving a ticket to a company outside the teams is refused as well), a contact
method by its contact's company, a company by itself. Nothing is checked when the agent may see
everything, which is the case of every agent until teams are limited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlmodel import Session, col, select

from ..models import Company, Contact
from ..refusals import OutsideTeams
from .scope import Scope

COMPANY_OWNED = ("contact", "ticket", "activity", "custom_value", "contract")
"""Tables whose rows belong to the company in their ``company_id``."""
CONTACT_OWNED = {"identity": "contact_id", "custom_value": "contact_id"}
"""Tables whose rows belong to the company of the contact in a column."""


def refuse_outside(session: Session, scope: Scope, rows: Iterable[Mapping[str, Any]]) -> None:
    """Raise ``OutsideTeams`` (the unit then rolls back) when a journalled row belongs to a
    company ``scope`` does not allow; ``rows`` as Events hold them ({table, id, before,
    after})."""
    if not scope.limited:
        return
    owners: set[int] = set()
    for row in rows:
        table = row["table"]
        for state in (row["before"], row["after"]):
            if not state:
                continue
            if table == "company" and not scope.allows(row["id"]):
                raise OutsideTeams("company", str(state.get("name", row["id"])))
            if table in COMPANY_OWNED and not scope.allows(state.get("company_id")):
                if state.get("reference"):  # a contact, a ticket
                    raise OutsideTeams(table, state["reference"])
                raise _refusal(session, state)
            if table in CONTACT_OWNED and state.get(CONTACT_OWNED[table]) is not None:
                owners.add(state[CONTACT_OWNED[table]])
    if not owners:
        return
    found = session.exec(
        select(col(Contact.reference), col(Contact.company_id)).where(
            col(Contact.id).in_(sorted(owners))
        )
    ).all()
    for reference, company_id in found:
        if not scope.allows(company_id):
            raise OutsideTeams("contact", reference)


def _refusal(session: Session, state: Mapping[str, Any]) -> OutsideTeams:
    """The refusal of a row with no reference of its own (an activity, a custom value, a
    contract) names whom it is for: its contact, else its company."""
    contact_id = state.get("contact_id") or state.get("customer_contact_id")
    contact = session.get(Contact, contact_id) if contact_id else None
    if contact is not None:
        return OutsideTeams("contact", contact.reference)
    company = session.get(Company, state["company_id"])
    return OutsideTeams("company", company.name if company else str(state["company_id"]))
