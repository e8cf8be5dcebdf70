"""Undo: any operation put back from its journal, generically, as one new operation.

Every unit of work journals each row it inserted, changed or deleted, whole, before and after
(``store.journal.unit``), so an undo needs no per-operation code: it puts back the state each
row had before the operation (``history.net_rows``) in one unit of work, which is journalled
like any other, so undoing the undo redoes the operation. It applies only when every row is
still as the operation left it, and no later Event concerns a row it would remove; else it
refuses with who changed what and when (``refusals.UndoConflict``), and writes nothing.

Versions never go back. A row put back gets its version bumped once past the current one, like
any change (``bulk.put_back``), and a row put back after a delete comes back one version above
the one it had. Were
versions restored, a number would name two different states: an agent who loaded a contact at
version 5, the state the operation made, would after the undo (back at 4, then 5 after someone's
edit) save over that edit unchallenged. Bumped, an edit made on any state other than the row's
current one is refused as stale, as everywhere else.

A row that comes back has its own id again. Nobody else can hold it meanwhile where ids are
never reused (PostgreSQL's sequences; SQLite's contact methods, AUTOINCREMENT since migration
0005). SQLite's other tables hand the highest id out again once its row is gone, so the row an
undone creation removed may meet a newer row under its id when the creation is redone: that
row counts as a change since (the redo is refused, naming it), never as one to overwrite.
Rows come back parents first and are removed children first (``states.table_order``), so
foreign keys hold at every statement; the search index is brought up to date in the same
transaction, contacts leaving it before their rows go (its word index removes an entry by the
values it was made from).
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from ..database.dbapi import wrap
from ..database.engine import Database
from ..models import Contact, Event, stored_id
from ..refusals import CannotUndo, UndoProblem
from ..search.index import drop_contacts, reindex
from . import bulk
from .events import record
from .history import (
    describe,
    last_undoable,
    net_rows,
    operation_events,
    operation_key,
    operation_view,
    refusal,
)
from .states import Key, State, rows_now, table_order
from .unit import Unit
from .views import OperationView, Undone


def _target(unit: Unit, operation_id: str | None) -> list[Event]:
    session = unit.session
    if operation_id is None or not operation_id.strip():
        return last_undoable(session, unit.author)
    return operation_events(session, operation_id)


def _contacts(net: dict[Key, tuple[State | None, State | None]]) -> set[int]:
    """The contacts whose search rows the undo changes: its contact rows, the owners (then and
    now) of its contact methods, and the contacts of a renamed company."""
    found: set[int] = set()
    for (table, row_id), (before, after) in net.items():
        if table == "contact":
            found.add(row_id)
        elif table == "identity":
            found |= {s["contact_id"] for s in (before, after) if s}
    return found


def _companies_renamed(net: dict[Key, tuple[State | None, State | None]]) -> set[int]:
    return {
        row_id
        for (table, row_id), (before, after) in net.items()
        if table == "company" and before and after and before.get("name") != after.get("name")
    }


def _put_back(unit: Unit, net: dict[Key, tuple[State | None, State | None]], now: dict) -> None:
    """Give every row its state from before the operation: rows it deleted come back and rows
    it changed get their columns back, a table at a time, parents first; then rows it inserted
    go, children first (``bulk``: a few statements a table, journalled whole)."""
    session = unit.session
    by_table: dict[str, list[tuple[State | None, State | None]]] = {}
    for (name, _), states in net.items():
        by_table.setdefault(name, []).append(states)
    for table in table_order():
        mine = by_table.get(table.name, [])
        gone = [dict(before) for before, after in mine if before is not None and after is None]
        bulk.insert_again(unit, table, gone)
        changed = [
            (now[table.name, before["id"]], before)
            for before, after in mine
            if before is not None and after is not None
        ]
        bulk.put_back(unit, table, changed)
    removed = [key for key, (before, _) in net.items() if before is None]
    contacts = [row_id for table, row_id in removed if table == "contact"]
    if contacts:
        drop_contacts(wrap(session.connection().connection.driver_connection), contacts)
    try:
        for table in reversed(table_order()):
            bulk.delete_again(unit, table, [now[key] for key in removed if key[0] == table.name])
    except IntegrityError as error:
        raise CannotUndo(
            UndoProblem.DEPENDENTS,
            "cannot undo it: rows added since refer to what it created (remove them first); "
            "nothing was undone",
        ) from error


def undo_in(unit: Unit, operation_id: str | None = None) -> Undone:
    """Undo an operation (by id; None: the acting agent's latest that can be undone, see
    ``history.last_undoable``) in ``unit``, journalled as one Event (``undo``) claiming every
    row it put back. Raises ``NotFound`` for an unknown id, ``UndoConflict`` (naming who
    changed what and when) or ``CannotUndo`` when it cannot apply; nothing is then written."""
    session = unit.session
    events = _target(unit, operation_id)
    net = net_rows(events)
    now = rows_now(session, net, lock=True)
    refused = refusal(session, events, net, now)
    if refused is not None:
        raise refused
    undone = operation_view(session, events, undoable=True, net=net)
    _put_back(unit, net, now)
    contacts = _contacts(net)
    for company_id in _companies_renamed(net):
        contacts |= {
            stored_id(row_id)
            for row_id in session.exec(select(Contact.id).where(Contact.company_id == company_id))
        }
    if contacts:
        reindex(session, contacts)
    headline = events[-1]
    what, redo = describe(events), False
    if headline.action == "undo":  # undoing an undo: redo what it undid (or undo it again)
        what, redo = (
            (headline.after or {}).get("what", what),
            not (headline.after or {}).get("redo"),
        )
    description = f"{'redid' if redo else 'undid'} {what}"
    record(
        unit,
        headline.entity,
        headline.entity_id,
        "undo",
        description,
        before={"operation_id": operation_key(events[0])},
        after={"undone": operation_key(events[0]), "rows": len(net), "what": what, "redo": redo},
    )
    return Undone(unit.operation_id, undone, description, len(net))


def undo(db: Database, operation_id: str | None = None) -> Undone:
    """``undo_in`` as a unit of work of its own (``u``, ``helpdesk-tui undo``)."""
    with db.unit() as unit:
        return undo_in(unit, operation_id)


def preview(db: Database, operation_id: str | None = None, author: str = "") -> OperationView:
    """What ``undo`` would undo, read without writing, for its confirmation; raises what the
    undo itself would (``UndoConflict`` naming who changed what, ``CannotUndo``,
    ``NotFound``)."""
    with db.read() as session:
        if operation_id is None or not operation_id.strip():
            events = last_undoable(session, author or db.author)
        else:
            events = operation_events(session, operation_id)
        net = net_rows(events)
        refused = refusal(session, events, net, rows_now(session, net))
        if refused is not None:
            raise refused
        return operation_view(session, events, undoable=True, net=net)
