"""Demo data from the command line: ``helpdesk-tui demo`` and the first ``--demo`` start.

Ctrl-C stops a build cleanly. The handler only notes the interrupt; the build's own progress
callback raises ``KeyboardInterrupt`` at its next step, from ordinary code. A handler that
raised at once could land inside a garbage-collection callback (SQLAlchemy keeps some), where
Python prints the exception and drops it: the build then ran on to the end and exited 0.
"""

from __future__ import annotations

import signal
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .cli_common import to_json
from .config import demo_db, resolve_db

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator
    from types import FrameType

DEMO_CONTACTS = 10_000


class _Interrupt:
    """Whether Ctrl-C was pressed since the build began."""

    def __init__(self) -> None:
        self.pressed = False

    def note(self, _signum: int, _frame: FrameType | None) -> None:
        """The SIGINT handler: only notes it (see the module's docstring for why)."""
        self.pressed = True

    def check(self) -> None:
        """Stop the build here, from ordinary code, if Ctrl-C was pressed."""
        if self.pressed:
            raise KeyboardInterrupt


@contextmanager
def _interruptible() -> Iterator[_Interrupt]:
    """Note Ctrl-C while the build runs; after it, the interrupt is acted on as usual."""
    interrupt = _Interrupt()
    before = signal.getsignal(signal.SIGINT)
    if before is signal.SIG_IGN:  # started in the background: Ctrl-C is not ours to act on
        yield interrupt
        return
    signal.signal(signal.SIGINT, interrupt.note)
    try:
        yield interrupt
    finally:
        signal.signal(signal.SIGINT, before)
    interrupt.check()


def generate_demo(url: str, contacts: int, seed: int) -> Any:
    """Make demo data at ``url`` with a progress bar on stderr; returns its ``DemoSummary``."""
    from .store.demo.generate import generate  # noqa: PLC0415

    with _interruptible() as interrupt:

        def progress(done: int, total: int) -> None:
            interrupt.check()
            filled = 30 * done // total
            bar = "█" * filled + "·" * (30 - filled)
            print(f"\r  {bar} {done:>9,} / {total:,} contacts", end="", file=sys.stderr, flush=True)

        summary = generate(url, contacts=contacts, seed=seed, progress=progress)
        print(file=sys.stderr)
    return summary


def cmd_demo(args: argparse.Namespace) -> int:
    """Generate demo data into a new database: a SQLite file, or a PostgreSQL database without
    contacts (``--db postgresql+psycopg://…``, loaded with COPY)."""
    from dataclasses import asdict  # noqa: PLC0415 - off the search path

    from .store.database.failures import where  # noqa: PLC0415

    url = resolve_db(getattr(args, "db", None) or demo_db())
    summary = generate_demo(url, args.contacts, args.seed)
    if args.json:
        print(to_json(asdict(summary)))
    else:
        print(
            f"{summary.contacts:,} contacts, {summary.companies:,} companies, "
            f"{summary.identities:,} contact methods, {summary.tickets:,} tickets, "
            f"{summary.activities:,} activities, {summary.custom_values:,} custom values "
            f"in {summary.seconds} s → {where(url)}"
        )
    return 0
