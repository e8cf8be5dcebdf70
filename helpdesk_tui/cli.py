"""The command line: opens the TUI, and is the scriptable twin of what the TUI does.

Every command goes through the same ``store`` functions as the screens, so the CLI and the TUI
accept, refuse and journal exactly alike. Results go to stdout (a table, or ``--json``); errors
go to stderr with exit status 1 (2 for bad usage). Heavy imports (Textual, SQLAlchemy) happen
inside the commands that need them: ``helpdesk-tui search`` never loads either.
"""

from __future__ import annotations

import gc
import importlib
import os
import signal
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from . import __version__
from .cli_common import open_store, table, to_json
from .cli_demo import DEMO_CONTACTS, cmd_demo, generate_demo
from .config import demo_db, resolve_db
from .store.errors import ErrorCode
from .text import clean

if TYPE_CHECKING:
    import argparse

COMMAND_GROUPS = (
    ("cli_contacts", "contact_commands"),
    ("cli_tickets", "ticket_commands"),
    ("cli_activities", "activity_commands"),
    ("cli_companies", "company_commands"),
    ("cli_views", "view_commands"),
    ("cli_database", "database_commands"),
    ("cli_merge", "merge_commands"),
    ("cli_duplicates", "duplicates_commands"),
    ("cli_journal", "journal_commands"),
    ("cli_agents", "agent_commands"),
)
"""Each module's function adding its commands, in ``--help``'s order (imported only then)."""


def _tune_textual() -> None:
    """Repaint at up to 120 frames a second, not Textual's 60: a keystroke's results wait for
    the next frame, and at 60 that wait was half of the 45 ms p95 the bench measured at 100k
    contacts (28 ms at 120). Textual reads TEXTUAL_FPS once, at import, so this runs first; an
    agent's own TEXTUAL_FPS wins."""
    os.environ.setdefault("TEXTUAL_FPS", "120")


def cmd_tui(args: argparse.Namespace) -> int:
    """Open the TUI (on the demo database with ``--demo``, making it on first use)."""
    from .store.service import Store  # noqa: PLC0415

    store = Store(
        resolve_db(demo_db() if args.demo else getattr(args, "db", None)), create_file=True
    )
    if args.demo and store.file is not None and not os.path.exists(store.file):
        print(f"Creating demo data in {store.file} …", file=sys.stderr)
        generate_demo(store.url, DEMO_CONTACTS, 1)
    # Said here, before the screen is taken over: a wrong path, an unreachable server.
    store.check_access()
    _tune_textual()
    gc.disable()  # until the first frame: start-up makes objects to keep (app._settle_garbage)
    from .app import HelpdeskApp  # noqa: PLC0415

    app = HelpdeskApp(store)
    app.run()
    if app.return_code:  # a signal (128 + its number)
        return app.return_code
    return 0 if app.failure is None else getattr(app.failure, "code", ErrorCode.ERROR).exit_status


def cmd_search(args: argparse.Namespace) -> int:
    """Print what Home would list for QUERY (or a saved view's search, narrowed by QUERY)."""
    if args.query is None and not getattr(args, "view", None):
        args.refuse("give a QUERY, or --view NAME")
    with open_store(args) as store:
        if getattr(args, "view", None):
            from .cli_views import view_search  # noqa: PLC0415 - off the plain search's path

            args.query = view_search(store, args.view, args.query or "")
        result = store.search(args.query, limit=args.limit)
    if result.error:
        print(f"helpdesk-tui: {clean(result.error, 2000)}", file=sys.stderr)
        return 1
    if result.read_as:
        print(f"helpdesk-tui: searched for {clean(result.read_as, 2000)}", file=sys.stderr)
    if args.json:
        print(to_json([hit._asdict() for hit in result.hits]))
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
    print(table(("REF", "NAME", "COMPANY", "EMAIL", "PHONE", "OPEN", "SCORE"), rows))
    return 0


def _limit(text: str) -> int:
    """A result count from 1 to 1000 (argparse turns the ValueError into a usage error)."""
    import argparse  # noqa: PLC0415 - argparse is loaded only when it parses

    value = int(text)
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError("must be from 1 to 1000")
    return value


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


def _search_epilog() -> str:
    """The filters ``search`` understands, from the parser's own list."""
    from .store.kinds import KINDS  # noqa: PLC0415
    from .store.search.query import FILTER_HELP  # noqa: PLC0415

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
        "  helpdesk-tui search has:unassigned     # latest changed tickets first",
        "  helpdesk-tui search --view 'Has open tickets' koch",
    ]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """The command line of helpdesk-tui."""
    import argparse  # noqa: PLC0415 - a plain search does without it (see _plain_search)

    from .cli_contacts import cmd_show  # noqa: PLC0415

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
    search.add_argument("query", metavar="QUERY", nargs="?")
    search.add_argument("--view", metavar="NAME", help="a saved view's search (view list)")
    search.add_argument("--limit", type=_limit, default=50, metavar="N", help="1 to 1000")
    search.add_argument("--json", action="store_true")
    search.set_defaults(handler=cmd_search, refuse=search.error)

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

    for module, adds in COMMAND_GROUPS:
        getattr(importlib.import_module(f".{module}", __package__), adds)(commands, common)
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
            given = value if equals else next(items, None)
            if given is None or name in values or (not equals and given.startswith("-")):
                return None
            values[name] = given
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


def _plain_tui(argv: Sequence[str]) -> SimpleNamespace | None:
    """``[--demo] [--db X]`` (opening the TUI) read without argparse, or None.

    Building the parser of every command costs the TUI's first paint about 30 ms; only these
    exact spellings are read here (argparse's abbreviations, help and mistakes go to it, so
    they read the same as ever), with argparse's meaning: ``--db`` takes the next word unless
    it starts with a dash, and each option may be given once.
    """
    found = SimpleNamespace(demo=False, handler=cmd_tui)
    items = iter(argv)
    for item in items:
        name, equals, value = item.partition("=")
        if item == "--demo" and not found.demo:
            found.demo = True
        elif name == "--db" and not hasattr(found, "db"):
            given = value if equals else next(items, None)
            if given is None or (not equals and given.startswith("-")):
                return None
            found.db = given
        else:
            return None
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``helpdesk-tui`` script.

    Whatever goes wrong reaches the agent as one line on stderr and an exit status that says
    what kind of failure it was (``store.errors.ErrorCode``); never as a traceback, which would
    show SQL and a customer's details and tell the agent nothing they can act on.
    """
    argv = sys.argv[1:] if argv is None else argv
    # Over a file size limit (ulimit -f), a write gets EFBIG (a "disk full" sentence) rather
    # than the process being killed by SIGXFSZ halfway through.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    plain = _plain_search(argv)
    if plain is not None:
        plain.handler = cmd_search
    else:
        plain = _plain_tui(argv)
    args = build_parser().parse_args(argv) if plain is None else plain
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # the one place every failure is told to a person
        return _report_failure(exc, args)


def _report_failure(exc: Exception, args: Any) -> int:
    """Print what went wrong in one sentence; returns the exit status."""
    from .store.database.failures import sentence, translate, where  # noqa: PLC0415 - only on failure

    try:
        url = resolve_db(demo_db() if getattr(args, "demo", False) else getattr(args, "db", None))
    except Exception:  # no data folder: the error itself is what to say
        url = ""
    error = translate(exc, where(url))
    if error is None and os.environ.get("HELPDESK_TUI_DEBUG"):
        raise exc
    print(f"helpdesk-tui: {clean(sentence(error or exc), 2000)}", file=sys.stderr)
    return 1 if error is None else error.code.exit_status


if __name__ == "__main__":
    raise SystemExit(main())
