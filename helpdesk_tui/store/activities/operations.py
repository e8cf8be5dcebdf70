"""Activities: log, edit and remove them, each a unit of work with its journal Event.

As for tickets (``store.tickets.operations``), each operation comes twice: ``…_in(unit, …)``
works inside a unit it is given and never commits (an ingested email may log one with its
ticket), and ``log_activity(db, …)`` and the rest run one as a unit of their own, which is what
``Store.activities`` calls for the TUI and the CLI alike.

An activity is its author's record of what they did: only they edit or remove it (another
agent gets ``NotYours`` naming the author). A change presents the version the agent loaded; the
row is locked (PostgreSQL: ``SELECT … FOR UPDATE``), then a newer version is refused with
``StaleEdit`` telling who changed what. A removal is journalled with the whole row (the unit
captures it, ``store.journal.unit``), so undo can put it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import select

from ..clock import utcnow
from ..contacts.methods import display_name
from ..database.engine import Database
from ..errors import InvalidInput, NotFound, NotYours, StaleEdit
from ..field_change import FieldChange
from ..journal.events import events_between_versions, record, snapshot
from ..journal.unit import Unit, plain
from ..models import Activity, Company, Contact, stored_id
from ..tickets.reads import find_company_by, find_contact
from .reads import activity_view
from .views import BODY_MAX, SUMMARY_MAX, ActivityView, kind_of

_FIELDS = ("kind", "summary", "body", "occurred_at", "contact_id", "company_id", "author")
_EDITABLE = ("kind", "summary", "body", "occurred_at")


def _summary(typed: str) -> str:
    value = " ".join(typed.split())
    if not value:
        raise InvalidInput(
            "summary", "an activity needs a summary: say in a few words what happened"
        )
    if len(value) > SUMMARY_MAX:
        raise InvalidInput(
            "summary", f"the summary is {len(value):,} characters; at most {SUMMARY_MAX}"
        )
    return value


def _body(typed: str) -> str:
    value = typed.strip()
    if len(value) > BODY_MAX:
        raise InvalidInput(
            "body", f"the details are {len(value):,} characters; at most {BODY_MAX:,}"
        )
    return value


def _whom(contact: Contact | None, company: Company | None) -> str:
    if contact is not None:
        return f"{display_name(contact)} ({contact.reference})"
    return f"{company.name} ({company.reference})" if company else ""


def log_activity_in(
    unit: Unit,
    *,
    kind: str,
    summary: str,
    contact: str = "",
    company: str = "",
    body: str = "",
    occurred_at: datetime | None = None,
) -> ActivityView:
    """Log an activity for a contact (by reference; a merged one's goes to the contact it
    became) or for a company (by name or reference), authored by the agent acting; it happened
    at ``occurred_at`` (aware), else now. A contact's activity carries the contact's company
    too, so the company screen lists it. Journalled as one Event (``create``)."""
    if bool(contact.strip()) == bool(company.strip()):
        raise InvalidInput(
            "contact", "log an activity for a contact or for a company (one of them)"
        )
    chosen = kind_of(kind)
    text, details = _summary(summary), _body(body)
    session = unit.session
    person = find_contact(session, contact) if contact.strip() else None
    firm = None if person else find_company_by(session, company)
    if person is not None and person.company_id is not None:
        firm = session.get(Company, person.company_id)
    activity = Activity(
        contact_id=person.id if person else None,
        company_id=firm.id if firm else None,
        kind=chosen.value,
        summary=text,
        body=details,
        author=unit.author,
        occurred_at=occurred_at or utcnow(),
    )
    session.add(activity)
    session.flush()
    record(
        unit,
        "activity",
        activity.id,
        "create",
        f"logged a {chosen.value} for {_whom(person, None if person else firm)}: {text}",
        after={**snapshot(activity, _FIELDS), "version": activity.version},
    )
    return activity_view(session, stored_id(activity.id))


def _own(unit: Unit, activity_id: int, version: int, yours: Mapping[str, str]) -> Activity:
    """The activity, locked, if the acting agent logged it and it is still at ``version``."""
    session = unit.session
    activity = session.exec(
        select(Activity).where(Activity.id == activity_id).with_for_update()
    ).first()
    if activity is None:
        raise NotFound(f"no activity {activity_id}: it was removed, or never logged", "activity")
    if activity.author != unit.author:
        raise NotYours(
            f"activity {activity_id} was logged by {activity.author}: only they can change or "
            "remove it (log another activity instead)",
            activity.author,
        )
    if activity.version != version:
        raise _stale(unit, activity, version, yours)
    return activity


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _stale(unit: Unit, activity: Activity, loaded: int, yours: Mapping[str, str]) -> StaleEdit:
    """A refused change told from the journal: each field changed since ``loaded``, when,
    its value then and now, and the value refused."""
    session = unit.session
    activity_id = stored_id(activity.id)
    events = events_between_versions(session, "activity", activity_id, loaded, activity.version)
    now = {name: _shown(plain(getattr(activity, name))) for name in _EDITABLE}
    found: dict[str, FieldChange] = {}
    for event in events:
        before = event.before or {}
        for name in (event.after or {}).keys() & set(_EDITABLE):
            earlier = found.get(name)
            found[name] = FieldChange(
                name,
                name.replace("_", " ").capitalize(),
                earlier.loaded if earlier else _shown(before.get(name)),
                now[name],
                yours.get(name),
                event.author,
                event.at,
            )
    change = events[-1].description if events else ""
    return StaleEdit(
        "activity",
        str(activity_id),
        loaded,
        activity.version,
        " and ".join(dict.fromkeys(event.author for event in events)),
        change,
        list(found.values()),
        now,
        activity_view(session, activity_id),
    )


def edit_activity_in(
    unit: Unit,
    activity_id: int,
    version: int,
    *,
    kind: str | None = None,
    summary: str | None = None,
    body: str | None = None,
    occurred_at: datetime | None = None,
) -> ActivityView:
    """Change the kind, summary, details or time (None: leave it) of the acting agent's own
    activity, made on ``version``. Journalled as one Event (``update``) with the fields before
    and after; a change that changes nothing writes nothing."""
    wanted: dict[str, Any] = {}
    if kind is not None:
        wanted["kind"] = kind_of(kind).value
    if summary is not None:
        wanted["summary"] = _summary(summary)
    if body is not None:
        wanted["body"] = _body(body)
    if occurred_at is not None:
        wanted["occurred_at"] = occurred_at
    yours = {name: _shown(plain(value)) for name, value in wanted.items()}
    activity = _own(unit, activity_id, version, yours)
    before = snapshot(activity, _EDITABLE)
    changed = [name for name, value in wanted.items() if plain(value) != before[name]]
    if not changed:
        return activity_view(unit.session, activity_id)
    for name in changed:
        setattr(activity, name, wanted[name])
    unit.session.flush()
    after = snapshot(activity, _EDITABLE)
    record(
        unit,
        "activity",
        activity_id,
        "update",
        f"edited the {', '.join(name.replace('_', ' ') for name in changed)} of activity "
        f"{activity_id}: {activity.summary}",
        before={name: before[name] for name in changed} | {"version": version},
        after={name: after[name] for name in changed} | {"version": activity.version},
    )
    return activity_view(unit.session, activity_id)


def remove_activity_in(unit: Unit, activity_id: int, version: int) -> ActivityView:
    """Remove the acting agent's own activity, made on ``version``; returns it as it was.
    Journalled as one Event (``delete``) whose ``before`` and row state hold the whole row."""
    activity = _own(unit, activity_id, version, {})
    removed = activity_view(unit.session, activity_id)
    before = {**snapshot(activity, _FIELDS), "version": activity.version}
    unit.session.delete(activity)
    unit.session.flush()
    record(
        unit,
        "activity",
        activity_id,
        "delete",
        f"removed activity {activity_id} ({removed.kind.value}: {removed.summary})",
        before=before,
    )
    return removed


def log_activity(db: Database, **fields: Any) -> ActivityView:
    """``log_activity_in`` as a unit of work of its own (``a``, ``activity add``)."""
    with db.unit() as unit:
        return log_activity_in(unit, **fields)


def edit_activity(db: Database, activity_id: int, version: int, **changes: Any) -> ActivityView:
    """``edit_activity_in`` as a unit of work of its own (the Activities tab's editor,
    ``activity edit``)."""
    with db.unit() as unit:
        return edit_activity_in(unit, activity_id, version, **changes)


def remove_activity(db: Database, activity_id: int, version: int) -> ActivityView:
    """``remove_activity_in`` as a unit of work of its own."""
    with db.unit() as unit:
        return remove_activity_in(unit, activity_id, version)
