"""Rows as the journal holds them: whole states by (table, id), read back from the tables,
and written back as they were (``store.journal.undo``).

The journal stores each row as its columns' JSON-safe values (``unit.plain``); this module is
the way back: which tables an operation can change, in which order rows go back, and the rows
of a table as states now (locked, for an undo).
It knows every table through the models' metadata, so a table added later is undone like the
others without a line here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlmodel import Session, SQLModel

from ..models import Event, EventRow
from .bulk import states_of

State = Mapping[str, Any]
Key = tuple[str, int]
"""A row as the journal names it: (table, id)."""

_JOURNAL = (Event.__tablename__, EventRow.__tablename__)


@cache
def table_order() -> tuple[Table, ...]:
    """The tables an operation can change, each after the tables its foreign keys point to:
    rows go back in this order and are removed in the reverse one."""
    return tuple(table for table in SQLModel.metadata.sorted_tables if table.name not in _JOURNAL)


@cache
def contact_columns() -> dict[str, tuple[str, ...]]:
    """Per table, its columns that name a contact (``contact_id``, ``customer_contact_id``, a
    dismissal's pair …): what undo and a purge's redaction look for (``obstacles``,
    ``redact``)."""
    found: dict[str, tuple[str, ...]] = {}
    for table in table_order():
        names = tuple(
            key.parent.name for key in table.foreign_keys if key.column.table.name == "contact"
        )
        if names:
            found[table.name] = names
    return found


def rows_now(session: Session, keys: Iterable[Key], lock: bool = False) -> dict[Key, State]:
    """The states now of the rows of ``keys`` that exist, read a table at a time in chunks;
    with ``lock``, locked for the rest of the write (``bulk.states``)."""
    by_table: dict[str, list[int]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, []).append(row_id)
    tables = {table.name: table for table in table_order()}
    found: dict[Key, State] = {}
    for name, ids in by_table.items():
        for row_id, state in states_of(session, tables[name], ids, lock).items():
            found[name, row_id] = state
    return found


def label(table: str, row_id: int, state: State | None) -> str:
    """A row as people know it: a contact by reference and name, a ticket by reference, a
    company by name, a contact method by kind and value; else its table and id."""
    state = state or {}
    if table == "contact" and state.get("reference"):
        name = " ".join(p for p in (state.get("first_name"), state.get("last_name")) if p)
        return f"contact {state['reference']}" + (f" ({name})" if name else "")
    if table == "ticket" and state.get("reference"):
        return f"ticket {state['reference']}"
    if table == "company" and state.get("name"):
        return f"company {state['name']}"
    if table == "identity" and state.get("kind"):
        return f"contact method {state['kind']} {state.get('value', '')}".rstrip()
    return f"{table.replace('_', ' ')} {row_id}"
