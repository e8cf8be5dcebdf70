"""Contact-method ids are never handed out twice: the identity table becomes AUTOINCREMENT.

Identity rows are the only rows the store deletes (an agent removes a contact method; contacts
are merged into tombstones, never deleted). A plain INTEGER PRIMARY KEY reuses the highest id
once its row is gone, so an operation replayed after an edit conflict ("remove identity 4375")
could meet a method another agent added meanwhile under the same id. SQLite cannot add
AUTOINCREMENT to a table in place: the table is rebuilt with the same columns, constraints and
indexes (nothing else refers to identity ids: the search index is keyed by contact). The next
id is set above every id the table or the journal has ever held, so even an id removed before
this migration is not handed out again.

PostgreSQL ids come from sequences, which never go back: nothing to do there.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 09:00:00
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = "id, contact_id, kind, value, normalized, is_default, created_at, version"

REBUILD = (
    """CREATE TABLE identity_new (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        contact_id INTEGER NOT NULL,
        kind VARCHAR NOT NULL,
        value VARCHAR NOT NULL,
        normalized VARCHAR NOT NULL,
        is_default BOOLEAN NOT NULL,
        created_at DATETIME NOT NULL,
        version INTEGER NOT NULL,
        FOREIGN KEY(contact_id) REFERENCES contact (id))""",
    f"INSERT INTO identity_new ({COLUMNS}) SELECT {COLUMNS} FROM identity ORDER BY id",
    "DROP TABLE identity",
    "ALTER TABLE identity_new RENAME TO identity",
    "CREATE INDEX ix_identity_contact_id ON identity (contact_id)",
    "CREATE UNIQUE INDEX ux_identity_kind_normalized ON identity (kind, normalized)",
)

HIGHEST_EVER = """
    SELECT max(coalesce((SELECT max(id) FROM identity), 0), coalesce((
        SELECT max(CAST(json_extract(item.value, '$.id') AS INTEGER))
        FROM event, json_each(
            CASE WHEN json_valid(event.before) THEN event.before END, '$.identities.removed'
        ) AS item
        WHERE event.entity = 'contact'
    ), 0))"""


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    for statement in REBUILD:
        op.execute(statement)
    highest = conn.exec_driver_sql(HIGHEST_EVER).scalar()
    op.execute("DELETE FROM sqlite_sequence WHERE name IN ('identity', 'identity_new')")
    conn.exec_driver_sql(
        "INSERT INTO sqlite_sequence (name, seq) VALUES ('identity', ?)", (highest,)
    )


def downgrade() -> None:
    """Ids already given out stay given out; only reuse could start again."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in REBUILD:
        op.execute(statement.replace(" AUTOINCREMENT", ""))
