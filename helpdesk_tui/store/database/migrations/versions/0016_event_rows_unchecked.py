"""``event_row`` lines no longer check their Event through a foreign key.

Each line names its Event (``event_id``); migration 0011 made that a foreign key to
``event.id``. The lines are written only by ``store.journal.touches.write_links``, in the
transaction that inserts their Events, with the ids those Events were just given, and no Event
is ever deleted: the check could never fail. It cost PostgreSQL a trigger call a line (a merge
of 10,000 tickets and its undo 0.08-0.1 s each); SQLite a lookup a line.

PostgreSQL drops the constraint (its own name, ``event_row_event_id_fkey``). SQLite cannot drop
one, so the table is copied without it (Alembic's batch mode, naming the unnamed constraint to
find it); the lines are the same lines.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 03:00:00
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

POSTGRESQL_NAME = "event_row_event_id_fkey"
SQLITE_NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}
SQLITE_NAME = "fk_event_row_event_id_event"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(POSTGRESQL_NAME, "event_row", type_="foreignkey")
        return
    with op.batch_alter_table("event_row", naming_convention=SQLITE_NAMING) as batch_op:
        batch_op.drop_constraint(SQLITE_NAME, type_="foreignkey")


def downgrade() -> None:
    """The lines check their Event again."""
    if op.get_bind().dialect.name == "postgresql":
        op.create_foreign_key(POSTGRESQL_NAME, "event_row", "event", ["event_id"], ["id"])
        return
    with op.batch_alter_table("event_row") as batch_op:
        batch_op.create_foreign_key(SQLITE_NAME, "event", ["event_id"], ["id"])
