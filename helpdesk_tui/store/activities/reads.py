"""Reading activities: a contact's or a company's, newest first, a page at a time.

Each list reads off its index (``ix_activity_contact_occurred``, ``ix_activity_company_id``:
migration 0008) in the order it is shown, and one row past the page to know whether another
follows, so a company with years of calls opens as fast as a new one. An activity logged for
a contact carries the contact's company too (``operations.log_activity_in``), so the company's
list holds its contacts' activities without a join.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select as select_columns
from sqlmodel import Session, col

from ..database.engine import Database
from ..errors import InvalidInput, NotFound
from ..kinds import ActivityKind
from ..models import Activity, Company, Contact, stored_id
from ..tickets.reads import find_company_by, find_contact
from .views import PAGE_SIZE, ActivityPage, ActivityView, kind_of


def _query() -> Any:
    return (
        select_columns(
            Activity,
            col(Contact.reference),
            col(Contact.first_name),
            col(Contact.last_name),
            col(Company.name),
            col(Company.reference),
        )
        .outerjoin(Contact, col(Contact.id) == Activity.contact_id)
        .outerjoin(Company, col(Company.id) == Activity.company_id)
    )


def _kind(stored: str) -> ActivityKind:
    """The kind a row holds; one no agent could have typed (an import's own word) reads as
    ``other`` rather than failing the whole list."""
    try:
        return kind_of(stored)
    except InvalidInput:
        return ActivityKind.OTHER


def _view(found: Any) -> ActivityView:
    activity, reference, first, last, company, company_reference = found
    return ActivityView(
        id=stored_id(activity.id),
        kind=_kind(activity.kind),
        summary=activity.summary,
        body=activity.body,
        author=activity.author,
        occurred_at=activity.occurred_at,
        contact_reference=reference or "",
        contact_name=" ".join(part for part in (first, last) if part),
        company=company or "",
        company_reference=company_reference or "",
        version=activity.version,
    )


def activity_view(session: Session, activity_id: int) -> ActivityView:
    """One activity as lists show it, read in ``session`` (a read, or the write that just
    changed it); NotFound (field ``activity``) when there is none."""
    found = session.exec(_query().where(col(Activity.id) == activity_id)).first()
    if found is None:
        raise NotFound(f"no activity {activity_id}: it was removed, or never logged", "activity")
    return _view(found)


def list_activities(
    db: Database,
    contact: str = "",
    company: str = "",
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> ActivityPage:
    """A page of a contact's (by reference, following merges) or a company's (by name or
    reference) activities, newest first; NotFound (field ``contact`` or ``company``) for one
    that does not exist."""
    if bool(contact.strip()) == bool(company.strip()):
        raise ValueError("list the activities of a contact or of a company")
    if limit < 1 or offset < 0:
        raise ValueError("a page starts at offset 0 or later and holds at least one row")
    with db.read() as session:
        if contact.strip():
            scope = col(Activity.contact_id) == find_contact(session, contact).id
        else:
            scope = col(Activity.company_id) == find_company_by(session, company).id
        found = session.exec(
            _query()
            .where(scope)
            .order_by(col(Activity.occurred_at).desc(), col(Activity.id).desc())
            .offset(offset)
            .limit(limit + 1)
        ).all()
    return ActivityPage(
        rows=tuple(_view(row) for row in found[:limit]),
        offset=offset,
        has_more=len(found) > limit,
    )


def get_activity(db: Database, activity_id: int) -> ActivityView:
    """One activity (the editor's starting point, ``activity list`` rows)."""
    with db.read() as session:
        return activity_view(session, activity_id)
