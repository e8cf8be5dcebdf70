"""The search index on PostgreSQL, and company names found by lower() on both engines.

Migration 0002 made the index for SQLite only (FTS5). Here PostgreSQL gets the same four tables,
with a ``tsvector`` of each contact's words under a GIN index in place of FTS5 (see
``store.search.index``), and byte-order (``COLLATE "C"``) keys, so that a prefix range
``key >= 'r4321' AND key < 'r4321' || U+10FFFF`` reads one stretch of the index whatever the
server's collation. Contact references get a byte-order index for the same range scan. Every
contact already in the database is indexed.

The GIN index takes each change at once (``fastupdate`` off): its pending list would otherwise
be read whole by every search until VACUUM merged it. The planner keeps ten times its usual
statistics on the words (the 3,500 most common of a million contacts' words, not 1,000), so
that a word it has not sampled is guessed at 80 contacts rather than 1,500. Its guesses decide
whether a word is worth counting (``search_words.TsWordIndex.count``) and whether the index or
the table answers a query; guessing a rare word common, it read the whole table for "ga"
(400 ms at a million contacts). A BRIN index tells which pages hold a span of the newest
contacts, for a search to read only there what GIN found (``TsWordIndex.find``); it is on
``contact_id + 0``, which only that search writes, because on ``contact_id`` the planner took it
for looking contacts up by id (225 ms instead of 2 for 280 of them).

On both engines a save looks companies up by ``lower(name)`` (case-insensitive without SQLite's
NOCASE); an expression index keeps that an index lookup.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:00:00
"""

from alembic import op

from helpdesk_tui.store.database.dbapi import wrap
from helpdesk_tui.store.search.index import rebuild

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

POSTGRESQL = (
    """CREATE TABLE search_doc (
         contact_id INTEGER PRIMARY KEY REFERENCES contact(id) ON DELETE CASCADE,
         name TEXT NOT NULL, company TEXT NOT NULL, emails TEXT NOT NULL,
         handles TEXT NOT NULL, phones TEXT NOT NULL, terms TSVECTOR NOT NULL)""",
    "CREATE INDEX ix_search_doc_terms ON search_doc USING gin (terms) WITH (fastupdate = off)",
    "ALTER TABLE search_doc ALTER COLUMN terms SET STATISTICS 1000",
    """CREATE INDEX ix_search_doc_span ON search_doc USING brin ((contact_id + 0))
         WITH (pages_per_range = 16, autosummarize = on)""",
    """CREATE TABLE search_phone (
         key TEXT COLLATE "C" NOT NULL, contact_id INTEGER NOT NULL)""",
    "CREATE UNIQUE INDEX ux_search_phone_key ON search_phone(key, contact_id)",
    "CREATE INDEX ix_search_phone_contact ON search_phone(contact_id)",
    """CREATE TABLE search_term (
         term TEXT COLLATE "C" PRIMARY KEY, edits INTEGER NOT NULL)""",
    """CREATE TABLE search_term_delete (
         del TEXT COLLATE "C" NOT NULL, term TEXT COLLATE "C" NOT NULL,
         PRIMARY KEY (del, term))""",
    'CREATE INDEX ix_contact_reference_bytes ON contact (reference COLLATE "C")',
)


def upgrade() -> None:
    op.execute("CREATE INDEX ix_company_name_lower ON company (lower(name))")
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in POSTGRESQL:
        op.execute(statement)
    rebuild(wrap(op.get_bind().connection.driver_connection))


def downgrade() -> None:
    op.execute("DROP INDEX ix_company_name_lower")
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_contact_reference_bytes")
    for table in ("search_term_delete", "search_term", "search_phone", "search_doc"):
        op.execute(f"DROP TABLE {table}")
