"""Countries become ISO 3166-1 alpha-2 codes.

A country typed as a name or a code in any case ("Germany", "germany", "de", "DEU") becomes its
code ("DE"); text that names no country stays as it was typed: it shows as typed, and the next
edit of the field asks for a real country. One Event records which contacts held which text,
so the change can be read back (and undone) from the journal.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 12:00:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from helpdesk_tui.store.contacts.countries import find, is_code
from helpdesk_tui.store.database.engine import os_username

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

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
    typed = conn.execute(
        sa.text("SELECT DISTINCT country FROM contact WHERE country != ''")
    ).scalars()
    codes = {text: code for text in typed if not is_code(text) and (code := find(text))}
    converted: dict[str, dict] = {}
    for text, code in codes.items():
        ids = (
            conn.execute(sa.text("SELECT id FROM contact WHERE country = :text"), {"text": text})
            .scalars()
            .all()
        )
        conn.execute(
            sa.text("UPDATE contact SET country = :code WHERE country = :text"),
            {"code": code, "text": text},
        )
        converted[text] = {"code": code, "contacts": ids}
    if not converted:
        return
    count = sum(len(item["contacts"]) for item in converted.values())
    op.bulk_insert(
        EVENT,
        [
            {
                "at": datetime.now(UTC),
                "author": os_username(),
                "entity": "database",
                "entity_id": None,
                "action": "migrate",
                "description": f"stored the countries of {count} contacts as country codes",
                "before": None,
                "after": {"revision": revision, "countries": converted},
            }
        ],
    )


def downgrade() -> None:
    """Codes stay codes: the names they replaced are in the migration's Event."""
