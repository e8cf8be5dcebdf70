"""Each Event's rows get an index of their own: a row's history and an undo's "changed since,
by whom" are found by index, not by reading the JSON of every later Event.

``event_row`` holds one line per (row, Event): the rows the Event touched (``touched``), and
the rows it only concerns (the contact a ticket or contact method belongs to, the company of a
contact or an activity), which a history lists but an undo never checks. Its primary key
(row_table, row_id, event_id) is the index those reads walk, newest Event last.

A database whose agents include no admin (all of them made before the first agent of an
empty database became its admin) gets one: its first agent, the one who changed it first,
journalled as a ``migrate`` Event about that agent. Only admins merge.

The journal written so far is indexed here from its Events, with the rule of
``store.journal.touches`` as it stands today, frozen in this file: Events from before migration
0007 (no whole rows) are indexed by their own entity only, as concerned, never as touched.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 09:00:00
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from helpdesk_tui.store.database.engine import os_username

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

PAGE = 2000
OWNERS = {"contact_id": "contact", "customer_contact_id": "contact"}
COMPANY_OWNED = ("contact", "activity", "custom_value", "contract")


def _links(entity, entity_id, rows) -> dict:
    found: dict = {}
    if entity_id is not None:
        found[entity, entity_id] = False
    for row in rows or ():
        for state in (row.get("before"), row.get("after")):
            for column, table in OWNERS.items():
                if state and state.get(column) is not None:
                    found.setdefault((table, state[column]), False)
            if state and row["table"] in COMPANY_OWNED and state.get("company_id") is not None:
                found.setdefault(("company", state["company_id"]), False)
        found[row["table"], row["id"]] = True
    return found


def _first_admin(conn) -> None:
    """Make the first agent an admin when no agent is one."""
    if conn.execute(sa.text("SELECT 1 FROM agent WHERE role = 'admin'")).first() is not None:
        return
    first = conn.execute(sa.text("SELECT id, username FROM agent ORDER BY id LIMIT 1")).first()
    if first is None:
        return
    conn.execute(
        sa.text("UPDATE agent SET role = 'admin', version = version + 1 WHERE id = :id"),
        {"id": first[0]},
    )
    event = sa.table(
        "event",
        *(sa.column(name) for name in ("at", "author", "entity", "entity_id", "action")),
        sa.column("description"),
        sa.column("after", sa.JSON()),
    )
    op.bulk_insert(
        event,
        [
            {
                "at": datetime.now(UTC),
                "author": os_username(),
                "entity": "agent",
                "entity_id": first[0],
                "action": "migrate",
                "description": f"made {first[1]}, the first agent, an admin (only admins merge)",
                "after": {"revision": revision, "role": "admin"},
            }
        ],
    )


def upgrade() -> None:
    table = op.create_table(
        "event_row",
        sa.Column("row_table", sa.String(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("touched", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"]),
        sa.PrimaryKeyConstraint("row_table", "row_id", "event_id"),
    )
    conn = op.get_bind()
    _first_admin(conn)
    last = 0
    while True:
        events = conn.execute(
            sa.text(
                "SELECT id, entity, entity_id, rows FROM event WHERE id > :last "
                "ORDER BY id LIMIT :page"
            ),
            {"last": last, "page": PAGE},
        ).fetchall()
        if not events:
            return
        lines = []
        for event_id, entity, entity_id, stored in events:
            rows = json.loads(stored) if isinstance(stored, str) else stored
            lines += [
                {"row_table": t, "row_id": i, "event_id": event_id, "touched": touched}
                for (t, i), touched in _links(entity, entity_id, rows).items()
            ]
        if lines:
            op.bulk_insert(table, lines)
        last = events[-1][0]


def downgrade() -> None:
    """The index goes; the Events it was made from stay."""
    op.drop_table("event_row")
