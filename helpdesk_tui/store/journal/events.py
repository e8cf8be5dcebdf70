"""The journal: every change records who did what, in the change's own transaction.

History views, stale-edit messages, undo and live refresh read these rows; ``record`` is the
only way an Event is written. An Event says what happened twice over, for two kinds of reader:

- ``before`` / ``after``: the change in the operation's own terms (the fields it changed, the
  contact methods it added, removed or made default, the version it made), which history views
  and ``stale_edits`` read;
- ``rows``: every row the Event's operation inserted, changed or deleted, each as
  ``{table, id, before, after}`` with every column (None before an insert, after a delete),
  captured by the unit of work (``store.journal.unit``) rather than by each operation, so undo can
  put them back and live refresh can patch its screens without re-deriving anything. Rows one
  bulk UPDATE changed alike are held as one row set; ``rowsets.each_row`` reads every row out.

Every Event of one unit of work carries its ``operation_id``; Events written before migration
0007 have none (and only partial states).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from ..models import Agent, AgentRole, Event, EventRow
from .rowsets import each_row
from .unit import Unit, plain

if TYPE_CHECKING:
    from ..database.engine import Database

FEED_LIMIT = 500
"""At most this many Events per ``changes_since`` call: a reader far behind catches up in
pages instead of loading the whole journal at once."""


def snapshot(row: Any, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The named fields of an ORM row, JSON-safe, for an Event's ``before`` or ``after``."""
    return {name: plain(getattr(row, name)) for name in fields}


def record(
    unit: Unit,
    entity: str,
    entity_id: int | None,
    action: str,
    description: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Journal the change an operation just made in ``unit``: the Event claims every row
    changed since the unit's previous Event, with whole states, and is inserted when the unit
    commits (``Unit.finish``), so it commits or rolls back together with the change."""
    ensure_agent(unit, unit.author)
    entry = Event(
        author=unit.author,
        entity=entity,
        entity_id=entity_id,
        action=action,
        description=description,
        before=before,
        after=after,
        rows=unit.claim(),
    )
    unit.append(entry)
    return entry


def ensure_agent(unit: Unit, username: str) -> Agent:
    """The Agent row of ``username``, created on their first change (journal bookkeeping, not
    a change of the operation's)."""
    session = unit.session
    agent = session.exec(select(Agent).where(Agent.username == username)).first()
    if agent is None:
        agent = new_agent(session, username)
        unit.bookkeeping(agent)
        session.add(agent)
    return agent


def new_agent(session: Session, username: str) -> Agent:
    """The Agent row of someone appearing for the first time. The first agent of a database
    that has none is its admin: someone must be able to merge (and, later, to name other
    admins); everyone after is an agent until an admin says otherwise."""
    first = session.exec(select(Agent.id).limit(1)).first() is None
    role = AgentRole.ADMIN if first else AgentRole.AGENT
    return Agent(username=username, display_name=username, role=role.value)


def events_between_versions(
    session: Session, entity: str, entity_id: int, version: int, current_version: int
) -> list[Event]:
    """The Events that took one row from ``version`` to ``current_version``, oldest first (what
    a stale-edit message lists): those about the row (its ``entity``), and those that changed
    it as part of another's operation (a ticket moved by a merge, a contact put back by an
    undo), found through ``event_row`` (``touches``).

    Each Event tells the version it made: the row's own state after it (``rows``), else its
    ``after["version"]``. One written before Events did is placed by counting back from the
    current version, one version per Event: exact as long as every change was journalled,
    which the domain operations guarantee.
    """
    found: list[Event] = []
    made_next = current_version
    about = and_(col(Event.entity) == entity, col(Event.entity_id) == entity_id)
    for entry in session.exec(
        select(Event)
        .join(EventRow, col(EventRow.event_id) == Event.id)
        .where(EventRow.row_table == entity, EventRow.row_id == entity_id)
        .where(or_(col(EventRow.touched), about))
        .order_by(col(Event.id).desc())
    ):
        made = _made(entry, entity, entity_id, made_next)
        if made <= version:
            break
        found.append(entry)
        made_next = made - 1
    found.reverse()
    return found


def _made(entry: Event, table: str, row_id: int, otherwise: int) -> int:
    """The version an Event left a row at: its whole state after, else what the Event says."""
    for row in each_row(entry.rows):
        if row["table"] == table and row["id"] == row_id and row["after"]:
            return int(row["after"].get("version", otherwise))
    return int((entry.after or {}).get("version", otherwise))


@dataclass(frozen=True)
class RowChange:
    """One row an Event's operation touched: its whole state before (None: inserted) and
    after (None: deleted), as JSON-safe column values."""

    table: str
    id: int
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None


@dataclass(frozen=True)
class Change:
    """One Event as the change feed hands it out: plain data, safe on any thread."""

    event_id: int
    operation_id: str | None
    """Shared by every Change of one unit of work; None for Events from before migration 0007."""
    author: str
    at: datetime
    """Aware UTC."""
    entity: str
    entity_id: int | None
    action: str
    description: str
    rows: tuple[RowChange, ...]


def _change(entry: Event) -> Change:
    at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
    return Change(
        event_id=entry.id or 0,
        operation_id=entry.operation_id,
        author=entry.author,
        at=at,
        entity=entry.entity,
        entity_id=entry.entity_id,
        action=entry.action,
        description=entry.description,
        rows=tuple(
            RowChange(row["table"], row["id"], row["before"], row["after"])
            for row in each_row(entry.rows)
        ),
    )


def changes_since(
    source: Session | Database, event_id: int, limit: int = FEED_LIMIT
) -> list[Change]:
    """What changed after Event ``event_id`` (0: from the start), oldest first, at most
    ``limit`` Events: the feed live refresh polls. A reader passes the last ``event_id`` it
    got back next time; Event ids are taken in commit order on both engines (see
    ``Unit.finish``), so a reader that keeps its place never misses one.

    ``source`` is an open session (the caller's snapshot) or a Database (a read of its own).
    """
    if isinstance(source, Session):
        return _changes(source, event_id, limit)
    with source.read() as session:
        return _changes(session, event_id, limit)


def _changes(session: Session, event_id: int, limit: int) -> list[Change]:
    entries = session.exec(
        select(Event).where(col(Event.id) > event_id).order_by(col(Event.id)).limit(limit)
    )
    return [_change(entry) for entry in entries]
