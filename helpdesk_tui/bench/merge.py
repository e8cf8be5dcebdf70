"""Merge at scale (issue 10): a contact with 10,000 tickets merged into another through the
store, then the merge undone, each timed as the one unit of work it is.

Runs on any database at the current schema (a SQLite file or a PostgreSQL URL), adding what it
measures: two contacts of its own, the tickets (one INSERT of many rows, unjournalled: setup,
not the thing measured), and an admin agent to act as (a merge needs one). Nothing it adds is
removed: run it on a copy, as ``make bench`` does (``measure``: a copy of the SQLite dataset,
removed afterwards). By hand:

    .venv/bin/python -c "from helpdesk_tui.bench.merge import merge_figures; \\
        print(merge_figures('/tmp/merge.db', tickets=10_000))"
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

from sqlalchemy import insert
from sqlmodel import select

from ..store.clock import utcnow
from ..store.contacts.merge import merge_contacts
from ..store.contacts.operations import create_contact
from ..store.database import schema
from ..store.database.connect import canonical_url
from ..store.database.engine import Database
from ..store.journal.undo import undo
from ..store.models import Agent, AgentRole, Ticket
from .datasets import Dataset
from .plan import Plan

TICKETS = 10_000
AUTHOR = "bench-merge"


@dataclass(frozen=True)
class MergeFigures:
    """Seconds for one merge of a contact with ``tickets`` tickets, and for its undo."""

    tickets: int
    merge_seconds: float
    undo_seconds: float
    rows: int
    """Rows the merge changed (what its undo put back)."""


def _admin(db: Database) -> None:
    """Make the bench's agent an admin (the merge refuses anyone else)."""
    with db.write() as session:
        agent = session.exec(select(Agent).where(Agent.username == db.author)).first()
        if agent is None:
            agent = Agent(username=db.author, display_name=db.author)
        agent.role = AgentRole.ADMIN.value
        session.add(agent)


def _tickets(db: Database, contact_id: int, company_id: int | None, count: int) -> None:
    """``count`` tickets for a contact, in one INSERT (setup: not journalled)."""
    token = uuid4().hex[:8]
    start = utcnow() - timedelta(days=count // 10 + 1)
    rows = [
        {
            "reference": f"T-bench-{token}-{i}",
            "subject": f"Bench ticket {i}",
            "group_name": "Billing",
            "status": "open" if i % 3 else "closed",
            "priority": "normal",
            "contact_id": contact_id,
            "company_id": company_id,
            "requester": "",
            "requester_name": "Bench Loser",
            "channel": "email",
            "created_at": start + timedelta(minutes=i),
            "updated_at": start + timedelta(minutes=i),
            "time_spent_minutes": 0,
            "version": 1,
        }
        for i in range(count)
    ]
    with db.write() as session:
        session.execute(insert(Ticket), rows)


def merge_figures(path_or_url: str, tickets: int = TICKETS, author: str = AUTHOR) -> MergeFigures:
    """Merge a new contact holding ``tickets`` tickets into another new one, then undo it;
    the seconds each took."""
    db = Database(canonical_url(path_or_url), author=author, region="GB")
    try:
        schema.ensure(db)
        _admin(db)
        token = uuid4().hex[:8]
        survivor = create_contact(
            db, first_name="Bench", last_name="Survivor", identities=[("email", f"s{token}@x.io")]
        )
        loser = create_contact(
            db, first_name="Bench", last_name="Loser", identities=[("email", f"l{token}@x.io")]
        )
        _tickets(db, loser.id, None, tickets)
        started = time.perf_counter()
        merged = merge_contacts(db, survivor.reference, loser.reference)
        merge_seconds = time.perf_counter() - started
        started = time.perf_counter()
        undone = undo(db, merged.operation_id)
        undo_seconds = time.perf_counter() - started
        return MergeFigures(tickets, round(merge_seconds, 3), round(undo_seconds, 3), undone.rows)
    finally:
        db.dispose()


def measure(
    data: Dataset,
    queries: object,
    plan: Plan,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """The merge figures on a copy of the SQLite dataset (the cached file stays as the other
    measurements know it), removed afterwards."""
    if progress:
        progress(f"copying the database; merging a contact with {TICKETS:,} tickets, and undoing")
    folder = Path(tempfile.mkdtemp(prefix="helpdesk-bench-merge-"))
    try:
        path = folder / "merge.db"
        shutil.copyfile(data.path, path)
        path.chmod(0o600)  # the app refuses a database other users may read
        return measure_at(str(path))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure_at(path_or_url: str) -> dict:
    """The merge figures on the database at ``path_or_url`` (a copy, or a PostgreSQL database
    the bench drops afterwards: the merge leaves its contacts and tickets there)."""
    found = merge_figures(path_or_url, TICKETS)
    return {
        "tickets": found.tickets,
        "merge_s": found.merge_seconds,
        "undo_s": found.undo_seconds,
        "rows": found.rows,
    }
