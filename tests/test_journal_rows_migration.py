"""Migration 0011 on both engines: the journal written before it is indexed by the rows each
Event touched or concerns, so histories and undo's "changed since, by whom" read it like the
Events written after; an Event from before whole rows is listed on its own and cannot be undone;
its downgrade runs too."""

from __future__ import annotations

from sqlalchemy import text

from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.database import schema
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.journal.history import history_page
from helpdesk_tui.store.journal.undo import undo
from helpdesk_tui.store.tickets.operations import open_ticket

from .test_journal_migration import _downgrade


def _lines(db: Database) -> set[tuple]:
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT row_table, row_id, event_id, touched FROM event_row"))
        return {
            (table, row_id, event_id, bool(touched)) for table, row_id, event_id, touched in rows
        }


def test_the_journal_before_0011_is_indexed_and_reads_as_before(any_db):
    ann = create_contact(any_db, first_name="Ann")
    saved = update_contact(any_db, ann.reference, ann.version, {"title": "CTO"})
    open_ticket(any_db, subject="Hello", contact=ann.reference)
    written = _lines(any_db)
    _downgrade(any_db, "0010")
    with any_db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO event (at, author, entity, entity_id, action, description) VALUES "
                "('2025-01-01 09:00:00', 'old', 'contact', :id, 'update', 'edited the fax')"
            ),
            {"id": ann.id},
        )
    schema.ensure(any_db)

    lines = _lines(any_db)
    assert written < lines, "the index made now is the one the units wrote"
    (lone,) = lines - written
    assert (lone[0], lone[1], lone[3]) == ("contact", ann.id, False)
    with any_db.read() as session:
        entries = history_page(session, ann.reference, 0, 10).entries
    assert [e.description for e in entries] == [
        "edited the fax",
        f"opened T-1000001 for Ann ({ann.reference}): Hello",
        "edited title of Ann",
        f"created Ann ({ann.reference})",
    ]
    assert entries[0].operation_id == f"event-{lone[2]}" and not entries[0].undoable
    assert undo(any_db, entries[2].operation_id).undone.description == "edited title of Ann"
    assert saved.version == 2


def test_the_downgrade_drops_the_index_only(any_db):
    create_contact(any_db, first_name="Ann")
    _downgrade(any_db, "0010")
    with any_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM event")).scalar() == 1
    schema.ensure(any_db)
    assert len(_lines(any_db)) == 1


def test_a_database_without_an_admin_gets_its_first_agent_as_one(any_db):
    _downgrade(any_db, "0010")
    with any_db.engine.begin() as conn:
        for name in ("carol", "dave"):
            conn.execute(
                text(
                    "INSERT INTO agent (username, display_name, role, active, created_at, "
                    "version) VALUES (:name, :name, 'agent', true, '2025-01-01 09:00:00', 1)"
                ),
                {"name": name},
            )
    schema.ensure(any_db)
    with any_db.engine.connect() as conn:
        roles = conn.execute(text("SELECT username, role, version FROM agent ORDER BY id"))
        assert roles.fetchall() == [("carol", "admin", 2), ("dave", "agent", 1)]
    with any_db.engine.connect() as conn:
        said = conn.execute(text("SELECT entity, action, description FROM event")).fetchall()
    assert said == [
        ("agent", "migrate", "made carol, the first agent, an admin (only admins merge)")
    ]
    assert {(table, row_id) for table, row_id, _, _ in _lines(any_db)} == {("agent", 1)}
