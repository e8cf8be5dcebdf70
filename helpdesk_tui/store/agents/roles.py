"""Who may do what: the admin check every admin-only operation makes, and the names agents
and teams may have.

Shared by merges (``contacts.merge``), the agents' and teams' administration
(``agents.operations``, ``agents.teams``) and whatever later needs an admin, so that they all
refuse alike (``refusals.NotAllowed``).
"""

from __future__ import annotations

import re

from sqlmodel import func, select

from ..journal.events import ensure_agent
from ..journal.unit import Unit
from ..models import Agent, AgentRole
from ..refusals import AgentProblem, AgentRefused, NotAllowed

ACCOUNT_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}")
"""What an OS account name looks like (POSIX's portable characters, at most 32 of them; a uid
without a name is its number, ``database.accounts.os_username``)."""
TEAM_NAME_LENGTH = 80


def require_admin(unit: Unit, action: str, what: str = "contacts") -> Agent:
    """The acting agent's row, when they are an active admin; else ``NotAllowed`` naming
    ``action`` on ``what``. The first agent of a database is its admin
    (``journal.events.new_agent``)."""
    agent = ensure_agent(unit, unit.author)
    if agent.role != AgentRole.ADMIN or not agent.active:
        raise NotAllowed(action, AgentRole.ADMIN.value, unit.author, what)
    return agent


def active_admins(unit: Unit) -> int:
    """How many active admins the database has."""
    return unit.session.exec(
        select(func.count())
        .select_from(Agent)
        .where(Agent.role == AgentRole.ADMIN.value, Agent.active == True)  # noqa: E712
    ).one()


def account_name(name: str) -> str:
    """``name`` as an OS account name, or ``AgentRefused`` (``NAME``). An account that does
    not exist yet is fine: agents may be added before their account is made."""
    if not ACCOUNT_NAME.fullmatch(name):
        raise AgentRefused(
            AgentProblem.NAME,
            name,
            f"{name!r} is not an account name: use the agent's login on this server (letters, "
            "digits, '.', '_' and '-', at most 32, not starting with '.' or '-')",
        )
    return name


def team_name(name: str) -> str:
    """``name`` trimmed, or ``AgentRefused`` (``NAME``) when it is empty, too long or holds
    control characters."""
    trimmed = name.strip()
    if not trimmed or len(trimmed) > TEAM_NAME_LENGTH or not trimmed.isprintable():
        raise AgentRefused(
            AgentProblem.NAME,
            name,
            f"a team needs a name of 1 to {TEAM_NAME_LENGTH} printable characters",
        )
    return trimmed
