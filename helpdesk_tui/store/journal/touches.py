"""Which rows an Event touched or concerns: the ``event_row`` lines written beside it.

A row's history (``store.journal.history``) and an undo's "changed since, by whom"
(``store.journal.undo``) look rows up here by index instead of reading the JSON of every later
Event. An Event touches each row in its ``rows``; it also concerns the contact that a touched
row belongs to (a ticket's, a contact method's, an activity's, a contract's customer contact) and
the company of a touched contact, activity, custom value or contract, so that a contact's
history lists the tickets opened and moved for them, and a company's the contacts that joined
or left it. Tickets are not linked to their company: a company's history would drown in every
status change of its tickets.

Migration 0011 indexed the Events written before it with this same rule, frozen in its file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlmodel import Session

from ..database.dbapi import PgConn, wrap
from ..models import Event
from .rowsets import is_row_set

OWNERS = {"contact_id": "contact", "customer_contact_id": "contact"}
"""Columns naming the contact a row belongs to."""
COMPANY_OWNED = ("contact", "activity", "custom_value", "contract")
"""Tables whose ``company_id`` names the company a row belongs to."""


def links(
    entity: str, entity_id: int | None, rows: Iterable[Mapping[str, Any]] | None
) -> dict[tuple[str, int], bool]:
    """(table, id) of every row an Event touched (True) or only concerns (False)."""
    found: dict[tuple[str, int], bool] = {}
    if entity_id is not None:
        found[entity, entity_id] = False
    for row in rows or ():
        if is_row_set(row):
            _set_links(found, row)
            continue
        owners = _owner_columns(row["table"])
        for state in (row["before"], row["after"]):
            for column, owner in owners.items() if state else ():
                if state.get(column) is not None:
                    found.setdefault((owner, state[column]), False)
        found[row["table"], row["id"]] = True
    return found


def _owner_columns(table: str) -> dict[str, str]:
    """The columns of ``table``'s rows that name a row they concern, and that row's table."""
    return OWNERS | ({"company_id": "company"} if table in COMPANY_OWNED else {})


def _set_links(found: dict[tuple[str, int], bool], held: Mapping[str, Any]) -> None:
    """``links`` of a row set, read off its columns rather than row by row (10,000 tickets a
    merge moved): the same lines as its rows one by one (``rowsets.each_row``) would give.
    Only ``set`` differs between a row's states before and after."""
    table, columns, changes = held["table"], held["columns"], held["set"]
    for column, owner in _owner_columns(table).items():
        if column not in columns:
            continue
        at = columns.index(column)
        named = {before[at] for before in held["before"]}
        if column in changes:
            named.add(changes[column])
        for row_id in named - {None}:
            found.setdefault((owner, row_id), False)
    at_id = columns.index("id")
    for before in held["before"]:
        found[table, before[at_id]] = True


def write_links(session: Session, events: Iterable[Event]) -> None:
    """Insert the ``event_row`` lines of Events just inserted (they have their ids) on the
    unit's own driver connection, out of sight of the unit's bookkeeping: an executemany on
    SQLite (through SQLAlchemy, each line's parameters cost a merge of 10,000 tickets 0.2 s),
    COPY on PostgreSQL (an executemany took 0.2 s more; one INSERT from four arrays, 0.06 s,
    half of it psycopg dumping the arrays, where COPY took 0.03 s)."""
    lines = [
        (table, row_id, entry.id, touched)
        for entry in events
        for (table, row_id), touched in links(entry.entity, entry.entity_id, entry.rows).items()
    ]
    if not lines:
        return
    conn = wrap(session.connection().connection.driver_connection)
    if isinstance(conn, PgConn):
        conn.copy("event_row", ("row_table", "row_id", "event_id", "touched"), lines)
        return
    conn.executemany(
        "INSERT INTO event_row (row_table, row_id, event_id, touched) VALUES (?, ?, ?, ?)",
        lines,
    )
