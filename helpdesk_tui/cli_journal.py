"""The CLI twin of ``u`` and ``h``: ``undo [OPERATION_ID] [--yes]`` and ``history REF``.

Both call ``Store.journal`` (``store.journal.door``), as the TUI does. ``undo`` without an id
undoes the agent's own latest operation that can be undone; it first says what it would undo,
and without ``--yes`` asks on a terminal (anything but y leaves everything as it is) and refuses
when it cannot ask (a script must say ``--yes``). The confirmed operation is undone by its id,
so what was shown is what is undone. Refusals reach ``cli.main`` as ``StoreError``s with their
exit status: rows changed since 4 (``CONFLICT``, naming who changed what and when), an
operation the journal cannot reverse or nothing left to undo 8 (``REFUSED``), an unknown id 1.
Descriptions quote strangers' text: every line goes through ``text.clean``.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from .cli_common import count_between, open_store, to_json
from .text import clean

if TYPE_CHECKING:
    import argparse

    from .store.journal.views import OperationView


def _when(view: OperationView) -> str:
    return f"{view.at:%Y-%m-%d %H:%M}"


def _operation_json(view: OperationView) -> dict[str, Any]:
    return asdict(view) | {"is_undo": view.is_undo}


def _confirmed(view: OperationView) -> bool:
    """Ask on the terminal whether to undo ``view``; False when stdin is not a terminal."""
    if not sys.stdin.isatty():
        return False
    try:
        answer = input("Undo it? [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def cmd_undo(args: argparse.Namespace) -> int:
    """Undo an operation (by id; none: your latest that can be undone)."""
    with open_store(args) as store:
        view = store.journal.preview(args.operation_id)
        said = (
            f"{clean(view.description, 300)} (by {clean(view.author)} on {_when(view)} UTC, "
            f"operation {view.operation_id})"
        )
        if not args.yes:
            print(f"would undo: {said}", file=sys.stderr)
            if not _confirmed(view):
                print(
                    "helpdesk-tui: nothing was undone: confirm with --yes, or answer y on a "
                    "terminal",
                    file=sys.stderr,
                )
                return 1
        done = store.journal.undo(view.operation_id)
    if args.json:
        print(
            to_json(
                {
                    "operation_id": done.operation_id,
                    "description": done.description,
                    "rows": done.rows,
                    "undone": _operation_json(done.undone),
                }
            )
        )
        return 0
    print(f"{clean(done.description, 300)} ({done.rows} row{'s' if done.rows != 1 else ''})")
    print(f"undo this with: helpdesk-tui undo {done.operation_id}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    """What happened to a contact, ticket or company, newest first."""
    with open_store(args) as store:
        page = store.journal.history(args.reference, args.offset, args.limit)
    if args.json:
        print(
            to_json(
                {
                    "subject": page.subject,
                    "operations": [_operation_json(entry) for entry in page.entries],
                    "offset": page.offset,
                    "has_more": page.has_more,
                }
            )
        )
        return 0
    print(f"history of {clean(page.subject)}, newest first:")
    if not page.entries:
        print("  nothing journalled")
    for entry in page.entries:
        print(f"{_when(entry)}  {clean(entry.author):<12} {clean(entry.description, 300)}")
        state = "undo: helpdesk-tui undo" if entry.undoable else "cannot be undone now:"
        print(f"    {state} {entry.operation_id}")
    if page.has_more:
        more = page.offset + len(page.entries)
        print(f"more with --offset {more}", file=sys.stderr)
    return 0


def journal_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """``undo`` and ``history``."""
    undo = commands.add_parser(
        "undo",
        parents=[common],
        help="undo an operation (default: your latest that can be undone)",
        description="Undo an operation of the journal, as a new operation (undo that to redo "
        "it). Refused, with who changed what and when, if the rows it changed have changed "
        "since. Without --yes, says what it would undo and asks.",
    )
    undo.add_argument(
        "operation_id", metavar="OPERATION_ID", nargs="?", help="an id from `history`"
    )
    undo.add_argument("--yes", action="store_true", help="undo without asking")
    undo.add_argument("--json", action="store_true")
    undo.set_defaults(handler=cmd_undo)

    history = commands.add_parser(
        "history", parents=[common], help="what happened to a contact, ticket or company"
    )
    history.add_argument(
        "reference", metavar="REF", help="a contact (C-…), a ticket (T-…), or a company's name"
    )
    history.add_argument("--limit", type=count_between(1, 1000), default=20, metavar="N")
    history.add_argument("--offset", type=count_between(0, 10**9), default=0, metavar="N")
    history.add_argument("--json", action="store_true")
    history.set_defaults(handler=cmd_history)
