"""The journal: every change records who did what, in the change's own transaction.

History views and undo read these rows; ``record`` is the only way an Event is written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from .models import Agent, Event


def _plain(value: Any) -> Any:
    """JSON-safe form of a column value (datetimes as ISO strings)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(row: Any, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The named fields of an ORM row, JSON-safe, for an Event's ``before`` or ``after``."""
    return {name: _plain(getattr(row, name)) for name in fields}


def record(
    session: Session,
    author: str,
    entity: str,
    entity_id: int | None,
    action: str,
    description: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Add an Event to ``session``: it commits or rolls back together with the change."""
    ensure_agent(session, author)
    event = Event(
        author=author,
        entity=entity,
        entity_id=entity_id,
        action=action,
        description=description,
        before=before,
        after=after,
    )
    session.add(event)
    return event


def ensure_agent(session: Session, username: str) -> Agent:
    """The Agent row of ``username``, created on their first change."""
    agent = session.exec(select(Agent).where(Agent.username == username)).scalars().first()
    if agent is None:
        agent = Agent(username=username, display_name=username)
        session.add(agent)
    return agent


def last_change(session: Session, entity: str, entity_id: int) -> Event | None:
    """The latest Event of one row: who changed it and how, for a stale-save message."""
    return (
        session.exec(
            select(Event)
            .where(Event.entity == entity, Event.entity_id == entity_id)
            .order_by(Event.id.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )


def changes_since(
    session: Session, entity: str, entity_id: int, version: int, current_version: int
) -> list[Event]:
    """The Events that took one row from ``version`` to ``current_version``, oldest first.

    Each Event records the version it made in ``after["version"]``. One written before Events
    did is placed by counting back from the current version, one version per Event: exact as
    long as every change was journalled, which the domain operations guarantee.
    """
    found: list[Event] = []
    made_next = current_version
    for event in session.exec(
        select(Event)
        .where(Event.entity == entity, Event.entity_id == entity_id)
        .order_by(Event.id.desc())
    ).scalars():
        made = (event.after or {}).get("version", made_next)
        if made <= version:
            break
        found.append(event)
        made_next = made - 1
    found.reverse()
    return found
