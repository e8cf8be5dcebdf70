"""The journal is made for undo and live refresh: Events carry an operation id and whole rows.

``event.operation_id`` ties together the Events of one unit of work (one save, one merge, one
import batch), indexed because undo looks an operation up by it; ``event.rows`` holds every row
the Event's operation touched, each as {table, id, before, after} with every column
(``store.journal.events``). Both are new, nullable columns added in place (a plain ``ALTER TABLE ...
ADD COLUMN`` on SQLite as on PostgreSQL: no table is rebuilt). Events written before stay as
they were, without an operation id or whole rows: they were each their own transaction's
record, and their partial before/after cannot be completed after the fact.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event", sa.Column("operation_id", sa.String(), nullable=True))
    op.add_column("event", sa.Column("rows", sa.JSON(), nullable=True))
    op.create_index("ix_event_operation_id", "event", ["operation_id"], unique=False)


def downgrade() -> None:
    """The operation ids and whole rows recorded since are dropped with their columns."""
    op.drop_index("ix_event_operation_id", table_name="event")
    with op.batch_alter_table("event") as batch_op:
        batch_op.drop_column("rows")
        batch_op.drop_column("operation_id")
