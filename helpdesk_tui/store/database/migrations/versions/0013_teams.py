"""Teams: agents grouped to limit which companies' contacts and tickets they see.

``team`` names a team; ``team_member`` puts an agent in it; ``team_company`` lists the
companies a limited team may access (a team with none is unlimited). Each link is a row with an
id of its own, so the journal and undo handle adding and removing one like any other row
(``store.agents``). New tables only: nothing existing is rebuilt, and a database without teams
sees everything as before (``store.agents.scope``).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 18:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "team_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"]),
        sa.ForeignKeyConstraint(["agent_id"], ["agent.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "agent_id"),
    )
    op.create_index("ix_team_member_team_id", "team_member", ["team_id"])
    op.create_index("ix_team_member_agent_id", "team_member", ["agent_id"])
    op.create_table(
        "team_company",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"]),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "company_id"),
    )
    op.create_index("ix_team_company_team_id", "team_company", ["team_id"])


def downgrade() -> None:
    """The teams go, and with them every limit: agents see everything again."""
    op.drop_table("team_company")
    op.drop_table("team_member")
    op.drop_table("team")
