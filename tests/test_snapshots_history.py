"""Snapshots of undo and history: a contact's history at 80x24 and 120x35 (one row another
agent's change made impossible to undo), and the question ``u`` asks, naming the operation.
SVGs in snapshots/test_snapshots_history/.

Demo data, the clock, the time zone and the journal's times are fixed, so a changed snapshot
means changed output: open the SVG and look at it before accepting it (``pytest
--snapshot-update`` on this module only).
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from helpdesk_tui.store.contacts.operations import update_contact
from helpdesk_tui.store.database.engine import Database

from .conftest import make_app, settle

SIZE = (80, 24)
LARGE = (120, 35)
TIMES = ("2026-03-02 13:41:00", "2026-03-02 14:02:00", "2026-03-02 14:15:00")
"""When the three edits below were made: the app's fixed clock says 15:00 that day."""


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch) -> None:
    """A text box's cursor blinks every half second; in snapshots it stays shown."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def edited(demo_db) -> str:
    """A demo contact with a title, edited by the agent (title, then city) and then by Bob
    (city again, so the agent's city edit can no longer be undone), at fixed times."""
    with demo_db.raw() as conn:
        reference, version = conn.execute(
            "SELECT reference, version FROM contact WHERE title <> '' ORDER BY id LIMIT 1"
        ).fetchone()
    first = update_contact(demo_db, reference, version, {"title": "Head of Operations"})
    second = update_contact(demo_db, reference, first.version, {"city": "Leeds"})
    bob = Database(demo_db.url, author="bob", region="GB")
    update_contact(bob, reference, second.version, {"city": "York"})
    bob.dispose()
    with demo_db.raw() as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM event ORDER BY id DESC LIMIT 3")]
        for event_id, at in zip(sorted(ids), TIMES, strict=True):
            conn.execute("UPDATE event SET at = ? WHERE id = ?", (at, event_id))
    return reference


def _opened(reference: str, *keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.open_contact(reference)
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [SIZE, LARGE], ids=["80x24", "120x35"])
def test_a_contacts_history(snap_compare, demo_db, edited, size):
    run_before = _opened(edited, "h", "down")
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)


def test_u_asks_naming_the_operation(snap_compare, demo_db, edited):
    with demo_db.raw() as conn:  # Bob's edit is the agent's own, so u finds it
        conn.execute("UPDATE event SET author = 'tester' WHERE author = 'bob'")
    run_before = _opened(edited, "u")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)
