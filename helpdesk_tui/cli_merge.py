"""The CLI twin of the merge preview: ``merge REF_A REF_B [--keep REF] [--take FIELD=A|B …]
[--dry-run] [--json]``.

It reads the plan (``Store.merging.plan``) as the preview does, then applies it with the
versions the plan showed, so a contact saved in between is refused (``StaleEdit``, 4) rather
than merged unseen. Refusals reach ``cli.main`` as ``StoreError``s, each one sentence with its
exit status: not an admin 7 (``FORBIDDEN``), a contact merged into itself, into or from a
tombstone, or in a loop 8 (``REFUSED``), an unknown contact or field 1. Names and values are
strangers' text: every line goes through ``text.clean``, ``--json`` through ``to_json``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from .cli_common import open_store, to_json
from .store.errors import InvalidInput
from .text import clean

if TYPE_CHECKING:
    import argparse

    from .store.contacts.merge import Merged
    from .store.contacts.merge_plan import Holdings, MergePlan, Side


def _side(text: str) -> str:
    """An argparse type: ``FIELD=A`` or ``FIELD=B`` (either case)."""
    import argparse  # noqa: PLC0415

    name, sep, side = text.partition("=")
    if not sep or side.strip().lower() not in ("a", "b") or not name.strip():
        raise argparse.ArgumentTypeError(f"--take takes FIELD=A or FIELD=B, not {text!r}")
    return f"{name.strip()}={side.strip().lower()}"


def _keep(plan: MergePlan, typed: str | None) -> Side:
    """Which contact survives: ``--keep`` names one of the two (as typed), else the first."""
    from .store.contacts.fields import contact_reference  # noqa: PLC0415
    from .store.contacts.merge_plan import Side  # noqa: PLC0415

    if typed is None:
        return Side.A
    wanted = contact_reference(typed)
    for side in Side:
        if plan.contact(side).reference == wanted:
            return side
    raise InvalidInput(
        "keep",
        f"--keep must name one of the two contacts ({plan.a.reference} or {plan.b.reference}), "
        f"not {clean(typed)}",
    )


def _takes(items: list[str] | None) -> dict[str, Side]:
    """``--take FIELD=A|B`` by field name; a name that is no contact field is refused."""
    from .store.contacts.fields import FIELD_BY_NAME  # noqa: PLC0415
    from .store.contacts.merge_plan import Side  # noqa: PLC0415

    take = {name: Side(side) for name, _, side in (item.partition("=") for item in items or ())}
    for name in take:
        if name not in FIELD_BY_NAME:
            raise InvalidInput(
                name, f"{clean(name)!r} is not a contact field: use {', '.join(FIELD_BY_NAME)}"
            )
    return take


def _holdings(holds: Holdings) -> str:
    return ", ".join(f"{count} {what}" for what, count in holds.items() if count) or "nothing"


def _plan_json(plan: MergePlan, keep: Side, take: dict[str, Side]) -> dict[str, Any]:
    return {
        "a": {"reference": plan.a.reference, "name": plan.a.name, "version": plan.a.version},
        "b": {"reference": plan.b.reference, "name": plan.b.name, "version": plan.b.version},
        "keep": plan.contact(keep).reference,
        "fields": [
            asdict(field) | {"taken": take.get(field.name, keep).value} for field in plan.fields
        ],
        "a_holds": asdict(plan.a_holds),
        "b_holds": asdict(plan.b_holds),
        "moves": asdict(plan.moving(keep)),
    }


def _print_plan(plan: MergePlan, keep: Side, take: dict[str, Side]) -> None:
    survivor, other = plan.contact(keep), plan.contact(keep.other)
    print(
        f"merge {clean(other.reference)} ({clean(other.name)}) into "
        f"{clean(survivor.reference)} ({clean(survivor.name)})"
    )
    for field in plan.fields:
        side = take.get(field.name, keep)
        kept = field.a_shown if side.value == "a" else field.b_shown
        gone = field.b_shown if side.value == "a" else field.a_shown
        print(
            f"  {clean(field.label) + ':':<17} {clean(kept, 60) or '(empty)'}"
            f"   (not {clean(gone, 40) or '(empty)'})"
        )
    if not plan.fields:
        print("  every field is the same on both")
    print(f"moves to {clean(survivor.reference)}: {_holdings(plan.moving(keep))}")


def _merged_json(merged: Merged) -> dict[str, Any]:
    from .cli_contacts import _contact_json  # noqa: PLC0415

    return {
        "survivor": _contact_json(merged.survivor),
        "merged": merged.merged,
        "moved": asdict(merged.moved),
        "operation_id": merged.operation_id,
    }


def cmd_merge(args: argparse.Namespace) -> int:
    """Merge two contacts: the plan with ``--dry-run``, else the merge itself."""
    take = _takes(args.take)
    with open_store(args) as store:
        plan = store.merging.plan(args.a, args.b)
        keep = _keep(plan, args.keep)
        if args.dry_run:
            if args.json:
                print(to_json(_plan_json(plan, keep, take)))
            else:
                _print_plan(plan, keep, take)
            return 0
        merged = store.merging.merge(
            args.a, args.b, keep, take, versions=(plan.a.version, plan.b.version)
        )
    if args.json:
        print(to_json(_merged_json(merged)))
        return 0
    print(
        f"merged {clean(merged.merged)} into {clean(merged.survivor.reference)} "
        f"({clean(merged.survivor.name)}): moved {_holdings(merged.moved)}"
    )
    print(f"undo it with: helpdesk-tui undo {merged.operation_id}")
    return 0


def merge_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """``merge``."""
    merge = commands.add_parser(
        "merge",
        parents=[common],
        help="merge two contacts into one (admins only; undoable)",
        description="Merge contact REF_B into REF_A (or the one --keep names): the survivor "
        "keeps its own fields except those --take says come from the other, and gets all the "
        "other's tickets, contact methods, activities, custom values and contracts. The other "
        "becomes a tombstone pointing at it. `helpdesk-tui undo` reverses it.",
    )
    merge.add_argument("a", metavar="REF_A", help="a contact's reference, e.g. C-10000042")
    merge.add_argument("b", metavar="REF_B", help="the other contact's reference")
    merge.add_argument("--keep", metavar="REF", help="the contact that survives (default REF_A)")
    merge.add_argument(
        "--take",
        action="append",
        type=_side,
        metavar="FIELD=A|B",
        help="take a field from REF_A or REF_B (fields as `contact edit --set` names them)",
    )
    merge.add_argument("--dry-run", action="store_true", help="show what would happen")
    merge.add_argument("--json", action="store_true")
    merge.set_defaults(handler=cmd_merge)
