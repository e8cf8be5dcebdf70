"""Only live contacts own their addresses: ``identity.claimed`` (issue 10).

(kind, normalised value) was unique over every contact method, so a deleted contact went on
holding its email and phone: nobody else could be given them until an admin purged it. A
method now says whether it claims its value (``claimed``: true while its contact is live or
deactivated, false while it is deleted), and the unique index keeps its name but holds only
the claimed methods, so a deleted contact's addresses are free for another; restoring it
claims them again (``store.contacts.lifecycle``). The methods of contacts deleted before this
migration are marked unclaimed here.

On both engines: an ``ADD COLUMN`` with a default (no table is rebuilt), an ``UPDATE`` of the
deleted contacts' few methods, and the index dropped and made again as a partial one under
the same name (``store.demo`` defers it by that name). On PostgreSQL the whole upgrade is one
transaction (``schema.upgrade``).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

INDEX = "ux_identity_kind_normalized"


def upgrade() -> None:
    op.add_column(
        "identity", sa.Column("claimed", sa.Boolean(), nullable=False, server_default=sa.true())
    )
    op.execute(
        "UPDATE identity SET claimed = false WHERE contact_id IN "
        "(SELECT id FROM contact WHERE deleted_at IS NOT NULL)"
    )
    op.drop_index(INDEX, table_name="identity")
    op.create_index(
        INDEX,
        "identity",
        ["kind", "normalized"],
        unique=True,
        sqlite_where=sa.text("claimed"),
        postgresql_where=sa.text("claimed"),
    )


def downgrade() -> None:
    """Back to one owner over all methods: refused by the database (the unique index cannot be
    made) while a deleted contact and a live one share an address."""
    op.drop_index(INDEX, table_name="identity")
    op.create_index(INDEX, "identity", ["kind", "normalized"], unique=True)
    op.drop_column("identity", "claimed")
