"""Teams: adding and removing them, their members and the companies they may access.

A team with companies is limited to them; a team with none is unlimited
(``agents.scope``). Only an admin changes teams. Each change is a unit of work journalled on
the team, and undone like any other; removing a team removes its links in the same unit, so
its undo brings them all back.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from ..database.engine import Database
from ..journal.events import record, snapshot
from ..journal.unit import Unit
from ..models import Agent, Company, Team, TeamCompany, TeamMember, stored_id
from ..refusals import AgentProblem, AgentRefused
from ..tickets.reads import find_company_by
from .roles import require_admin, team_name
from .views import TeamView


def _find(session: Session, name: str, lock: bool = False) -> Team:
    statement = select(Team).where(Team.name == name.strip())
    if lock:
        statement = statement.with_for_update()
    team = session.exec(statement).first()
    if team is None:
        raise AgentRefused(
            AgentProblem.MISSING, name, f"there is no team called {name!r}: see teams list"
        )
    return team


def _view(session: Session, team: Team) -> TeamView:
    team_id = stored_id(team.id)
    members = session.exec(
        select(Agent.username)
        .join(TeamMember, col(TeamMember.agent_id) == Agent.id)
        .where(TeamMember.team_id == team_id)
        .order_by(col(Agent.username))
    ).all()
    companies = session.exec(
        select(Company.name)
        .join(TeamCompany, col(TeamCompany.company_id) == Company.id)
        .where(TeamCompany.team_id == team_id)
        .order_by(col(Company.name))
    ).all()
    return TeamView(team.name, tuple(members), tuple(companies))


def list_teams(db: Database) -> tuple[TeamView, ...]:
    """Every team by name, with its members and companies."""
    with db.read() as session:
        teams = session.exec(select(Team).order_by(col(Team.name))).all()
        return tuple(_view(session, team) for team in teams)


def add_team_in(unit: Unit, name: str) -> TeamView:
    """A new team, unlimited until a company is given to it."""
    require_admin(unit, "add", "teams")
    name = team_name(name)
    session = unit.session
    if session.exec(select(Team.id).where(Team.name == name)).first() is not None:
        raise AgentRefused(AgentProblem.EXISTS, name, f"there is a team called {name!r} already")
    team = Team(name=name)
    session.add(team)
    session.flush()
    record(unit, "team", team.id, "create", f"added the team {name!r}", after={"name": name})
    return TeamView(name)


def remove_team_in(unit: Unit, name: str) -> TeamView:
    """Remove a team with its members and companies; returns it as it was. Its agents see
    what their other teams allow (everything, if it was their only team)."""
    require_admin(unit, "remove", "teams")
    session = unit.session
    team = _find(session, name, lock=True)
    view = _view(session, team)
    team_id = stored_id(team.id)
    for link in (TeamMember, TeamCompany):
        for row in session.exec(select(link).where(link.team_id == team_id)).all():
            session.delete(row)
    session.flush()
    session.delete(team)
    session.flush()
    record(
        unit,
        "team",
        team_id,
        "delete",
        f"removed the team {view.name!r}",
        before=snapshot(team, ("name",)),
    )
    return view


def set_member_in(unit: Unit, name: str, username: str, remove: bool = False) -> TeamView:
    """Put an agent in a team, or take them out (``remove``)."""
    require_admin(unit, "change", "teams")
    session = unit.session
    team = _find(session, name, lock=True)
    agent = session.exec(select(Agent).where(Agent.username == username)).first()
    if agent is None:
        raise AgentRefused(
            AgentProblem.MISSING,
            username,
            f"{username!r} is not an agent: add them first (agents add {username})",
        )
    team_id, agent_id = stored_id(team.id), stored_id(agent.id)
    link = session.exec(
        select(TeamMember).where(TeamMember.team_id == team_id, TeamMember.agent_id == agent_id)
    ).first()
    _change(session, link, TeamMember(team_id=team_id, agent_id=agent_id), remove, username, team)
    said = f"took {username} out of" if remove else f"put {username} in"
    record(unit, "team", team_id, "update", f"{said} the team {team.name!r}")
    return _view(session, team)


def set_company_in(unit: Unit, name: str, company: str, remove: bool = False) -> TeamView:
    """Let a team access a company (it becomes limited), or no longer (``remove``; without
    companies left, it is unlimited again)."""
    require_admin(unit, "change", "teams")
    session = unit.session
    team = _find(session, name, lock=True)
    found = find_company_by(session, company)
    team_id, company_id = stored_id(team.id), stored_id(found.id)
    link = session.exec(
        select(TeamCompany).where(
            TeamCompany.team_id == team_id, TeamCompany.company_id == company_id
        )
    ).first()
    new = TeamCompany(team_id=team_id, company_id=company_id)
    _change(session, link, new, remove, found.name, team)
    said = (
        f"took {found.name} from the team {team.name!r}"
        if remove
        else f"gave the team {team.name!r} access to {found.name}"
    )
    record(unit, "team", team_id, "update", said)
    return _view(session, team)


def _change(
    session: Session,
    link: TeamMember | TeamCompany | None,
    new: TeamMember | TeamCompany,
    remove: bool,
    name: str,
    team: Team,
) -> None:
    """Delete ``link`` (``remove``) or add ``new``, refusing what is already so."""
    if remove and link is None:
        raise AgentRefused(AgentProblem.MISSING, name, f"{name} is not in the team {team.name!r}")
    if not remove and link is not None:
        raise AgentRefused(
            AgentProblem.EXISTS, name, f"{name} is in the team {team.name!r} already"
        )
    if remove:
        session.delete(link)
    else:
        session.add(new)
    session.flush()


def add_team(db: Database, name: str) -> TeamView:
    """``add_team_in`` as a unit of work of its own."""
    with db.unit() as unit:
        return add_team_in(unit, name)


def remove_team(db: Database, name: str) -> TeamView:
    """``remove_team_in`` as a unit of work of its own."""
    with db.unit() as unit:
        return remove_team_in(unit, name)


def set_member(db: Database, name: str, username: str, remove: bool = False) -> TeamView:
    """``set_member_in`` as a unit of work of its own."""
    with db.unit() as unit:
        return set_member_in(unit, name, username, remove)


def set_company(db: Database, name: str, company: str, remove: bool = False) -> TeamView:
    """``set_company_in`` as a unit of work of its own."""
    with db.unit() as unit:
        return set_company_in(unit, name, company, remove)
