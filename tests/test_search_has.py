"""``has:open`` and ``has:unassigned`` on both engines: contacts kept by their tickets with
other parts of a query, and listed alone by when their open tickets changed, latest first."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from helpdesk_tui.store.models import Agent, Contact, Ticket
from helpdesk_tui.store.search import keys as search_keys
from helpdesk_tui.store.search import ticket_filters
from helpdesk_tui.store.search.query import parse
from helpdesk_tui.store.search.searcher import search

from .test_search import _create

pytestmark = pytest.mark.both_engines

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _ticket(db, contact, status: str, hours: float, assignee: str | None = None) -> None:
    """A ticket of ``contact`` last updated ``hours`` after T0, written bare (as the demo or
    an import would)."""
    with db.write() as session:
        agent = None
        if assignee:
            agent = session.exec(select(Agent).where(Agent.username == assignee)).first()
            if agent is None:
                agent = Agent(username=assignee)
                session.add(agent)
                session.flush()
        count = len(session.exec(select(Ticket.id)).all())
        session.add(
            Ticket(
                reference=f"T-{6_000_000 + count}",
                subject=status,
                status=status,
                assignee_id=agent.id if agent else None,
                contact_id=contact.id,
                created_at=T0,
                updated_at=T0 + timedelta(hours=hours),
            )
        )


@pytest.fixture
def callers(db):
    """Five callers: open tickets of various ages, assigned or not, and closed ones."""
    people = _create(
        db,
        (
            ("Jon", "Open", "Acme Ltd", [("whatsapp", "+44 7400 084175")]),
            ("Jon", "Closed", "Acme Ltd", [("whatsapp", "+44 7400 084176")]),
            ("Ann", "Unassigned", "", [("email", "ann@example.com")]),
            ("Bea", "Pending", "", [("twitter", "@bea")]),
            ("Cy", "Nothing", "", []),
        ),
    )
    _ticket(db, people["Jon Open"], "open", 5, assignee="amara")
    _ticket(db, people["Jon Open"], "closed", 50)
    _ticket(db, people["Jon Closed"], "resolved", 60)
    _ticket(db, people["Jon Closed"], "closed", 70)
    _ticket(db, people["Ann Unassigned"], "new", 3)
    _ticket(db, people["Ann Unassigned"], "open", 1, assignee="amara")
    _ticket(db, people["Bea Pending"], "pending", 9, assignee="chen")
    return people


def _names(db, query, **kwargs):
    with db.raw() as conn:
        return [hit.name for hit in search(conn, query, **kwargs).hits]


def test_has_open_alone_lists_contacts_by_their_latest_open_ticket(db, callers):
    # Bea's pending ticket changed last (9 h), then Jon's open one (5 h), then Ann's new one
    # (3 h); Jon Closed's later tickets are closed, and Cy has none
    assert _names(db, "has:open") == ["Bea Pending", "Jon Open", "Ann Unassigned"]
    assert _names(db, "has:open", limit=2) == ["Bea Pending", "Jon Open"]


def test_has_unassigned_keeps_only_open_tickets_nobody_has(db, callers):
    assert _names(db, "has:unassigned") == ["Ann Unassigned"]
    _ticket(db, callers["Jon Closed"], "closed", 80)  # closed, even if nobody's: not wanted
    assert _names(db, "has:unassigned") == ["Ann Unassigned"]


def test_has_narrows_words_and_keys(db, callers):
    assert set(_names(db, "jon")) == {"Jon Closed", "Jon Open"}
    assert _names(db, "jon has:open") == ["Jon Open"]
    assert _names(db, "has:open jon") == ["Jon Open"]
    assert _names(db, "jon has:unassigned") == []
    assert _names(db, "phone:084176 has:open") == []
    assert _names(db, "phone:084175 has:open") == ["Jon Open"]
    assert _names(db, "company:acme has:open") == ["Jon Open"]


@pytest.mark.parametrize("rare", [search_keys.RARE_KIND, 1])
def test_has_with_a_kind_lists_the_contacts_with_both(db, callers, monkeypatch, rare):
    # a rare kind is read from the identity index, a common one by walking the open tickets:
    # both find the same contacts in the same order
    monkeypatch.setattr(search_keys, "RARE_KIND", rare)
    assert _names(db, "kind:whatsapp has:open") == ["Jon Open"]
    assert _names(db, "has:open kind:twitter") == ["Bea Pending"]
    assert _names(db, "kind:email has:unassigned") == ["Ann Unassigned"]
    assert _names(db, "kind:wechat has:open") == []


def test_a_merged_contact_is_not_listed(db, callers):
    with db.write() as session:
        loser = session.get(Contact, callers["Bea Pending"].id)
        loser.merged_into_id = callers["Cy Nothing"].id
    assert _names(db, "has:open") == ["Jon Open", "Ann Unassigned"]


def test_a_value_is_read_from_its_start_and_an_unknown_one_is_refused(db, callers):
    assert _names(db, "has:un") == ["Ann Unassigned"]
    assert _names(db, "HAS:Open") == ["Bea Pending", "Jon Open", "Ann Unassigned"]
    with db.raw() as conn:
        result = search(conn, "has:tickets")
    assert (result.hits, result.strategy) == ((), "invalid")
    assert "has:open" in result.error and "has:unassigned" in result.error


def test_the_parser_reads_has_as_a_filter():
    query = parse("anna has:unassigned company:koch")
    assert (query.text, query.has, query.filters["company"]) == ("anna", "unassigned", "koch")
    assert parse("has:").has == "" and not parse("has:").problem
    assert parse("has:o").has == "open"
    assert parse("jon has:open").unparse() == "jon has:open"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_listing_in_batches_matches_sorting_every_ticket(db, monkeypatch, seed):
    """Random tickets, read one per contact wanted per status at first, so the batches fill
    and are read again: the contacts come out as sorting every open ticket would list them."""
    monkeypatch.setattr(ticket_filters, "FIRST_READ", 1)
    pick = random.Random(seed)
    people = list(_create(db, [("P", f"n{i}", "", []) for i in range(12)]).values())
    tickets = []
    for hours in pick.sample(range(500), 60):
        person = pick.choice(people)
        status = pick.choice(["new", "open", "pending", "resolved", "closed"])
        assignee = pick.choice([None, "amara"])
        _ticket(db, person, status, hours, assignee)
        tickets.append((hours, person.id, status, assignee))
    for has, keep in (
        ("open", lambda status, assignee: status in ("new", "open", "pending")),
        ("unassigned", lambda s, assignee: s in ("new", "open", "pending") and assignee is None),
    ):
        expected: dict[int, None] = {}
        for _, contact_id, status, assignee in sorted(tickets, reverse=True):
            if keep(status, assignee):
                expected.setdefault(contact_id)
        for limit in (1, 3, 50):
            with db.raw() as conn:
                found = ticket_filters.listed(conn, has, "", (), limit)
            assert found == list(expected)[:limit]


def test_a_contact_with_many_open_tickets_does_not_hide_the_next_one(db, monkeypatch):
    """Fie's three open tickets fill the first batch of its status; an older new ticket of
    another status must not be listed before Eve's open one, which the batch did not reach."""
    monkeypatch.setattr(ticket_filters, "FIRST_READ", 1)
    people = _create(db, [("Fie", "Many", "", []), ("Eve", "Next", "", []), ("Al", "Old", "", [])])
    for hours in (14, 13, 12):
        _ticket(db, people["Fie Many"], "open", hours)
    _ticket(db, people["Eve Next"], "open", 11)
    _ticket(db, people["Al Old"], "new", 1)
    assert _names(db, "has:open", limit=2) == ["Fie Many", "Eve Next"]


def test_postgresql_counts_assignee_and_status_together(db):
    """The planner's statistics that keep ``has:unassigned`` reading its index in order
    (migration 0010); SQLite walks the index in order without them."""
    if db.url.startswith("sqlite"):
        pytest.skip("PostgreSQL's planner statistics")
    with db.raw() as conn:
        columns = conn.execute(
            "SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_statistic_ext s "
            "JOIN pg_attribute a ON a.attrelid = s.stxrelid AND a.attnum = ANY(s.stxkeys) "
            "WHERE s.stxname = 'st_ticket_assignee_status' AND 'm' = ANY(s.stxkind)"
        ).fetchone()[0]
    assert columns == ["assignee_id", "status"]
