"""A purge makes the journal forget, on both engines: in the purge's own transaction, every
earlier Event that held the purged contact's personal data (its rows' states, the operation's
own terms, the description) holds a marker instead, ids and references kept, so histories and
the change feed still read; other contacts' data stays; undoing an operation whose rows name
the purged contact is refused in a sentence, nothing written."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from helpdesk_tui.store.activities.operations import edit_activity, log_activity
from helpdesk_tui.store.contacts.fields import RemoveIdentity
from helpdesk_tui.store.contacts.identity_move import move_identity
from helpdesk_tui.store.contacts.lifecycle import LifecycleAction, apply
from helpdesk_tui.store.contacts.merge import merge_contacts
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.journal.events import changes_since, record
from helpdesk_tui.store.journal.redact import PURGED_NAME, REDACTED
from helpdesk_tui.store.journal.undo import undo
from helpdesk_tui.store.journal.unit import row_state
from helpdesk_tui.store.models import Contact, CustomValue, Event, Identity, Ticket
from helpdesk_tui.store.refusals import CannotUndo, UndoProblem
from helpdesk_tui.store.service import Store
from helpdesk_tui.store.tickets.operations import open_ticket

pytestmark = pytest.mark.both_engines

SECRETS = (  # not her phone: it was moved to Bob, whose it is now
    "Annabel",
    "Leeward",
    "annabel@example.com",
    "annabelz",
    "Chief Tinkerer",
    "Bellwether",
    "Called about the secret",
    "the safe's code",
    "Platinum plan",
    "Cyrilla",
    "cyrilla@example.com",
    "allergy notes",
)


@pytest.fixture
def story(db: Database):
    """Annabel's whole life, then her purge: created with three methods, a title edited and a
    handle removed, her phone moved to Bob, an alias edited and undone, a call logged and
    edited, a custom value, a ticket (moved to Bob when she is deleted), and Cyrilla, with a
    note, merged into her."""
    ann = create_contact(
        db,
        first_name="Annabel",
        last_name="Leeward",
        identities=[
            ("email", "annabel@example.com"),
            ("phone", "020 7946 0000"),
            ("twitter", "@annabelz"),
        ],
    )
    bob = create_contact(
        db, first_name="Bob", last_name="Ray", identities=[("email", "bob@example.com")]
    )
    saved = update_contact(
        db,
        ann.reference,
        ann.version,
        {"title": "Chief Tinkerer"},
        [RemoveIdentity.of(ann.identities[2])],
    )
    move_identity(db, "phone", "020 7946 0000", bob.reference)
    alias = update_contact(db, ann.reference, saved.version + 1, {"alias": "Bellwether"})
    undo(db)  # its Event keeps what it undid in words: "edited alias of Annabel Leeward"
    assert alias.alias == "Bellwether"
    call = log_activity(db, kind="call", summary="Called about the secret", contact=ann.reference)
    edit_activity(db, call.id, call.version, body="the safe's code")
    with db.unit() as unit:  # as an import writes one: journalled like any change
        unit.session.add(CustomValue(contact_id=ann.id, key="Plan", value="Platinum plan"))
        unit.session.flush()
        record(unit, "contact", ann.id, "update", "imported a custom value")
    open_ticket(db, subject="Printer on fire", contact=ann.reference)
    cy = create_contact(db, first_name="Cyrilla", identities=[("email", "cyrilla@example.com")])
    log_activity(db, kind="note", summary="Cyrilla's allergy notes", contact=cy.reference)
    merge_contacts(db, ann.reference, cy.reference)  # her note moves in bulk (journal.bulk)
    apply(db, LifecycleAction.DELETE, ann.reference, reassign_to=bob.reference)
    with db.read() as session:
        pin = session.get(Contact, ann.id).pin
    operations = _operations(db)
    apply(db, LifecycleAction.PURGE, ann.reference)
    return ann, bob, cy, saved, pin, operations


def _operations(db: Database) -> list[str]:
    with db.read() as session:
        return list(
            dict.fromkeys(e.operation_id for e in session.exec(select(Event).order_by(Event.id)))
        )


def _journal(db: Database) -> list[Event]:
    with db.read() as session:
        return list(session.exec(select(Event).order_by(Event.id)))


def _text(entry: Event, leave_out: str = "ticket") -> str:
    """An Event as text, the rows of ``leave_out`` left out (tickets outlive the purge)."""
    rows = [row for row in entry.rows or () if row["table"] != leave_out]
    return json.dumps([entry.description, entry.before, entry.after, rows], ensure_ascii=False)


def test_no_event_holds_the_purged_contacts_data_but_every_event_stays(db, story):
    ann, _, _, _, pin, operations = story
    journal = _journal(db)
    assert list(dict.fromkeys(e.operation_id for e in journal))[:-1] == operations
    for entry in journal:
        said = _text(entry)
        assert not [secret for secret in (*SECRETS, pin) if secret in said], entry.description
    purge = journal[-1]
    assert purge.after["redacted"] == len(journal) - 2, "all but Bob's creation and the purge"
    created = journal[0]
    assert created.description == f"created {PURGED_NAME} ({ann.reference})"
    state = created.rows[0]["after"]
    assert (state["id"], state["reference"], state["first_name"]) == (
        ann.id,
        ann.reference,
        REDACTED,
    )
    assert state["version"] == 1 and state["created_at"], "what a row is and when: kept"


def test_other_contacts_data_and_the_tickets_stay(db, story):
    _, bob, _, _, _, _ = story
    journal = _journal(db)
    assert any("bob@example.com" in _text(e) for e in journal)
    assert any(f"to Bob Ray ({bob.reference})" in e.description for e in journal)
    with db.read() as session:
        ticket = session.exec(select(Ticket)).one()
        assert (ticket.contact_id, ticket.subject) == (bob.id, "Printer on fire")
        assert session.exec(select(Identity).where(Identity.contact_id == bob.id)).all()
    opened = next(e for e in journal if e.entity == "ticket")
    assert "Printer on fire" in opened.description


def test_history_and_the_change_feed_still_read(db, story):
    ann, bob, _, _, _, _ = story
    changes = changes_since(db, 0)
    assert len(changes) == len(_journal(db))
    created = changes[0].rows[0]
    assert (created.table, created.id, created.after["first_name"]) == ("contact", ann.id, REDACTED)
    with Store(db.url, author="tester", region="GB") as store:
        entries = store.journal.history(bob.reference).entries
    said = [entry.description for entry in entries]
    assert (
        f"deleted {PURGED_NAME} ({ann.reference}); moved 1 ticket to Bob Ray ({bob.reference})"
        in said
    )
    assert any(f"moved phone {REDACTED} from {PURGED_NAME} ({ann.reference})" in s for s in said)
    assert not any(entry.undoable for entry in entries if ann.reference in entry.description)


def test_undoing_what_touched_the_purged_rows_is_refused_and_writes_nothing(db, story):
    ann, _, cy, _, _, operations = story
    with db.read() as session:
        before = {
            (model.__tablename__, row.id): row_state(row)
            for model in (Contact, Identity, Ticket, CustomValue)
            for row in session.exec(select(model))
        }
    events = len(_journal(db))
    with Store(db.url, author="tester", region="GB") as store:
        for operation_id in operations[:1] + operations[2:]:  # all but Bob's creation
            with pytest.raises(CannotUndo) as refused:
                store.journal.undo(operation_id)
            assert refused.value.problem is UndoProblem.PURGED_SINCE
            said = str(refused.value)
            assert any(
                named in said
                for named in (
                    f"contact {ann.reference} was purged since",
                    f"contact {cy.reference} was purged since",
                    "contacts {} and {} were purged since".format(
                        *sorted((ann.reference, cy.reference))
                    ),
                )
            ), said
            assert "nothing was undone" in said
        with pytest.raises(CannotUndo) as nothing:
            store.journal.undo()
        assert nothing.value.problem is UndoProblem.NOTHING
    with db.read() as session:
        after = {
            (model.__tablename__, row.id): row_state(row)
            for model in (Contact, Identity, Ticket, CustomValue)
            for row in session.exec(select(model))
        }
    assert after == before and len(_journal(db)) == events
