"""Deactivate, delete, restore and purge on both engines: each one operation that undo reverses
(but purge, which undo refuses in a sentence); a delete needs the contact's tickets reassigned
(moved with it in one operation) or removed; delete, restore and purge need an admin; search
hides deactivated and deleted contacts unless ``is:`` asks; a deleted contact takes no ticket."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from helpdesk_tui.store.activities.operations import log_activity
from helpdesk_tui.store.contacts.lifecycle import LifecycleAction, apply
from helpdesk_tui.store.contacts.merge import merge_contacts
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import (
    ContactUnavailable,
    ErrorCode,
    HasTickets,
    LifecycleProblem,
    LifecycleRefused,
    Unavailable,
)
from helpdesk_tui.store.journal.undo import undo
from helpdesk_tui.store.journal.unit import row_state
from helpdesk_tui.store.models import (
    Activity,
    Contact,
    Contract,
    CustomValue,
    Event,
    Identity,
    Ticket,
)
from helpdesk_tui.store.refusals import CannotUndo, NotAllowed, UndoProblem
from helpdesk_tui.store.service import Store
from helpdesk_tui.store.tickets.operations import open_ticket

pytestmark = pytest.mark.both_engines

DEACTIVATE, REACTIVATE = LifecycleAction.DEACTIVATE, LifecycleAction.REACTIVATE
DELETE, RESTORE, PURGE = LifecycleAction.DELETE, LifecycleAction.RESTORE, LifecycleAction.PURGE


@pytest.fixture
def people(db: Database):
    """Ann at Acme with two tickets, two methods, an activity, a custom value and a contract
    naming her; Bob at Zeta (the tester made them first: the database's admin)."""
    ann = create_contact(
        db,
        first_name="Ann",
        last_name="Lee",
        company="Acme",
        create_company=True,
        identities=[("email", "ann@example.com"), ("phone", "+44 20 7946 0000")],
    )
    bob = create_contact(db, first_name="Bob", last_name="Ray", company="Zeta", create_company=True)
    for subject in ("Printer on fire", "Toner"):
        open_ticket(db, subject=subject, contact=ann.reference)
    log_activity(db, kind="call", summary="Called about toner", contact=ann.reference)
    with db.write() as session:
        session.add(CustomValue(contact_id=ann.id, key="Plan", value="Gold", source="crm"))
        acme = session.exec(select(Contact.company_id).where(Contact.id == ann.id)).one()
        session.add(Contract(company_id=acme, customer_contact_id=ann.id, description="SLA"))
    return ann, bob


@pytest.fixture
def agent(db: Database) -> Iterator[Database]:
    """The same database as carol, an agent who is no admin."""
    other = Database(db.url, author="carol", region="GB")
    yield other
    other.dispose()


def _rows(db: Database) -> dict[tuple[str, int], dict]:
    """Every row of the contact tables, whole, versions left out."""
    found = {}
    with db.read() as session:
        for model in (Contact, Identity, Ticket, Activity, CustomValue, Contract):
            for row in session.exec(select(model)):
                state = row_state(row)
                state.pop("version", None)
                found[model.__tablename__, row.id] = state
    return found


def _found(db: Database, text: str) -> list[str]:
    with Store(db.url, author="tester", region="GB") as store:
        return [hit.reference for hit in store.search(text).hits]


def _contact(db: Database, contact_id: int) -> Contact | None:
    with db.read() as session:
        return session.get(Contact, contact_id)


def test_deactivate_hides_from_search_until_asked_and_undo_reactivates(db, people):
    ann, bob = people
    before = _rows(db)
    done = apply(db, DEACTIVATE, ann.reference.lower())
    assert (done.reference, done.contact.active) == (ann.reference, False)
    assert _found(db, "ann lee") == []
    assert _found(db, "") == [bob.reference], "not among the recent contacts either"
    assert _found(db, "ann lee is:inactive") == [ann.reference]
    assert _found(db, "is:inactive") == [ann.reference]
    assert _found(db, f"{ann.reference} is:inact") == [ann.reference]
    assert _found(db, "is:deleted") == []
    with pytest.raises(ContactUnavailable) as refused:
        open_ticket(db, subject="More toner", contact=ann.reference)
    assert refused.value.reason is Unavailable.DEACTIVATED
    with pytest.raises(LifecycleRefused) as again:
        apply(db, DEACTIVATE, ann.reference)
    assert (again.value.problem, again.value.code) == (LifecycleProblem.ALREADY, ErrorCode.REFUSED)
    undone = undo(db)
    assert undone.undone.operation_id == done.operation_id
    assert _rows(db) == before
    assert _found(db, "ann lee") == [ann.reference]
    apply(db, DEACTIVATE, ann.reference)
    assert apply(db, REACTIVATE, ann.reference).contact.active


def test_an_agent_deactivates_but_only_an_admin_deletes_restores_or_purges(db, people, agent):
    _, bob = people
    apply(agent, DEACTIVATE, bob.reference)
    apply(agent, REACTIVATE, bob.reference)
    before = _rows(db)
    for action in (DELETE, RESTORE, PURGE):
        with pytest.raises(NotAllowed) as refused:
            apply(agent, action, bob.reference)
        assert (refused.value.code, refused.value.agent) == (ErrorCode.FORBIDDEN, "carol")
        assert f"only an admin may {action.value} contacts" in str(refused.value)
    assert _rows(db) == before


def test_a_contact_with_tickets_is_not_deleted_and_the_refusal_counts_them(db, people):
    ann, _ = people
    before = _rows(db)
    with pytest.raises(HasTickets) as refused:
        apply(db, DELETE, ann.reference)
    assert (refused.value.tickets, refused.value.code) == (2, ErrorCode.REFUSED)
    assert "has 2 tickets" in str(refused.value)
    with pytest.raises(LifecycleRefused) as itself:
        apply(db, DELETE, ann.reference, reassign_to=ann.reference)
    assert itself.value.problem is LifecycleProblem.SAME
    assert _rows(db) == before


def test_delete_moves_the_tickets_in_one_operation_that_undo_reverses(db, people):
    ann, bob = people
    before = _rows(db)
    done = apply(db, DELETE, ann.reference, reassign_to=bob.reference)
    assert (done.tickets_moved, done.reassigned_to) == (2, bob.reference)
    assert done.contact.deleted_at is not None
    with db.read() as session:
        zeta = session.get(Contact, bob.id).company_id
        tickets = session.exec(select(Ticket)).all()
        assert {(t.contact_id, t.company_id) for t in tickets} == {(bob.id, zeta)}
        actions = {
            e.action for e in session.exec(select(Event)) if e.operation_id == done.operation_id
        }
        assert actions == {"delete"}
    assert _found(db, "ann lee") == []
    assert _found(db, "is:deleted") == [ann.reference]
    assert _found(db, "is:deleted ann") == [ann.reference]
    assert _found(db, "is:inactive") == []
    with pytest.raises(ContactUnavailable) as refused:
        open_ticket(db, subject="More toner", contact=ann.reference)
    assert refused.value.reason is Unavailable.DELETED
    with pytest.raises(LifecycleRefused) as deleted:
        apply(db, DEACTIVATE, ann.reference)
    assert deleted.value.problem is LifecycleProblem.DELETED
    undo(db)
    assert _rows(db) == before
    assert _found(db, "ann lee") == [ann.reference]


def test_restore_brings_a_deleted_contact_back_and_undo_deletes_it_again(db, people):
    _, bob = people
    with pytest.raises(LifecycleRefused) as live:
        apply(db, RESTORE, bob.reference)
    assert live.value.problem is LifecycleProblem.NOT_DELETED
    apply(db, DELETE, bob.reference)
    deleted = _rows(db)
    restored = apply(db, RESTORE, bob.reference)
    assert restored.contact.deleted_at is None
    assert _found(db, "bob ray") == [bob.reference]
    undo(db)
    assert _rows(db) == deleted
    assert _found(db, "bob ray") == []


def test_a_deleted_contact_is_not_merged_either_way(db, people):
    from helpdesk_tui.store.refusals import MergeProblem, MergeRefused

    ann, bob = people
    apply(db, DELETE, bob.reference)
    before = _rows(db)
    for survivor, loser in ((ann, bob), (bob, ann)):
        with pytest.raises(MergeRefused) as refused:
            merge_contacts(db, survivor.reference, loser.reference)
        assert refused.value.problem is MergeProblem.DELETED
        assert refused.value.reference == bob.reference
    assert _rows(db) == before


def test_purge_removes_a_deleted_contact_and_is_the_one_thing_undo_refuses(db, people):
    ann, bob = people
    with pytest.raises(LifecycleRefused) as live:
        apply(db, PURGE, ann.reference)
    assert live.value.problem is LifecycleProblem.NOT_DELETED
    apply(db, DELETE, ann.reference, reassign_to=bob.reference)
    done = apply(db, PURGE, ann.reference)
    assert done.contact is None and done.removed == 4  # 2 methods, 1 activity, 1 custom value
    with db.read() as session:
        assert session.get(Contact, ann.id) is None
        for model, column in (
            (Identity, Identity.contact_id),
            (Activity, Activity.contact_id),
            (CustomValue, CustomValue.contact_id),
        ):
            assert session.exec(select(model).where(column == ann.id)).all() == []
        contract = session.exec(select(Contract)).one()
        assert contract.customer_contact_id is None, "the company's contract stays"
        purge = session.exec(select(Event).where(Event.action == "purge")).one()
        assert "Ann" not in str(purge.rows), "the journal says what went, not what it held"
    assert _found(db, "is:deleted") == []
    assert _found(db, "ann@example.com") == []
    kept = _rows(db)
    with pytest.raises(CannotUndo) as refused, Store(db.url, author="tester") as store:
        store.journal.undo(done.operation_id)
    assert refused.value.problem is UndoProblem.PURGED
    assert "cannot undo" in str(refused.value) and "purge" in str(refused.value)
    with pytest.raises(CannotUndo):  # nothing before it can come back either: its rows are gone
        undo(db)
    assert _rows(db) == kept
    # the address is free again
    create_contact(db, first_name="Ann", identities=[("email", "ann@example.com")])


def test_purge_takes_the_tombstones_merged_into_the_contact(db, people):
    ann, bob = people
    merge_contacts(db, bob.reference, ann.reference)
    apply(db, DELETE, bob.reference, reassign_to=create_contact(db, first_name="Cy").reference)
    apply(db, PURGE, bob.reference)
    assert _contact(db, ann.id) is None and _contact(db, bob.id) is None


EXAMPLES = itertools.count()


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(tickets=st.integers(0, 3), deactivated=st.booleans(), methods=st.integers(0, 2))
def test_delete_then_undo_restores_the_database_exactly(db, tickets, deactivated, methods):
    example = next(EXAMPLES)
    doomed = create_contact(
        db,
        first_name="Dee",
        identities=[("email", f"dee{example}.{n}@example.com") for n in range(methods)],
    )
    heir = create_contact(db, first_name="Hal")
    for n in range(tickets):
        open_ticket(db, subject=f"Ticket {n}", contact=doomed.reference)
    if deactivated:
        apply(db, DEACTIVATE, doomed.reference)
    before = _rows(db)
    apply(db, DELETE, doomed.reference, reassign_to=heir.reference if tickets else None)
    undo(db)
    assert _rows(db) == before


def test_is_finds_the_hidden_ones_among_many_live_namesakes(db):
    """``is:`` keeps every source to the hidden contacts, not only the page it shows: the
    newest namesakes fill a page and would leave the deactivated one out."""
    old = create_contact(db, first_name="Zed", last_name="Quist")
    for n in range(3):
        create_contact(db, first_name="Zed", last_name="Quist", title=f"No. {n}")
    apply(db, DEACTIVATE, old.reference)
    with Store(db.url, author="tester", region="GB") as store:
        assert [h.reference for h in store.search("zed is:inactive", limit=2).hits] == [
            old.reference
        ]
        assert old.reference not in [h.reference for h in store.search("zed", limit=5).hits]


def test_a_deleted_contact_leaves_its_companys_contacts(db):
    from helpdesk_tui.store.companies.reads import contacts_page
    from helpdesk_tui.store.models import Company

    ann = create_contact(db, first_name="Ann", last_name="Lee", company="Acme", create_company=True)
    bob = create_contact(db, first_name="Bob", last_name="Ray", company="Acme")
    apply(db, DELETE, bob.reference)
    with db.read() as session:
        acme = session.exec(select(Company).where(Company.name == "Acme")).one()
        listed = [row.reference for row in contacts_page(session, acme.id).rows]
    assert listed == [ann.reference]
