"""Pairs of contacts an agent marked "not duplicates" (issue 10, possible duplicates).

The duplicates view (``store.duplicates``) pairs live contacts that look like one person; a
pair an agent dismisses must never come back, whoever computes the pairs next. One row per
pair, its contact ids ordered (``contact_a_id`` < ``contact_b_id``, checked), so a pair has one
row whichever way round it was marked; who dismissed it and when. Dismissing is journalled
and undone like any change; a purged contact takes its dismissals with it (``CASCADE``).

A new table only: nothing existing is rewritten, on either engine.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 18:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duplicate_dismissal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_a_id", sa.Integer(), nullable=False),
        sa.Column("contact_b_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("contact_a_id < contact_b_id", name="ck_duplicate_dismissal_ordered"),
        sa.ForeignKeyConstraint(["contact_a_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_b_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ux_duplicate_dismissal_pair",
        "duplicate_dismissal",
        ["contact_a_id", "contact_b_id"],
        unique=True,
    )
    op.create_index("ix_duplicate_dismissal_contact_b", "duplicate_dismissal", ["contact_b_id"])


def downgrade() -> None:
    """The dismissals go with their table."""
    op.drop_index("ix_duplicate_dismissal_contact_b", table_name="duplicate_dismissal")
    op.drop_index("ux_duplicate_dismissal_pair", table_name="duplicate_dismissal")
    op.drop_table("duplicate_dismissal")
