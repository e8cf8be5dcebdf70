"""What an agent may see: the companies their teams may access, as one object per store.

The rule (issue 10): an agent sees only the contacts and tickets of the companies their teams
may access. Admins, agents in no team, and agents in at least one unlimited team (a team with
no companies) see everything. Contacts and tickets without a company (a visitor's ticket, a
person not yet placed at a company) are seen by everyone: nobody could otherwise find them to
place them. A removed agent (``active`` false) is no longer an admin, so teams decide for them
too.

A ``Scope`` is read once per store (``read_scope``, one query) and applied as an SQL condition
by each read path: the search's candidate queries (``contacts``), ticket lists and opens
(``allows``). Unlimited, every condition is the empty string, so the SQL that runs is exactly
the SQL that ran before teams existed. Plain Python and driver SQL: the search path imports
this module and never SQLAlchemy, nor ``dataclasses`` (which loads ``inspect``: about 5 ms of
the whole-process search the bench compares with fzf), hence a named tuple.
"""

from __future__ import annotations

from typing import NamedTuple

from ..database.dbapi import Conn
from ..kinds import AgentRole


class Scope(NamedTuple):
    """The companies ``agent`` may see; ``companies`` None when they may see every one.
    ``admin``: whether they were an (active) admin when it was read, so that a key only admins
    may use (``m``) is refused at once, before the agent picks anyone; the operation itself
    checks again (``agents.roles.require_admin``)."""

    agent: str
    companies: frozenset[int] | None = None
    admin: bool = False

    @property
    def limited(self) -> bool:
        """Whether anything is hidden from this agent."""
        return self.companies is not None

    def company_condition(self, column: str) -> str:
        """SQL true for rows whose company (by id in ``column``) the agent may see; '' when
        unlimited. Company ids are integers read from the database, never typed text."""
        if self.companies is None:
            return ""
        ids = ",".join(str(int(company)) for company in sorted(self.companies)) or "NULL"
        return f"({column} IS NULL OR {column} IN ({ids}))"

    def contacts(self, column: str) -> str:
        """SQL (`` AND …``) keeping the contacts, by their id in ``column``, the agent may see;
        '' when unlimited (the query runs as it always did)."""
        if self.companies is None:
            return ""
        seen = self.company_condition("seen.company_id")
        return f" AND EXISTS (SELECT 1 FROM contact seen WHERE seen.id = {column} AND {seen})"

    def allows(self, company_id: int | None) -> bool:
        """Whether a contact or ticket of ``company_id`` (None: no company) is seen."""
        return self.companies is None or company_id is None or company_id in self.companies


EVERYTHING = Scope("")
"""The scope of someone who sees everything."""


def read_scope(conn: Conn, author: str) -> Scope:
    """``author``'s scope, in one query over their agent row, teams and team companies."""
    rows = conn.execute(
        "SELECT agent.role, agent.active, team_member.team_id, team_company.company_id "
        "FROM agent LEFT JOIN team_member ON team_member.agent_id = agent.id "
        "LEFT JOIN team_company ON team_company.team_id = team_member.team_id "
        "WHERE agent.username = ?",
        (author,),
    ).fetchall()
    companies: set[int] = set()
    for role, active, team_id, company_id in rows:
        if role == AgentRole.ADMIN and active:
            return Scope(author, admin=True)
        if team_id is not None and company_id is None:  # an unlimited team
            return Scope(author)
        if company_id is not None:
            companies.add(int(company_id))
    return Scope(author, frozenset(companies) if companies else None)
