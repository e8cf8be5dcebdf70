"""Merging contacts on both engines: the plan shows what differs and what moves; the merge takes
the fields chosen, moves everything to the survivor in one operation, leaves the other as a
tombstone out of the search, and undo restores both exactly; a merge into itself, a tombstone
or a loop, by a non-admin or on a stale preview is refused and writes nothing. A contact method
another contact holds is refused naming the owner, and can be moved over in one operation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import col, select

from helpdesk_tui.store.activities.operations import log_activity
from helpdesk_tui.store.contacts.identity_move import move_identity
from helpdesk_tui.store.contacts.merge import merge_contacts
from helpdesk_tui.store.contacts.merge_plan import Holdings, Side, merge_plan
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.contacts.reads import get_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import ErrorCode, InvalidInput, StaleEdit, ValidationFailed
from helpdesk_tui.store.journal.history import history_page
from helpdesk_tui.store.journal.rowsets import each_row, is_row_set
from helpdesk_tui.store.journal.touches import links
from helpdesk_tui.store.journal.undo import undo
from helpdesk_tui.store.journal.unit import row_state
from helpdesk_tui.store.models import (
    Activity,
    Agent,
    Contact,
    Contract,
    CustomValue,
    Event,
    Identity,
    Ticket,
)
from helpdesk_tui.store.refusals import MergeProblem, MergeRefused, NotAllowed
from helpdesk_tui.store.service import Store
from helpdesk_tui.store.tickets.operations import open_ticket, set_ticket
from helpdesk_tui.store.tickets.reads import get_ticket

pytestmark = pytest.mark.both_engines

ANNES = Holdings(tickets=2, identities=2, activities=1, custom_values=1, contracts=1)


@pytest.fixture
def pair(db: Database):
    """Ann (the tester's first contact: the tester is the database's first agent, an admin) at
    Acme, and Anne at Zeta holding two tickets, two methods, an activity, a custom value and a
    contract naming her."""
    ann = create_contact(
        db,
        first_name="Ann",
        last_name="Lee",
        company="Acme",
        create_company=True,
        identities=[("email", "ann@example.com")],
    )
    anne = create_contact(
        db,
        first_name="Anne",
        last_name="Lee",
        title="CTO",
        company="Zeta",
        create_company=True,
        identities=[("email", "anne@work.example"), ("phone", "+44 20 7946 0000")],
    )
    for subject in ("Printer on fire", "Toner"):
        open_ticket(db, subject=subject, contact=anne.reference)
    log_activity(db, kind="call", summary="Called about toner", contact=anne.reference)
    with db.write() as session:
        session.add(CustomValue(contact_id=anne.id, key="Plan", value="Gold", source="crm"))
        zeta = session.exec(select(Contact.company_id).where(Contact.id == anne.id)).one()
        session.add(Contract(company_id=zeta, customer_contact_id=anne.id, description="SLA"))
    return ann, anne


@pytest.fixture
def bob(db: Database) -> Iterator[Database]:
    other = Database(db.url, author="bob", region="GB")
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


def test_the_plan_shows_the_fields_that_differ_and_what_each_holds(db, pair):
    ann, anne = pair
    plan = merge_plan(db, ann.reference.lower(), anne.reference)
    assert [(f.name, f.a, f.b) for f in plan.fields] == [
        ("first_name", "Ann", "Anne"),
        ("title", "", "CTO"),
        ("company", "Acme", "Zeta"),
    ]
    assert plan.b_holds == ANNES
    assert plan.moving(Side.A) == plan.b_holds and plan.moving(Side.B) == plan.a_holds
    assert plan.a_holds.identities == 1


def test_a_merge_takes_the_fields_chosen_and_moves_everything_in_one_operation(db, pair):
    ann, anne = pair
    merged = merge_contacts(db, ann.reference, anne.reference, take={"title": Side.B})
    survivor = get_contact(db, anne.reference)  # a tombstone's reference leads to the survivor
    assert survivor.merged_from == anne.reference
    assert (survivor.contact.reference, survivor.contact.title) == (ann.reference, "CTO")
    assert (survivor.contact.first_name, survivor.contact.company) == ("Ann", "Acme")
    assert merged.moved == ANNES
    methods = {(i.value, i.is_default) for i in survivor.contact.identities}
    assert methods == {
        ("ann@example.com", True),
        ("anne@work.example", False),
        ("+44 20 7946 0000", True),
    }, "one default a kind: the survivor's, else the one that came"
    with db.read() as session:
        loser = session.get(Contact, anne.id)
        assert (loser.merged_into_id, loser.is_primary) == (ann.id, False)
        for model, column in (
            (Ticket, Ticket.contact_id),
            (Identity, Identity.contact_id),
            (Activity, Activity.contact_id),
            (CustomValue, CustomValue.contact_id),
            (Contract, Contract.customer_contact_id),
        ):
            assert session.exec(select(model).where(column == anne.id)).all() == []
        acme = session.get(Contact, ann.id).company_id
        tickets = session.exec(select(Ticket).where(Ticket.contact_id == ann.id)).all()
        assert {t.company_id for t in tickets} == {acme}, "a ticket's company follows"
        operations = {e.operation_id for e in session.exec(select(Event)) if e.action == "merge"}
        assert operations == {merged.operation_id}
    assert _found(db, "anne lee") == [ann.reference], "the tombstone left the search"
    assert _found(db, "anne@work.example") == [ann.reference]
    for reference in (ann.reference, anne.reference):
        assert history_page_of(db, reference).entries[0].actions == ("update", "merge")


def history_page_of(db: Database, reference: str):
    with db.read() as session:
        return history_page(session, reference, 0, 5)


def test_undo_of_a_merge_restores_both_contacts_row_for_row(db, pair):
    ann, anne = pair
    before = _rows(db)
    merged = merge_contacts(db, ann.reference, anne.reference, keep=Side.B, take={"title": Side.A})
    assert merged.survivor.reference == anne.reference and merged.survivor.title == ""
    after = _rows(db)
    undone = undo(db)
    assert undone.undone.operation_id == merged.operation_id
    assert _rows(db) == before
    assert _found(db, "ann@example.com") == [ann.reference]
    assert _found(db, "anne@work.example") == [anne.reference]
    with db.read() as session:
        versions = {c.id: c.version for c in session.exec(select(Contact))}
    assert versions == {ann.id: 3, anne.id: 3}, "merged (2), undone (3): never back"
    undo(db, undone.operation_id)
    assert _rows(db) == after, "redone from the undo's journal (its tickets a row set)"


@pytest.mark.parametrize(  # a deleted contact: test_lifecycle_store
    "problem", [MergeProblem.SAME, MergeProblem.TOMBSTONE, MergeProblem.LOOP]
)
def test_a_merge_into_itself_a_tombstone_or_a_loop_is_refused(db, pair, problem):
    ann, anne = pair
    third = create_contact(db, first_name="Cy")
    if problem is MergeProblem.SAME:
        args, at_fault = (ann.reference, ann.reference.lower()), ann.reference
    else:
        merge_contacts(db, ann.reference, anne.reference)
        if problem is MergeProblem.TOMBSTONE:
            args, at_fault = (third.reference, anne.reference), anne.reference
        else:
            args, at_fault = (anne.reference, ann.reference), anne.reference
    before = _rows(db)
    with pytest.raises(MergeRefused) as refused:
        merge_contacts(db, *args)
    assert (refused.value.problem, refused.value.reference) == (problem, at_fault)
    assert refused.value.code is ErrorCode.REFUSED
    if problem is not MergeProblem.SAME:
        assert refused.value.merged_into == ann.reference
    assert _rows(db) == before


def test_only_an_admin_merges_and_the_first_agent_of_a_database_is_one(db, pair, bob):
    ann, anne = pair
    before = _rows(db)
    with pytest.raises(NotAllowed) as refused:
        merge_contacts(bob, ann.reference, anne.reference)
    assert (refused.value.code, refused.value.agent) == (ErrorCode.FORBIDDEN, "bob")
    assert "only an admin may merge" in str(refused.value)
    assert _rows(db) == before
    with db.read() as session:
        roles = dict(session.exec(select(Agent.username, Agent.role)).all())
    assert roles == {"tester": "admin"}, "bob's refused attempt left no row either"


def test_a_merge_on_a_stale_preview_or_with_an_unknown_field_is_refused(db, pair, bob):
    ann, anne = pair
    plan = merge_plan(db, ann.reference, anne.reference)
    update_contact(bob, anne.reference, anne.version, {"city": "Leeds"})
    before = _rows(db)
    with pytest.raises(StaleEdit) as stale:
        merge_contacts(db, ann.reference, anne.reference, versions=(plan.a.version, plan.b.version))
    assert stale.value.changed_by == "bob"
    with pytest.raises(InvalidInput) as unknown:
        merge_contacts(db, ann.reference, anne.reference, take={"shoe_size": Side.B})
    assert unknown.value.field == "shoe_size"
    assert _rows(db) == before


def test_a_method_another_contact_holds_names_its_owner_and_can_be_moved_here(db, pair):
    ann, anne = pair
    with pytest.raises(ValidationFailed) as taken:
        create_contact(db, first_name="Eve", identities=[("email", "ann@EXAMPLE.com")])
    conflict = taken.value.conflicts[0]
    assert (conflict.owner_reference, conflict.owner_name) == (ann.reference, "Ann Lee")
    assert taken.value.code is ErrorCode.CONFLICT
    before = _rows(db)
    moved = move_identity(db, "phone", "020 7946 0000", ann.reference, version=ann.version)
    assert {(i.value, i.is_default) for i in moved.identities} == {
        ("ann@example.com", True),
        ("+44 20 7946 0000", True),
    }
    assert moved.version == ann.version + 1
    assert _found(db, "+44 20 7946 0000") == [ann.reference]
    with db.read() as session:
        events = session.exec(select(Event).order_by(col(Event.id).desc()).limit(2)).all()
    assert {e.entity_id for e in events} == {ann.id, anne.id}
    assert len({e.operation_id for e in events}) == 1
    undo(db)
    assert _rows(db) == before
    assert _found(db, "+44 20 7946 0000") == [anne.reference]


def test_a_ticket_moved_by_a_merge_tells_a_stale_editor_who_moved_it(db, pair, bob):
    ann, anne = pair
    ticket = get_contact(db, anne.reference).tickets[0]
    loaded = get_ticket(bob, ticket.reference).version
    merged = merge_contacts(db, ann.reference, anne.reference)
    with pytest.raises(StaleEdit) as stale:
        set_ticket(bob, ticket.reference, loaded, status="pending")
    assert (stale.value.changed_by, stale.value.current_version) == ("tester", loaded + 1)
    assert stale.value.change.startswith(f"merged Anne Lee ({anne.reference}) into Ann Lee")
    undone = undo(db, merged.operation_id)
    with pytest.raises(StaleEdit) as again:
        set_ticket(bob, ticket.reference, loaded + 1, status="pending")
    assert again.value.change == "undid " + undone.undone.description


def test_a_merge_journals_the_tickets_it_moved_as_one_row_set_that_reads_whole(db, pair):
    """The moved tickets are held as their states before and what the merge set (``rowsets``);
    read back, each is its whole stored row before and after, and ``event_row`` gets the same
    lines as for the rows one by one."""
    ann, anne = pair
    with db.read() as session:
        tickets = session.exec(select(Ticket).where(Ticket.contact_id == anne.id)).all()
        before = {t.id: row_state(t) for t in tickets}
    merged = merge_contacts(db, ann.reference, anne.reference)
    with db.read() as session:
        after = {row_id: row_state(session.get(Ticket, row_id)) for row_id in before}
        entry = session.exec(select(Event).where(Event.operation_id == merged.operation_id)).all()
    held = [item for e in entry for item in e.rows if item["table"] == "ticket"]
    assert [is_row_set(item) for item in held] == [True]
    read = {row["id"]: (row["before"], row["after"]) for row in each_row(held)}
    assert read == {row_id: (before[row_id], after[row_id]) for row_id in before}
    for e in entry:
        assert links(e.entity, e.entity_id, e.rows) == links(
            e.entity, e.entity_id, list(each_row(e.rows))
        )
