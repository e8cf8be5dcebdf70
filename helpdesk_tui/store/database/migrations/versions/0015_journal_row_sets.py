"""The journal may hold row sets: rows a bulk statement changed alike, held as one item.

An Event's ``rows`` held every row it changed as ``{table, id, before, after}``. From this
revision, rows one UPDATE changed alike (a merge's tickets, their undo) are held as one row set,
their whole states before and the values it set (``store.journal.rowsets``): a merge of 10,000
tickets writes 5 MB of JSON instead of 11. The Events written before stay as they are, and are
read as before. Nothing in the tables changes on the way up; the revision is here so that an
older helpdesk-tui, which would read a row set as a broken row, is told the database is newer
than it knows and refuses to open it. The way down writes each row set out row by row, with the
rule of ``rowsets.each_row`` as it stands today, frozen in this file.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 02:00:00
"""

from collections.abc import Iterator

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

PAGE = 500


def upgrade() -> None:
    """Nothing to change: the Events written from now on may hold row sets."""


def _row_by_row(rows: list[dict]) -> Iterator[dict]:
    for held in rows:
        if "columns" not in held:
            yield held
            continue
        for values in held["before"]:
            before = dict(zip(held["columns"], values, strict=True))
            after = before | held["set"]
            if "version" in after:
                after["version"] = before["version"] + 1
            yield {"table": held["table"], "id": before["id"], "before": before, "after": after}


def downgrade() -> None:
    """Every Event holding a row set holds its rows one by one again."""
    conn = op.get_bind()
    event = sa.table("event", sa.column("id", sa.Integer()), sa.column("rows", sa.JSON()))
    last = 0
    while True:
        page = conn.execute(
            sa.select(event.c.id, event.c.rows)
            .where(event.c.id > last)
            .order_by(event.c.id)
            .limit(PAGE)
        ).fetchall()
        if not page:
            return
        for event_id, rows in page:
            if rows and any("columns" in held for held in rows):
                conn.execute(
                    event.update()
                    .where(event.c.id == event_id)
                    .values(rows=list(_row_by_row(rows)))
                )
        last = page[-1][0]
