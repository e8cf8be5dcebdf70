"""``Store.agents``: the one way the CLI lists and changes agents and teams.

A small class of its own, as ``store.tickets.door`` is; nothing heavy is imported until a
method is called, and each raises only ``StoreError``s (``failures.translated``). A change to
the agents or teams forgets the store's scope (``agents.scope``), so the store's next read sees
what the change allows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..database.failures import translated

if TYPE_CHECKING:
    from ..database.engine import Database
    from .views import AgentView, TeamView

T = TypeVar("T")


class AgentDoor:
    """Agents and teams. Changes need an admin (``NotAllowed``); what cannot be done as asked
    raises ``AgentRefused`` (``problem``: the last admin, already there, missing, a bad name)
    or ``NotFound`` (an unknown company)."""

    def __init__(
        self, ready: Callable[[], Database], where: str, changed: Callable[[], None]
    ) -> None:
        self._ready = ready
        self._where = where
        self._changed = changed

    def _run(self, operation: Callable[[Database], T]) -> T:
        db = self._ready()
        with translated(self._where):
            done = operation(db)
        self._changed()
        return done

    def list(self) -> tuple[AgentView, ...]:
        """Every agent, removed ones included, by account name."""
        from .operations import list_agents  # noqa: PLC0415 - SQLAlchemy only when asked

        db = self._ready()
        with translated(self._where):
            return list_agents(db)

    def add(self, username: str, admin: bool = False) -> AgentView:
        """Add an agent (or an admin), bring a removed one back, or make one an admin."""
        from .operations import add_agent  # noqa: PLC0415

        return self._run(lambda db: add_agent(db, username, admin))

    def remove(self, username: str) -> AgentView:
        """Remove an agent (soft: their history stays)."""
        from .operations import remove_agent  # noqa: PLC0415

        return self._run(lambda db: remove_agent(db, username))

    def teams(self) -> tuple[TeamView, ...]:
        """Every team, with its members and companies."""
        from .teams import list_teams  # noqa: PLC0415

        db = self._ready()
        with translated(self._where):
            return list_teams(db)

    def add_team(self, name: str) -> TeamView:
        """A new team (unlimited until given a company)."""
        from .teams import add_team  # noqa: PLC0415

        return self._run(lambda db: add_team(db, name))

    def remove_team(self, name: str) -> TeamView:
        """Remove a team with its members and companies."""
        from .teams import remove_team  # noqa: PLC0415

        return self._run(lambda db: remove_team(db, name))

    def member(self, team: str, username: str, remove: bool = False) -> TeamView:
        """Put an agent in a team, or take them out."""
        from .teams import set_member  # noqa: PLC0415

        return self._run(lambda db: set_member(db, team, username, remove))

    def company(self, team: str, company: str, remove: bool = False) -> TeamView:
        """Let a team access a company, or no longer."""
        from .teams import set_company  # noqa: PLC0415

        return self._run(lambda db: set_company(db, team, company, remove))
