"""Saved views say whether they keep only contacts with open or unassigned tickets; a
contact's activities carry its company.

Issue 9 asks for saved searches such as "has open tickets" and "has unassigned tickets". The
search's filter grammar (``store.search.query``) has no filter for either, and adding one
would put a ticket lookup on the search-as-you-type path of both engines; so a saved view
keeps them as two flags beside its query text, and whoever runs the view applies them.
Existing views keep neither (``server_default`` false fills their rows).

The company screen lists a company's activities off ``ix_activity_company_id``, and an activity
logged for a contact now carries the contact's company (``store.activities.operations``); the
activities logged before, which have only their contact, are given the company their contact
has now, so the company screen lists them too.

Plain ``ADD COLUMN`` on both engines: no table is rebuilt. On PostgreSQL the whole upgrade is
one transaction (``schema.upgrade``).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 07:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

FLAGS = ("has_open_tickets", "has_unassigned_tickets")


def upgrade() -> None:
    for name in FLAGS:
        op.add_column(
            "saved_view",
            sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false()),
        )
    op.execute(
        "UPDATE activity SET company_id = "
        "(SELECT contact.company_id FROM contact WHERE contact.id = activity.contact_id) "
        "WHERE company_id IS NULL AND contact_id IS NOT NULL"
    )


def downgrade() -> None:
    """The flags go; each view keeps its name and query text, and activities their company."""
    for name in FLAGS:
        op.drop_column("saved_view", name)
