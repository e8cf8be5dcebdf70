"""The unit of work (DESIGN.md §5): one write transaction that domain operations share.

``Database.unit()`` opens one and hands a ``Unit`` to as many operations as belong together
(``create_contact_in(unit, …)``, ``update_contact_in(unit, …)``): they change rows on
``unit.session`` without committing, and ``record`` their Events under the unit's one
``operation_id``; the wrapper commits them all or none. The unit also keeps the bookkeeping that
no operation should have to repeat, in one place, a ``before_flush`` hook on its session:

- **Versions.** Every versioned row (a ``version`` column) that the unit changes is bumped once,
  however many flushes the change spans; a row the unit inserts starts at its default. SQLAlchemy's
  ``version_id_col`` was tried and not chosen: it bumps at every flush that UPDATEs the row, and
  operations flush mid-way (ids for the journal, the search index), so one save that touches a row
  in two flushes would count two versions, and two agents' forms would disagree on what a version
  means. Its own ``WHERE version = :old`` guard adds nothing here either: an edit checks the version
  its form loaded on a row it holds locked, and explains a mismatch (``StaleEdit``), which a
  ``StaleDataError`` from deep inside a flush could not. SQLModel would also need each versioned
  field re-declared as an ``sa_column`` for the mapper argument to name it.
- **Row states for the journal.** Each row the unit inserts, changes or deletes is captured whole
  (every column) as it was before the unit first touched it since the last Event; ``record``
  claims those rows with their states after, so an Event holds complete before/after states that
  undo can put back without re-deriving anything. A journalled unit that changes a row no Event
  claims refuses to commit (``UnjournalledChange``): the journal cannot silently miss a change.

- **Ids.** A row the unit inserts on SQLite takes an id its table never held
  (``fresh_ids``): SQLite would hand out again the id of a row deleted at the top of its table.

Bulk statements (``session.execute(update(...))``, raw SQL, COPY) bypass the ORM and this hook;
they bump versions and journal themselves: ``store.journal.bulk`` does both for an UPDATE or
DELETE of many rows (a merge's tickets, an undo), handing the whole states to
``Unit.changed_in_bulk`` for the next Event.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from sqlalchemy import event, inspect, text

from ..models import Event
from .fresh_ids import FreshIds
from .rowsets import each_row
from .touches import write_links

if TYPE_CHECKING:
    from sqlmodel import Session

JOURNAL_LOCK = 0x6A6F_7572  # "jour": PostgreSQL's advisory lock key for appending to the journal


class UnjournalledChange(RuntimeError):
    """A journalled unit of work changed rows that no Event recorded: an operation's bug, caught
    before it commits, so the journal always tells the whole story."""


def plain(value: Any) -> Any:
    """JSON-safe form of a column value. Datetimes become ISO text in UTC with its offset
    whichever engine read them (SQLite hands them back without one), so a state read back equals
    the state recorded."""
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return aware.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_state(row: Any) -> dict[str, Any]:
    """Every column of an ORM row as it is now, JSON-safe: the state an Event stores."""
    return {attr.key: plain(getattr(row, attr.key)) for attr in inspect(row).mapper.column_attrs}


def _loaded_state(row: Any) -> dict[str, Any]:
    """Every column of a changed ORM row as the session loaded it (or last flushed it)."""
    state = inspect(row)
    found = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        found[attr.key] = plain(history.deleted[0] if history.deleted else getattr(row, attr.key))
    return found


def _table(row: Any) -> str:
    return inspect(row).mapper.local_table.name


@dataclass
class _Touched:
    row: Any
    before: dict[str, Any] | None


@dataclass(eq=False)
class Unit:
    """One write transaction and what its operations share: the session (never committed by an
    operation), the author and default phone region of the person acting, and the operation id
    that every Event of the unit carries.

    The operation id is a random UUID made here, not a number from the database: it costs no
    round trip, reads the same on both engines (SQLite has no sequences), and ties the Events of
    one unit together for undo; their order is their Event ids'.
    """

    session: Session
    author: str
    region: str
    journalled: bool = True
    operation_id: str = field(default_factory=lambda: str(uuid4()))
    _touched: dict[int, _Touched] = field(default_factory=dict)
    _created: dict[int, Any] = field(default_factory=dict)
    _bumped: dict[int, Any] = field(default_factory=dict)
    _bookkeeping: dict[int, Any] = field(default_factory=dict)
    _events: list[Event] = field(default_factory=list)
    _bulk: list[dict[str, Any]] = field(default_factory=list)
    _ids: FreshIds = field(default_factory=FreshIds)

    def __post_init__(self) -> None:
        event.listen(self.session, "before_flush", self._before_flush)

    def _before_flush(self, session: Session, _context: object, _instances: object) -> None:
        self._ids.assign(session, (row for row in session.new if self._follows(row)))
        for row in session.new:
            if self._follows(row):
                self._created[id(row)] = row
                self._touched.setdefault(id(row), _Touched(row, None))
        for row in session.deleted:
            if self._follows(row) and id(row) not in self._touched:
                self._touched[id(row)] = _Touched(row, _loaded_state(row))
        for row in session.dirty:
            if not self._follows(row) or not session.is_modified(row):
                continue
            if id(row) not in self._touched:
                self._touched[id(row)] = _Touched(row, _loaded_state(row))
            self._bump(row)

    def _follows(self, row: Any) -> bool:
        """Whether the hook keeps track of ``row``: not the journal's own rows."""
        return not isinstance(row, Event) and id(row) not in self._bookkeeping

    def _bump(self, row: Any) -> None:
        """Bump a versioned row once per unit; one inserted by the unit keeps its default."""
        if id(row) in self._created or id(row) in self._bumped:
            return
        if "version" in inspect(row).mapper.columns:
            row.version += 1
            self._bumped[id(row)] = row

    def bookkeeping(self, row: Any) -> None:
        """Mark a row the journal adds for itself (an Agent on their first change): it is no
        change of the operation's, and no Event claims it."""
        self._bookkeeping[id(row)] = row

    def changed_in_bulk(self, rows: list[dict[str, Any]]) -> None:
        """Hand over rows a bulk statement changed, each as {table, id, before, after} with
        whole states or as a row set (``store.journal.bulk``, ``rowsets``): the next Event
        claims them with the rows the hook saw."""
        self._bulk.extend(rows)

    def claim(self) -> list[dict[str, Any]]:
        """The rows changed since the last claim, each as {table, id, before, after} with whole
        states (None before an insert, after a delete) or as a row set (``rowsets``), in the
        order they were first touched (those changed in bulk last). Flushes first, so ids,
        versions and pending changes are all in."""
        self.session.flush()
        rows = []
        for touched in self._touched.values():
            gone = inspect(touched.row).was_deleted
            if gone and touched.before is None:
                continue
            rows.append(
                {
                    "table": _table(touched.row),
                    "id": touched.row.id,
                    "before": touched.before,
                    "after": None if gone else row_state(touched.row),
                }
            )
        self._touched.clear()
        rows += self._bulk
        self._bulk = []
        return rows

    def journalled_rows(self) -> Iterator[Mapping[str, Any]]:
        """Every row the unit's Events so far hold ({table, id, before, after}), read out as
        the caller goes (a check that needs none, reads none: ``rowsets.each_row``)."""
        for entry in self._events:
            yield from each_row(entry.rows)

    def append(self, entry: Event) -> None:
        """Queue an Event; ``finish`` inserts the unit's Events just before it commits."""
        entry.operation_id = self.operation_id
        self._events.append(entry)

    def finish(self) -> None:
        """What the wrapper does just before COMMIT: check that every change was journalled,
        then insert the Events, and the lines saying which rows each touched or concerns
        (``touches``).

        On PostgreSQL the Events go in under a transaction-scoped advisory lock, so Event ids
        are taken in commit order: a feed reader (``journal.changes_since``) that has seen
        Event n can never later meet a smaller id committing late. The lock is held only from
        these inserts to COMMIT, and nothing else is locked after it, so it cannot deadlock
        with row locks. SQLite's ``BEGIN IMMEDIATE`` already orders whole writes.
        """
        self.session.flush()
        if self.journalled and (self._touched or self._bulk):
            rows = [f"{_table(t.row)} {t.row.id}" for t in self._touched.values()]
            rows += [f"{row['table']} {row['id']}" for row in each_row(self._bulk)]
            raise UnjournalledChange(f"changed without an Event: {', '.join(rows)}")
        if not self._events:
            return
        if self.session.connection().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": JOURNAL_LOCK})
        self.session.add_all(self._events)
        self.session.flush()
        write_links(self.session, self._events)
