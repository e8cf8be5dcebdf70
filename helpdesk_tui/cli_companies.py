"""The CLI twin of the company screen: ``company show|set|primary``.

Each command calls ``Store.company`` (``store.companies.door``), the door the company screen
uses, so both read, refuse and journal alike on either engine. A refusal reaches ``cli.main``
as a ``StoreError`` and is printed as one sentence with its exit status (a stale
``--if-version`` or a name another company has is a conflict, 4). Names, notes and subjects are
strangers' text: the tables and every line go through ``text.clean``, ``--json`` through
``cli_common.to_json``.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from .cli_activities import activity_json, activity_lines
from .cli_common import open_store, table, to_json
from .text import clean

if TYPE_CHECKING:
    import argparse

    from .store.companies.views import CompanyOverview, CompanyView


def _company_json(company: CompanyView) -> dict[str, Any]:
    found = asdict(company)
    found["domains"] = list(company.domains)
    return found


def _overview_json(overview: CompanyOverview) -> dict[str, Any]:
    return _company_json(overview.company) | {
        "contacts": [asdict(contact) for contact in overview.contacts.rows],
        "more_contacts": overview.contacts.has_more,
        "tickets_by_group": [asdict(count) for count in overview.counts],
        "recent_tickets": [
            {
                "reference": t.reference,
                "subject": t.subject,
                "status": t.status,
                "priority": t.priority,
                "group": t.group,
                "assignee": t.assignee or None,
                "contact": t.contact_reference or None,
                "created": t.created_at,
            }
            for t in overview.recent_tickets
        ],
        "activities": [activity_json(a) for a in overview.activities.rows],
    }


def _facts(company: CompanyView) -> None:
    print(f"{clean(company.name, 200)}  {clean(company.reference)}")
    contract = company.contract
    facts = [
        ("Domains", ", ".join(company.domains)),
        ("Active", "yes" if company.active else "no"),
        ("SLA policy", company.sla_policy),
        ("Contract", contract.description if contract else ""),
        ("PO number", contract.po_number if contract else ""),
        ("Contract ends", f"{contract.ends_on:%Y-%m-%d}" if contract and contract.ends_on else ""),
        ("Notes", company.notes),
        ("Version", str(company.version)),
    ]
    for label, value in facts:
        if value:
            print(f"  {label + ':':<15} {clean(value, 100)}")


def cmd_company_show(args: argparse.Namespace) -> int:
    """Print what the company screen shows: details, contacts (primary marked ``*``), open and
    closed tickets by group, its newest tickets and activities."""
    with open_store(args) as store:
        overview = store.company.overview(args.company)
    if args.json:
        print(to_json(_overview_json(overview)))
        return 0
    _facts(overview.company)
    contacts = [
        ("*" if c.is_primary else "", c.reference, c.name, c.title, "" if c.active else "inactive")
        for c in overview.contacts.rows
    ]
    print("\nContacts (* primary)")
    print(table(("", "REF", "NAME", "TITLE", ""), contacts) if contacts else "  none")
    if overview.contacts.has_more:
        print("  … more: helpdesk-tui search company:NAME")
    print("\nTickets by group")
    counts = [(c.group or "(none)", c.open, c.closed) for c in overview.counts]
    print(table(("GROUP", "OPEN", "CLOSED"), counts) if counts else "  none")
    print("\nRecent tickets")
    recent = [
        (t.reference, t.status, t.priority, t.group, f"{t.created_at:%Y-%m-%d}", t.subject)
        for t in overview.recent_tickets
    ]
    headers = ("REF", "STATUS", "PRIORITY", "GROUP", "CREATED", "SUBJECT")
    print(table(headers, recent) if recent else "  none")
    print("\nActivities")
    rows = overview.activities.rows
    print(activity_lines(rows) if rows else "  none")
    return 0


def _changes(pairs: list[str]) -> dict[str, str] | None:
    changes = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals:
            return None
        changes[name.strip()] = value
    return changes


def cmd_company_set(args: argparse.Namespace) -> int:
    """Edit a company's fields, as inline edits on the company screen do."""
    changes = _changes(args.set)
    if changes is None:
        print("helpdesk-tui: --set takes field=value, e.g. --set notes=VIP", file=sys.stderr)
        return 2
    with open_store(args) as store:
        version = args.if_version
        if version is None:
            version = store.company.get(args.company).version
        company = store.company.edit(args.company, version, changes)
    if args.json:
        print(to_json(_company_json(company)))
        return 0
    print(f"saved {clean(company.name)} ({clean(company.reference)}), version {company.version}")
    return 0


def cmd_company_primary(args: argparse.Namespace) -> int:
    """Make one of a company's contacts its primary contact (the mark moves to them)."""
    with open_store(args) as store:
        contact = store.company.set_primary(args.company, args.contact)
    if args.json:
        print(to_json(asdict(contact)))
        return 0
    print(f"{clean(contact.name)} ({clean(contact.reference)}) is the primary contact now")
    return 0


def company_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """``company show|set|primary``."""
    import argparse  # noqa: PLC0415

    from .store.companies.views import EDITABLE  # noqa: PLC0415

    company = commands.add_parser("company", help="show a company, edit it, set its primary")
    actions = company.add_subparsers(title="actions", metavar="ACTION", required=True)
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("--json", action="store_true")
    named = argparse.ArgumentParser(add_help=False)
    named.add_argument("company", metavar="NAME", help="its name (any case) or reference")

    show = actions.add_parser("show", parents=[common, output, named], help="show a company")
    show.set_defaults(handler=cmd_company_show)

    edit = actions.add_parser("set", parents=[common, output, named], help="edit its fields")
    edit.add_argument(
        "--set",
        action="append",
        required=True,
        metavar="FIELD=VALUE",
        help=f"{', '.join(EDITABLE)} (active: yes or no; sla_policy: a policy's name)",
    )
    edit.add_argument("--if-version", type=int, metavar="N", help="refuse if changed since N")
    edit.set_defaults(handler=cmd_company_set)

    primary = actions.add_parser(
        "primary", parents=[common, output, named], help="set the primary contact"
    )
    primary.add_argument("--contact", required=True, metavar="REF", help="one of its contacts")
    primary.set_defaults(handler=cmd_company_primary)
