"""Adding, listing and removing agents, each change a unit of work with its journal Event.

Agents are OS accounts (``database.accounts.os_username``); an agent appears on their first
change (``journal.events.ensure_agent``), and an admin adds one ahead of that, as an agent or
an admin, or makes an agent an admin. Removing is soft (``active`` false): the journal and
tickets keep naming them; a removed agent is no longer an admin nor offered as an assignee, and
adding them again brings them back. Only an admin adds or removes, and nobody may remove the
last active admin (themselves included): the database would have nobody left to administer it.
Every change is journalled on the ``agent`` row, so ``undo`` reverses it like any other.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from ..database.engine import Database
from ..journal.events import record, snapshot
from ..journal.unit import Unit
from ..models import Agent, AgentRole, Team, TeamMember
from ..refusals import AgentProblem, AgentRefused
from .roles import account_name, active_admins, require_admin
from .views import AgentView

_FIELDS = ("username", "role", "active")


def _find(session: Session, username: str, lock: bool = False) -> Agent | None:
    statement = select(Agent).where(Agent.username == username)
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def list_agents(db: Database) -> tuple[AgentView, ...]:
    """Every agent, removed ones included, by account name, with their teams."""
    with db.read() as session:
        agents = session.exec(select(Agent).order_by(col(Agent.username))).all()
        teams: dict[int, list[str]] = {}
        for agent_id, name in session.exec(
            select(TeamMember.agent_id, Team.name)
            .join(Team, col(Team.id) == TeamMember.team_id)
            .order_by(col(Team.name))
        ):
            teams.setdefault(agent_id, []).append(name)
    return tuple(
        AgentView(
            agent.username,
            agent.display_name,
            agent.role,
            agent.active,
            tuple(teams.get(agent.id or 0, ())),
        )
        for agent in agents
    )


def _view(agent: Agent) -> AgentView:
    return AgentView(agent.username, agent.display_name, agent.role, agent.active)


def add_agent_in(unit: Unit, username: str, admin: bool = False) -> AgentView:
    """Add ``username`` as an agent (an admin with ``admin``); bring a removed one back, or
    make an agent an admin. An agent already there as asked is ``AgentRefused`` (``EXISTS``)."""
    require_admin(unit, "add", "agents")
    username = account_name(username)
    role = AgentRole.ADMIN if admin else AgentRole.AGENT
    session = unit.session
    agent = _find(session, username, lock=True)
    if agent is not None and agent.active and (agent.role == AgentRole.ADMIN or not admin):
        raise AgentRefused(AgentProblem.EXISTS, username, f"{username} is an {agent.role} already")
    before = snapshot(agent, _FIELDS) if agent is not None else None
    if agent is None:
        agent = Agent(username=username, display_name=username)
        session.add(agent)
    agent.role, agent.active = role.value, True
    session.flush()
    said = "an admin" if admin else "an agent"
    action = "create" if before is None else "update"
    record(
        unit,
        "agent",
        agent.id,
        action,
        f"made {username} {said}" if before else f"added {username} as {said}",
        before=before,
        after=snapshot(agent, _FIELDS),
    )
    return _view(agent)


def remove_agent_in(unit: Unit, username: str) -> AgentView:
    """Remove ``username`` (``active`` false; their teams and history stay). The last active
    admin cannot be removed (``AgentRefused``, ``LAST_ADMIN``), not even by themselves."""
    require_admin(unit, "remove", "agents")
    session = unit.session
    agent = _find(session, username, lock=True)
    if agent is None or not agent.active:
        raise AgentRefused(
            AgentProblem.MISSING, username, f"{username!r} is not an agent: see agents list"
        )
    if agent.role == AgentRole.ADMIN and active_admins(unit) <= 1:
        raise AgentRefused(
            AgentProblem.LAST_ADMIN,
            username,
            f"{username} is the last admin: make another agent an admin first "
            "(agents add NAME --admin)",
        )
    before = snapshot(agent, _FIELDS)
    agent.active = False
    session.flush()
    record(
        unit,
        "agent",
        agent.id,
        "update",
        f"removed the agent {username}",
        before=before,
        after=snapshot(agent, _FIELDS),
    )
    return _view(agent)


def add_agent(db: Database, username: str, admin: bool = False) -> AgentView:
    """``add_agent_in`` as a unit of work of its own (``agents add``)."""
    with db.unit() as unit:
        return add_agent_in(unit, username, admin)


def remove_agent(db: Database, username: str) -> AgentView:
    """``remove_agent_in`` as a unit of work of its own (``agents remove``)."""
    with db.unit() as unit:
        return remove_agent_in(unit, username)
