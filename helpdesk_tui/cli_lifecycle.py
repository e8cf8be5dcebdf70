"""The CLI twin of ``D``: ``contact deactivate|reactivate|delete|restore REF [--reassign-to
REF] [--json]`` and ``purge REF --yes``.

They call ``Store.lifecycle`` as the contact screen's dialog does, so both refuse alike, each
refusal one sentence with its exit status: not an admin 7 (``FORBIDDEN``), a contact whose
state does not allow it (tickets left to reassign, deleted already, not deleted, a tombstone)
8 (``REFUSED``), an unknown contact 1. Names are strangers' text: every line goes through
``text.clean``, ``--json`` through ``to_json``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .cli_common import open_store, to_json
from .text import clean

if TYPE_CHECKING:
    import argparse

    from .store.contacts.lifecycle import LifecycleDone

HELPS = {
    "deactivate": "deactivate a contact: kept for history, hidden from search (is:inactive)",
    "reactivate": "make a deactivated contact active again",
    "delete": "delete a contact (admins only; its tickets go to --reassign-to first)",
    "restore": "bring a deleted contact back (admins only)",
}


def _json(done: LifecycleDone) -> dict[str, Any]:
    from .cli_contacts import _contact_json  # noqa: PLC0415

    return {
        "action": done.action.value,
        "reference": done.reference,
        "contact": _contact_json(done.contact) if done.contact is not None else None,
        "tickets_moved": done.tickets_moved,
        "reassigned_to": done.reassigned_to,
        "removed": done.removed,
        "operation_id": done.operation_id,
    }


def _said(done: LifecycleDone) -> str:
    """What was done, in one line."""
    who = f"{clean(done.name)} ({clean(done.reference)})" if done.name else done.reference
    said = f"{done.action.value}d {who}"
    if done.tickets_moved:
        plural = "ticket" if done.tickets_moved == 1 else "tickets"
        said += f"; moved {done.tickets_moved} {plural} to {clean(done.reassigned_to)}"
    if done.removed:
        said += f", with {done.removed} rows naming them"
    return said


def cmd_lifecycle(args: argparse.Namespace) -> int:
    """Deactivate, reactivate, delete, restore or purge one contact."""
    from .store.contacts.lifecycle import LifecycleAction  # noqa: PLC0415

    action = LifecycleAction(args.action)
    if action is LifecycleAction.PURGE and not args.yes:
        args.refuse("purge cannot be undone: give --yes to purge")
    with open_store(args) as store:
        done = store.lifecycle.apply(action, args.reference, getattr(args, "reassign_to", None))
    if args.json:
        print(to_json(_json(done)))
        return 0
    print(_said(done))
    if action is LifecycleAction.PURGE:
        print("a purge cannot be undone")
    else:
        print(f"undo it with: helpdesk-tui undo {done.operation_id}")
    return 0


def lifecycle_actions(actions: Any, common: argparse.ArgumentParser) -> None:
    """``contact deactivate|reactivate|delete|restore``."""
    for name, said in HELPS.items():
        parser = actions.add_parser(name, parents=[common], help=said, description=said)
        parser.add_argument("reference", metavar="REF", help="e.g. C-10000042, or 10000042")
        if name == "delete":
            parser.add_argument(
                "--reassign-to",
                metavar="REF",
                help="the contact that gets its tickets (needed when it has any)",
            )
        parser.add_argument("--json", action="store_true")
        parser.set_defaults(handler=cmd_lifecycle, action=name, refuse=parser.error)


def purge_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """``purge REF --yes``."""
    purge = commands.add_parser(
        "purge",
        parents=[common],
        help="remove a deleted contact for good (admins only; cannot be undone)",
        description="Remove a deleted contact, the contacts merged into it, their contact "
        "methods, activities and custom values for good; contracts naming it stay, without "
        "it. The journal keeps that it happened, not what it held. Undo cannot reverse it.",
    )
    purge.add_argument("reference", metavar="REF", help="a deleted contact's reference")
    purge.add_argument("--yes", action="store_true", help="yes, purge it: it cannot be undone")
    purge.add_argument("--json", action="store_true")
    purge.set_defaults(handler=cmd_lifecycle, action="purge", refuse=purge.error)
