"""The CLI twin of the ticket screens: ``ticket new|show|list|set|move|reply``.

Each command calls ``Store.tickets`` (``store.tickets.door``), the door the Tickets tab, the
ticket screen and the new-ticket modal use, so both accept, refuse and journal alike on either
engine. A refusal reaches ``cli.main`` as a ``StoreError`` and is printed as its one sentence
with its exit status (an unknown status or priority lists the valid ones; a stale
``--if-version`` is a conflict, 4). Subjects, names and bodies are strangers' text: the table
and every line go through ``text.clean`` (bodies through ``clean_block``), ``--json`` through
``cli_common.to_json``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from .cli_common import count_between, open_store, table, to_json
from .text import clean, clean_block

if TYPE_CHECKING:
    import argparse
    from datetime import datetime

    from .store.tickets.views import TicketDetail, TicketListRow, TicketPage


def _row_json(row: TicketListRow) -> dict[str, Any]:
    """A ticket row for scripts: ``contact`` is the contact's reference, null for a visitor."""
    return {
        "reference": row.reference,
        "subject": row.subject,
        "status": row.status,
        "priority": row.priority,
        "group": row.group,
        "assignee": row.assignee or None,
        "contact": row.contact_reference or None,
        "contact_name": row.contact_name,
        "requester": row.requester,
        "company": row.company or None,
        "created": row.created_at,
        "updated": row.updated_at,
        "first_response_due": row.first_response_due_at,
        "resolution_due": row.resolution_due_at,
        "next_due": row.next_due,
        "first_response_at": row.first_response_at,
        "resolved_at": row.resolved_at,
        "version": row.version,
    }


def _detail_json(detail: TicketDetail) -> dict[str, Any]:
    return _row_json(detail.row) | {
        "requester_address": detail.requester,
        "channel": detail.channel,
        "company_reference": detail.company_reference or None,
        "assignee_name": detail.assignee_name,
        "time_spent_minutes": detail.time_spent_minutes,
        "messages": [
            {"kind": m.kind.value, "author": m.author, "body": m.body, "created": m.created_at}
            for m in detail.messages
        ],
    }


def _when(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def _said(detail: TicketDetail, args: argparse.Namespace, verb: str) -> int:
    """What a change prints: the ticket as JSON, or one line saying what it is now."""
    if args.json:
        print(to_json(_detail_json(detail)))
        return 0
    row = detail.row
    who = f"{row.requester} ({row.contact_reference})" if row.contact_reference else row.requester
    print(
        f"{verb} {clean(row.reference)}: {clean(row.status)}, {clean(row.priority)}, "
        f"{clean(row.assignee) or 'unassigned'}, for {clean(who)} (version {row.version})"
    )
    return 0


def cmd_ticket_new(args: argparse.Namespace) -> int:
    """Open a ticket for a contact, as the New ticket modal does."""
    with open_store(args) as store:
        detail = store.tickets.open(
            subject=args.subject,
            contact=args.contact,
            group=args.group or "",
            priority=args.priority or "normal",
            assignee=args.assignee,
            body=args.body or "",
        )
    return _said(detail, args, "opened")


def cmd_ticket_show(args: argparse.Namespace) -> int:
    """Print a ticket and its thread, oldest message first."""
    with open_store(args) as store:
        detail = store.tickets.get(args.reference)
    if args.json:
        print(to_json(_detail_json(detail)))
        return 0
    row = detail.row
    print(f"{clean(row.reference)}  {clean(row.subject, 200)}")
    contact = f"{row.contact_name} ({row.contact_reference})" if row.contact_reference else ""
    facts = [
        ("Status", row.status),
        ("Priority", row.priority),
        ("Group", row.group),
        ("Assignee", row.assignee),
        ("Contact", contact),
        ("Requester", f"{row.requester_name} {detail.requester}".strip()),
        ("Company", row.company),
        ("Channel", detail.channel),
        ("Created", _when(row.created_at)),
        ("Updated", _when(row.updated_at)),
        ("First response", _when(row.first_response_at)),
        ("Response due", _when(row.first_response_due_at)),
        ("Resolution due", _when(row.resolution_due_at)),
        ("Resolved", _when(row.resolved_at)),
        ("Time spent", f"{detail.time_spent_minutes} min" if detail.time_spent_minutes else ""),
        ("Version", str(row.version)),
    ]
    for label, value in facts:
        if value:
            print(f"  {label + ':':<16} {clean(value, 100)}")
    for message in detail.messages:
        print(f"\n--- {message.kind.value} by {clean(message.author)}, {_when(message.created_at)}")
        for line in clean_block(message.body).splitlines():
            print(f"    {line}")
    return 0


def _page_lines(page: TicketPage) -> str:
    rows = [
        (
            r.reference,
            r.status,
            r.priority,
            r.group,
            r.assignee,
            r.contact_reference or "-",
            _when(r.created_at),
            _when(r.next_due),
            r.subject,
        )
        for r in page.rows
    ]
    headers = ("REF", "STATUS", "PRIORITY", "GROUP", "ASSIGNEE", "CONTACT", "CREATED", "DUE")
    return table((*headers, "SUBJECT"), rows)


def cmd_ticket_list(args: argparse.Namespace) -> int:
    """A page of tickets: a contact's, a company's or everyone's, newest first unless sorted."""
    from .store.tickets.views import Direction, SortKey, SubView, TicketQuery  # noqa: PLC0415

    statuses = tuple(s for item in args.status or () for s in item.split(",") if s.strip())
    query = TicketQuery(
        contact=args.contact or "",
        company=args.company or "",
        view=SubView(args.view),
        statuses=statuses,
        sort=SortKey(args.sort),
        direction=Direction(args.direction) if args.direction else None,
        offset=args.offset,
        limit=args.limit,
    )
    with open_store(args) as store:
        page = store.tickets.page(query)
    if args.json:
        print(
            to_json(
                {
                    "tickets": [_row_json(row) for row in page.rows],
                    "offset": query.offset,
                    "has_more": page.has_more,
                    "total": page.total,
                    "total_capped": page.total_capped,
                }
            )
        )
        return 0
    if not page.rows:
        print("no tickets", file=sys.stderr)
        return 0
    print(_page_lines(page))
    total = f"{page.total:,}" + ("+" if page.total_capped else "")
    shown = f"{query.offset + 1}-{query.offset + len(page.rows)} of {total}"
    more = f"; --offset {query.offset + len(page.rows)} for more" if page.has_more else ""
    print(f"tickets {shown}{more}", file=sys.stderr)
    return 0


def _version(store: Any, args: argparse.Namespace) -> int:
    """The version a change presents: ``--if-version``, else the ticket's as read now."""
    if args.if_version is not None:
        return int(args.if_version)
    return int(store.tickets.get(args.reference).version)


def cmd_ticket_set(args: argparse.Namespace) -> int:
    """Change status, priority, group or assignee, as the ticket screen's pickers do."""
    changes = {
        "status": args.status,
        "priority": args.priority,
        "group": args.group,
        "assignee": args.assignee,
    }
    if all(value is None for value in changes.values()):
        print(
            "helpdesk-tui: ticket set needs --status, --priority, --group or --assignee",
            file=sys.stderr,
        )
        return 2
    with open_store(args) as store:
        detail = store.tickets.set(args.reference, _version(store, args), **changes)
    return _said(detail, args, "saved")


def cmd_ticket_move(args: argparse.Namespace) -> int:
    """Give a ticket to another contact (its company follows), as ``c`` does."""
    with open_store(args) as store:
        detail = store.tickets.move(args.reference, _version(store, args), args.to)
    return _said(detail, args, "moved")


def cmd_ticket_reply(args: argparse.Namespace) -> int:
    """Add a reply to the customer, or with ``--internal`` a note only agents see."""
    with open_store(args) as store:
        if args.internal:
            detail = store.tickets.note(args.reference, args.body)
        else:
            detail = store.tickets.reply(args.reference, args.body)
    return _said(detail, args, "noted" if args.internal else "replied to")


def ticket_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """``ticket new|show|list|set|move|reply``."""
    import argparse  # noqa: PLC0415

    from .store.kinds import PRIORITIES  # noqa: PLC0415
    from .store.tickets.views import STATUSES, Direction, SortKey, SubView  # noqa: PLC0415

    ticket = commands.add_parser("ticket", help="open, show, list, change, move, answer tickets")
    actions = ticket.add_subparsers(title="actions", metavar="ACTION", required=True)
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("--json", action="store_true")
    versioned = argparse.ArgumentParser(add_help=False)
    versioned.add_argument("reference", metavar="TICKET", help="e.g. T-1000042, or 1000042")
    versioned.add_argument("--if-version", type=int, metavar="N", help="refuse if changed since N")
    statuses, priorities = ", ".join(STATUSES), ", ".join(PRIORITIES)

    new = actions.add_parser("new", parents=[common, output], help="open a ticket")
    new.add_argument("--contact", required=True, metavar="REF", help="the contact's reference")
    new.add_argument("--subject", required=True)
    new.add_argument("--group", metavar="NAME")
    new.add_argument("--priority", metavar="P", help=f"{priorities} (default normal)")
    new.add_argument("--assignee", metavar="USER", help="an agent's username (default: you)")
    new.add_argument("--body", metavar="TEXT", help="the customer's first message")
    new.set_defaults(handler=cmd_ticket_new)

    show = actions.add_parser("show", parents=[common, output], help="show a ticket")
    show.add_argument("reference", metavar="TICKET", help="e.g. T-1000042, or 1000042")
    show.set_defaults(handler=cmd_ticket_show)

    listing = actions.add_parser("list", parents=[common, output], help="list tickets")
    scope = listing.add_mutually_exclusive_group()
    scope.add_argument("--contact", metavar="REF")
    scope.add_argument("--company", metavar="NAME", help="a company's name or reference")
    listing.add_argument("--status", action="append", metavar="S", help=f"{statuses}")
    listing.add_argument("--view", choices=[v.value for v in SubView], default=SubView.ALL.value)
    listing.add_argument("--sort", choices=[k.value for k in SortKey], default="created")
    listing.add_argument(
        "--direction", choices=[d.value for d in Direction], help="default: the sort's own"
    )
    listing.add_argument("--limit", type=count_between(1, 1000), default=50, metavar="N")
    listing.add_argument("--offset", type=count_between(0, 10**9), default=0, metavar="N")
    listing.set_defaults(handler=cmd_ticket_list)

    change = actions.add_parser("set", parents=[common, output, versioned], help="change a ticket")
    change.add_argument("--status", metavar="S", help=statuses)
    change.add_argument("--priority", metavar="P", help=priorities)
    change.add_argument("--group", metavar="NAME")
    change.add_argument("--assignee", metavar="USER", help="an agent's username ('' for nobody)")
    change.set_defaults(handler=cmd_ticket_set)

    move = actions.add_parser(
        "move", parents=[common, output, versioned], help="give a ticket to another contact"
    )
    move.add_argument("--to", required=True, metavar="CONTACT", help="the contact's reference")
    move.set_defaults(handler=cmd_ticket_move)

    reply = actions.add_parser("reply", parents=[common, output], help="reply, or add a note")
    reply.add_argument("reference", metavar="TICKET", help="e.g. T-1000042, or 1000042")
    reply.add_argument("--body", required=True, metavar="TEXT")
    reply.add_argument("--internal", action="store_true", help="a note the customer never sees")
    reply.set_defaults(handler=cmd_ticket_reply)
