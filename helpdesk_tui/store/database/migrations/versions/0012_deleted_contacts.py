"""Contacts can be deleted softly: ``contact.deleted_at`` (NULL while the contact is live).

A deleted contact stays, with its contact methods, activities and history, until an admin
restores it or purges it (``store.contacts.lifecycle``); Home's search hides it unless asked
``is:deleted``, and hides a deactivated one unless asked ``is:inactive``.

Two partial indexes list those few contacts newest first when ``is:`` is all a search asks
(``store.search.keys``), instead of reading every contact for them: each holds only the rows
its condition keeps, so they cost nothing for the live contacts. Their conditions are written
as the search writes its own (``NOT active``, ``deleted_at IS NOT NULL``), which is what lets
SQLite use a partial index.

Plain ``ADD COLUMN`` (nullable, no default) and ``CREATE INDEX`` on both engines: no table is
rebuilt. On PostgreSQL the whole upgrade is one transaction (``schema.upgrade``).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_contact_inactive", "NOT active"),
    ("ix_contact_deleted", "deleted_at IS NOT NULL"),
)


def upgrade() -> None:
    op.add_column("contact", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    for name, condition in INDEXES:
        op.create_index(
            name,
            "contact",
            ["id"],
            sqlite_where=sa.text(condition),
            postgresql_where=sa.text(condition),
        )


def downgrade() -> None:
    for name, _ in INDEXES:
        op.drop_index(name, table_name="contact")
    op.drop_column("contact", "deleted_at")
