"""Ticket operations on both engines: open, set, move, reply and note, each with its journal
Event holding whole rows, and every kind of bad input refused with a typed error that names its
field and writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import (
    ContactUnavailable,
    ErrorCode,
    InvalidInput,
    NotFound,
    StaleEdit,
    Unavailable,
)
from helpdesk_tui.store.journal.unit import row_state
from helpdesk_tui.store.models import (
    Agent,
    Company,
    Contact,
    Event,
    SlaPolicy,
    SlaTarget,
    Ticket,
    TicketMessage,
)
from helpdesk_tui.store.tickets import rules
from helpdesk_tui.store.tickets.operations import (
    add_message,
    move_ticket,
    open_ticket,
    set_ticket,
)
from helpdesk_tui.store.tickets.reads import get_ticket
from helpdesk_tui.store.tickets.views import MessageKind

pytestmark = pytest.mark.both_engines


def _events(db: Database, entity: str | None = None) -> list[Event]:
    with db.read() as session:
        query = select(Event).order_by(col(Event.id))
        if entity:
            query = query.where(Event.entity == entity)
        return list(session.exec(query).all())


def _count(db: Database, model) -> int:
    with db.read() as session:
        return len(session.exec(select(model)).all())


def _policy(db: Database, name: str, minutes: dict[str, tuple[int, int]]) -> int:
    with db.write() as session:
        policy = SlaPolicy(name=name)
        session.add(policy)
        session.flush()
        for priority, (first, resolution) in minutes.items():
            session.add(
                SlaTarget(
                    policy_id=policy.id,
                    priority=priority,
                    first_response_minutes=first,
                    resolution_minutes=resolution,
                )
            )
        return policy.id


def _assign_policy(db: Database, model, row_id: int, policy_id: int) -> None:
    with db.write() as session:
        session.get(model, row_id).sla_policy_id = policy_id


def _agent(db: Database, username: str, active: bool = True) -> None:
    with db.write() as session:
        session.add(Agent(username=username, display_name=username.title(), active=active))


@pytest.fixture
def ann(db):
    return create_contact(
        db, first_name="Ann", last_name="Lee", company="Acme", create_company=True
    )


@pytest.fixture
def bob(db):
    return create_contact(
        db, first_name="Bob", last_name="Roe", company="Initech", create_company=True
    )


# --- open ----------------------------------------------------------------------------------------


def test_open_numbers_the_ticket_assigns_me_and_journals_it_with_its_first_message(db, ann):
    before = len(_events(db))
    ticket = open_ticket(
        db,
        subject="  Printer on fire ",
        contact=ann.reference.lower(),
        priority="High",
        group="Hardware",
        body="It smokes.\nHelp!",
    )
    row = ticket.row
    assert row.reference == f"T-{1_000_000 + row.id}"
    assert (row.subject, row.priority, row.status, row.group) == (
        "Printer on fire",
        "high",
        "new",
        "Hardware",
    )
    assert (row.contact_reference, row.contact_name, row.company) == (
        ann.reference,
        "Ann Lee",
        "Acme",
    )
    assert (row.assignee, ticket.assignee_name, row.version) == ("tester", "tester", 1)
    assert [(m.kind, m.author, m.body) for m in ticket.messages] == [
        (MessageKind.CUSTOMER, "Ann Lee", "It smokes.\nHelp!")
    ]
    (created,) = _events(db)[before:]
    assert (created.entity, created.entity_id, created.action, created.author) == (
        "ticket",
        row.id,
        "create",
        "tester",
    )
    assert (
        created.description == f"opened {row.reference} for Ann Lee ({ann.reference}): "
        "Printer on fire"
    )
    assert created.after["reference"] == row.reference and created.after["version"] == 1
    assert [(r["table"], r["before"]) for r in created.rows] == [
        ("ticket", None),
        ("ticket_message", None),
    ]
    with db.read() as session:
        assert created.rows[0]["after"] == row_state(session.get(Ticket, row.id))


def test_the_default_assignee_is_created_and_journalled_on_their_first_change(db, ann):
    """The agent acting has no Agent row yet when their first change opens a ticket: the row is
    made and journalled, so the ticket never points at an unrecorded agent."""
    first = Database(db.url, author="newbie", region="GB")
    try:
        ticket = open_ticket(first, subject="Hello", contact=ann.reference)
    finally:
        first.dispose()
    agent_event, ticket_event = _events(db)[-2:]
    assert (agent_event.entity, agent_event.action, agent_event.author) == (
        "agent",
        "create",
        "newbie",
    )
    assert [r["table"] for r in agent_event.rows] == ["agent"]
    assert agent_event.operation_id == ticket_event.operation_id
    assert ticket.row.assignee == "newbie"


def test_open_for_nobody_or_another_agent(db, ann):
    _agent(db, "amara")
    assert open_ticket(db, subject="x", contact=ann.reference, assignee="").row.assignee == ""
    assert (
        open_ticket(db, subject="y", contact=ann.reference, assignee="amara").row.assignee
        == "amara"
    )
    visitor = open_ticket(db, subject="z", requester_name="Walk In", requester="w@x.example")
    assert (visitor.row.contact_reference, visitor.row.requester, visitor.requester) == (
        "",
        "Walk In",
        "w@x.example",
    )


def test_due_dates_come_from_the_contacts_policy_before_the_companys(db, ann):
    company_policy = _policy(db, "Standard", {"normal": (60, 600), "urgent": (10, 100)})
    contact_policy = _policy(db, "Gold", {"normal": (30, 300)})
    with db.read() as session:
        company_id = session.get(Contact, ann.id).company_id
    _assign_policy(db, Company, company_id, company_policy)
    by_company = open_ticket(db, subject="a", contact=ann.reference, priority="urgent").row
    assert by_company.first_response_due_at - by_company.created_at == timedelta(minutes=10)
    assert by_company.resolution_due_at - by_company.created_at == timedelta(minutes=100)
    _assign_policy(db, Contact, ann.id, contact_policy)
    by_contact = open_ticket(db, subject="b", contact=ann.reference).row
    assert by_contact.first_response_due_at - by_contact.created_at == timedelta(minutes=30)
    assert by_contact.next_due == by_contact.first_response_due_at
    no_target = open_ticket(db, subject="c", contact=ann.reference, priority="low").row
    assert (no_target.first_response_due_at, no_target.resolution_due_at) == (None, None)


def test_a_number_someone_holds_is_never_handed_out_again(db, ann, monkeypatch):
    with db.write() as session:
        session.add(Ticket(reference="T-1000002", subject="imported"))  # gets id 1
    monkeypatch.setattr(rules, "draw", lambda bound: 4242)
    ticket = open_ticket(db, subject="next", contact=ann.reference)
    assert ticket.reference == "T-900004242"


@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"subject": "   "}, InvalidInput, "subject"),
        ({"subject": "x" * 251}, InvalidInput, "subject"),
        ({"priority": "asap"}, InvalidInput, "priority"),
        ({"assignee": "nobody-here"}, InvalidInput, "assignee"),
        ({"contact": "C-99999999"}, NotFound, "contact"),
        ({"contact": ""}, InvalidInput, "contact"),
        ({"body": "b" * 100_001}, InvalidInput, "body"),
    ],
)
def test_open_refuses_bad_input_naming_the_field_and_writes_nothing(db, ann, fields, error, field):
    events = len(_events(db))
    with pytest.raises(error) as failure:
        open_ticket(db, **({"subject": "ok", "contact": ann.reference} | fields))
    assert failure.value.field == field
    assert failure.value.code is ErrorCode.ERROR
    assert (_count(db, Ticket), len(_events(db))) == (0, events)


def test_an_unknown_priority_lists_the_valid_ones(db, ann):
    with pytest.raises(InvalidInput) as failure:
        open_ticket(db, subject="ok", contact=ann.reference, priority="asap")
    assert failure.value.choices == ("urgent", "high", "normal", "low")
    assert "urgent, high, normal, low" in str(failure.value)


def test_a_deactivated_agent_is_not_assigned(db, ann):
    _agent(db, "gone", active=False)
    with pytest.raises(InvalidInput, match="deactivated") as failure:
        open_ticket(db, subject="ok", contact=ann.reference, assignee="gone")
    assert failure.value.field == "assignee"


# --- set -----------------------------------------------------------------------------------------


def test_set_changes_fields_on_the_loaded_version_and_journals_before_and_after(db, ann):
    _agent(db, "amara")
    ticket = open_ticket(db, subject="s", contact=ann.reference)
    changed = set_ticket(
        db,
        ticket.reference,
        ticket.version,
        status="Pending",
        priority="urgent",
        group="Billing",
        assignee="amara",
    )
    row = changed.row
    assert (row.status, row.priority, row.group, row.assignee, row.version) == (
        "pending",
        "urgent",
        "Billing",
        "amara",
        2,
    )
    assert row.updated_at > ticket.row.updated_at
    event = _events(db)[-1]
    assert (event.action, event.before["status"], event.after["status"]) == (
        "update",
        "new",
        "pending",
    )
    assert (event.before["version"], event.after["version"]) == (1, 2)
    assert "status to pending" in event.description and "assignee to amara" in event.description
    unassigned = set_ticket(db, ticket.reference, 2, assignee="")
    assert (unassigned.row.assignee, unassigned.version) == ("", 3)


def test_resolving_stamps_resolved_at_closing_keeps_it_and_reopening_clears_it(db, ann):
    ticket = open_ticket(db, subject="s", contact=ann.reference)
    resolved = set_ticket(db, ticket.reference, ticket.version, status="resolved")
    stamp = resolved.row.resolved_at
    assert stamp is not None
    closed = set_ticket(db, ticket.reference, resolved.version, status="closed")
    assert closed.row.resolved_at == stamp and closed.row.next_due is None
    reopened = set_ticket(db, ticket.reference, closed.version, status="open")
    assert reopened.row.resolved_at is None


def test_a_new_priority_takes_its_due_dates_from_the_policy(db, ann):
    _assign_policy(db, Contact, ann.id, _policy(db, "P", {"normal": (60, 600), "high": (5, 50)}))
    ticket = open_ticket(db, subject="s", contact=ann.reference)
    high = set_ticket(db, ticket.reference, ticket.version, priority="high").row
    assert high.first_response_due_at - high.created_at == timedelta(minutes=5)


def test_a_set_that_changes_nothing_writes_nothing(db, ann):
    ticket = open_ticket(db, subject="s", contact=ann.reference, priority="high")
    events = len(_events(db))
    same = set_ticket(db, ticket.reference, ticket.version, priority="HIGH", status="new")
    assert same.version == ticket.version and len(_events(db)) == events


def test_a_stale_set_is_a_conflict_naming_who_changed_what(db, ann):
    ticket = open_ticket(db, subject="s", contact=ann.reference)
    other = Database(db.url, author="amara", region="GB")
    try:
        set_ticket(other, ticket.reference, ticket.version, status="pending")
    finally:
        other.dispose()
    with pytest.raises(StaleEdit) as failure:
        set_ticket(db, ticket.reference, ticket.version, status="closed")
    stale = failure.value
    assert stale.code is ErrorCode.CONFLICT
    assert (stale.entity, stale.reference, stale.loaded_version, stale.current_version) == (
        "ticket",
        ticket.reference,
        1,
        2,
    )
    assert stale.changed_by == "amara"
    assert [(c.field, c.loaded, c.theirs, c.yours, c.author) for c in stale.changes] == [
        ("status", "new", "pending", "closed", "amara")
    ]
    assert stale.current.row.status == "pending"
    assert get_ticket(db, ticket.reference).row.status == "pending"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "done"}, "status"),
        ({"priority": "p1"}, "priority"),
        ({"assignee": "stranger"}, "assignee"),
    ],
)
def test_set_refuses_unknown_values_naming_the_field(db, ann, changes, field):
    ticket = open_ticket(db, subject="s", contact=ann.reference)
    with pytest.raises(InvalidInput) as failure:
        set_ticket(db, ticket.reference, ticket.version, **changes)
    assert failure.value.field == field
    assert get_ticket(db, ticket.reference).version == 1


def test_an_unknown_status_lists_the_valid_ones(db, ann):
    ticket = open_ticket(db, subject="s", contact=ann.reference)
    with pytest.raises(InvalidInput) as failure:
        set_ticket(db, ticket.reference, 1, status="done")
    assert failure.value.choices == ("new", "open", "pending", "resolved", "closed")


def test_an_unknown_ticket_is_not_found(db):
    with pytest.raises(NotFound) as failure:
        set_ticket(db, "T-4", 1, status="open")
    assert failure.value.field == "ticket" and "T-4" in str(failure.value)


# --- move ----------------------------------------------------------------------------------------


def test_move_gives_the_ticket_and_its_company_to_the_new_contact(db, ann, bob):
    ticket = open_ticket(db, subject="s", contact=ann.reference)
    moved = move_ticket(db, ticket.reference, ticket.version, bob.reference)
    assert (moved.row.contact_reference, moved.row.company, moved.version) == (
        bob.reference,
        "Initech",
        2,
    )
    event = _events(db)[-1]
    assert (event.entity, event.action) == ("ticket", "move")
    assert event.description == (
        f"moved {ticket.reference} from Ann Lee ({ann.reference}) to Bob Roe ({bob.reference})"
    )
    assert (event.before["contact"], event.after["contact"]) == (ann.reference, bob.reference)
    assert event.before["company_id"] != event.after["company_id"]
    with db.read() as session:
        assert event.rows[0]["after"] == row_state(session.get(Ticket, ticket.row.id))


def test_moving_a_visitors_ticket_links_it_to_a_contact(db, ann):
    ticket = open_ticket(db, subject="s", requester_name="Walk In", requester="w@x.example")
    assert (ticket.row.contact_reference, ticket.row.company) == ("", "")
    moved = move_ticket(db, ticket.reference, ticket.version, ann.reference)
    assert (moved.row.contact_reference, moved.row.company, moved.requester) == (
        ann.reference,
        "Acme",
        "w@x.example",
    )
    event = _events(db)[-1]
    assert (
        event.description == f"moved {ticket.reference} from Walk In to Ann Lee ({ann.reference})"
    )
    assert (event.before["contact"], event.after["contact"]) == (None, ann.reference)


def test_moving_to_a_deactivated_or_merged_contact_is_refused_with_the_reason(db, ann, bob):
    ticket = open_ticket(db, subject="s", contact=ann.reference)
    gone = create_contact(db, first_name="Gone")
    merged = create_contact(db, first_name="Twin")
    with db.write() as session:
        session.get(Contact, gone.id).active = False
        session.get(Contact, merged.id).merged_into_id = bob.id
    events = len(_events(db))
    with pytest.raises(ContactUnavailable, match="deactivated") as failure:
        move_ticket(db, ticket.reference, ticket.version, gone.reference)
    assert (failure.value.field, failure.value.reason) == ("contact", Unavailable.DEACTIVATED)
    with pytest.raises(ContactUnavailable) as failure:
        move_ticket(db, ticket.reference, ticket.version, merged.reference)
    assert (failure.value.reason, failure.value.merged_into) == (Unavailable.MERGED, bob.reference)
    with pytest.raises(NotFound) as failure:
        move_ticket(db, ticket.reference, ticket.version, "C-99999999")
    assert failure.value.field == "contact"
    with pytest.raises(ContactUnavailable):
        open_ticket(db, subject="s", contact=gone.reference)
    assert len(_events(db)) == events
    assert get_ticket(db, ticket.reference).row.contact_reference == ann.reference


def test_a_stale_move_is_a_conflict(db, ann, bob):
    ticket = open_ticket(db, subject="s", contact=ann.reference)
    set_ticket(db, ticket.reference, ticket.version, status="open")
    with pytest.raises(StaleEdit):
        move_ticket(db, ticket.reference, ticket.version, bob.reference)
    assert get_ticket(db, ticket.reference).row.contact_reference == ann.reference


# --- reply and note ------------------------------------------------------------------------------


def test_the_first_reply_stamps_the_first_response_and_a_note_does_not(db, ann):
    ticket = open_ticket(db, subject="s", contact=ann.reference, body="Help")
    noted = add_message(db, ticket.reference, "Called them back", internal=True)
    assert noted.row.first_response_at is None
    assert noted.row.updated_at > ticket.row.updated_at and noted.version == 2
    replied = add_message(db, ticket.reference, "On our way")
    first = replied.row.first_response_at
    assert first is not None and replied.row.next_due == replied.row.resolution_due_at
    again = add_message(db, ticket.reference, "Fixed?")
    assert again.row.first_response_at == first
    assert [(m.kind, m.author) for m in again.messages] == [
        (MessageKind.CUSTOMER, "Ann Lee"),
        (MessageKind.NOTE, "tester"),
        (MessageKind.REPLY, "tester"),
        (MessageKind.REPLY, "tester"),
    ]
    actions = [(e.action, e.after["internal"]) for e in _events(db, "ticket")[1:]]
    assert actions == [("note", True), ("reply", False), ("reply", False)]
    note_event = _events(db, "ticket")[1]
    assert [r["table"] for r in note_event.rows] == ["ticket_message", "ticket"]


def test_an_empty_reply_is_refused(db, ann):
    ticket = open_ticket(db, subject="s", contact=ann.reference)
    with pytest.raises(InvalidInput) as failure:
        add_message(db, ticket.reference, " \n ")
    assert failure.value.field == "body"
    assert _count(db, TicketMessage) == 0
