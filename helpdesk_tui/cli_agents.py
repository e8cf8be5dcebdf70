"""The admin's tools: ``agents list|add|remove`` and ``teams list|add|remove|member|company``.

Each command calls ``Store.agents`` (``store.agents.door``). Agents are OS accounts; only an
admin changes agents or teams (exit status 7, ``FORBIDDEN``, naming who may); a change that
cannot be made as asked (the last admin, already there, missing, a bad name) exits 8
(``REFUSED``). Every change is journalled, so ``helpdesk-tui undo`` takes it back. Names come
from people: every line goes through ``text.clean``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from .cli_common import open_store, table, to_json
from .text import clean

if TYPE_CHECKING:
    import argparse

    from .store.agents.views import AgentView, TeamView


def _agent_said(agent: AgentView) -> str:
    state = "" if agent.active else " (removed)"
    return f"{clean(agent.username)}: {agent.role}{state}"


def _team_said(team: TeamView) -> str:
    members = ", ".join(clean(name) for name in team.members) or "no members"
    reach = ", ".join(clean(name) for name in team.companies) or "every company"
    return f"team {clean(team.name)!r}: {members}; sees {reach}"


def _team_json(team: TeamView) -> dict[str, Any]:
    return asdict(team) | {"unlimited": team.unlimited}


def cmd_agents_list(args: argparse.Namespace) -> int:
    """Every agent, removed ones included."""
    with open_store(args) as store:
        agents = store.agents.list()
    if args.json:
        print(to_json([asdict(agent) for agent in agents]))
        return 0
    rows = [
        (a.username, a.role, "yes" if a.active else "removed", ", ".join(a.teams)) for a in agents
    ]
    print(table(("AGENT", "ROLE", "ACTIVE", "TEAMS"), rows))
    return 0


def cmd_agents_add(args: argparse.Namespace) -> int:
    """Add an agent (or an admin), bring a removed one back, or make one an admin."""
    with open_store(args) as store:
        agent = store.agents.add(args.name, admin=args.admin)
    print(to_json(asdict(agent)) if args.json else _agent_said(agent))
    return 0


def cmd_agents_remove(args: argparse.Namespace) -> int:
    """Remove an agent (their history stays)."""
    with open_store(args) as store:
        agent = store.agents.remove(args.name)
    print(to_json(asdict(agent)) if args.json else _agent_said(agent))
    return 0


def cmd_teams_list(args: argparse.Namespace) -> int:
    """Every team, its members and the companies it may access."""
    with open_store(args) as store:
        teams = store.agents.teams()
    if args.json:
        print(to_json([_team_json(team) for team in teams]))
        return 0
    rows = [
        (t.name, ", ".join(t.members), ", ".join(t.companies) or "(every company)") for t in teams
    ]
    print(table(("TEAM", "MEMBERS", "COMPANIES"), rows))
    return 0


def _team_change(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        team = args.change(store.agents, args)
    print(to_json(_team_json(team)) if args.json else _team_said(team))
    return 0


def agent_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """``agents list|add|remove`` and ``teams list|add|remove|member|company``."""
    import argparse  # noqa: PLC0415

    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("--json", action="store_true")

    agents = commands.add_parser("agents", help="list, add and remove agents (admins change)")
    actions = agents.add_subparsers(title="actions", metavar="ACTION", required=True)
    name = argparse.ArgumentParser(add_help=False)
    name.add_argument("name", metavar="NAME", help="the agent's login on this server")
    listing = actions.add_parser("list", parents=[common, output], help="every agent")
    listing.set_defaults(handler=cmd_agents_list)
    add = actions.add_parser(
        "add",
        parents=[common, name, output],
        help="add an agent (an account may come later), bring one back, or make one an admin",
    )
    add.add_argument("--admin", action="store_true", help="as an admin")
    add.set_defaults(handler=cmd_agents_add)
    remove = actions.add_parser(
        "remove", parents=[common, name, output], help="remove an agent (never the last admin)"
    )
    remove.set_defaults(handler=cmd_agents_remove)

    teams = commands.add_parser(
        "teams", help="teams, and the companies a limited team may see (admins change)"
    )
    actions = teams.add_subparsers(title="actions", metavar="ACTION", required=True)
    team = argparse.ArgumentParser(add_help=False)
    team.add_argument("name", metavar="NAME", help="the team's name")
    off = argparse.ArgumentParser(add_help=False)
    off.add_argument("--remove", action="store_true", help="take it away instead")
    listing = actions.add_parser("list", parents=[common, output], help="every team")
    listing.set_defaults(handler=cmd_teams_list)
    add = actions.add_parser(
        "add", parents=[common, team, output], help="a new team (sees every company until limited)"
    )
    add.set_defaults(handler=_team_change, change=lambda door, a: door.add_team(a.name))
    remove = actions.add_parser(
        "remove", parents=[common, team, output], help="remove a team with its links"
    )
    remove.set_defaults(handler=_team_change, change=lambda door, a: door.remove_team(a.name))
    member = actions.add_parser(
        "member", parents=[common, team, off, output], help="put an agent in the team"
    )
    member.add_argument("agent", metavar="AGENT", help="the agent's login")
    member.set_defaults(
        handler=_team_change, change=lambda door, a: door.member(a.name, a.agent, a.remove)
    )
    company = actions.add_parser(
        "company",
        parents=[common, team, off, output],
        help="limit the team to a company (with others it has): it sees only their contacts",
    )
    company.add_argument("company", metavar="COMPANY", help="a company's name or reference")
    company.set_defaults(
        handler=_team_change, change=lambda door, a: door.company(a.name, a.company, a.remove)
    )
