"""Where the journal stands: the id of its last Event.

A screen that keeps what it read (Home's results) notes where the journal stood when it read,
and reads again only once the journal has moved on: every change to the database is journalled
(``Unit.finish`` refuses to commit one that is not), and Event ids are taken in commit order on
both engines, so an unchanged head means nothing it read has changed, whoever writes. Driver SQL
only: the search path reads it, and never loads SQLAlchemy.
"""

from __future__ import annotations

from ..database.dbapi import Conn


def journal_head(conn: Conn) -> int:
    """The id of the journal's last Event; 0 when it has none. One step down the primary key's
    index on either engine, whatever the journal's length."""
    row = conn.execute("SELECT max(id) FROM event").fetchone()
    return int(row[0] or 0)
