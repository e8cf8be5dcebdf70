"""The ticket pickers' choices on both engines: the groups tickets are in (read by stepping
through the group index, never every ticket) and the agents a ticket can be assigned to."""

from __future__ import annotations

import pytest
from sqlmodel import select

from helpdesk_tui.store.models import Agent, Ticket
from helpdesk_tui.store.tickets import choices
from helpdesk_tui.store.tickets.choices import AgentChoice, assignable_agents, ticket_groups

pytestmark = pytest.mark.both_engines


def _tickets(db, groups) -> None:
    with db.write() as session:
        for number, group in enumerate(groups):
            session.add(Ticket(reference=f"T-{7_000_000 + number}", group_name=group))


def test_groups_in_use_are_listed_once_in_alphabetical_order(db):
    assert ticket_groups(db) == ()
    _tickets(db, ["Support", "billing", "", "Billing", "Support", "Été", "Support"])
    assert ticket_groups(db) == ("Billing", "billing", "Support", "Été")


def test_groups_stop_at_the_bound(db, monkeypatch):
    monkeypatch.setattr(choices, "MAX_GROUPS", 2)
    _tickets(db, ["c", "a", "b", "a"])
    assert ticket_groups(db) == ("a", "b")


def test_assignees_are_the_active_agents(db):
    with db.write() as session:
        session.add(Agent(username="jtanaka", display_name="Jun Tanaka"))
        session.add(Agent(username="amara", display_name="amara"))
        session.add(Agent(username="gone", display_name="Gone Away", active=False))
    assert assignable_agents(db) == (
        AgentChoice("amara", ""),
        AgentChoice("jtanaka", "Jun Tanaka"),
    )
    with db.read() as session:
        assert len(session.exec(select(Agent)).all()) == 3


@pytest.mark.sqlite_only
def test_groups_are_read_off_the_index_a_step_per_group(db):
    with db.raw() as conn:
        plan = [row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + choices._GROUPS, (9,))]
    assert not any(step.startswith("SCAN ticket") for step in plan), plan
    assert sum("COVERING INDEX ix_ticket_group" in step for step in plan) == 2, plan
