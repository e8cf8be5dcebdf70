"""Ticket lists on both engines: pages newest first, sub-views, sorting both ways, scopes (a
contact, a company, all), the latest five, a ticket by reference however it is typed, and a
contact's page read off its index whatever the number of tickets it has."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event
from sqlmodel import select

from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import InvalidInput, NotFound
from helpdesk_tui.store.models import Agent, Company, Contact, Event, SlaPolicy, SlaTarget, Ticket
from helpdesk_tui.store.tickets import reads
from helpdesk_tui.store.tickets.operations import move_ticket, open_ticket
from helpdesk_tui.store.tickets.reads import get_ticket, list_tickets, recent_tickets
from helpdesk_tui.store.tickets.views import Direction, SortKey, SubView, TicketQuery

pytestmark = pytest.mark.both_engines

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _tickets(db: Database, contact, specs) -> list[str]:
    """Tickets written as a bare write (as an import or the demo would), the n-th opened n hours
    after T0: (status, priority, assignee username or None, first response due in hours)."""
    references = []
    with db.write() as session:
        agents = {a.username: a.id for a in session.exec(select(Agent))}
        for status, priority, assignee, due in specs:
            if assignee and assignee not in agents:
                agent = Agent(username=assignee)
                session.add(agent)
                session.flush()
                agents[assignee] = agent.id
            count = session.exec(select(Ticket.id)).all()
            created = T0 + timedelta(hours=len(count))
            ticket = Ticket(
                reference=f"T-{5_000_000 + len(count)}",
                subject=f"{status} {priority}",
                status=status,
                priority=priority,
                assignee_id=agents.get(assignee),
                contact_id=contact.id,
                company_id=session.get(Contact, contact.id).company_id,
                created_at=created,
                updated_at=created,
                first_response_due_at=None if due is None else T0 + timedelta(hours=due),
            )
            session.add(ticket)
            session.flush()
            references.append(ticket.reference)
    return references


@pytest.fixture
def ann(db):
    return create_contact(db, first_name="Ann", company="Acme", create_company=True)


@pytest.fixture
def seven(db, ann):
    """Seven tickets of Ann's, oldest first."""
    return _tickets(
        db,
        ann,
        [
            ("new", "low", None, 50),
            ("open", "urgent", "tester", 10),
            ("pending", "normal", "amara", None),
            ("resolved", "high", "tester", 5),
            ("closed", "normal", "amara", 1),
            ("new", "high", None, 30),
            ("open", "normal", "tester", 20),
        ],
    )


def _refs(page) -> list[str]:
    return [row.reference for row in page.rows]


def test_pages_come_newest_first_with_whether_more_follow(db, ann, seven):
    first = list_tickets(db, TicketQuery(contact=ann.reference, limit=3))
    assert _refs(first) == seven[::-1][:3]
    assert (first.has_more, first.total, first.total_capped) == (True, 7, False)
    last = list_tickets(db, replace(first.query, offset=6))
    assert (_refs(last), last.has_more) == ([seven[0]], False)
    row = first.rows[0]
    assert (row.contact_reference, row.company, row.subject) == (
        ann.reference,
        "Acme",
        "open normal",
    )


@pytest.mark.parametrize(
    ("view", "picked"),
    [
        (SubView.MINE, [1, 3, 6]),
        (SubView.OPEN, [0, 1, 2, 5, 6]),
        (SubView.CLOSED, [3, 4]),
        (SubView.UNASSIGNED, [0, 5]),
        (SubView.ALL, [0, 1, 2, 3, 4, 5, 6]),
    ],
)
def test_sub_views_pick_their_tickets(db, ann, seven, view, picked):
    page = list_tickets(db, TicketQuery(contact=ann.reference, view=view))
    assert _refs(page) == [seven[i] for i in reversed(picked)]


def test_mine_is_empty_for_an_agent_with_no_row_yet(db, ann, seven):
    stranger = Database(db.url, author="stranger", region="GB")
    try:
        assert list_tickets(stranger, TicketQuery(view=SubView.MINE)).rows == ()
    finally:
        stranger.dispose()


def test_statuses_narrow_a_view(db, ann, seven):
    page = list_tickets(db, TicketQuery(view=SubView.OPEN, statuses=("NEW",)))
    assert _refs(page) == [seven[5], seven[0]]
    with pytest.raises(InvalidInput) as failure:
        list_tickets(db, TicketQuery(statuses=("new", "done")))
    assert (failure.value.field, failure.value.choices[-1]) == ("status", "closed")


@pytest.mark.parametrize(
    ("sort", "direction", "order"),
    [
        (SortKey.PRIORITY, None, [1, 5, 3, 6, 4, 2, 0]),
        (SortKey.PRIORITY, Direction.ASC, [0, 2, 4, 6, 3, 5, 1]),
        (SortKey.STATUS, None, [0, 5, 1, 6, 2, 3, 4]),
        # Open tickets by their next due time; closed ones and those without a target last.
        (SortKey.DUE, None, [1, 6, 5, 0, 2, 3, 4]),
        (SortKey.DUE, Direction.DESC, [0, 5, 6, 1, 4, 3, 2]),
        (SortKey.REFERENCE, Direction.ASC, [0, 1, 2, 3, 4, 5, 6]),
        (SortKey.CREATED, Direction.ASC, [0, 1, 2, 3, 4, 5, 6]),
        (SortKey.UPDATED, None, [6, 5, 4, 3, 2, 1, 0]),
    ],
)
def test_sorting_by_each_key_both_ways(db, ann, seven, sort, direction, order):
    page = list_tickets(db, TicketQuery(contact=ann.reference, sort=sort, direction=direction))
    assert _refs(page) == [seven[i] for i in order]


def test_a_company_list_by_name_or_reference_and_everyone_s(db, ann, seven):
    bob = create_contact(db, first_name="Bob", company="Other", create_company=True)
    (bobs,) = _tickets(db, bob, [("new", "low", None, None)])
    by_name = list_tickets(db, TicketQuery(company="acme"))
    assert _refs(by_name) == seven[::-1]
    reference = get_ticket(db, seven[0]).company_reference
    assert _refs(list_tickets(db, TicketQuery(company=reference.lower()))) == seven[::-1]
    assert _refs(list_tickets(db, TicketQuery(company="Other"))) == [bobs]
    assert _refs(list_tickets(db, TicketQuery())) == [bobs, *seven[::-1]]


def test_the_latest_five(db, ann, seven):
    assert [r.reference for r in recent_tickets(db, contact=ann.reference)] == seven[::-1][:5]
    assert [r.reference for r in recent_tickets(db, company="Acme")] == seven[::-1][:5]


def test_unknown_scopes_are_not_found_naming_the_field(db):
    with pytest.raises(NotFound) as failure:
        list_tickets(db, TicketQuery(contact="C-404"))
    assert failure.value.field == "contact"
    with pytest.raises(NotFound) as failure:
        list_tickets(db, TicketQuery(company="Nobody Ltd"))
    assert failure.value.field == "company"


def test_a_merged_contact_lists_the_tickets_of_the_contact_it_became(db, ann, seven):
    twin = create_contact(db, first_name="Twin")
    with db.write() as session:
        session.get(Contact, twin.id).merged_into_id = ann.id
    assert _refs(list_tickets(db, TicketQuery(contact=twin.reference))) == seven[::-1]


def test_the_count_stops_at_its_cap(db, ann, seven, monkeypatch):
    monkeypatch.setattr(reads, "COUNT_CAP", 4)
    page = list_tickets(db, TicketQuery(contact=ann.reference, limit=2))
    assert (page.total, page.total_capped, page.has_more) == (4, True, True)


@pytest.mark.parametrize("typed", ["T-5000003", "t-5000003", "T5000003", " 5000003 "])
def test_a_ticket_is_found_however_its_reference_is_typed(db, ann, seven, typed):
    assert get_ticket(db, typed).reference == "T-5000003"


def test_an_unknown_ticket_reference_is_not_found(db):
    with pytest.raises(NotFound, match="T-42") as failure:
        get_ticket(db, "t-42")
    assert failure.value.field == "ticket"


@pytest.mark.sqlite_only
def test_a_contacts_newest_page_is_read_off_its_index_never_sorted(db, ann, seven):
    """What makes 50,000 tickets list as fast as five: SQLite picks the page's ids by walking
    ix_ticket_contact_created backwards and stops after the page, no sort of the contact's
    rows (a TEMP B-TREE), for the default list and for the Open sub-view; only the page's own
    rows are then sorted, once joined to their contact, company and assignee."""
    seen: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many):
        if "picked" in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        list_tickets(db, TicketQuery(contact=ann.reference))
        list_tickets(db, TicketQuery(contact=ann.reference, view=SubView.OPEN))
        list_tickets(db, TicketQuery(company="Acme"))
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert len(seen) == 3
    with db.engine.connect() as conn:
        for statement, parameters in seen:
            rows = list(conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
            (picking,) = [row[0] for row in rows if row[-1] == "MATERIALIZE picked"]
            plan = " ".join(str(row[-1]) for row in rows if row[1] == picking)
            assert "TEMP B-TREE" not in plan, plan
            assert "ix_ticket_contact_created" in plan or "ix_ticket_company_id" in plan, plan


contacts = st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=5)
_examples = itertools.count()


def _contact_with_policy(db: Database, name: str, minutes: int | None):
    """A contact at a company of its own, whose SLA policy (if any) answers in ``minutes``."""
    contact = create_contact(db, first_name=name, company=f"Co {name}", create_company=True)
    if minutes is not None:
        with db.write() as session:
            policy = SlaPolicy(name=f"policy {name}")
            session.add(policy)
            session.flush()
            session.add(
                SlaTarget(
                    policy_id=policy.id,
                    priority="normal",
                    first_response_minutes=minutes,
                    resolution_minutes=10 * minutes,
                )
            )
            company_id = session.get(Contact, contact.id).company_id
            session.get(Company, company_id).sla_policy_id = policy.id
    return contact


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(hops=contacts)
def test_moving_a_ticket_away_and_back_restores_its_contact_company_and_due_dates(db, hops):
    """A→…→A: wherever a ticket went, bringing it back to its first contact puts back the
    contact, the company and the due dates it had; each hop that changes the contact is one
    journalled move, and one to the contact it has already changes nothing."""
    n = next(_examples)
    people = {
        key: _contact_with_policy(db, f"{key}{n}", minutes)
        for key, minutes in (("a", 60), ("b", 15), ("c", None))
    }
    ticket = open_ticket(db, subject="roaming", contact=people["a"].reference)
    start = ticket.row
    version, here, moves = ticket.version, "a", 0
    for hop in [*hops, "a"]:
        moved = move_ticket(db, ticket.reference, version, people[hop].reference)
        assert (moved.row.contact_reference, moved.row.company) == (
            people[hop].reference,
            f"Co {hop}{n}",
        )
        moves += hop != here
        here, version = hop, moved.version
    back = get_ticket(db, ticket.reference).row
    assert (back.contact_reference, back.company) == (start.contact_reference, start.company)
    assert (back.first_response_due_at, back.resolution_due_at) == (
        start.first_response_due_at,
        start.resolution_due_at,
    )
    assert back.version == 1 + moves
    with db.read() as session:
        journal = session.exec(
            select(Event).where(
                Event.entity == "ticket", Event.entity_id == back.id, Event.action == "move"
            )
        ).all()
    assert len(journal) == moves
