"""The choices of a ticket's group and assignee pickers (the ticket screen's, the New ticket
form's), read from the store in the picker's thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .picker import Choice

if TYPE_CHECKING:
    from ..store.service import Store

NO_GROUP = Choice("", "no group")
NOBODY = Choice("", "nobody")


def group_choices(store: Store) -> list[Choice]:
    """ "No group" first, then the groups tickets are in."""
    return [NO_GROUP, *(Choice(group, group) for group in store.tickets.groups())]


def assignee_choices(store: Store) -> list[Choice]:
    """ "Me" first (the agent running the app), "nobody", then every other agent who can be
    assigned, by username, with the name people know them by."""
    me = store.database.author
    others = [
        Choice(agent.username, agent.username, agent.display_name)
        for agent in store.tickets.assignees()
        if agent.username != me
    ]
    return [Choice(me, "me", me), NOBODY, *others]
