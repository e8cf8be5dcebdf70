"""The CLI twin of the contact screen: ``show``, ``contact add`` and ``contact edit``.

They call the same ``store.service.Store`` as the Details tab and the New contact form, so both
accept, refuse and journal alike, on either engine.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from .cli_common import open_store, to_json
from .store.errors import StoreError
from .text import clean

if TYPE_CHECKING:
    import argparse


def _contact_json(view: Any) -> dict[str, Any]:
    """A ContactView as JSON: its fields as stored, with the country's name beside its code."""
    from dataclasses import asdict  # noqa: PLC0415 - off the search path

    fields: dict[str, Any] = {}
    for key, value in asdict(view).items():
        fields[key] = value
        if key == "country":
            fields["country_name"] = view.country_name
    return fields


def cmd_show(args: argparse.Namespace) -> int:
    """Print a contact the way its screen shows it (REFERENCE in any case, prefix optional)."""
    from dataclasses import asdict  # noqa: PLC0415 - off the search path

    from .store.contacts.fields import FIELDS  # noqa: PLC0415

    with open_store(args) as store:
        detail = store.contact(args.reference)
    if args.json:
        print(to_json(asdict(detail) | {"contact": _contact_json(detail.contact)}))
        return 0
    contact = detail.contact
    if detail.merged_from:
        print(f"({clean(detail.merged_from)} was merged into this contact)")
    print(f"{clean(contact.name)}  {clean(contact.reference)}  PIN {clean(contact.pin)}")
    for spec in FIELDS:
        value = contact.shown(spec.name)
        if value:
            print(f"  {spec.label + ':':<17} {clean(value, 100)}")
    print("Contact methods:")
    for identity in contact.identities:
        mark = "*" if identity.is_default else " "
        print(f"  {mark} {clean(identity.kind):<9} {clean(identity.value)}")
    if detail.custom_values:
        print("Customer data:")
        for custom in detail.custom_values:
            print(
                f"  {clean(custom.key) + ':':<20} {clean(custom.value)}  ({clean(custom.source)})"
            )
    print(f"Tickets ({detail.ticket_count}):")
    for ticket in detail.tickets[:20]:
        print(
            f"  {clean(ticket.reference)}  {clean(ticket.status):<8} {clean(ticket.priority):<7} "
            f"{ticket.created_at:%Y-%m-%d}  {clean(ticket.subject, 60)}"
        )
    if detail.sla:
        print(f"SLA: {clean(detail.sla.name)} (from the {detail.sla.source})")
    return 0


def _identities(args: argparse.Namespace) -> list[tuple[str, str]]:
    found = [("email", e) for e in args.email or ()] + [("phone", p) for p in args.phone or ()]
    for item in args.add or ():
        kind, sep, value = item.partition("=")
        if not sep:
            raise StoreError(f"--add takes KIND=VALUE, not {item!r}")
        found.append((kind.strip().lower(), value))
    return found


def _fields(args: argparse.Namespace) -> dict[str, str]:
    """The ``--set FIELD=VALUE`` options, by field name."""
    changes = {}
    for item in args.set or ():
        name, sep, value = item.partition("=")
        if not sep:
            raise StoreError(f"--set takes FIELD=VALUE, not {item!r}")
        changes[name.strip()] = value
    return changes


def _added(adds: list[Any], value: str, region: str) -> int | None:
    """Which of the command's new methods ``--default VALUE`` names, as typed or normalized."""
    from .store.contacts.identities import InvalidIdentity, normalize  # noqa: PLC0415

    for index, add in enumerate(adds):
        if add.value.strip() == value.strip():
            return index
        try:
            if normalize(add.kind, value, region)[1] == normalize(add.kind, add.value, region)[1]:
                return index
        except InvalidIdentity:
            continue
    return None


def _report(view: Any, args: argparse.Namespace, verb: str) -> None:
    if args.json:
        print(to_json(_contact_json(view)))
    else:
        print(f"{verb} {clean(view.name)} ({view.reference}, version {view.version})")


def cmd_contact_add(args: argparse.Namespace) -> int:
    """Create a contact, validated like the New contact form."""
    fields = {
        "first_name": args.first or "",
        "last_name": args.last or "",
        "company": args.company or "",
        "title": args.title or "",
    } | _fields(args)
    identities = _identities(args)
    with open_store(args, create=True) as store:
        view = store.create(create_company=args.create_company, identities=identities, **fields)
    _report(view, args, "created")
    return 0


def cmd_contact_edit(args: argparse.Namespace) -> int:
    """Edit a contact like the Details tab: same validation, same journal."""
    from dataclasses import replace  # noqa: PLC0415 - off the search path

    from .store.contacts.fields import AddIdentity, MakeDefault, RemoveIdentity  # noqa: PLC0415

    changes = _fields(args)
    with open_store(args) as store:
        current = store.contact(args.reference).contact
        by_value = {i.value: i for i in current.identities}
        by_value.update({i.normalized: i for i in current.identities})
        adds = [AddIdentity(kind, value) for kind, value in _identities(args)]
        ops: list[Any] = []
        for value in args.remove or ():
            if value not in by_value:
                raise StoreError(f"{current.reference} has no contact method {value!r}")
            ops.append(RemoveIdentity.of(by_value[value]))
        for value in args.default or ():
            if (index := _added(adds, value, current.country or store.region)) is not None:
                adds[index] = replace(adds[index], make_default=True)
            elif value in by_value:
                ops.append(MakeDefault.of(by_value[value]))
            else:
                raise StoreError(f"{current.reference} has no contact method {value!r}")
        ops = [*adds, *ops]
        version = args.if_version if args.if_version is not None else current.version
        view = store.save(
            current.reference, version, changes, ops, create_company=args.create_company
        )
    for dropped in view.dropped:
        print(clean(dropped.message), file=sys.stderr)
    if view.version == version:
        note = (
            f"nothing to change: {clean(view.name)} ({view.reference}) already has those values "
            f"(version {view.version})"
        )
        if args.json:
            print(to_json(_contact_json(view)))
        print(note, file=sys.stderr if args.json else sys.stdout)
        return 0
    _report(view, args, "saved")
    return 0


def _contact_help() -> str:
    """The end of ``contact add|edit --help``: the fields ``--set`` takes, the kinds ``--add``
    takes."""
    from .store.contacts.fields import FIELDS  # noqa: PLC0415 - no ORM: the forms use it too
    from .store.kinds import KINDS  # noqa: PLC0415

    hints = {
        "bool": "yes or no",
        "company": "a company's name",
        "country": "a country's name or two-letter code (Ireland, IE)",
    }
    fields = "\n".join(
        f"  {spec.name:<15} {spec.label}" + (f": {hints[spec.kind]}" if spec.kind in hints else "")
        for spec in FIELDS
    )
    kinds = ", ".join(KINDS)
    return (
        f"fields, for --set FIELD=VALUE:\n{fields}\n\n"
        f"kinds of contact method, for --add KIND=VALUE:\n  {kinds}"
    )


def contact_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """``contact add`` and ``contact edit``; ``cli_lifecycle``'s ``contact deactivate`` and
    the like, and ``purge``."""
    import argparse  # noqa: PLC0415 - argparse is loaded only when it parses

    from .cli_lifecycle import lifecycle_actions, purge_command  # noqa: PLC0415

    epilog = _contact_help()
    contact = commands.add_parser(
        "contact", help="add, edit, deactivate, delete or restore contacts"
    )
    actions = contact.add_subparsers(title="actions", metavar="ACTION", required=True)
    methods = argparse.ArgumentParser(add_help=False)
    methods.add_argument("--email", action="append", metavar="ADDRESS")
    methods.add_argument("--phone", action="append", metavar="NUMBER")
    methods.add_argument("--add", action="append", metavar="KIND=VALUE", help="other methods")
    methods.add_argument("--set", action="append", metavar="FIELD=VALUE", help="fields below")
    methods.add_argument("--create-company", action="store_true", help="create a new company")
    methods.add_argument("--json", action="store_true")

    add = actions.add_parser(
        "add",
        parents=[common, methods],
        help="create a contact",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("--first", metavar="NAME")
    add.add_argument("--last", metavar="NAME")
    add.add_argument("--company", metavar="NAME")
    add.add_argument("--title")
    add.set_defaults(handler=cmd_contact_add)

    edit = actions.add_parser(
        "edit",
        parents=[common, methods],
        help="edit a contact",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    edit.add_argument("reference", metavar="REFERENCE", help="e.g. C-10000042, or 10000042")
    edit.add_argument("--remove", action="append", metavar="VALUE", help="remove a method")
    edit.add_argument("--default", action="append", metavar="VALUE", help="make a method default")
    edit.add_argument("--if-version", type=int, metavar="N", help="refuse if changed since N")
    edit.set_defaults(handler=cmd_contact_edit)
    lifecycle_actions(actions, common)
    purge_command(commands, common)
