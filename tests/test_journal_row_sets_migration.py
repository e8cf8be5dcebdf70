"""Migration 0015 on both engines: going down, the row sets of the journal (rows one UPDATE
changed alike, ``store.journal.rowsets``) are written out row by row, as older revisions read
them, holding the very rows they held; the Events written row by row stay as they were; back
up, both kinds read the same and a merge written before it is still undone."""

from __future__ import annotations

from sqlmodel import col, select

from helpdesk_tui.store.contacts.merge import merge_contacts
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database import schema
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.journal.rowsets import each_row, is_row_set
from helpdesk_tui.store.journal.undo import undo
from helpdesk_tui.store.models import Event
from helpdesk_tui.store.tickets.operations import open_ticket

from .test_journal_migration import _downgrade


def _journal(db: Database) -> list[list[dict]]:
    with db.read() as session:
        return [entry.rows or [] for entry in session.exec(select(Event).order_by(col(Event.id)))]


def test_row_sets_go_down_row_by_row_and_read_the_same(any_db):
    ann = create_contact(any_db, first_name="Ann")
    bob = create_contact(any_db, first_name="Bob")
    for subject in ("One", "Two"):
        open_ticket(any_db, subject=subject, contact=bob.reference)
    merged = merge_contacts(any_db, ann.reference, bob.reference)
    written = _journal(any_db)
    assert any(is_row_set(held) for rows in written for held in rows)

    _downgrade(any_db, "0014")
    down = _journal(any_db)
    assert not any(is_row_set(held) for rows in down for held in rows)
    assert down == [list(each_row(rows)) for rows in written]

    schema.ensure(any_db)
    assert undo(any_db, merged.operation_id).rows == len(list(each_row(written[-1])))
