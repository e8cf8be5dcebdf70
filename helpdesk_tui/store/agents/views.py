"""Agents and teams as the CLI lists them: plain frozen data, safe on any thread."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AgentView:
    """An agent: their account name, role, whether they are still an agent (a removed one
    stays, for the history that names them), and the teams they are in."""

    username: str
    display_name: str
    role: str
    active: bool
    teams: tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamView:
    """A team: its members' account names, and the companies it may access (by name; none:
    unlimited)."""

    name: str
    members: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()

    @property
    def unlimited(self) -> bool:
        """Whether the team may access every company."""
        return not self.companies
