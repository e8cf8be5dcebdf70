"""Migration 0007 on both engines: a journal written before it keeps its Events as they were
(no operation id, no whole rows), the change feed still serves them, and new Events get both;
its downgrade runs too."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database import schema
from helpdesk_tui.store.database.engine import WRITE_OPTION, Database
from helpdesk_tui.store.journal.events import changes_since


def _downgrade(db: Database, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(Path(schema.__file__).parent / "migrations"))
    with db.engine.execution_options(**{WRITE_OPTION: True}).connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
        conn.commit()


def _columns(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT * FROM event WHERE 1 = 0")).keys())


def test_events_from_before_0007_stay_and_new_ones_carry_operations(any_db):
    _downgrade(any_db, "0006")
    assert "operation_id" not in _columns(any_db) and "rows" not in _columns(any_db)
    with any_db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO event (at, author, entity, entity_id, action, description, "
                "before, after) VALUES ('2025-01-01 09:00:00', 'old', 'contact', 7, 'update', "
                "'edited title', :before, :after)"
            ),
            {"before": '{"title": "", "version": 1}', "after": '{"title": "CTO", "version": 2}'},
        )

    schema.ensure(any_db)

    assert {"operation_id", "rows"} <= set(_columns(any_db))
    contact = create_contact(any_db, first_name="Ann")
    old, new = changes_since(any_db, 0)
    assert (old.author, old.entity_id, old.operation_id, old.rows) == ("old", 7, None, ())
    assert old.at.isoformat() == "2025-01-01T09:00:00+00:00"
    assert new.entity_id == contact.id and new.operation_id is not None
    assert [(row.table, row.id) for row in new.rows] == [("contact", contact.id)]
