"""Tickets at scale (issue 9): a contact with 5 tickets and one with 50,000 opened in the real
app to the painted Tickets tab; the big one's first page as ``ticket list --json``, whole
process; ``ticket new`` and ``ticket move`` through the store.

The 50,000 tickets are added to a copy of the SQLite dataset (the cached file stays as the other
measurements know it) and to PostgreSQL's loaded database (dropped after the run), by one
INSERT … SELECT each, dated before the dataset's anchor so they page like real history; a
mix of statuses puts 30,000 of them in the open sub-view and on the SLA tab.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..store.database.connect import to_url
from .datasets import ANCHOR, Dataset
from .plan import Plan
from .program import program
from .store_latency import percentile

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.screen import Screen

    from ..app import HelpdeskApp

MANY = 50_000
FEW = 5
SIZE = (100, 30)
TIMEOUT = 30.0

_COLUMNS = (
    "id, reference, subject, group_name, status, priority, assignee_id, contact_id, "
    "company_id, requester, requester_name, channel, created_at, updated_at, "
    "first_response_due_at, resolution_due_at, time_spent_minutes, version"
)
_STATUS = (
    "CASE i - 5 * (i / 5) WHEN 0 THEN 'new' WHEN 1 THEN 'open' WHEN 2 THEN 'pending' "
    "WHEN 3 THEN 'resolved' ELSE 'closed' END"
)
_GROUP = "CASE i - 3 * (i / 3) WHEN 0 THEN 'Billing' WHEN 1 THEN 'Returns' ELSE 'Onboarding' END"


@dataclass(frozen=True)
class Subjects:
    """The contacts measured: one with ``FEW`` tickets, one given ``MANY``, one to move to."""

    few: str
    many: str
    other: str


def _pick(conn, mark: str) -> tuple[tuple, tuple, str]:
    """The contact with the most tickets, up to ``FEW`` (topped up to ``FEW``); one with none
    (to get ``MANY``); a third to move tickets to. Each of the first two as (id, company id,
    name, tickets it has)."""
    few = conn.execute(
        "SELECT c.id, c.company_id, c.first_name || ' ' || c.last_name, count(*) FROM contact c "
        "JOIN ticket t ON t.contact_id = c.id WHERE c.active AND c.merged_into_id IS NULL "
        f"GROUP BY c.id, c.company_id, c.first_name, c.last_name HAVING count(*) <= {mark} "
        "ORDER BY count(*) DESC, c.id LIMIT 1",
        (FEW,),
    ).fetchone()
    many = conn.execute(
        "SELECT c.id, c.company_id, c.first_name || ' ' || c.last_name, 0 FROM contact c "
        "WHERE c.active AND c.merged_into_id IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM ticket t WHERE t.contact_id = c.id) ORDER BY c.id LIMIT 1"
    ).fetchone()
    other = conn.execute(
        "SELECT reference FROM contact WHERE active AND merged_into_id IS NULL "
        "ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if few is None or many is None or other is None:
        raise RuntimeError("the dataset has no contacts to give tickets to")
    return few, many, other[0]


def _insert(conn, mark: str, numbers: str, created: str, contact: tuple, count: int) -> None:
    """``count`` tickets for ``contact`` (id, company id, name, tickets it has), numbered on
    from the highest ticket id, from ``numbers`` (a row source of ``i`` = 1…``count``)."""
    base = conn.execute("SELECT max(id) FROM ticket").fetchone()[0]
    due = created.replace("{shift}", "+1 day")
    made = created.replace("{shift}", "+0 days")
    conn.execute(
        f"INSERT INTO ticket ({_COLUMNS}) {numbers} "
        f"SELECT {mark} + i, 'T-' || (1000000 + {mark} + i), 'Bench ticket ' || i, "
        f"{_GROUP}, {_STATUS}, 'normal', NULL, {mark}, {mark}, '', {mark}, "
        f"'email', {made}, {made}, {due}, {due}, 0, 1 FROM n",
        (count, base, base, contact[0], contact[1], contact[2]),
    )


def _reference(conn, mark: str, contact: tuple) -> str:
    found = conn.execute(f"SELECT reference FROM contact WHERE id = {mark}", (contact[0],))
    return found.fetchone()[0]


def _prepare(conn, mark: str, numbers: str, created: str) -> Subjects:
    few, many, other = _pick(conn, mark)
    if few[3] < FEW:
        _insert(conn, mark, numbers, created, few, FEW - few[3])
    _insert(conn, mark, numbers, created, many, MANY)
    return Subjects(_reference(conn, mark, few), _reference(conn, mark, many), other)


@contextmanager
def sqlite_copy(data: Dataset) -> Iterator[tuple[str, Subjects]]:
    """A copy of the dataset whose chosen contact has ``MANY`` tickets; removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="helpdesk-bench-tickets-"))
    try:
        path = folder / "tickets.db"
        shutil.copyfile(data.path, path)
        path.chmod(0o600)  # the app refuses a database other users may read
        with sqlite3.connect(path) as conn:
            subjects = _prepare(
                conn,
                "?",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)",
                f"datetime('{ANCHOR:%Y-%m-%d %H:%M:%S}', '-' || i || ' minutes', '{{shift}}')",
            )
        yield to_url(str(path)), subjects
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def add_to_postgres(libpq: str) -> Subjects:
    """Give contacts of the PostgreSQL database at ``libpq`` ``FEW`` and ``MANY`` tickets."""
    import psycopg  # noqa: PLC0415 - PostgreSQL only

    with psycopg.connect(libpq, autocommit=True) as conn:
        subjects = _prepare(
            conn,
            "%s",
            "WITH n AS (SELECT generate_series(1, %s) AS i)",
            f"timestamptz '{ANCHOR.isoformat()}' - i * interval '1 minute' + interval '{{shift}}'",
        )
        conn.execute("SELECT setval(pg_get_serial_sequence('ticket', 'id'), max(id)) FROM ticket")
        conn.execute("ANALYZE ticket")
        return subjects


def _summary(seconds: list[float]) -> dict[str, float]:
    milliseconds = [value * 1000 for value in seconds]
    return {
        "p50_ms": round(statistics.median(milliseconds), 1),
        "p95_ms": round(percentile(milliseconds, 0.95), 1),
        "max_ms": round(max(milliseconds), 1),
        "runs": len(milliseconds),
    }


async def _until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.perf_counter() + TIMEOUT
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"the app did not {what} within {TIMEOUT:.0f} s")
        await asyncio.sleep(0.001)


class _Frames:
    """When the app wrote the first frame in which a condition held (the seam a terminal sees:
    ``App._display``, called with each frame of the screen on top).

    Waiting for "the next refresh" once the condition was seen to hold measured a later frame:
    the contact screen's other reads (activities, recent tickets, SLA) land after its first
    frame, and that callback waited for their layout too (40 ms more per open, traced).
    """

    def __init__(self, app: HelpdeskApp) -> None:
        self.condition: Callable[[], bool] | None = None
        self.seen: float | None = None
        display = app._display

        def observed(screen: Screen[object], update: RenderableType) -> None:
            display(screen, update)
            if self.condition is not None and self.seen is None and self.condition():
                self.seen = time.perf_counter()

        app._display = observed  # type: ignore[method-assign,assignment]

    def expect(self, condition: Callable[[], bool]) -> None:
        """Note the first frame, from now, painted while ``condition`` holds."""
        self.seen = None
        self.condition = condition


async def _open_once(app: HelpdeskApp, frames: _Frames, reference: str) -> float:
    """Seconds from asking for the contact to the first frame that shows its Tickets tab with
    its first page (the app keeps its contact screen between contacts: after the first round,
    which is not kept, each open re-targets it)."""
    from textual.widgets import TabbedContent  # noqa: PLC0415 - the bench's TUI part only

    from ..screens.contact import ContactScreen  # noqa: PLC0415
    from ..widgets.ticket_table import TicketOptions  # noqa: PLC0415

    started = time.perf_counter()
    app.open_contact(reference)
    # The agent presses 3 (Tickets) at once: a kept screen, shown once it has read the contact,
    # takes that key before its first frame (``HelpdeskApp.contact_arrived``); a new one is
    # shown at once and takes it when mounted.
    screen = app.arriving or app.screen
    assert isinstance(screen, ContactScreen)

    def shown() -> bool:  # this contact's, not the last one's on a screen the app reuses
        return (
            app.screen is screen
            and screen.detail is not None
            and screen.detail.contact.reference == reference
            and screen.ticket_query is not None
            and screen.ticket_query.contact == reference
            and bool(screen.ticket_rows)
            and screen.query_one(TabbedContent).active == "tickets"
            and screen.query_one(TicketOptions).option_count > 0
        )

    frames.expect(shown)
    await _until(lambda: screen.is_mounted, "mount the contact screen")
    screen.action_tab("tickets")
    await _until(lambda: frames.seen is not None, f"paint the tickets of {reference}")
    assert frames.seen is not None
    return frames.seen - started


async def _painted(screen: Screen[object]) -> None:
    """Until the screen's next frame has been painted."""
    painted = asyncio.Event()
    screen.call_after_refresh(painted.set)
    await asyncio.wait_for(painted.wait(), TIMEOUT)


async def _open_times(url: str, references: dict[str, str], runs: int) -> dict[str, dict]:
    """Open each contact ``runs`` times (alternating) to its painted Tickets tab, in the app,
    back to Home after each."""
    from ..app import HelpdeskApp  # noqa: PLC0415 - the bench's TUI part only

    app = HelpdeskApp(url)
    app.upkeep_after = 3600  # the copy's first daily check (a 1.4 GB read) is not an open's
    times: dict[str, list[float]] = {name: [] for name in references}
    async with app.run_test(size=SIZE):
        frames = _Frames(app)
        home = app.home
        await _until(lambda: home.ready and home.result is not None, "open the database")
        for run in range(runs + 1):  # the first round warms the caches and is not kept
            for name, reference in references.items():
                seconds = await _open_once(app, frames, reference)
                if run:
                    times[name].append(seconds)
                app.pop_screen()
                await _until(lambda: app.screen is home, "go back to Home")
                await _painted(home)  # an agent sees Home again before opening the next
    return {name: _summary(values) for name, values in times.items()}


def _store_times(url: str, subjects: Subjects, runs: int) -> dict[str, dict]:
    """``ticket new`` for the small contact, then moving that ticket back and forth."""
    from ..store.service import Store  # noqa: PLC0415

    store = Store(url)
    try:
        made, moved = [], []
        for run in range(runs + 1):
            started = time.perf_counter()
            ticket = store.tickets.open(subject=f"Bench ticket {run}", contact=subjects.few)
            if run:
                made.append(time.perf_counter() - started)
            version = ticket.row.version
            for to in (subjects.other, subjects.few):
                started = time.perf_counter()
                version = store.tickets.move(ticket.row.reference, version, to).row.version
                if run:
                    moved.append(time.perf_counter() - started)
    finally:
        store.close()
    return {"new": _summary(made), "move": _summary(moved)}


def _list_json(url: str, reference: str, runs: int) -> dict[str, float]:
    """``ticket list --contact REF --json``, whole process, median and max of ``runs``."""
    command = [*program(), "--db", url, "ticket", "list", "--contact", reference, "--json"]
    seconds = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)
        seconds.append(time.perf_counter() - started)
    kept = seconds[1:]
    return {"median_s": round(statistics.median(kept), 3), "max_s": round(max(kept), 3)}


def measure_at(
    url: str, subjects: Subjects, plan: Plan, progress: Callable[[str], None] | None = None
) -> dict:
    """Every ticket figure on the database at ``url`` prepared with ``subjects``."""
    if progress:
        progress(f"opening contacts with {FEW} and {MANY:,} tickets in the app")
    references = {"few": subjects.few, "many": subjects.many}
    opened = asyncio.run(_open_times(url, references, plan.ticket_opens))
    if progress:
        progress("ticket list --json, ticket new, ticket move")
    return {
        "open": opened,
        "list_json": _list_json(url, subjects.many, plan.ticket_lists),
        "store": _store_times(url, subjects, plan.ticket_writes),
        "subjects": subjects.__dict__,
    }


def measure(
    data: Dataset,
    queries: object,
    plan: Plan,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """The ticket figures on SQLite, on a copy of ``data`` given a contact with ``MANY``."""
    if progress:
        progress(f"copying the database and adding {MANY:,} tickets to one contact")
    with sqlite_copy(data) as (url, subjects):
        return measure_at(url, subjects, plan, progress)
