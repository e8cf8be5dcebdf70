"""What the CLI's commands share: the store they open, and output for people and scripts.

Only the standard library at module level: ``helpdesk-tui search`` is timed as a whole process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .config import resolve_db
from .text import clean

if TYPE_CHECKING:
    import argparse

    from .store.service import Store


def open_store(args: argparse.Namespace, create: bool = False) -> Store:
    """The store of the database the command names (``--db``, else ``$HELPDESK_TUI_DB``, else the
    default), open at the current schema; an upgrade's backup is said on stderr. Without
    ``create`` a missing database file is refused: reading a typo'd path would make it."""
    from .store.service import Store  # noqa: PLC0415 - its search imports are the command's

    store = Store(resolve_db(getattr(args, "db", None)), create_file=create)
    try:
        backup = store.open()
    except BaseException:
        store.close()
        raise
    if backup is not None:
        print(f"helpdesk-tui: upgraded the database; backup at {backup}", file=sys.stderr)
    return store


def count_between(low: int, high: int) -> Any:
    """An argparse type: a whole number from ``low`` to ``high`` (``--limit``, ``--offset``)."""
    import argparse  # noqa: PLC0415 - argparse is loaded only when it parses

    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low:,} to {high:,}")
        return value

    return parse


def to_json(value: Any) -> str:
    """JSON for scripts that is also safe to print on a terminal: the text of strangers (names,
    subjects) may hold escape sequences and bidi controls. JSON escapes C0 controls itself;
    DEL, C1 controls, bidi controls and line/paragraph separators are written as \\uXXXX too.
    They can only stand inside strings, so the output decodes to exactly the same data."""
    import json  # noqa: PLC0415 - the table output does not need it
    import re  # noqa: PLC0415
    from datetime import datetime  # noqa: PLC0415

    def default(item: Any) -> Any:
        if isinstance(item, datetime):
            return item.isoformat()
        raise TypeError(type(item).__name__)

    text = json.dumps(value, default=default, ensure_ascii=False, indent=2)
    unsafe = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
    return unsafe.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def terminal_width() -> int:
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
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, OSError, ValueError):
        columns = 0
    return columns if columns > 0 else 120


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain text table fitted to the terminal; every cell goes through ``text.clean``."""
    width = terminal_width()
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
