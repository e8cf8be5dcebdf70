"""Opening a database at the current schema: create it, or upgrade it in place after a backup.

The current revision is checked with one plain query, so an up-to-date database never pays for
importing Alembic; only a new or older database runs the migrations.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..errors import NotADatabase, SchemaTooNew
from .connect import sqlite_file
from .dbapi import Conn, Dialect

if TYPE_CHECKING:
    from pathlib import Path

HEAD = "0017"
REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
    "0016",
    "0017",
)
UPGRADE_LOCK = 0x6865_6C70  # "help": PostgreSQL's advisory lock key for upgrades


def current_revision(conn: Conn) -> str | None:
    """The revision a raw connection's database is at; None when it has no schema yet (the
    fast path; ``_revision_of`` reads any engine's through SQLAlchemy).

    A database with tables but no revision is another program's: refused, never migrated into.
    """
    if conn.dialect is Dialect.POSTGRESQL:
        if conn.execute("SELECT to_regclass('alembic_version')").fetchone()[0] is None:
            tables = conn.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
            ).fetchone()[0]
            if tables:
                raise _foreign(f"database {conn.raw.info.dbname}")
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        if tables.fetchone()[0]:
            path = conn.execute("PRAGMA database_list").fetchone()[2]
            raise _foreign(path) from None
        return None
    return row[0] if row else None


def _foreign(path: str) -> NotADatabase:
    return NotADatabase(
        path,
        f"{path} is not a helpdesk-tui database (it holds another program's tables): "
        "check the --db path",
    )


def check_revision(revision: str | None) -> bool:
    """Whether a database at ``revision`` needs upgrading; raise if it is newer than this app."""
    if revision == HEAD:
        return False
    if revision is not None and revision not in REVISIONS:
        raise SchemaTooNew(
            f"this database is at schema {revision}, newer than this helpdesk-tui knows "
            f"({HEAD}); upgrade helpdesk-tui"
        )
    return True


def backup(path: Path, revision: str) -> Path:
    """Copy a SQLite database aside (online backup API, consistent under WAL) before upgrading."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{revision}-{stamp}.bak")
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o660))
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def upgrade(db, revision: str = HEAD) -> Path | None:
    """Bring ``db`` to ``revision``; returns the backup made of an older database, if any.

    Only a SQLite file is backed up. A PostgreSQL database gets no file backup (backing up a
    server is its administrator's job, pg_dump); there the whole upgrade is one transaction
    (DDL is transactional), so a failed one leaves the database as it was, and an advisory lock
    makes a second agent starting at the same moment wait, then find the schema current.
    """
    from alembic import command  # noqa: PLC0415 - only new or older databases pay for Alembic
    from alembic.config import Config  # noqa: PLC0415

    with db.engine.connect() as conn:
        existing = _revision_of(conn)
    path = sqlite_file(db.url)
    saved = backup(path, existing) if existing is not None and path is not None else None
    config = Config()
    config.set_main_option("script_location", os.path.join(os.path.dirname(__file__), "migrations"))
    from .engine import WRITE_OPTION  # noqa: PLC0415 - keeps SQLAlchemy off the fast path

    with db.engine.execution_options(**{WRITE_OPTION: True}).connect() as conn:
        if conn.dialect.name == "postgresql":
            from sqlalchemy import text  # noqa: PLC0415

            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.commit()
    return saved


def _revision_of(conn) -> str | None:
    from sqlalchemy import inspect, text  # noqa: PLC0415

    from .failures import where  # noqa: PLC0415

    inspector = inspect(conn)
    if not inspector.has_table("alembic_version"):
        if inspector.get_table_names():
            raise _foreign(where(conn.engine.url.render_as_string(hide_password=False)))
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def ensure(db) -> Path | None:
    """Make sure ``db`` is at HEAD; returns the backup path when an older database was upgraded."""
    with db.engine.connect() as conn:
        revision = _revision_of(conn)
    if not check_revision(revision):
        return None
    return upgrade(db)
