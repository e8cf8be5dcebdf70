"""Many rows changed by few statements, journalled as the unit's hook journals rows one by one.

The ORM's way (load each row, set it, let the hook capture it) took a merge of 10,000 tickets
over two seconds, most of it the ORM's attribute bookkeeping. Here the rows are read whole
with one Core SELECT a chunk, changed by one UPDATE, INSERT or DELETE a chunk (or a batch of
the same statement), their versions bumped by the statement, and their whole states handed to
the unit (``Unit.changed_in_bulk``) for the next Event: rows an UPDATE changed alike as one row
set (their states before and what it set, ``rowsets``), the others before and after. Read
through ``rowsets.each_row``, the journal reads exactly as if the hook had seen them. Only for
rows the unit does not also change through the ORM (the hook would bump their version a second
time), and the ORM session is not told: nothing the unit holds as an ORM row may be changed
here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    DateTime,
    Integer,
    Table,
    any_,
    bindparam,
    delete,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, SQLModel

from .rowsets import row_set
from .unit import Unit, plain

CHUNK = 500
"""Rows per SQLite statement that names them: well under its parameter limit."""

State = dict[str, Any]


def table_of(name: str) -> Table:
    """A table by name, as Core statements take it."""
    return SQLModel.metadata.tables[name]


@cache
def _datetimes(table: Table) -> frozenset[str]:
    return frozenset(
        column.key
        for column in table.columns
        # SQLModel's UTCDateTime decorates a DateTime
        if isinstance(getattr(column.type, "impl", column.type), DateTime)
    )


def column_values(table: Table, state: Mapping[str, Any]) -> dict[str, Any]:
    """A stored state as the values its table's columns take (ISO text back to datetimes)."""
    dates = _datetimes(table)
    return {
        name: datetime.fromisoformat(value) if name in dates and isinstance(value, str) else value
        for name, value in state.items()
    }


def _naming(session: Session, table: Table, ids: list[int]) -> Iterable[ColumnElement[bool]]:
    """WHERE clauses that together name the rows of ``ids``: one array parameter on
    PostgreSQL, chunks of ``CHUNK`` on SQLite (whose parameters are limited). Ten thousand
    expanded parameters cost a PostgreSQL merge 0.13 s to render and for psycopg to parse."""
    if session.get_bind().dialect.name == "postgresql":
        yield table.c.id == any_(bindparam("ids", ids, type_=ARRAY(Integer)))
        return
    for start in range(0, len(ids), CHUNK):
        yield table.c.id.in_(ids[start : start + CHUNK])


@cache
def _selected(table: Table) -> tuple[list[ColumnElement[Any]], list[int]]:
    """What ``_read`` selects of ``table``: every column, its datetimes read as the driver's
    (``plain`` makes them UTC text; SQLModel's decorator making them UTC first cost a merge
    of 10,000 tickets 0.05 s), and where the datetimes are among them."""
    dates = _datetimes(table)
    columns: list[ColumnElement[Any]] = [
        type_coerce(column, DateTime(timezone=True)).label(column.key)
        if column.key in dates
        else column
        for column in table.columns
    ]
    return columns, [at for at, column in enumerate(table.columns) if column.key in dates]


def _read(
    session: Session, table: Table, where: ColumnElement[bool], lock: bool
) -> tuple[list[str], list[list[Any]]]:
    """The column names of ``table`` and the rows ``where`` selects, each as its values in
    that order, JSON-safe (``plain``: only datetimes differ)."""
    columns, dates = _selected(table)
    query = select(*columns).where(where)
    if lock:
        query = query.with_for_update()
    found = []
    for row in session.execute(query):
        values = list(row)
        for at in dates:
            values[at] = plain(values[at])
        found.append(values)
    return [column.key for column in table.columns], found


def states(
    session: Session, table: Table, where: ColumnElement[bool], lock: bool = False
) -> dict[int, State]:
    """Whole states of the rows ``where`` selects, by id, as the journal holds them; with
    ``lock``, locked for the rest of the write (PostgreSQL: ``FOR UPDATE``; SQLite's
    ``BEGIN IMMEDIATE`` holds the whole database already)."""
    keys, found = _read(session, table, where, lock)
    at_id = keys.index("id")
    return {values[at_id]: dict(zip(keys, values, strict=True)) for values in found}


def states_of(
    session: Session, table: Table, ids: Iterable[int], lock: bool = False
) -> dict[int, State]:
    """Whole states of the rows of ``ids`` that exist, read a chunk at a time."""
    found: dict[int, State] = {}
    for where in _naming(session, table, sorted(set(ids))):
        found |= states(session, table, where, lock)
    return found


def _bumped(table: Table, state: State) -> State:
    if "version" in table.c:
        return state | {"version": state["version"] + 1}
    return state


def update_where(
    unit: Unit, table: Table, where: ColumnElement[bool], values: Mapping[str, Any]
) -> int:
    """Set ``values`` on every row ``where`` selects (read and locked first; the UPDATE names
    them by id, so a row added meanwhile is never changed unjournalled), bumping each version
    once, journalled as one row set (``rowsets``). Returns how many rows changed."""
    session = unit.session
    columns, befores = _read(session, table, where, lock=True)
    changes = dict(values)
    if "version" in table.c:
        changes["version"] = table.c.version + 1
    at_id = columns.index("id")
    for these in _naming(session, table, sorted(before[at_id] for before in befores)):
        session.execute(update(table).where(these).values(changes))
    if befores:
        shown = {name: plain(value) for name, value in values.items()}
        unit.changed_in_bulk([row_set(table.name, columns, befores, shown)])
    return len(befores)


def put_back(unit: Unit, table: Table, rows: Iterable[tuple[State, Mapping[str, Any]]]) -> None:
    """Give rows (each as (its state now, the state wanted)) the wanted columns again, bumping
    each version once past the current one. Rows wanted with the same values (the tickets a
    merge moved go back to one contact) take one UPDATE a chunk of ids, as ``update_where``'s
    do, and are journalled as one row set; the rest, one batch of UPDATEs per set of columns
    that differ. (Ten thousand UPDATEs by id took PostgreSQL a second where twenty of five
    hundred ids took half that.)"""
    alike: dict[tuple[tuple[str, Any], ...], list[State]] = {}
    for now, wanted in rows:
        differ = tuple(
            (k, v) for k, v in wanted.items() if k not in ("id", "version") and now[k] != v
        )
        if differ:
            alike.setdefault(differ, []).append(now)
    columns = [column.key for column in table.columns]
    singles: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for differ, nows in alike.items():
        values = column_values(table, dict(differ))
        if len(nows) == 1:
            singles.setdefault(tuple(values), []).append({"row_id": nows[0]["id"], **values})
            continue
        if "version" in table.c:
            values["version"] = table.c.version + 1
        for where in _naming(unit.session, table, [now["id"] for now in nows]):
            unit.session.execute(update(table).where(where).values(values))
    for names, batch in singles.items():
        changes: dict[str, Any] = {name: bindparam(name) for name in names}
        if "version" in table.c:
            changes["version"] = table.c.version + 1
        statement = update(table).where(table.c.id == bindparam("row_id")).values(changes)
        unit.session.execute(statement, batch)
    unit.changed_in_bulk(
        [
            row_set(table.name, columns, [[now[k] for k in columns] for now in nows], dict(differ))
            for differ, nows in alike.items()
        ]
    )


def insert_again(unit: Unit, table: Table, wanted: list[State]) -> None:
    """Insert rows deleted before, with their own ids, each one version above the version it
    was deleted at (versions never go back)."""
    if not wanted:
        return
    again = [_bumped(table, state) for state in wanted]
    unit.session.execute(insert(table), [column_values(table, state) for state in again])
    unit.changed_in_bulk(
        [
            {"table": table.name, "id": state["id"], "before": None, "after": state}
            for state in again
        ]
    )


def delete_again(unit: Unit, table: Table, now: list[State]) -> None:
    """Delete rows (given as their states now), a chunk a statement."""
    for where in _naming(unit.session, table, sorted(state["id"] for state in now)):
        unit.session.execute(delete(table).where(where))
    unit.changed_in_bulk(
        [{"table": table.name, "id": state["id"], "before": state, "after": None} for state in now]
    )
