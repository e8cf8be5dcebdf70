"""Undo and history on both engines: any operation is put back from its journal as a new
operation (undo of an undo redoes it), versions never go back, a row changed since refuses
the undo naming who changed what and when, and histories list what touched a contact, a ticket
or a company, newest first, each with whether it can still be undone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import col, select

from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import ErrorCode, NotFound, StaleEdit
from helpdesk_tui.store.journal.history import history_page
from helpdesk_tui.store.journal.undo import preview, undo
from helpdesk_tui.store.models import Contact, Event, Identity, Ticket
from helpdesk_tui.store.refusals import CannotUndo, UndoConflict, UndoProblem
from helpdesk_tui.store.service import Store
from helpdesk_tui.store.tickets.operations import move_ticket, open_ticket

pytestmark = pytest.mark.both_engines


@pytest.fixture
def bob(db: Database) -> Iterator[Database]:
    """The same database as another agent sees it."""
    other = Database(db.url, author="bob", region="GB")
    yield other
    other.dispose()


def _contact(db: Database, reference: str) -> Contact:
    with db.read() as session:
        return session.exec(select(Contact).where(Contact.reference == reference)).one()


def _found(db: Database, text: str) -> list[str]:
    with Store(db.url, author="tester", region="GB") as store:
        return [hit.reference for hit in store.search(text).hits]


def _history(db: Database, reference: str, offset: int = 0, limit: int = 20):
    with db.read() as session:
        return history_page(session, reference, offset, limit)


def test_undo_of_a_field_edit_puts_it_back_with_a_newer_version(db):
    ann = create_contact(db, first_name="Ann", last_name="Lee")
    edited = update_contact(db, ann.reference, ann.version, {"title": "CTO"})
    done = undo(db)
    back = _contact(db, ann.reference)
    assert (back.title, back.version) == ("", 3), "back as it was, one version on"
    assert done.description == "undid edited title of Ann Lee"
    assert done.undone.operation_id != done.operation_id
    for stale in (ann.version, edited.version):
        with pytest.raises(StaleEdit):
            update_contact(db, ann.reference, stale, {"city": "Leeds"})


def test_undo_of_an_undo_redoes_the_operation(db):
    ann = create_contact(db, first_name="Ann")
    update_contact(db, ann.reference, ann.version, {"title": "CTO"})
    first = undo(db)
    again = undo(db, first.operation_id)
    back = _contact(db, ann.reference)
    assert (back.title, back.version) == ("CTO", 4)
    assert again.description == "redid edited title of Ann"
    assert again.undone.is_undo
    assert undo(db, again.operation_id).description == "undid edited title of Ann"
    assert _contact(db, ann.reference).title == ""


def test_undo_of_a_ticket_move_gives_the_ticket_back(db):
    ann = create_contact(db, first_name="Ann", company="Acme", create_company=True)
    bea = create_contact(db, first_name="Bea", company="Zeta", create_company=True)
    ticket = open_ticket(db, subject="Printer on fire", contact=ann.reference)
    moved = move_ticket(db, ticket.reference, ticket.version, bea.reference)
    assert moved.row.contact_reference == bea.reference
    undo(db)
    with db.read() as session:
        row = session.exec(select(Ticket).where(Ticket.reference == ticket.reference)).one()
        assert (row.contact_id, row.company_id) == (ann.id, _contact(db, ann.reference).company_id)
        assert row.version == 3


def test_undo_is_refused_after_a_later_change_naming_who_changed_what(db, bob):
    ann = create_contact(db, first_name="Ann")
    mine = update_contact(db, ann.reference, ann.version, {"title": "CTO"})
    update_contact(bob, ann.reference, mine.version, {"city": "Leeds"})
    operation = _history(db, ann.reference).entries[1].operation_id
    for attempt in (lambda: undo(db, operation), lambda: preview(db, operation)):
        with pytest.raises(UndoConflict) as refused:
            attempt()
        change = refused.value.changes[0]
        assert refused.value.code is ErrorCode.CONFLICT
        assert (change.author, change.label) == ("bob", f"contact {ann.reference} (Ann)")
        assert change.description == "edited city of Ann" and change.at is not None
        assert f"was changed by bob on {change.at:%Y-%m-%d}" in str(refused.value)
    assert (_contact(db, ann.reference).title, _contact(db, ann.reference).city) == ("CTO", "Leeds")


def test_undo_without_an_id_takes_my_latest_undoable_operation_then_walks_back(db, bob):
    ann = create_contact(db, first_name="Ann")
    bea = create_contact(bob, first_name="Bea")
    update_contact(db, ann.reference, ann.version, {"title": "CTO"})
    update_contact(bob, bea.reference, bea.version, {"title": "CFO"})
    assert preview(db).description == "edited title of Ann"
    undo(db)
    assert (_contact(db, ann.reference).title, _contact(db, bea.reference).title) == ("", "CFO")
    with pytest.raises(CannotUndo) as nothing:
        undo(db)  # Ann's creation: the undo has changed her since
    assert (nothing.value.problem, nothing.value.code) == (UndoProblem.NOTHING, ErrorCode.REFUSED)


def _index_whole(db: Database) -> list[tuple]:
    """The search rows left of contacts that are gone (none, if the index is whole); on SQLite
    the word index must also pass its own check."""
    with db.raw() as conn:
        if conn.dialect.value == "sqlite":
            conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        return conn.execute(
            "SELECT 'phone', contact_id FROM search_phone WHERE contact_id NOT IN "
            "(SELECT id FROM contact) UNION ALL SELECT 'doc', contact_id FROM search_doc "
            "WHERE contact_id NOT IN (SELECT id FROM contact)"
        ).fetchall()


def test_undo_of_a_creation_removes_the_rows_and_the_search_row_and_redo_brings_them_back(db):
    methods = [("email", "zelda@example.com"), ("phone", "+44 20 7946 0999")]
    ann = create_contact(db, first_name="Zelda", identities=methods)
    assert _found(db, "zelda") == [ann.reference]
    removed = undo(db)
    with db.read() as session:
        assert session.exec(select(Contact)).all() == []
        assert session.exec(select(Identity)).all() == []
    assert _found(db, "zelda") == [] and _found(db, "7946 0999") == []
    assert _index_whole(db) == []
    undo(db, removed.operation_id)
    assert _index_whole(db) == []
    back = _contact(db, ann.reference)
    assert (back.id, back.pin, back.version) == (ann.id, ann.pin, 2)
    assert _found(db, "zelda@example.com") == [ann.reference]


def test_undo_of_a_creation_is_refused_once_a_ticket_was_opened_for_the_contact(db, bob):
    ann = create_contact(db, first_name="Ann")
    ticket = open_ticket(bob, subject="Hello", contact=ann.reference)
    created = _history(db, ann.reference).entries[-1]
    assert not created.undoable
    with pytest.raises(UndoConflict) as refused:
        undo(db, created.operation_id)
    change = refused.value.changes[0]
    assert change.author == "bob" and ticket.reference in change.description
    assert _contact(db, ann.reference).first_name == "Ann"


def test_an_event_from_before_whole_rows_and_an_unknown_id_are_refused(db):
    with db.write() as session:
        entry = Event(author="tester", entity="contact", entity_id=1, action="update")
        session.add(entry)
        session.flush()
        lone = f"event-{entry.id}"
    with pytest.raises(CannotUndo) as old:
        undo(db, lone)
    assert old.value.problem is UndoProblem.NO_ROWS
    with pytest.raises(NotFound) as unknown:
        undo(db, "no-such-operation")
    assert unknown.value.field == "operation"


def test_history_lists_what_touched_a_contact_newest_first_with_what_can_be_undone(db, bob):
    ann = create_contact(db, first_name="Ann", company="Acme", create_company=True)
    bea = create_contact(db, first_name="Bea")
    saved = update_contact(db, ann.reference, ann.version, {"title": "CTO"})
    ticket = open_ticket(bob, subject="Printer on fire", contact=ann.reference)
    move_ticket(bob, ticket.reference, ticket.version, bea.reference)
    update_contact(db, bea.reference, bea.version, {"city": "Leeds"})
    page = _history(db, ann.reference)
    said = [(e.author, e.description, e.undoable) for e in page.entries]
    ann_is, bea_is = f"Ann ({ann.reference})", f"Bea ({bea.reference})"
    created = f"created company Acme ({saved.company_reference}); created {ann_is} and company Acme"
    assert said == [
        ("bob", f"moved {ticket.reference} from {ann_is} to {bea_is}", True),
        ("bob", f"added agent bob; opened {ticket.reference} for {ann_is}: Printer on fire", False),
        ("tester", "edited title of Ann", True),
        ("tester", created, False),
    ]
    assert page.subject == f"contact {ann.reference} (Ann)" and not page.has_more
    second = _history(db, ann.reference, offset=1, limit=2)
    assert [e.description for e in second.entries] == [said[1][1], said[2][1]]
    assert second.has_more
    ticket_history = _history(db, ticket.reference.lower())
    assert [e.actions[-1] for e in ticket_history.entries] == ["move", "create"]
    assert ticket_history.subject == f"ticket {ticket.reference} (Printer on fire)"
    company = _history(db, "acme")
    assert company.entries[-1].description.startswith("created company Acme")
    with db.read() as session:
        bobs = session.exec(select(Event).where(Event.author == "bob").order_by(col(Event.id)))
        assert {e.operation_id for e in bobs} >= {page.entries[0].operation_id}


def test_ids_are_never_handed_out_twice_so_a_redo_gets_its_own_back(db):
    """DESIGN.md §5: SQLite would give the id of an undone creation (and a ticket's number,
    made from its id) to the next row made; a redo then had no id to come back to."""
    ann = create_contact(db, first_name="Ann")
    removed = undo(db)
    bea = create_contact(db, first_name="Bea")
    first = open_ticket(db, subject="Printer", contact=bea.reference)
    undo(db)
    second = open_ticket(db, subject="Email", contact=bea.reference)
    assert bea.id != ann.id and second.reference != first.reference
    undo(db, removed.operation_id)
    assert _contact(db, ann.reference).id == ann.id


def test_a_history_lists_only_the_row_that_holds_the_id_now(db):
    """A database from before ids were kept apart may hold a row under the id of one deleted
    earlier: its history leaves out the earlier row's Events. Ann, made again by redoing,
    keeps her whole history."""
    ann = create_contact(db, first_name="Ann")
    removed = undo(db)
    redone = undo(db, removed.operation_id)
    assert [e.description for e in _history(db, ann.reference).entries] == [
        redone.description,
        removed.description,
        f"created Ann ({ann.reference})",
    ]
    undo(db, redone.operation_id)
    with db.write() as session:  # as SQLite did then: the freed id, to the next row made
        session.add(Contact(id=ann.id, reference="C-20000001", pin="20000001", first_name="Bea"))
    assert _history(db, "C-20000001").entries == ()
