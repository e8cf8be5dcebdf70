"""The command line: opens the TUI, and is the scriptable twin of what the TUI does.

Every command goes through the same ``store`` functions as the screens, so the CLI and the TUI
accept, refuse and journal exactly alike. Results go to stdout (a table, or ``--json``); errors
go to stderr with exit status 1 (2 for bad usage). Heavy imports (Textual, SQLAlchemy) happen
inside the commands that need them: ``helpdesk-tui search`` never loads either.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from . import __version__
from .config import demo_db, resolve_db
from .store.errors import StoreError
from .text import clean

if TYPE_CHECKING:
    import argparse

DEMO_CONTACTS = 10_000


def _database(url: str):
    """The full store (SQLAlchemy), at the current schema."""
    from .store.engine import Database  # noqa: PLC0415
    from .store.schema import ensure  # noqa: PLC0415

    db = Database(url)
    backup = ensure(db)
    if backup is not None:
        print(f"helpdesk-tui: upgraded the database; backup at {backup}", file=sys.stderr)
    return db


def _search_connection(url: str):
    """A plain connection for searching; migrates first (the slow path) only when needed."""
    from .store.connect import connect_sqlite, is_sqlite  # noqa: PLC0415
    from .store.schema import check_revision, current_revision  # noqa: PLC0415

    if not is_sqlite(url):
        raise StoreError("search from the command line needs a SQLite database for now")
    conn = connect_sqlite(url)
    if check_revision(current_revision(conn)):
        conn.close()
        _database(url).dispose()
        conn = connect_sqlite(url)
    return conn


def _json(value: Any) -> str:
    import json  # noqa: PLC0415 - the table output does not need it
    from datetime import datetime  # noqa: PLC0415

    def default(item: Any) -> Any:
        if isinstance(item, datetime):
            return item.isoformat()
        raise TypeError(type(item).__name__)

    return json.dumps(value, default=default, ensure_ascii=False, indent=2)


def _terminal_width() -> int:
    """What ``shutil.get_terminal_size`` answers ($COLUMNS, the terminal, else 120 when piped),
    without importing shutil and its compression modules on the way to a search result. Like
    shutil, a width of 0 or less (COLUMNS=0, a terminal that reports no size) counts as unset:
    the table could not be fitted to it."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
    except (AttributeError, OSError, ValueError):
        columns = 0
    return columns if columns > 0 else 120


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain text table fitted to the terminal; every cell goes through ``text.clean``."""
    width = _terminal_width()
    cells = [[clean(c, 60) for c in row] for row in rows]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(headers)]
    while sum(widths) + 2 * (len(widths) - 1) > width and max(widths) > 8:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    lines = []
    for row in [list(headers), *cells]:
        parts = [
            cell if len(cell) <= w else cell[: max(0, w - 1)] + "…"
            for cell, w in zip(row, widths, strict=True)
        ]
        lines.append("  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _tune_textual() -> None:
    """Repaint at up to 120 frames a second, not Textual's 60: a keystroke's results wait for
    the next frame, and at 60 that wait was half of the 45 ms p95 the bench measured at 100k
    contacts (28 ms at 120). Textual reads TEXTUAL_FPS once, at import, so this runs first; an
    agent's own TEXTUAL_FPS wins."""
    os.environ.setdefault("TEXTUAL_FPS", "120")


def cmd_tui(args: argparse.Namespace) -> int:
    """Open the TUI (on the demo database with ``--demo``, making it on first use)."""
    url = resolve_db(demo_db() if args.demo else getattr(args, "db", None))
    if args.demo:
        from .store.connect import sqlite_file  # noqa: PLC0415

        path = sqlite_file(url)
        if path is not None and not path.exists():
            print(f"Creating demo data in {path} …", file=sys.stderr)
            _generate(url, DEMO_CONTACTS, 1)
    _tune_textual()
    from .app import HelpdeskApp  # noqa: PLC0415

    HelpdeskApp(url).run()
    return 0


def _generate(url: str, contacts: int, seed: int) -> Any:
    from .store.demo import generate  # noqa: PLC0415

    def progress(done: int, total: int) -> None:
        filled = 30 * done // total
        bar = "█" * filled + "·" * (30 - filled)
        print(f"\r  {bar} {done:>9,} / {total:,} contacts", end="", file=sys.stderr, flush=True)

    summary = generate(url, contacts=contacts, seed=seed, progress=progress)
    print(file=sys.stderr)
    return summary


def cmd_demo(args: argparse.Namespace) -> int:
    """Generate demo data into a new database."""
    from dataclasses import asdict  # noqa: PLC0415 - off the search path

    url = resolve_db(getattr(args, "db", None) or demo_db())
    summary = _generate(url, args.contacts, args.seed)
    if args.json:
        print(_json(asdict(summary)))
    else:
        print(
            f"{summary.contacts:,} contacts, {summary.companies:,} companies, "
            f"{summary.identities:,} contact methods, {summary.tickets:,} tickets, "
            f"{summary.activities:,} activities, {summary.custom_values:,} custom values "
            f"in {summary.seconds} s → {url}"
        )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """Print what Home would list for QUERY."""
    from .store.search import search  # noqa: PLC0415

    conn = _search_connection(_existing(args))
    try:
        result = search(conn, args.query, limit=args.limit)
    finally:
        conn.close()
    if result.error:
        print(f"helpdesk-tui: {clean(result.error, 2000)}", file=sys.stderr)
        return 1
    if result.read_as:
        print(f"helpdesk-tui: searched for {clean(result.read_as, 2000)}", file=sys.stderr)
    if args.json:
        print(_json([hit._asdict() for hit in result.hits]))
        return 0
    if not result.hits:
        print(f"no contact matches {clean(args.query)!r}", file=sys.stderr)
        return 0
    rows = []
    for h in result.hits:
        # Found by a second address, another number or a handle: a leading * (it survives a
        # cell cut to fit 80 columns) marks it where it shows; a handle, having no column of
        # its own, shows in EMAIL after its kind.
        email, phone = h.email, h.phone
        if h.secondary_match and h.matched_value == h.phone:
            phone = "*" + phone
        elif h.secondary_match:
            shown = h.matched_value == h.email
            email = "*" + (email if shown else f"{h.matched_kind} {h.matched_value}")
        rows.append(
            (h.reference, h.name, h.company, email, phone, h.open_tickets, f"{h.score:.0f}")
        )
    print(_table(("REF", "NAME", "COMPANY", "EMAIL", "PHONE", "OPEN", "SCORE"), rows))
    return 0


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

    from .store.contacts import FIELDS, get_contact  # noqa: PLC0415

    db = _database(_existing(args))
    try:
        detail = get_contact(db, args.reference)
    finally:
        db.dispose()
    if args.json:
        print(_json(asdict(detail) | {"contact": _contact_json(detail.contact)}))
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
        for value in detail.custom_values:
            print(f"  {clean(value.key) + ':':<20} {clean(value.value)}  ({clean(value.source)})")
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


def _report(view: Any, args: argparse.Namespace, verb: str) -> None:
    if args.json:
        print(_json(_contact_json(view)))
    else:
        print(f"{verb} {clean(view.name)} ({view.reference}, version {view.version})")


def cmd_contact_add(args: argparse.Namespace) -> int:
    """Create a contact, validated like the New contact form."""
    from .store.contacts import create_contact  # noqa: PLC0415

    db = _database(resolve_db(getattr(args, "db", None)))
    try:
        fields = {
            "first_name": args.first or "",
            "last_name": args.last or "",
            "company": args.company or "",
            "title": args.title or "",
        } | _fields(args)
        view = create_contact(
            db, create_company=args.create_company, identities=_identities(args), **fields
        )
    finally:
        db.dispose()
    _report(view, args, "created")
    return 0


def cmd_contact_edit(args: argparse.Namespace) -> int:
    """Edit a contact like the Details tab: same validation, same journal."""
    from .store.contacts import (  # noqa: PLC0415
        AddIdentity,
        MakeDefault,
        RemoveIdentity,
        get_contact,
        update_contact,
    )

    changes = _fields(args)
    db = _database(_existing(args))
    try:
        current = get_contact(db, args.reference).contact
        by_value = {i.value: i.id for i in current.identities}
        by_value.update({i.normalized: i.id for i in current.identities})
        ops: list[Any] = [AddIdentity(kind, value) for kind, value in _identities(args)]
        for value in args.remove or ():
            if value not in by_value:
                raise StoreError(f"{current.reference} has no contact method {value!r}")
            ops.append(RemoveIdentity(by_value[value]))
        for value in args.default or ():
            if value not in by_value:
                raise StoreError(f"{current.reference} has no contact method {value!r}")
            ops.append(MakeDefault(by_value[value]))
        version = args.if_version if args.if_version is not None else current.version
        view = update_contact(
            db, current.reference, version, changes, ops, create_company=args.create_company
        )
    finally:
        db.dispose()
    if view.version == version:
        note = (
            f"nothing to change: {clean(view.name)} ({view.reference}) already has those values "
            f"(version {view.version})"
        )
        if args.json:
            print(_json(_contact_json(view)))
        print(note, file=sys.stderr if args.json else sys.stdout)
        return 0
    _report(view, args, "saved")
    return 0


def _limit(text: str) -> int:
    """A result count from 1 to 1000 (argparse turns the ValueError into a usage error)."""
    import argparse  # noqa: PLC0415 - argparse is loaded only when it parses

    value = int(text)
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError("must be from 1 to 1000")
    return value


def _existing(args: argparse.Namespace) -> str:
    """The URL of a database that must already exist (reading a typo'd path would create it)."""
    from .store.connect import sqlite_path  # noqa: PLC0415

    url = resolve_db(getattr(args, "db", None))
    path = sqlite_path(url)
    if path is not None and not os.path.exists(path):
        raise StoreError(
            f"no database at {path}: create one with `helpdesk-tui demo --db {path}` "
            "or by opening it in the TUI"
        )
    return url


def _sizes(text: str) -> list[int]:
    import argparse  # noqa: PLC0415 - argparse is loaded only when it parses

    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes are whole numbers, like 100000,1000000: {text!r}"
        ) from None
    if not sizes or not all(1_000 <= size <= 1_000_000 for size in sizes):
        raise argparse.ArgumentTypeError("each size must be between 1,000 and 1,000,000")
    return sizes


def cmd_bench(args: argparse.Namespace) -> int:
    """Run the benchmark: figures, budgets, results file."""
    from pathlib import Path  # noqa: PLC0415 - off the search path

    _tune_textual()  # the bench types into the app as it runs for agents
    from .bench.plan import SMOKE, Plan  # noqa: PLC0415
    from .bench.run import run  # noqa: PLC0415

    readme = Path(args.readme) if args.readme else None
    return run(args.sizes, SMOKE if args.smoke else Plan(), Path(args.out), readme)


def _contact_help() -> str:
    """The end of ``contact add|edit --help``: the fields ``--set`` takes, the kinds ``--add``
    takes."""
    from .store.contact_fields import FIELDS  # noqa: PLC0415 - no ORM: the forms use it too
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


def _contact_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """``contact add`` and ``contact edit``."""
    import argparse  # noqa: PLC0415 - argparse is loaded only when it parses

    epilog = _contact_help()
    contact = commands.add_parser("contact", help="add or edit contacts")
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


def _search_epilog() -> str:
    """The filters ``search`` understands, from the parser's own list."""
    from .store.kinds import KINDS  # noqa: PLC0415
    from .store.query import FILTER_HELP  # noqa: PLC0415

    width = max(len(name) for name, _, _ in FILTER_HELP)
    lines = ["filters (combine them with each other and with free text):"]
    for name, meaning, examples in FILTER_HELP:
        lines += [f"  {name:<{width}}  {meaning}", f"  {'':<{width}}  e.g. {examples}"]
    lines += [
        "",
        f"kinds: {', '.join(KINDS)}",
        "(or the start of one: kind:whats).",
        "phone: takes the words that look like part of a number. company: takes the",
        "words up to the next filter; when that finds nobody, the longest run of them",
        "that names a company is the company and the rest is free text, and the search",
        'says how it read the query (searched for jon company:"koch media"). A value in',
        'double quotes ends at its closing quote: company:"koch media" jon.',
        "",
        "A * marks the email or phone a row was found by when it is not the contact's",
        "default; a handle it was found by shows in EMAIL after its kind (*twitter @jon).",
        "--json gives every row's matched_kind and matched_value.",
        "",
        "examples:",
        "  helpdesk-tui search 'jhon smtih'",
        "  helpdesk-tui search '7400 084175'",
        "  helpdesk-tui search 'kind:whatsapp company:koch media anna' --json",
    ]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """The command line of helpdesk-tui."""
    import argparse  # noqa: PLC0415 - a plain search does without it (see _plain_search)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help="database file or SQLAlchemy URL (default: $HELPDESK_TUI_DB, else the user data dir)",
    )
    parser = argparse.ArgumentParser(
        prog="helpdesk-tui",
        description="A keyboard-driven terminal helpdesk. Without a command, opens the TUI.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the demo database")
    parser.set_defaults(handler=cmd_tui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    demo = commands.add_parser(
        "demo", parents=[common], help="generate demo data (default: the --demo database)"
    )
    demo.add_argument("--contacts", type=int, default=DEMO_CONTACTS, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument("--json", action="store_true")
    demo.set_defaults(handler=cmd_demo)

    search = commands.add_parser(
        "search",
        parents=[common],
        help="search contacts",
        description="Search contacts as Home does: by name, email, phone digits, company,\n"
        "reference or PIN, misspellings and accents forgiven, best match first.",
        epilog=_search_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=_limit, default=50, metavar="N", help="1 to 1000")
    search.add_argument("--json", action="store_true")
    search.set_defaults(handler=cmd_search)

    show = commands.add_parser("show", parents=[common], help="show a contact")
    show.add_argument("reference", metavar="REFERENCE", help="e.g. C-10000042, or 10000042")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    bench = commands.add_parser(
        "bench", help="measure speed and memory against the budgets, side by side with fzf"
    )
    bench.add_argument(
        "--sizes", type=_sizes, default=[100_000, 1_000_000], metavar="N,N", help="contacts"
    )
    bench.add_argument("--smoke", action="store_true", help="a quick run; budgets not judged")
    bench.add_argument("--out", default="bench/results", metavar="DIR")
    bench.add_argument("--readme", metavar="FILE", help="put the table in FILE")
    bench.set_defaults(handler=cmd_bench)

    _contact_commands(commands, common)
    return parser


def _plain_search(argv: Sequence[str]) -> SimpleNamespace | None:
    """``[--db X] search QUERY [--limit N] [--json] [--db X]`` read without argparse, or None.

    Building the argparse tree costs a whole-process search about 8 ms (its help formatter
    imports shutil, its messages go through gettext) of the 45 ms it is timed at against fzf.
    Anything else (help, a mistake, another command) returns None and goes to argparse, so
    usage errors read the same as ever. What is read here is only what argparse accepts, with
    the same meaning: before the command only ``--db`` is an option (``--limit`` and ``--json``
    are the search command's), and ``--`` is read only where argparse reads it: inside the
    command, right before or right after the query (before the command, argparse takes it for
    the command's name; after an option that follows the query, for one argument too many).
    """
    values: dict[str, str] = {}
    words: list[str] = []
    after_query = False
    items = iter(argv)
    for item in items:
        if item == "--" and (len(words) == 1 or after_query):
            words += items
            break
        after_query = False
        name, equals, value = item.partition("=")
        if name == "--db" or (name == "--limit" and words):
            found = value if equals else next(items, None)
            if found is None or name in values or (not equals and found.startswith("-")):
                return None
            values[name] = found
        elif item == "--json" and words and "--json" not in values:
            values["--json"] = ""
        elif item.startswith("-"):
            return None
        else:
            words.append(item)
            after_query = len(words) == 2
    limit = values.get("--limit", "50")
    # "²".isdigit() is true, yet int() and so argparse refuse it: ASCII digits only.
    if len(words) != 2 or words[0] != "search" or not (limit.isascii() and limit.isdigit()):
        return None
    if not 1 <= int(limit) <= 1000:
        return None
    found = SimpleNamespace(query=words[1], limit=int(limit), json="--json" in values)
    if "--db" in values:
        found.db = values["--db"]
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``helpdesk-tui`` script."""
    argv = sys.argv[1:] if argv is None else argv
    args = _plain_search(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    else:
        args.handler = cmd_search
    try:
        return args.handler(args)
    except StoreError as exc:
        print(f"helpdesk-tui: {clean(str(exc), 2000)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
