"""Only live contacts own addresses, on both engines: a deleted contact's email and phone are
free for another contact (a deactivated one keeps them); restoring it, or undoing its delete,
while another contact holds one is refused naming the holder, nothing written; a merge
tombstone's methods go on routing to its survivor; migration 0017 frees the methods of the
contacts deleted before it (and its downgrade runs)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import select

from helpdesk_tui.store.contacts.fields import AddIdentity, RemoveIdentity
from helpdesk_tui.store.contacts.identity_move import move_identity
from helpdesk_tui.store.contacts.lifecycle import LifecycleAction, apply
from helpdesk_tui.store.contacts.merge import merge_contacts
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.database import schema
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import (
    ErrorCode,
    IdentityConflict,
    LifecycleProblem,
    NotFound,
    ValidationFailed,
)
from helpdesk_tui.store.journal.undo import undo
from helpdesk_tui.store.journal.unit import row_state
from helpdesk_tui.store.models import Contact, Identity
from helpdesk_tui.store.refusals import MethodsTaken, UndoConflict
from helpdesk_tui.store.service import Store

from .test_journal_migration import _downgrade

pytestmark = pytest.mark.both_engines

EMAIL, PHONE = "ann@example.com", "+44 20 7946 0000"
DELETE, RESTORE = LifecycleAction.DELETE, LifecycleAction.RESTORE


@pytest.fixture
def ann(db: Database):
    return create_contact(
        db, first_name="Ann", last_name="Lee", identities=[("email", EMAIL), ("phone", PHONE)]
    )


def _rows(db: Database) -> dict[tuple[str, int], dict]:
    found = {}
    with db.read() as session:
        for model in (Contact, Identity):
            for row in session.exec(select(model)):
                found[model.__tablename__, row.id] = row_state(row)
    return found


def _conflict(db: Database, **fields) -> IdentityConflict:
    with pytest.raises(ValidationFailed) as refused:
        create_contact(db, **fields)
    assert refused.value.code is ErrorCode.CONFLICT
    return refused.value.conflicts[0]


def test_a_deleted_contacts_addresses_are_free_for_another_contact(db, ann):
    apply(db, DELETE, ann.reference)
    bob = create_contact(db, first_name="Bob", identities=[("email", EMAIL.upper())])
    cy = create_contact(db, first_name="Cy")
    saved = update_contact(
        db, cy.reference, cy.version, {}, [AddIdentity("phone", "020 7946 0000")]
    )
    assert [i.value for i in bob.identities] == [EMAIL.upper()]
    assert [i.normalized for i in saved.identities] == ["+442079460000"]
    with pytest.raises(NotFound):  # nobody claims it any more: nothing to move
        move_identity(db, "twitter", "@nobody", cy.reference)
    with db.read() as session:
        held = session.exec(select(Identity).where(Identity.contact_id == ann.id)).all()
    assert len(held) == 2 and not any(i.claimed for i in held), "kept, standing aside"


def test_a_deactivated_contact_keeps_its_addresses(db, ann):
    apply(db, LifecycleAction.DEACTIVATE, ann.reference)
    conflict = _conflict(db, first_name="Bob", identities=[("email", EMAIL)])
    assert (conflict.owner_reference, conflict.owner_name) == (ann.reference, "Ann Lee")


def test_restoring_is_refused_while_another_contact_holds_an_address(db, ann):
    apply(db, DELETE, ann.reference)
    bob = create_contact(db, first_name="Bob", last_name="Ray", identities=[("phone", PHONE)])
    before = _rows(db)
    with pytest.raises(MethodsTaken) as refused:
        apply(db, RESTORE, ann.reference)
    error = refused.value
    assert (error.code, error.problem) == (ErrorCode.CONFLICT, LifecycleProblem.TAKEN)
    assert [(t.kind, t.value, t.owner_reference) for t in error.taken] == [
        ("phone", PHONE, bob.reference)
    ]
    assert f"belongs to Bob Ray ({bob.reference}) now" in str(error)
    assert "nothing was restored" in str(error)
    assert _rows(db) == before
    update_contact(db, bob.reference, bob.version, {}, [RemoveIdentity.of(bob.identities[0])])
    restored = apply(db, RESTORE, ann.reference)
    assert restored.contact.deleted_at is None
    assert _conflict(db, first_name="Di", identities=[("phone", PHONE)]).owner_reference == (
        ann.reference
    ), "restored, it claims its addresses again"


def test_undoing_the_delete_is_refused_while_another_contact_holds_an_address(db, ann):
    apply(db, DELETE, ann.reference)
    bob = create_contact(db, first_name="Bob", identities=[("email", EMAIL)])
    before = _rows(db)
    with Store(db.url, author="tester") as store:
        entries = store.journal.history(ann.reference).entries
        delete = next(e for e in entries if "deleted" in e.description)
        assert not delete.undoable
        with pytest.raises(UndoConflict) as taken:
            store.journal.undo(delete.operation_id)
    assert taken.value.code is ErrorCode.CONFLICT
    assert f"email {EMAIL} of Bob ({bob.reference})" in str(taken.value)
    assert _rows(db) == before


def test_undoing_a_removal_is_refused_once_another_contact_took_the_address(db, ann):
    """Before, the undo hit the unique index half-way: an unexpected error, not a sentence."""
    update_contact(db, ann.reference, ann.version, {}, [RemoveIdentity.of(ann.identities[0])])
    bob = create_contact(db, first_name="Bob", identities=[("email", EMAIL)])
    before = _rows(db)
    with Store(db.url, author="tester") as store:
        removal = store.journal.history(ann.reference).entries[0]
        assert "removed" in removal.description and not removal.undoable
        with pytest.raises(UndoConflict) as refused:
            store.journal.undo(removal.operation_id)
    assert f"of Bob ({bob.reference})" in str(refused.value)
    assert _rows(db) == before


def test_a_tombstones_addresses_still_route_to_its_survivor(db, ann):
    bob = create_contact(db, first_name="Bob", last_name="Ray")
    merge_contacts(db, bob.reference, ann.reference)
    conflict = _conflict(db, first_name="Cy", identities=[("email", EMAIL)])
    assert (conflict.owner_reference, conflict.owner_name) == (bob.reference, "Bob Ray")


def test_a_deleted_contact_given_a_method_does_not_claim_it(db, ann):
    apply(db, DELETE, ann.reference)
    saved = update_contact(
        db, ann.reference, ann.version + 1, {}, [AddIdentity("twitter", "@annlee")]
    )
    assert any(i.kind == "twitter" for i in saved.identities)
    assert create_contact(db, first_name="Bob", identities=[("twitter", "annlee")]).identities


def test_migration_0017_frees_the_methods_of_contacts_deleted_before_it(any_db):
    db = any_db
    _downgrade(db, "0016")
    with db.engine.begin() as conn:
        for contact_id, deleted in ((101, None), (102, "2026-01-01 00:00:00")):
            conn.execute(
                text(
                    "INSERT INTO contact (id, first_name, last_name, alias, title, reference, "
                    "pin, description, address, city, state, postcode, country, fax, "
                    "is_primary, ignore_emails, active, deleted_at, created_at, updated_at, "
                    "last_activity_at, version) VALUES (:id, 'Ann', '', '', '', :ref, :pin, '', "
                    "'', '', '', '', '', '', false, false, true, :deleted, '2026-01-01', "
                    "'2026-01-01', '2026-01-01', 1)"
                ),
                {"id": contact_id, "ref": f"C-{contact_id}", "pin": f"10000{contact_id}"}
                | {"deleted": deleted},
            )
            conn.execute(
                text(
                    "INSERT INTO identity (contact_id, kind, value, normalized, is_default, "
                    "created_at, version) VALUES (:id, 'email', :v, :v, true, '2026-01-01', 1)"
                ),
                {"id": contact_id, "v": f"a{contact_id}@example.com"},
            )
    schema.ensure(db)
    with db.read() as session:
        claimed = dict(session.exec(select(Identity.contact_id, Identity.claimed)).all())
    assert claimed == {101: True, 102: False}
    bob = create_contact(db, first_name="Bob", identities=[("email", "a102@example.com")])
    assert bob.identities[0].value == "a102@example.com"
    assert _conflict(db, first_name="Cy", identities=[("email", "a101@example.com")])


def test_a_new_contact_takes_a_method_from_its_owner_in_one_operation_undo_reverses(db, ann):
    before = _rows(db)
    conflict = _conflict(db, first_name="Bob", identities=[("phone", "020 7946 0000")])
    assert conflict.owner_reference == ann.reference
    bob = create_contact(
        db,
        first_name="Bob",
        country="GB",
        identities=[("email", "bob@example.com"), ("phone", "020 7946 0000")],
        taking=[("phone", conflict.value)],
    )
    assert sorted((i.kind, i.is_default) for i in bob.identities) == [
        ("email", True),
        ("phone", True),
    ]
    with Store(db.url, author="tester", region="GB") as store:
        assert [i.kind for i in store.contact(ann.reference).contact.identities] == ["email"]
        latest = store.journal.history(bob.reference).entries[0]
    assert latest.actions == ("create", "update", "update"), "one operation"
    assert f"moved phone {PHONE} from Ann Lee ({ann.reference}) to Bob" in latest.description
    undo(db)

    def unversioned(rows: dict) -> dict:
        return {
            key: {k: v for k, v in state.items() if k != "version"} for key, state in rows.items()
        }

    assert unversioned(_rows(db)) == unversioned(before), "both contacts as they were"


def test_taking_only_what_was_chosen_and_only_from_a_holder(db, ann):
    with pytest.raises(ValidationFailed) as refused:  # the email was not chosen: still refused
        create_contact(
            db,
            first_name="Bob",
            identities=[("email", EMAIL), ("phone", PHONE)],
            taking=[("phone", PHONE)],
        )
    assert [c.kind for c in refused.value.conflicts] == ["email"]
    assert list(refused.value.errors) == ["identity:new:0"], "numbered as the form lists them"
    apply(db, DELETE, ann.reference)
    cy = create_contact(
        db, first_name="Cy", identities=[("email", EMAIL)], taking=[("email", EMAIL)]
    )
    assert [i.value for i in cy.identities] == [EMAIL], "nobody held it: simply added"
    with db.read() as session:
        assert len(session.exec(select(Identity).where(Identity.contact_id == ann.id)).all()) == 2
