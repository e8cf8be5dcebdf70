"""The search index: FTS5 word prefixes, phone digit keys and the typo vocabulary (SQLite).

The DDL is frozen here on purpose: a later change to the index is a new migration, never an edit
of this one. The backfill indexes every contact already in the database.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:00:00
"""

from alembic import op

from helpdesk_tui.store.database.dbapi import wrap
from helpdesk_tui.store.search.index import rebuild

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = (
    """CREATE TABLE search_doc (
         contact_id INTEGER PRIMARY KEY REFERENCES contact(id) ON DELETE CASCADE,
         name TEXT NOT NULL, company TEXT NOT NULL, emails TEXT NOT NULL,
         handles TEXT NOT NULL, phones TEXT NOT NULL)""",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
         name, company, emails, handles,
         content='search_doc', content_rowid='contact_id',
         tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')""",
    "CREATE TABLE search_phone (key TEXT NOT NULL, contact_id INTEGER NOT NULL)",
    "CREATE UNIQUE INDEX ux_search_phone_key ON search_phone(key, contact_id)",
    "CREATE INDEX ix_search_phone_contact ON search_phone(contact_id)",
    "CREATE TABLE search_term (term TEXT PRIMARY KEY, edits INTEGER NOT NULL) WITHOUT ROWID",
    """CREATE TABLE search_term_delete (
         del TEXT NOT NULL, term TEXT NOT NULL,
         PRIMARY KEY (del, term)) WITHOUT ROWID""",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in TABLES:
        op.execute(statement)
    rebuild(wrap(op.get_bind().connection.driver_connection))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in ("search_term_delete", "search_term", "search_phone", "search_fts", "search_doc"):
        op.execute(f"DROP TABLE {table}")
