"""Row ids are never handed out twice (DESIGN.md §5), on SQLite too.

SQLite gives a new row one more than the highest id its table holds, so the id of a row deleted
at the top of its table (a creation undone, a contact purged) came back with the next row made:
its history showed the earlier row's Events, and a ticket's number, made from its id, named two
tickets. PostgreSQL's sequences never go back. Every id the journal ever recorded is in
``event_row`` (a deleted row's too), so a row the unit inserts on SQLite takes one more than
the highest id its table holds, the journal names for it, or SQLite counted for it (an
AUTOINCREMENT table): three lookups per table a unit inserts into, in the unit's own write
transaction (SQLite's writers take turns, so no other can take the same id meanwhile).
Rebuilding the tables with AUTOINCREMENT, as migration 0005 did for contact methods, is not
safe for the others: foreign keys point at them, and a migration's transaction cannot turn
their checks off.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Integer, func, inspect, select
from sqlmodel import Session

from ..models import EventRow


class FreshIds:
    """The next id of each table a unit inserts into, read once per table per unit."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def assign(self, session: Session, rows: Iterable[Any]) -> None:
        """Give each new row without an id (on SQLite) one never used in its table."""
        connection = session.connection()
        if connection.dialect.name != "sqlite":
            return
        for row in rows:
            table = _numbered(row)
            if table is None or row.id is not None:
                continue
            if table.name not in self._next:
                held = connection.execute(select(func.max(table.c.id))).scalar()
                named = connection.execute(
                    select(func.max(EventRow.row_id)).where(EventRow.row_table == table.name)
                ).scalar()
                counted = connection.exec_driver_sql(  # an AUTOINCREMENT table's own count
                    "SELECT seq FROM sqlite_sequence WHERE name = ?", (table.name,)
                ).scalar()
                self._next[table.name] = 1 + max(held or 0, named or 0, counted or 0)
            row.id = self._next[table.name]
            self._next[table.name] += 1


def _numbered(row: Any) -> Any:
    """The table of ``row`` when its primary key is one integer ``id`` column, else None."""
    table = inspect(row).mapper.local_table
    keys = list(table.primary_key.columns)
    if len(keys) == 1 and keys[0].name == "id" and isinstance(keys[0].type, Integer):
        return table
    return None
