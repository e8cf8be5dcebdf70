"""Support PINs become unique: a PIN identifies one caller on the phone.

Databases made before held duplicates (six random digits each: a 10,000-contact database has
dozens of shared PINs, a million-contact one hundreds of thousands). Of the contacts sharing a
PIN, the live contact made first keeps it; each other gets a new random eight-digit PIN that no
contact holds. One Event records every PIN replaced. Then the index on ``pin`` becomes UNIQUE.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 12:30:00
"""

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from helpdesk_tui.store.database.engine import os_username

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

DIGITS = 8

EVENT = sa.table(
    "event",
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("author", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("description", sa.String),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
)


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT id, pin FROM contact ORDER BY merged_into_id IS NOT NULL, id")
    ).all()
    taken = {pin for _, pin in rows}
    kept: set[str] = set()
    renewed: dict[str, list[str]] = {}
    for contact_id, pin in rows:
        if pin not in kept:
            kept.add(pin)
            continue
        new = pin
        while new in taken:
            new = f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"
        taken.add(new)
        renewed[str(contact_id)] = [pin, new]
    if renewed:
        conn.execute(
            sa.text("UPDATE contact SET pin = :pin WHERE id = :id"),
            [{"id": int(contact_id), "pin": new} for contact_id, (_, new) in renewed.items()],
        )
    op.drop_index("ix_contact_pin", table_name="contact")
    op.create_index("ux_contact_pin", "contact", ["pin"], unique=True)
    if renewed:
        op.bulk_insert(
            EVENT,
            [
                {
                    "at": datetime.now(UTC),
                    "author": os_username(),
                    "entity": "database",
                    "entity_id": None,
                    "action": "migrate",
                    "description": f"gave {len(renewed)} contacts a new support PIN that no "
                    "other contact shares",
                    "before": None,
                    "after": {"revision": revision, "pins": renewed},
                }
            ],
        )


def downgrade() -> None:
    """The index stops being unique; the PINs given out stay."""
    op.drop_index("ux_contact_pin", table_name="contact")
    op.create_index("ix_contact_pin", "contact", ["pin"], unique=False)
