"""The CLI twin of the duplicates view: ``duplicates [--limit N] [--json]`` lists the likeliest
pairs of live contacts (score, reasons, both references and names), and ``duplicates dismiss
REF_A REF_B`` marks a pair "not duplicates" (undoable with ``helpdesk-tui undo``).

Names and companies are strangers' text: every line goes through ``text.clean`` (the table),
``--json`` through ``to_json``; reasons are printed as words, and as their enum values in JSON.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from .cli_common import count_between, open_store, table, to_json
from .text import clean

if TYPE_CHECKING:
    import argparse

    from .store.duplicates.views import DuplicatePair

LIMIT_MAX = 10_000


def _pair_json(pair: DuplicatePair) -> dict[str, Any]:
    side = lambda c: {"reference": c.reference, "name": c.name, "company": c.company}  # noqa: E731
    return {
        "score": pair.score,
        "reasons": [reason.value for reason in pair.reasons],
        "a": side(pair.a),
        "b": side(pair.b),
    }


def cmd_duplicates(args: argparse.Namespace) -> int:
    """The likeliest duplicate pairs, best first."""
    from .store.duplicates.views import reasons_words  # noqa: PLC0415

    with open_store(args) as store:
        found = store.duplicates.find(args.limit)
    if args.json:
        print(to_json({"found": found.found, "pairs": [_pair_json(p) for p in found.pairs]}))
        return 0
    if not found.pairs:
        print("no likely duplicates", file=sys.stderr)
        return 0
    rows = [
        (p.score, p.a.reference, p.a.name, p.b.reference, p.b.name, reasons_words(p.reasons))
        for p in found.pairs
    ]
    print(table(("SCORE", "A", "NAME A", "B", "NAME B", "REASONS"), rows))
    print(f"{len(found.pairs)} of {found.found} pairs", file=sys.stderr)
    return 0


def cmd_dismiss(args: argparse.Namespace) -> int:
    """Mark two contacts "not duplicates"."""
    with open_store(args) as store:
        marked = store.duplicates.dismiss(args.a, args.b)
    said = "marked as not duplicates" if marked else "already marked as not duplicates"
    print(f"{clean(args.a)} and {clean(args.b)}: {said}", file=sys.stderr)
    return 0


def duplicates_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """``duplicates [--limit N] [--json]`` and ``duplicates dismiss REF_A REF_B``."""
    duplicates = commands.add_parser(
        "duplicates",
        parents=[common],
        help="list likely duplicate contacts; dismiss a pair",
        description="Pairs of live contacts that look like one person: one phone number "
        "written differently, similar names at one company or email domain, the same name "
        "with a shared contact method. Each has a score (0-100) and its reasons.",
    )
    duplicates.add_argument(
        "--limit", type=count_between(1, LIMIT_MAX), default=50, help="at most N pairs (50)"
    )
    duplicates.add_argument("--json", action="store_true")
    duplicates.set_defaults(handler=cmd_duplicates)
    actions = duplicates.add_subparsers(title="actions", metavar="ACTION")
    dismiss = actions.add_parser(
        "dismiss",
        parents=[common],
        help="mark two contacts as not duplicates (undoable)",
        description="The pair is never listed again; `helpdesk-tui undo` takes the mark back.",
    )
    dismiss.add_argument("a", metavar="REF_A", help="a contact's reference, e.g. C-10000042")
    dismiss.add_argument("b", metavar="REF_B", help="the other contact's reference")
    dismiss.set_defaults(handler=cmd_dismiss)
