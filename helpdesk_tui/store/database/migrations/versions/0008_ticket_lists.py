"""Ticket and activity lists page off indexes; saved views get their table.

A contact or company with 50,000 tickets must list its newest fifty as fast as one with five
(issue 9), so each way a list is scoped has an index in the order it is read: a contact's
tickets, a company's, an agent's, and all of them, by (created_at, id); a ticket's thread by
(ticket_id, created_at, id); a company's activities by (company_id, occurred_at) (a contact's
already had theirs). The company indexes of tickets and activities gain their columns under the
names they had, which the demo's bulk load defers by name; the thread's replaces the index on
``ticket_id`` alone, which it covers. ``ux_ticket_reference`` (migration 0001) already keeps
ticket references unique.

``saved_view`` holds each agent's named searches (owner: the OS username; one name per owner).

Plain ``CREATE INDEX``/``DROP INDEX`` and ``CREATE TABLE`` on both engines: no table is
rebuilt. On PostgreSQL the whole upgrade is one transaction (``schema.upgrade``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NEW_INDEXES = (
    ("ix_ticket_contact_created", "ticket", ["contact_id", "created_at", "id"]),
    ("ix_ticket_assignee_created", "ticket", ["assignee_id", "created_at", "id"]),
    ("ix_ticket_created", "ticket", ["created_at", "id"]),
    ("ix_ticket_message_ticket_created", "ticket_message", ["ticket_id", "created_at", "id"]),
)
WIDENED = (
    ("ix_ticket_company_id", "ticket", ["company_id"], ["company_id", "created_at", "id"]),
    ("ix_activity_company_id", "activity", ["company_id"], ["company_id", "occurred_at"]),
)


def upgrade() -> None:
    for name, table, _narrow, wide in WIDENED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, wide)
    for name, table, columns in NEW_INDEXES:
        op.create_index(name, table, columns)
    op.drop_index("ix_ticket_message_ticket_id", table_name="ticket_message")
    op.create_table(
        "saved_view",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("query", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ux_saved_view_owner_name", "saved_view", ["owner", "name"], unique=True)


def downgrade() -> None:
    """Saved views are dropped with their table."""
    op.drop_index("ux_saved_view_owner_name", table_name="saved_view")
    op.drop_table("saved_view")
    op.create_index("ix_ticket_message_ticket_id", "ticket_message", ["ticket_id"])
    for name, table, _ in NEW_INDEXES:
        op.drop_index(name, table_name=table)
    for name, table, narrow, _wide in WIDENED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, narrow)
