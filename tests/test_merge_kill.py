"""A merge, its undo and its redo killed at random points, 200 times and more, on a SQLite file:
after every SIGKILL the file passes ``integrity_check`` and ``foreign_key_check``, the search's
word index passes its own check, and nothing is half moved: the other contact is either a
tombstone with nothing left on it and the survivor holds everything, or it is live with exactly
its own things.

The test process forks the workers (a fork costs milliseconds; a new interpreter 0.3 s), each of
which opens the database afresh and merges, undoes and redoes in a loop until it is killed.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from pathlib import Path

from sqlmodel import select

from helpdesk_tui.store.activities.operations import log_activity
from helpdesk_tui.store.contacts.merge import merge_contacts
from helpdesk_tui.store.contacts.merge_plan import Side
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.journal.history import history_page
from helpdesk_tui.store.journal.undo import undo
from helpdesk_tui.store.models import Contact, Contract, CustomValue
from helpdesk_tui.store.tickets.operations import open_ticket

KILLS = 220
BUDGET = 80.0
"""Seconds the kills may take; the loop stops early (and fails) rather than run on."""
HOLDINGS = (
    ("ticket", "contact_id"),
    ("identity", "contact_id"),
    ("activity", "contact_id"),
    ("custom_value", "contact_id"),
    ("contract", "customer_contact_id"),
)


def _contact(db: Database, name: str, company: str, methods: list[tuple[str, str]]):
    view = create_contact(
        db, first_name=name, company=company, create_company=True, identities=methods
    )
    for n in range(4):
        open_ticket(db, subject=f"{name}'s ticket {n}", contact=view.reference)
    log_activity(db, kind="call", summary=f"Called {name}", contact=view.reference)
    with db.write() as session:
        session.add(CustomValue(contact_id=view.id, key="Plan", value=name))
        company = session.exec(select(Contact.company_id).where(Contact.id == view.id)).one()
        session.add(Contract(company_id=company, customer_contact_id=view.id))
    return view


def _holdings(conn: sqlite3.Connection, contact_id: int) -> set[tuple[str, int]]:
    found = set()
    for table, column in HOLDINGS:
        rows = conn.execute(f"SELECT id FROM {table} WHERE {column} = ?", (contact_id,))
        found |= {(table, row[0]) for row in rows}
    return found


def _work(url: str, survivor: str, other: str, seed: int) -> None:
    """A worker's loop: merge the pair when both are live, else undo the operation that made
    the tombstone (a merge, or a redo); now and then redo an undone merge."""
    rng = random.Random(seed)
    db = Database(url, author="tester", region="GB")
    while True:
        with db.read() as session:
            live = session.exec(select(Contact.merged_into_id).where(Contact.reference == other))
            tombstone = live.one() is not None
            latest = history_page(session, other, 0, 1).entries[0]
        if tombstone or (latest.is_undo and rng.random() < 0.3):
            undo(db, latest.operation_id)  # the merge (or redo) made it; or redo an undone one
        else:
            take = rng.choice([{}, {"first_name": Side.B}, {"company": Side.B, "title": Side.B}])
            merge_contacts(db, survivor, other, Side.A, take)


def _check(path: Path, ann: set, bea: set, ann_id: int, bea_id: int) -> str:
    """What is wrong with the file now ('' when nothing)."""
    conn = sqlite3.connect(path)
    try:
        if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            return "integrity_check failed"
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            return "foreign_key_check failed"
        try:
            conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as error:
            return f"search index damaged: {error}"
        found = conn.execute("SELECT merged_into_id FROM contact WHERE id = ?", (bea_id,))
        (into,) = found.fetchone()
        indexed = conn.execute("SELECT count(*) FROM search_doc WHERE contact_id = ?", (bea_id,))
        on_ann, on_bea = _holdings(conn, ann_id), _holdings(conn, bea_id)
        if into == ann_id:
            whole = on_bea == set() and on_ann == ann | bea and indexed.fetchone() == (0,)
        else:
            whole = into is None and (on_ann, on_bea) == (ann, bea) and indexed.fetchone() == (1,)
        return "" if whole else f"half moved: merged_into {into}, Ann {on_ann}, Bea {on_bea}"
    finally:
        conn.close()


def test_a_merge_and_its_undo_killed_at_random_points_leave_the_database_whole(db):
    ann = _contact(db, "Ann", "Acme", [("email", "ann@example.com")])
    bea = _contact(db, "Bea", "Zeta", [("email", "bea@example.com"), ("phone", "+442079460000")])
    path = Path(db.url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as conn:
        owned = (_holdings(conn, ann.id), _holdings(conn, bea.id))
    merge_contacts(db, ann.reference, bea.reference)  # the worker's loop starts from a merge
    db.dispose()
    rng = random.Random(10)
    started, kills, ran_out = time.monotonic(), 0, []
    while kills < KILLS and time.monotonic() - started < BUDGET:
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            try:
                _work(db.url, ann.reference, bea.reference, kills)
            finally:
                os._exit(3)
        time.sleep(rng.uniform(0.0, 0.25))
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            ran_out.append(status)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            kills += 1
        problem = _check(path, *owned, ann.id, bea.id)
        assert not problem, f"after kill {kills}: {problem}"
    assert ran_out == [], "a worker stopped by itself (an operation failed)"
    assert kills >= 200, f"only {kills} kills in {BUDGET} s"
    with sqlite3.connect(path) as conn:
        (operations,) = conn.execute("SELECT count(DISTINCT operation_id) FROM event").fetchone()
    # Not vacuous: the workers merged and undid between the kills. Fewer operations than
    # kills is no sign of trouble: 178 for 220 kills with the machine busy with other work.
    assert operations > kills // 2, "the workers merged and undid between the kills"
