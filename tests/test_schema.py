"""Migrations: a new database is created at HEAD; an older one is upgraded in place, after a
backup, without losing rows; models and migrations never drift apart."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from helpdesk_tui.store.database import schema
from helpdesk_tui.store.database.connect import to_url
from helpdesk_tui.store.database.dbapi import Conn
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import DatabaseMissing, SchemaTooNew, UnsafeDatabase
from helpdesk_tui.store.search.index import SEARCH_INDEXES, SEARCH_TABLES
from helpdesk_tui.store.search.searcher import search

pytestmark = pytest.mark.both_engines


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_new_database_is_created_at_head_without_backup(tmp_path):
    db = Database(to_url(str(tmp_path / "new.db")))
    assert schema.ensure(db) is None
    assert schema.ensure(db) is None
    with db.raw() as conn:
        assert schema.current_revision(conn) == schema.HEAD
    db.dispose()
    assert set(SEARCH_TABLES) <= _tables(tmp_path / "new.db")
    assert not list(tmp_path.glob("*.bak"))


def test_older_database_is_upgraded_keeping_rows_and_indexing_them(tmp_path):
    path = tmp_path / "old.db"
    db = Database(to_url(str(path)))
    schema.upgrade(db, "0001")
    with db.raw() as conn:
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO contact (id, first_name, last_name, alias, title, reference, pin, "
            "description, address, city, state, postcode, country, fax, is_primary, "
            "ignore_emails, active, created_at, updated_at, last_activity_at, version) VALUES "
            "(1, 'Dương', 'Nguyễn', '', '', 'C-1', '123456', '', '', '', '', '', '', '', 0, 0, 1, "
            "'2025-01-01 00:00:00', '2025-01-01 00:00:00', '2025-01-01 00:00:00', 3)"
        )
        conn.execute(
            "INSERT INTO identity (contact_id, kind, value, normalized, is_default, created_at, "
            "version) VALUES (1, 'phone', '+44 20 7946 0000', '+442079460000', 1, "
            "'2025-01-01 00:00:00', 1)"
        )
        conn.execute("COMMIT")
    assert not set(SEARCH_TABLES) & _tables(path)

    backup = schema.ensure(db)

    assert backup is not None and backup.exists()
    assert schema.current_revision(Conn(sqlite3.connect(backup))) == "0001"
    with db.raw() as conn:
        assert schema.current_revision(conn) == schema.HEAD
        assert conn.execute("SELECT version FROM contact WHERE id = 1").fetchone() == (3,)
        assert [hit.reference for hit in search(conn, "duong").hits] == ["C-1"]
        assert [hit.reference for hit in search(conn, "79460000").hits] == ["C-1"]
    db.dispose()


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_models_and_migrations_agree(any_db):
    """On both engines: the migrations create exactly the model's tables and indexes (SQLite's
    reflection skips the expression index on lower(company.name), with a warning)."""
    with any_db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_object": lambda obj, name, type_, *_: (
                    not (
                        (
                            type_ == "table"
                            and (name in SEARCH_TABLES or name.startswith("search_fts"))
                        )
                        or (type_ == "index" and name in SEARCH_INDEXES)
                    )
                )
            },
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_database_from_a_newer_app_is_refused(db):
    with db.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaTooNew, match="upgrade helpdesk-tui"):
        schema.ensure(db)


def test_new_file_is_private_to_its_group_and_world_readable_file_is_refused(tmp_path):
    path = tmp_path / "shared" / "helpdesk.db"
    with pytest.raises(DatabaseMissing, match="no folder"):
        Database(to_url(str(path)))
    assert not path.parent.exists()
    path.parent.mkdir()
    db = Database(to_url(str(path)))
    schema.ensure(db)
    db.dispose()
    assert path.stat().st_mode & 0o777 == 0o660
    for unsafe in (path.with_name("helpdesk.db-wal"), path):
        unsafe.touch()
        os.chmod(unsafe, 0o664)
        with pytest.raises(UnsafeDatabase, match="chmod o-rwx"):
            Database(to_url(str(path)))
        os.chmod(unsafe, 0o660)


def test_the_revisions_the_fast_path_knows_are_the_migrations():
    """``helpdesk-tui search`` checks the revision without Alembic: HEAD must be the last one."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(schema.__file__).parent / "migrations"))
    script = ScriptDirectory.from_config(config)
    revisions = tuple(r.revision for r in reversed(list(script.walk_revisions())))
    assert revisions == schema.REVISIONS
    assert script.get_current_head() == schema.HEAD == revisions[-1]


def _old_contact(conn, contact_id: int, country: str, pin: str, merged_into: int | None = None):
    conn.execute(
        "INSERT INTO contact (id, first_name, last_name, alias, title, reference, pin, "
        "description, address, city, state, postcode, country, fax, is_primary, ignore_emails, "
        "active, merged_into_id, created_at, updated_at, last_activity_at, version) VALUES "
        "(?, 'Ann', 'Lee', '', '', ?, ?, '', '', '', '', '', ?, '', 0, 0, 1, ?, "
        "'2025-01-01 00:00:00', '2025-01-01 00:00:00', '2025-01-01 00:00:00', 1)",
        (contact_id, f"C-{contact_id}", pin, country, merged_into),
    )


def _migrations(conn) -> dict[str, dict]:
    import json

    return {
        json.loads(after)["revision"]: json.loads(after)
        for (after,) in conn.execute(
            "SELECT after FROM event WHERE entity = 'database' AND action = 'migrate'"
        )
    }


def test_countries_typed_as_names_become_codes_and_the_rest_stay_as_typed(tmp_path):
    db = Database(to_url(str(tmp_path / "old.db")))
    schema.upgrade(db, "0002")
    typed = ["Germany", "ireland", "DE", "Narnia", "", "usa", "de", "Côte d'Ivoire"]
    with db.raw() as conn:
        conn.execute("BEGIN")
        for contact_id, country in enumerate(typed, start=1):
            _old_contact(conn, contact_id, country, f"{contact_id:06d}")
        conn.execute("COMMIT")

    schema.ensure(db)

    with db.raw() as conn:
        stored = [row[0] for row in conn.execute("SELECT country FROM contact ORDER BY id")]
        assert stored == ["DE", "IE", "DE", "Narnia", "", "US", "DE", "CI"]
        converted = _migrations(conn)["0003"]["countries"]
    assert converted == {
        "Germany": {"code": "DE", "contacts": [1]},
        "ireland": {"code": "IE", "contacts": [2]},
        "usa": {"code": "US", "contacts": [6]},
        "de": {"code": "DE", "contacts": [7]},
        "Côte d'Ivoire": {"code": "CI", "contacts": [8]},
    }
    db.dispose()


def test_shared_pins_are_given_out_afresh_and_then_kept_unique(tmp_path):
    db = Database(to_url(str(tmp_path / "old.db")))
    schema.upgrade(db, "0002")
    with db.raw() as conn:
        conn.execute("BEGIN")
        _old_contact(conn, 2, "", "123456")
        _old_contact(conn, 1, "", "123456", merged_into=2)
        _old_contact(conn, 3, "", "654321")
        _old_contact(conn, 4, "", "123456")
        _old_contact(conn, 5, "", "123456")
        conn.execute("COMMIT")

    schema.ensure(db)

    with db.raw() as conn:
        pins = dict(conn.execute("SELECT id, pin FROM contact"))
        indexes = dict(
            conn.execute(
                "SELECT name, sql LIKE 'CREATE UNIQUE%' FROM sqlite_master "
                "WHERE type = 'index' AND tbl_name = 'contact'"
            )
        )
        renewed = _migrations(conn)["0004"]["pins"]
        # The oldest live holder keeps it (a merged tombstone gives way), the others get new ones.
        assert (pins[2], pins[3]) == ("123456", "654321")
        assert len(set(pins.values())) == 5
        assert all(len(pins[i]) == 8 and pins[i].isdigit() for i in (1, 4, 5))
        assert renewed == {str(i): ["123456", pins[i]] for i in (1, 4, 5)}
        assert indexes.get("ux_contact_pin") == 1 and "ix_contact_pin" not in indexes
        assert [hit.reference for hit in search(conn, "pin:123456").hits] == ["C-2"]
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE contact SET pin = '654321' WHERE id = 2")
    db.dispose()


def test_identity_ids_are_never_handed_out_twice(tmp_path):
    """0005 rebuilds the identity table as AUTOINCREMENT, keeping its rows, its indexes and its
    foreign key, and starts above every id it or the journal ever held: id 3, removed before
    the upgrade (its removal journalled), is not given to the next method either."""
    db = Database(to_url(str(tmp_path / "old.db")))
    schema.upgrade(db, "0004")
    with db.raw() as conn:
        conn.execute("BEGIN")
        _old_contact(conn, 1, "", "12345678")
        conn.executemany(
            "INSERT INTO identity (id, contact_id, kind, value, normalized, is_default, "
            "created_at, version) VALUES (?, 1, 'email', ?, ?, ?, '2025-01-01 00:00:00', 1)",
            [(i, f"a{i}@example.com", f"a{i}@example.com", i == 1) for i in (1, 2)],
        )
        conn.execute(
            "INSERT INTO event (at, author, entity, entity_id, action, description, before) "
            "VALUES ('2025-01-01 00:00:00', 'ann', 'contact', 1, 'update', 'removed one', ?)",
            ('{"identities": {"removed": [{"id": 3, "kind": "email", "value": "x@y.z"}]}}',),
        )
        conn.execute("COMMIT")

    schema.ensure(db)

    with db.raw() as conn:
        table = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'identity'"
        ).fetchone()[0]
        indexes = dict(
            conn.execute(
                "SELECT name, sql LIKE 'CREATE UNIQUE%' FROM sqlite_master "
                "WHERE type = 'index' AND tbl_name = 'identity'"
            )
        )
        assert "AUTOINCREMENT" in table
        assert indexes == {"ix_identity_contact_id": 0, "ux_identity_kind_normalized": 1}
        rows = conn.execute("SELECT id, value, is_default FROM identity ORDER BY id").fetchall()
        assert rows == [(1, "a1@example.com", 1), (2, "a2@example.com", 0)]
        conn.execute("BEGIN")
        conn.execute("DELETE FROM identity WHERE id = 2")
        conn.execute(
            "INSERT INTO identity (contact_id, kind, value, normalized, is_default, created_at, "
            "version) VALUES (1, 'email', 'b@example.com', 'b@example.com', 0, "
            "'2025-01-01 00:00:00', 1)"
        )
        assert conn.execute("SELECT max(id) FROM identity").fetchone() == (4,)
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO identity (contact_id, kind, value, normalized, is_default, "
                "created_at, version) VALUES (99, 'email', 'c@x.io', 'c@x.io', 0, '2025', 1)"
            )
        conn.execute("ROLLBACK")
    db.dispose()


def test_activities_logged_for_a_contact_get_its_company_on_upgrade(tmp_path):
    """Migration 0009: the company screen lists a company's activities by their company, which
    activities from before it (the contact's alone) get from their contact."""
    path = tmp_path / "old.db"
    db = Database(to_url(str(path)))
    schema.upgrade(db, "0008")
    with db.raw() as conn:
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO company (id, name, reference, domains, notes, active, created_at, "
            "updated_at, version) VALUES (7, 'Acme', 'CO-7', '', '', 1, '2025-01-01 00:00:00', "
            "'2025-01-01 00:00:00', 1)"
        )
        conn.execute(
            "INSERT INTO contact (id, first_name, last_name, alias, title, company_id, reference, "
            "pin, description, address, city, state, postcode, country, fax, is_primary, "
            "ignore_emails, active, created_at, updated_at, last_activity_at, version) VALUES "
            "(1, 'Ann', '', '', '', 7, 'C-1', '12345678', '', '', '', '', '', '', '', 0, 0, 1, "
            "'2025-01-01 00:00:00', '2025-01-01 00:00:00', '2025-01-01 00:00:00', 1)"
        )
        for contact in ("1", "NULL"):
            conn.execute(
                "INSERT INTO activity (contact_id, kind, summary, body, author, occurred_at, "
                f"version) VALUES ({contact}, 'call', 's', '', 'a', '2025-01-01 00:00:00', 1)"
            )
        conn.execute(
            "INSERT INTO saved_view (owner, name, query, created_at, version) "
            "VALUES ('a', 'v', 'kind:sms', '2025-01-01 00:00:00', 1)"
        )
        conn.execute("COMMIT")
    schema.ensure(db)
    with db.raw() as conn:
        assert conn.execute(
            "SELECT contact_id, company_id FROM activity ORDER BY id"
        ).fetchall() == [(1, 7), (None, None)]
        assert conn.execute(
            "SELECT has_open_tickets, has_unassigned_tickets FROM saved_view"
        ).fetchall() == [(0, 0)]
    db.dispose()
