"""Snapshots of the contact screen's Activities tab, the log-activity dialog (new, and an edit
of the agent's own), and the Details tab's recent tickets, at 120x35 and 80x24 (SVGs in
snapshots/test_snapshots_activities/).

Demo data, the clock and the time zone are fixed, and the one activity logged here has a fixed
time, so a changed snapshot means changed output: open the SVG and look at it before accepting
it (``pytest tests/test_snapshots_activities.py --snapshot-update``, the whole module).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import Input

from helpdesk_tui.store.service import Store
from helpdesk_tui.widgets.recent_tickets import RecentList

from .conftest import make_app, settle

SIZE = (80, 24)
LARGE = (120, 35)
SIZES = pytest.mark.parametrize("size", [SIZE, LARGE], ids=["80x24", "120x35"])


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch) -> None:
    """A text box's cursor blinks every half second; in snapshots it stays shown."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def reference(demo_db) -> str:
    """The demo contact with the most tickets among those with other agents' activities, plus
    a call of the app's own agent ("tester"), logged at a fixed time."""
    with demo_db.raw() as conn:
        (found,) = conn.execute(
            """SELECT c.reference FROM contact c
               WHERE EXISTS (SELECT 1 FROM activity a WHERE a.contact_id = c.id)
               ORDER BY (SELECT count(*) FROM ticket t WHERE t.contact_id = c.id) DESC, c.id
               LIMIT 1"""
        ).fetchone()
    with Store(demo_db.url, author="tester", region="GB") as store:
        store.activities.log(
            kind="call",
            summary="Called back about the delivery; it leaves the warehouse on Friday",
            body="Asked for the tracking number.\nCall again on Monday if nothing came.",
            contact=found,
            occurred_at=datetime(2026, 3, 2, 14, 5, tzinfo=UTC),
        )
    return found


def _opened(reference: str, *keys: str, recent: bool = False):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.open_contact(reference)
        await settle(pilot)
        if recent:
            pilot.app.screen.query_one(RecentList).focus()
        if keys:
            await pilot.press(*keys)
        await settle(pilot)

    return run_before


@SIZES
def test_activities_tab(snap_compare, demo_db, reference, size):
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_opened(reference, "4"))


@SIZES
def test_log_activity_dialog(snap_compare, demo_db, reference, size):
    keys = ("4", "a", *"Site visit to fix the printer", "tab", "s")
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_opened(reference, *keys))


def test_edit_own_activity_dialog(snap_compare, demo_db, reference):
    """The call logged by "tester" is the newest: the cursor starts on it."""
    run_before = _opened(reference, "4", "e")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)


@SIZES
def test_details_tab_with_recent_tickets(snap_compare, demo_db, reference, size):
    run_before = _opened(reference, "down", recent=True)
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)
