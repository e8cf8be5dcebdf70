"""The CLI twin of the TUI's daily look after the database: ``check`` and ``backup``.

``check`` is what an administrator runs when an agent reports damage (or from monitoring):
exit status 0 when the database is sound, 5 (``ErrorCode.DATABASE``) with the sentence the TUI
shows when it is not. ``backup`` is for cron: the same copy the TUI makes once a day. Both read
and copy a SQLite file; on PostgreSQL they say which of the server's tools does it instead
(``pg_amcheck``, ``pg_dump``), with exit status 6 (``ErrorCode.UNSUPPORTED``).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .cli_common import to_json
from .config import resolve_db
from .store.errors import ErrorCode
from .text import clean

if TYPE_CHECKING:
    import argparse

    from .store.service import Store

SHOW_AFTER = 2.0
"""Seconds a check runs before it says on stderr that it is still at it."""


def _store(args: argparse.Namespace) -> Store:
    """The database's store, unopened: a check or a copy must not upgrade what it looks at."""
    from .store.service import Store  # noqa: PLC0415

    return Store(resolve_db(getattr(args, "db", None)))


def cmd_check(args: argparse.Namespace) -> int:
    """Read the whole database and say whether it is damaged."""
    from dataclasses import asdict  # noqa: PLC0415

    from .store.database.files import damaged_sentence  # noqa: PLC0415

    store = _store(args)
    path = store.where
    shown = [False]
    kind = "full check (integrity_check)" if args.full else "quick check"

    def progress(seconds: float) -> None:
        if seconds >= SHOW_AFTER and sys.stderr.isatty():
            print(f"\r  {kind} of {path}: {seconds:5.0f} s", end="", file=sys.stderr, flush=True)
            shown[0] = True

    with store:
        health = store.upkeep.check_health(full=args.full, progress=progress)
    if shown[0]:
        print(file=sys.stderr)
    if args.json:
        print(to_json({"path": path, **asdict(health)}))
    if health.ok:
        if not args.json:
            print(f"{path}: sound ({kind}, {health.seconds} s)")
        return 0
    print(f"helpdesk-tui: {clean(damaged_sentence(path), 2000)}", file=sys.stderr)
    if not args.json:
        for problem in health.problems:
            print(f"  {clean(problem, 300)}", file=sys.stderr)
    return ErrorCode.DATABASE.exit_status


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the database into its backups folder (only when it passes its check)."""
    with _store(args) as store:
        copy = store.upkeep.backup()
    print(copy)
    return 0


def database_commands(commands, common: argparse.ArgumentParser) -> None:
    """Register ``check`` and ``backup``."""
    check = commands.add_parser(
        "check",
        parents=[common],
        help="check the database for damage (exit status 5 when damaged)",
        description="Read every page of the database (PRAGMA quick_check; --full adds "
        "integrity_check's comparison of every index with its table, several times slower). "
        "Exit status 0: sound; 5: damaged, with how to restore it from a backup; 6: a "
        "PostgreSQL database, which pg_amcheck checks instead.",
    )
    check.add_argument("--full", action="store_true", help="integrity_check instead")
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=cmd_check)

    backup = commands.add_parser(
        "backup",
        parents=[common],
        help="copy the database into the backups folder beside it (for cron)",
        description="Copy the database (online, agents keep working) into the backups folder "
        "beside it, keeping the newest 7; a database that fails its check is not copied "
        "(exit status 5). Prints the copy's path. A PostgreSQL database is pg_dump's to back "
        "up (exit status 6).",
    )
    backup.set_defaults(handler=cmd_backup)
