"""Agents and teams in the store, on both engines: adding, listing and removing agents (admins
only, never the last admin, undone like any change), teams limited to companies, and what a
limited agent sees: search, ticket lists and opens of contacts, tickets and companies kept to
their teams' companies; admins, agents in no team and unlimited teams see all, and then the
search runs exactly the SQL it ran before teams existed."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from helpdesk_tui.store.agents.operations import add_agent, list_agents, remove_agent
from helpdesk_tui.store.agents.scope import EVERYTHING, read_scope
from helpdesk_tui.store.agents.teams import (
    add_team,
    list_teams,
    remove_team,
    set_company,
    set_member,
)
from helpdesk_tui.store.contacts.fields import AddIdentity
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.contacts.reads import get_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.errors import NotFound
from helpdesk_tui.store.journal.undo import undo
from helpdesk_tui.store.refusals import AgentProblem, AgentRefused, NotAllowed, OutsideTeams
from helpdesk_tui.store.search.searcher import search
from helpdesk_tui.store.service import Store
from helpdesk_tui.store.tickets.operations import open_ticket
from helpdesk_tui.store.tickets.views import TicketQuery

pytestmark = pytest.mark.both_engines


@pytest.fixture
def people(db: Database) -> SimpleNamespace:
    """Ann at Acme, Bea at Beta, Cy at no company, a ticket each; tester (who made them
    first) is the admin, bob an agent."""
    ann = create_contact(
        db, first_name="Ann", last_name="Lee", company="Acme", create_company=True,
        identities=[("email", "ann@acme.example"), ("phone", "+44 20 7946 0011")],
    )  # fmt: skip
    bea = create_contact(
        db, first_name="Bea", last_name="Lee", company="Beta", create_company=True,
        identities=[("email", "bea@beta.example"), ("phone", "+44 20 7946 0022")],
    )  # fmt: skip
    cy = create_contact(db, first_name="Cy", last_name="Lee")
    tickets = {
        who.first_name: open_ticket(db, subject=f"{who.first_name}'s printer", contact=ref)
        for who, ref in ((ann, ann.reference), (bea, bea.reference), (cy, cy.reference))
    }
    add_agent(db, "bob")
    return SimpleNamespace(ann=ann, bea=bea, cy=cy, tickets=tickets)


def _as(db: Database, author: str) -> Database:
    return Database(db.url, author=author, region="GB")


@pytest.fixture
def bob(db: Database) -> Iterator[Database]:
    other = _as(db, "bob")
    yield other
    other.dispose()


@pytest.fixture
def limited(db: Database, people) -> SimpleNamespace:
    """bob in a team limited to Acme."""
    add_team(db, "Acme desk")
    set_member(db, "Acme desk", "bob")
    set_company(db, "Acme desk", "Acme")
    return people


def _store(db: Database, author: str) -> Store:
    return Store(db.url, author=author, region="GB")


def _names(store: Store, query: str) -> set[str]:
    return {hit.name for hit in store.search(query).hits}


# Agents -------------------------------------------------------------------------------------


def test_an_admin_adds_lists_and_removes_agents(db, people):
    assert [(a.username, a.role, a.active) for a in list_agents(db)] == [
        ("bob", "agent", True),
        ("tester", "admin", True),
    ]
    add_agent(db, "carol", admin=True)  # no such account yet: agents may come first
    removed = remove_agent(db, "bob")
    assert (removed.username, removed.active) == ("bob", False)
    listed = {a.username: (a.role, a.active) for a in list_agents(db)}
    assert listed == {"bob": ("agent", False), "carol": ("admin", True), "tester": ("admin", True)}
    add_agent(db, "bob")  # back again
    assert {a.username: a.active for a in list_agents(db)}["bob"] is True


def test_adding_an_agent_twice_and_removing_nobody_are_refused(db, people):
    with pytest.raises(AgentRefused) as twice:
        add_agent(db, "bob")
    assert twice.value.problem is AgentProblem.EXISTS
    with pytest.raises(AgentRefused) as nobody:
        remove_agent(db, "zed")
    assert nobody.value.problem is AgentProblem.MISSING


@pytest.mark.parametrize("name", ["", " ", "bad name", "-rf", ".hidden", "a/b", "x" * 33, "é"])
def test_an_empty_or_malformed_name_is_refused(db, people, name):
    with pytest.raises(AgentRefused) as refused:
        add_agent(db, name)
    assert refused.value.problem is AgentProblem.NAME
    assert "bob" in {a.username for a in list_agents(db)}
    assert name not in {a.username for a in list_agents(db)}


def test_the_last_admin_cannot_be_removed_not_even_by_themselves(db, people):
    with pytest.raises(AgentRefused) as refused:
        remove_agent(db, "tester")
    assert refused.value.problem is AgentProblem.LAST_ADMIN
    assert "tester is the last admin" in str(refused.value)
    add_agent(db, "bob", admin=True)  # makes bob an admin: now one of two may go
    remove_agent(db, "tester")
    assert {a.username: a.active for a in list_agents(db)}["tester"] is False


def test_a_removed_admin_is_no_admin(db, people):
    add_agent(db, "carol", admin=True)
    remove_agent(db, "carol")
    carol = _as(db, "carol")
    try:
        with pytest.raises(NotAllowed):
            add_agent(carol, "dave")
    finally:
        carol.dispose()


def test_a_non_admin_may_not_change_agents_or_teams(db, people, bob):
    for change in (
        lambda: add_agent(bob, "eve"),
        lambda: remove_agent(bob, "tester"),
        lambda: add_team(bob, "Mine"),
    ):
        with pytest.raises(NotAllowed) as refused:
            change()
        assert "only an admin may" in str(refused.value) and "bob is not one" in str(refused.value)
    assert {a.username for a in list_agents(db)} == {"bob", "tester"}
    assert list_teams(db) == ()


def test_agent_changes_are_journalled_and_undone(db, people):
    remove_agent(db, "bob")
    undo(db)
    assert {a.username: a.active for a in list_agents(db)}["bob"] is True
    add_team(db, "Acme desk")
    set_member(db, "Acme desk", "bob")
    set_company(db, "Acme desk", "Acme")
    remove_team(db, "Acme desk")
    assert list_teams(db) == ()
    undo(db)  # the team comes back whole, its links too
    (team,) = list_teams(db)
    assert (team.name, team.members, team.companies) == ("Acme desk", ("bob",), ("Acme",))


def test_teams_refuse_what_is_already_so_or_missing(db, people):
    add_team(db, "Acme desk")
    with pytest.raises(AgentRefused):
        add_team(db, "Acme desk")
    set_member(db, "Acme desk", "bob")
    with pytest.raises(AgentRefused):
        set_member(db, "Acme desk", "bob")
    with pytest.raises(AgentRefused):
        set_member(db, "Acme desk", "zed")
    with pytest.raises(NotFound):
        set_company(db, "Acme desk", "Nope Ltd")
    with pytest.raises(AgentRefused):
        set_company(db, "Nobody", "Acme")
    set_member(db, "Acme desk", "bob", remove=True)
    assert list_teams(db)[0].members == ()


# What a limited agent sees --------------------------------------------------------------------


def test_a_limited_agent_searches_only_their_teams_companies(db, limited):
    with _store(db, "bob") as store:
        assert _names(store, "lee") == {"Ann Lee", "Cy Lee"}  # Cy has no company: seen by all
        assert _names(store, "bea") == set()
        assert _names(store, "") == {"Ann Lee", "Cy Lee"}  # Home's recent contacts
        assert _names(store, limited.bea.reference) == set()
        assert _names(store, "7946 0022") == set()  # Bea's phone digits
        assert _names(store, "7946 0011") == {"Ann Lee"}
        assert _names(store, "kind:email") == {"Ann Lee"}
        assert _names(store, "has:open") == {"Ann Lee", "Cy Lee"}
        assert _names(store, "company:beta") == set()
        assert store.companies("") == ["Acme"]
    with _store(db, "tester") as store:  # the admin, limits or not
        assert _names(store, "lee") == {"Ann Lee", "Bea Lee", "Cy Lee"}


def test_a_limited_agent_lists_only_their_teams_tickets(db, limited):
    with _store(db, "bob") as store:
        page = store.tickets.page(TicketQuery())
        assert {row.subject for row in page.rows} == {"Ann's printer", "Cy's printer"}
        assert page.total == 2
        with pytest.raises(OutsideTeams):
            store.tickets.page(TicketQuery(company="Beta"))
        with pytest.raises(OutsideTeams):
            store.tickets.page(TicketQuery(contact=limited.bea.reference))


def test_opening_what_is_outside_the_teams_reads_as_not_found_saying_why(db, limited):
    with _store(db, "bob") as store:
        assert store.contact(limited.ann.reference).contact.name == "Ann Lee"
        assert store.contact(limited.cy.reference).contact.name == "Cy Lee"
        with pytest.raises(NotFound) as contact:
            store.contact(limited.bea.reference)
        assert str(contact.value) == (
            f"contact {limited.bea.reference} is outside the companies your teams may access: "
            "ask an admin to give one of your teams its company"
        )
        with pytest.raises(OutsideTeams):
            store.tickets.get(limited.tickets["Bea"].row.reference)
        assert store.tickets.get(limited.tickets["Ann"].row.reference).row.subject
        with pytest.raises(OutsideTeams):
            store.company.overview("Beta")
        assert store.company.overview("Acme").company.name == "Acme"


def test_an_unlimited_team_no_team_and_admins_see_everything(db, limited):
    everyone = {"Ann Lee", "Bea Lee", "Cy Lee"}
    add_team(db, "Everyone")
    set_member(db, "Everyone", "bob")  # one unlimited team is enough
    with _store(db, "bob") as store:
        assert _names(store, "lee") == everyone
        assert store.contact(limited.bea.reference).contact.name == "Bea Lee"
    set_member(db, "Everyone", "bob", remove=True)
    set_member(db, "Acme desk", "bob", remove=True)  # in no team at all
    with _store(db, "bob") as store:
        assert _names(store, "lee") == everyone
    set_member(db, "Acme desk", "tester")  # an admin in a limited team
    with _store(db, "tester") as store:
        assert _names(store, "lee") == everyone
        assert store.tickets.page(TicketQuery()).total == 3


def test_a_store_that_changes_agents_reads_its_scope_again(db, limited):
    add_agent(db, "carol", admin=True)
    set_member(db, "Acme desk", "carol")
    with _store(db, "carol") as carol:
        assert _names(carol, "lee") == {"Ann Lee", "Bea Lee", "Cy Lee"}  # an admin
        carol.agents.remove("carol")  # no longer an admin: her team decides
        assert _names(carol, "lee") == {"Ann Lee", "Cy Lee"}


class _Recording:
    """A driver connection that notes every statement the search sends."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.sql: list[str] = []

    def execute(self, sql, params=()):
        self.sql.append(sql)
        return self.conn.execute(sql, params)

    def fetch_each(self, statements):
        self.sql += [sql for sql, _ in statements]
        return self.conn.fetch_each(statements)

    def __getattr__(self, name):
        return getattr(self.conn, name)


QUERIES = (
    "lee", "ann lee", "7946 0011", "lee 7946", "kind:email", "has:open", "kind:email has:open", ""
)  # fmt: skip


def _statements(db: Database, author: str, query: str) -> list[str]:
    with db.raw() as conn:
        scope = read_scope(conn, author)
        recording = _Recording(conn)
        search(recording, query, scope=scope)
        return recording.sql


def test_without_limits_the_search_runs_the_sql_it_always_ran(db, people):
    add_team(db, "Everyone")
    set_member(db, "Everyone", "bob")
    for query in QUERIES:
        with db.raw() as conn:
            plain = _Recording(conn)
            search(plain, query)  # no scope at all: the search as it was
        assert _statements(db, "bob", query) == plain.sql, query
        assert _statements(db, "tester", query) == plain.sql, query
        assert not any("seen" in sql for sql in plain.sql)


def test_with_limits_the_condition_rides_on_the_queries_that_already_run(db, limited):
    for query in QUERIES:
        with db.raw() as conn:
            plain = _Recording(conn)
            search(plain, query, scope=EVERYTHING)
        scoped = _statements(db, "bob", query)
        assert len(scoped) == len(plain.sql), query  # no query of its own
        assert any("seen.company_id IN" in sql for sql in scoped), query


def test_the_scope_says_whether_its_agent_is_an_admin(db, people):
    """What ``m`` reads to refuse a merge before the agent picks anyone."""
    with db.raw() as conn:
        assert read_scope(conn, "tester").admin
        assert not read_scope(conn, "bob").admin
    remove_agent(db, "bob")
    add_agent(db, "bob", admin=True)
    with db.raw() as conn:
        assert read_scope(conn, "bob").admin


# What a limited agent changes -----------------------------------------------------------------


REFUSED_WRITES = {
    "edit": lambda store, p: store.save(p.bea.reference, p.bea.version, {"title": "Spy"}),
    "add-method": lambda store, p: store.save(
        p.bea.reference, p.bea.version, {}, [AddIdentity("email", "spy@x.example")]
    ),
    "take-method": lambda store, p: store.merging.move_identity(
        "email", "bea@beta.example", p.ann.reference
    ),
    "into-company": lambda store, p: store.save(p.cy.reference, p.cy.version, {"company": "Beta"}),
    "create": lambda store, p: store.create(first_name="Di", last_name="Lee", company="Beta"),
    "log-call": lambda store, p: store.activities.log(
        kind="call", summary="Called", contact=p.bea.reference
    ),
    "ticket-set": lambda store, p: store.tickets.set(
        p.tickets["Bea"].row.reference, p.tickets["Bea"].row.version, status="pending"
    ),
    "ticket-move": lambda store, p: store.tickets.move(
        p.tickets["Ann"].row.reference, p.tickets["Ann"].row.version, p.bea.reference
    ),
}
"""Writes a limited agent (bob, Acme's team) may not make: each touches Beta."""


@pytest.mark.parametrize("write", sorted(REFUSED_WRITES))
def test_a_limited_agent_changes_nothing_outside_their_teams_companies(db, limited, write):
    """The CLI takes any reference, and a save prints what it saved: writes are kept to the
    teams' companies as reads are, and a refused write leaves everything as it was."""
    before = {
        ref: get_contact(db, ref)
        for ref in (limited.ann.reference, limited.bea.reference, limited.cy.reference)
    }
    tickets = {name: t.row.reference for name, t in limited.tickets.items()}
    with _store(db, "bob") as store, pytest.raises(OutsideTeams) as refused:
        REFUSED_WRITES[write](store, limited)
    assert str(refused.value).endswith(
        "is outside the companies your teams may access: ask an admin to give one of your "
        "teams its company"
    )
    assert {ref: get_contact(db, ref) for ref in before} == before, "nothing changed"
    with _store(db, "tester") as admin:
        assert {name: admin.tickets.get(ref).row for name, ref in tickets.items()} == {
            name: t.row for name, t in limited.tickets.items()
        }
        assert not admin.search("Di Lee").hits


def test_a_limited_agent_changes_what_their_teams_may_see(db, limited):
    ann, cy = limited.ann, limited.cy
    with _store(db, "bob") as store:
        assert store.save(ann.reference, ann.version, {"title": "Buyer"}).title == "Buyer"
        assert store.save(cy.reference, cy.version, {"title": "Owner"}).title == "Owner"
    with _store(db, "tester") as admin:  # an admin changes anything
        bea = limited.bea
        assert admin.save(bea.reference, bea.version, {"title": "Buyer"}).title == "Buyer"
