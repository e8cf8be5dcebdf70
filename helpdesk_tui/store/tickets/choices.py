"""What the ticket pickers offer: the groups tickets are in, and the agents a ticket can be
assigned to.

Groups are free text kept on each ticket, and millions of tickets share a handful of them. A
``DISTINCT`` would read every ticket (or every entry of an index); instead each step asks
``ix_ticket_group`` (migration 0010) for the first name after the last one found, a loose index
scan written as a recursive query that both engines run: one index descent per group.

Agents are the ``agent`` table: every assignee is one (a foreign key), and so is everyone who
ever changed something (``journal.events.ensure_agent``), activity authors included. Only an
active agent can be assigned (``rules.agent_of``), so only they are offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..database.engine import Database

MAX_GROUPS = 500
"""Groups listed at most: a picker of more would help nobody, and the scan stays bounded."""

_GROUPS = """
WITH RECURSIVE names(name, found) AS (
    SELECT min(group_name), 1 FROM ticket WHERE group_name > ''
    UNION ALL
    SELECT (SELECT min(group_name) FROM ticket WHERE group_name > names.name), found + 1
    FROM names WHERE names.name IS NOT NULL AND found < ?
)
SELECT name FROM names WHERE name IS NOT NULL
"""


@dataclass(frozen=True)
class AgentChoice:
    """An agent as the assignee picker shows one: the username a ticket is assigned by, and
    the name people know them by (empty when it is just the username)."""

    username: str
    display_name: str = ""


def ticket_groups(db: Database) -> tuple[str, ...]:
    """The groups tickets are in (none for the empty one), in alphabetical order whatever
    their case."""
    with db.raw() as conn:
        names = [row[0] for row in conn.execute(_GROUPS, (MAX_GROUPS,))]
    return tuple(sorted(names, key=lambda name: (name.casefold(), name)))


def assignable_agents(db: Database) -> tuple[AgentChoice, ...]:
    """The active agents, by username."""
    with db.raw() as conn:
        rows = conn.execute(
            "SELECT username, display_name FROM agent WHERE active ORDER BY username"
        ).fetchall()
    return tuple(
        AgentChoice(username, display if display != username else "") for username, display in rows
    )
