"""The CLI twin of the TUI's daily look after the database: ``check`` and ``backup``.

``check`` is what an administrator runs when an agent reports damage (or from monitoring):
exit status 0 when the database is sound, 5 (``ErrorCode.DATABASE``) with the sentence the TUI
shows when it is not. ``backup`` is for cron: the same copy the TUI makes once a day.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .cli_common import existing, to_json
from .store.errors import ErrorCode, StoreError
from .text import clean

if TYPE_CHECKING:
    import argparse

SHOW_AFTER = 2.0
"""Seconds a check runs before it says on stderr that it is still at it."""


def _path(args: argparse.Namespace) -> str:
    from .store.connect import sqlite_path  # noqa: PLC0415

    path = sqlite_path(existing(args))
    if path is None:
        raise StoreError("check and backup work on a SQLite database file (--db PATH)")
    return path


def cmd_check(args: argparse.Namespace) -> int:
    """Read the whole database and say whether it is damaged."""
    from dataclasses import asdict  # noqa: PLC0415

    from .store.failures import translated  # noqa: PLC0415
    from .store.files import damaged_sentence  # noqa: PLC0415
    from .store.integrity import check  # noqa: PLC0415

    path = _path(args)
    shown = [False]
    kind = "full check (integrity_check)" if args.full else "quick check"

    def progress(seconds: float) -> None:
        if seconds >= SHOW_AFTER and sys.stderr.isatty():
            print(f"\r  {kind} of {path}: {seconds:5.0f} s", end="", file=sys.stderr, flush=True)
            shown[0] = True

    with translated(path):
        health = check(path, full=args.full, progress=progress)
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
    from .store.backups import make_backup  # noqa: PLC0415
    from .store.failures import translated  # noqa: PLC0415
    from .store.upkeep import mark_checked  # noqa: PLC0415

    path = _path(args)
    with translated(path):
        copy = make_backup(path)
    mark_checked(path)  # its copy passed the check: the TUI need not repeat it today
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
        "Exit status 0: sound; 5: damaged, with how to restore it from a backup.",
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
        "(exit status 5). Prints the copy's path.",
    )
    backup.set_defaults(handler=cmd_backup)
