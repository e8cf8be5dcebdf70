"""The CLI twin of Home's saved views: ``view save|list|delete``.

Each command calls ``Store.saved_views`` (``store.saved_views.door``), as Home and the palette
do. A view belongs to the agent running the command (the OS user).
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from .cli_common import open_store, table, to_json
from .store.errors import NotFound
from .text import clean

if TYPE_CHECKING:
    import argparse

    from .store.service import Store


def view_search(store: Store, name: str, query: str) -> str:
    """``search --view NAME [QUERY]``: the view's search (flags as ``has:``), with QUERY's
    words and filters first; a name the agent has no view of is ``NotFound``."""
    typed = " ".join(name.split())
    view = next((view for view in store.saved_views.list() if view.name == typed), None)
    if view is None:
        raise NotFound(f"you have no saved view called {typed!r}: see view list", "view")
    return " ".join(part for part in (query.strip(), view.search) if part)


def cmd_view_save(args: argparse.Namespace) -> int:
    """Save a search under a name (a name saved again is replaced)."""
    with open_store(args) as store:
        view = store.saved_views.save(args.name, args.query, args.has_open, args.has_unassigned)
    print(f"saved the view {clean(view.name)!r}: {clean(view.query) or '(no search)'}")
    return 0


def _flags(has_open: bool, has_unassigned: bool) -> str:
    return " ".join(
        flag for flag, on in (("open tickets", has_open), ("unassigned", has_unassigned)) if on
    )


def cmd_view_list(args: argparse.Namespace) -> int:
    """The agent's saved views and the shipped ones."""
    with open_store(args) as store:
        views = store.saved_views.list()
    if args.json:
        print(to_json([asdict(view) for view in views]))
        return 0
    rows = [
        (
            v.name,
            v.query,
            _flags(v.has_open_tickets, v.has_unassigned_tickets),
            "shipped" if v.shipped else "",
        )
        for v in views
    ]
    print(table(("NAME", "SEARCH", "ONLY WITH", ""), rows))
    return 0


def cmd_view_delete(args: argparse.Namespace) -> int:
    """Delete one of the agent's saved views."""
    with open_store(args) as store:
        view = store.saved_views.delete(args.name)
    print(f"deleted the view {clean(view.name)!r}", file=sys.stderr)
    return 0


def view_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """``view save|list|delete``."""
    import argparse  # noqa: PLC0415

    view = commands.add_parser("view", help="save, list and delete your saved searches")
    actions = view.add_subparsers(title="actions", metavar="ACTION", required=True)
    name = argparse.ArgumentParser(add_help=False)
    name.add_argument("name", metavar="NAME")

    save = actions.add_parser("save", parents=[common, name], help="save a search under a name")
    save.add_argument("query", metavar="QUERY", help="as typed on Home, e.g. 'kind:whatsapp'")
    save.add_argument(
        "--has-open", action="store_true", help="only contacts with open tickets (has:open)"
    )
    save.add_argument(
        "--has-unassigned",
        action="store_true",
        help="only contacts with unassigned tickets (has:unassigned)",
    )
    save.set_defaults(handler=cmd_view_save)

    listing = actions.add_parser("list", parents=[common], help="your views and the shipped ones")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_view_list)

    delete = actions.add_parser("delete", parents=[common, name], help="delete one of your views")
    delete.set_defaults(handler=cmd_view_delete)
