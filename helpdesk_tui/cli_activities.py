"""The CLI twin of the Activities tab: ``activity add|list|edit|remove``.

Each command calls ``Store.activities`` (``store.activities.door``), the door the Activities
tab uses, so both accept, refuse and journal alike on either engine. ``--kind`` and ``--when``
are read by the store's own parsers (``kind_of``, ``moment_of``): an unknown kind lists the
valid ones. A refusal reaches ``cli.main`` as a ``StoreError`` and is printed as one sentence
with its exit status. Summaries and bodies are agents' or strangers' text: the table and every
line go through ``text.clean``, ``--json`` through ``cli_common.to_json``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from .cli_common import count_between, open_store, table, to_json
from .text import clean

if TYPE_CHECKING:
    import argparse

    from .store.activities.views import ActivityView


def activity_json(activity: ActivityView) -> dict[str, Any]:
    """An activity for scripts: ``contact`` is the contact's reference, null for a company's."""
    return {
        "id": activity.id,
        "kind": activity.kind.value,
        "summary": activity.summary,
        "body": activity.body,
        "author": activity.author,
        "occurred": activity.occurred_at,
        "contact": activity.contact_reference or None,
        "contact_name": activity.contact_name,
        "company": activity.company or None,
        "company_reference": activity.company_reference or None,
        "version": activity.version,
    }


def activity_lines(rows: tuple[ActivityView, ...]) -> str:
    """Activities as a table (``company show`` prints its own with this too)."""
    return table(
        ("ID", "WHEN", "KIND", "AUTHOR", "CONTACT", "SUMMARY"),
        [
            (
                a.id,
                f"{a.occurred_at:%Y-%m-%d %H:%M}",
                a.kind.value,
                a.author,
                a.contact_reference or "-",
                a.summary,
            )
            for a in rows
        ],
    )


def cmd_activity_add(args: argparse.Namespace) -> int:
    """Log an activity for a contact or a company, as ``a`` on the Activities tab does."""
    from .store.activities.views import kind_of, moment_of  # noqa: PLC0415

    kind = kind_of(args.kind)  # refused before the database is opened
    when = moment_of(args.when) if args.when else None
    with open_store(args) as store:
        activity = store.activities.log(
            kind=kind.value,
            summary=args.summary,
            contact=args.contact or "",
            company=args.company or "",
            body=args.body or "",
            occurred_at=when,
        )
    if args.json:
        print(to_json(activity_json(activity)))
        return 0
    whom = activity.contact_reference or activity.company_reference
    print(
        f"logged {clean(activity.kind.value)} {activity.id} for {clean(whom)}: "
        f"{clean(activity.summary, 100)}"
    )
    return 0


def cmd_activity_list(args: argparse.Namespace) -> int:
    """A page of a contact's or a company's activities, newest first."""
    with open_store(args) as store:
        page = store.activities.page(
            contact=args.contact or "",
            company=args.company or "",
            offset=args.offset,
            limit=args.limit,
        )
    if args.json:
        print(
            to_json(
                {
                    "activities": [activity_json(row) for row in page.rows],
                    "offset": page.offset,
                    "has_more": page.has_more,
                }
            )
        )
        return 0
    if not page.rows:
        print("no activities", file=sys.stderr)
        return 0
    print(activity_lines(page.rows))
    if page.has_more:
        print(f"--offset {page.offset + len(page.rows)} for more", file=sys.stderr)
    return 0


def _version(store: Any, args: argparse.Namespace) -> int:
    """The version a change presents: ``--if-version``, else the activity's as read now."""
    if args.if_version is not None:
        return int(args.if_version)
    return int(store.activities.get(args.id).version)


def cmd_activity_edit(args: argparse.Namespace) -> int:
    """Change one of your activities (kind, summary, details, when)."""
    from .store.activities.views import kind_of, moment_of  # noqa: PLC0415

    if all(v is None for v in (args.kind, args.summary, args.body, args.when)):
        print(
            "helpdesk-tui: activity edit needs --kind, --summary, --body or --when",
            file=sys.stderr,
        )
        return 2
    kind = kind_of(args.kind).value if args.kind is not None else None
    when = moment_of(args.when) if args.when is not None else None
    with open_store(args) as store:
        activity = store.activities.edit(
            args.id,
            _version(store, args),
            kind=kind,
            summary=args.summary,
            body=args.body,
            occurred_at=when,
        )
    if args.json:
        print(to_json(activity_json(activity)))
        return 0
    print(f"saved activity {activity.id} (version {activity.version})")
    return 0


def cmd_activity_remove(args: argparse.Namespace) -> int:
    """Remove one of your activities (journalled whole: undo can bring it back)."""
    with open_store(args) as store:
        activity = store.activities.remove(args.id, _version(store, args))
    print(f"removed activity {activity.id}: {clean(activity.summary, 100)}")
    return 0


def activity_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """``activity add|list|edit|remove``."""
    import argparse  # noqa: PLC0415

    from .store.activities.views import ACTIVITY_KINDS  # noqa: PLC0415

    activity = commands.add_parser("activity", help="log and list calls, visits, meetings, notes")
    actions = activity.add_subparsers(title="actions", metavar="ACTION", required=True)
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("--json", action="store_true")
    scoped = argparse.ArgumentParser(add_help=False)
    scope = scoped.add_mutually_exclusive_group(required=True)
    scope.add_argument("--contact", metavar="REF", help="the contact's reference")
    scope.add_argument("--company", metavar="NAME", help="a company's name or reference")

    add = actions.add_parser("add", parents=[common, output, scoped], help="log an activity")
    add.add_argument("--kind", required=True, metavar="KIND", help=", ".join(ACTIVITY_KINDS))
    add.add_argument("--summary", required=True, metavar="TEXT")
    add.add_argument("--body", metavar="TEXT", help="the details")
    add.add_argument("--when", metavar="ISO", help="e.g. 2026-11-30T14:05 (default: now)")
    add.set_defaults(handler=cmd_activity_add)

    listing = actions.add_parser("list", parents=[common, output, scoped], help="list activities")
    listing.add_argument("--limit", type=count_between(1, 1000), default=50, metavar="N")
    listing.add_argument("--offset", type=count_between(0, 10**9), default=0, metavar="N")
    listing.set_defaults(handler=cmd_activity_list)

    versioned = argparse.ArgumentParser(add_help=False)
    versioned.add_argument("id", type=int, metavar="ID", help="as activity list shows it")
    versioned.add_argument("--if-version", type=int, metavar="N", help="refuse if changed since N")
    edit = actions.add_parser(
        "edit", parents=[common, output, versioned], help="change one of your activities"
    )
    edit.add_argument("--kind", metavar="KIND", help=", ".join(ACTIVITY_KINDS))
    edit.add_argument("--summary", metavar="TEXT")
    edit.add_argument("--body", metavar="TEXT")
    edit.add_argument("--when", metavar="ISO")
    edit.set_defaults(handler=cmd_activity_edit)
    remove = actions.add_parser(
        "remove", parents=[common, versioned], help="remove one of your activities"
    )
    remove.set_defaults(handler=cmd_activity_remove)
