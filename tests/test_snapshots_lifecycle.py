"""Snapshots of ``D``'s dialog (SVGs in snapshots/test_snapshots_lifecycle/): deactivate or
delete a contact with tickets at 80x24 and 120x35 and without colour, an agent's refused
delete, and restore or purge of a deleted contact.

Demo data, the clock and the time zone are fixed, so a changed snapshot means changed output:
open the SVG and look at it before accepting it (``pytest --snapshot-update`` on this module
only). The dialog is shown over Home, whose results stay still; Pilot tests open it with ``D``.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from helpdesk_tui.screens.lifecycle_dialog import LifecycleOffer, LifecycleScreen
from helpdesk_tui.store.service import Store

from .conftest import make_app, settle

SIZE = (80, 24)
LARGE = (120, 35)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch) -> None:
    """A text box's cursor blinks every half second; in snapshots it stays shown."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def offer(demo_db) -> LifecycleOffer:
    """A demo contact with tickets, offered to an admin."""
    with demo_db.raw() as conn:
        reference = conn.execute(
            "SELECT c.reference FROM contact c WHERE EXISTS "
            "(SELECT 1 FROM ticket t WHERE t.contact_id = c.id) ORDER BY c.id LIMIT 1"
        ).fetchone()[0]
    with Store(demo_db.url, author="tester", region="GB") as store:
        detail = store.contact(reference)
    contact = detail.contact
    return LifecycleOffer(
        contact.reference, contact.name, True, False, detail.ticket_count, True, "tester"
    )


def _shown(offer: LifecycleOffer, *keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(LifecycleScreen(offer))
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


def test_delete_dialog_80x24(snap_compare, demo_db, offer):
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_shown(offer))


def test_delete_dialog_120x35(snap_compare, demo_db, offer):
    assert snap_compare(make_app(demo_db), terminal_size=LARGE, run_before=_shown(offer))


def test_delete_dialog_without_colour(snap_compare, demo_db, offer, monkeypatch):
    """NO_COLOR: the keys stand out in reverse video, not by a colour that is lost."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_shown(offer))


def test_delete_refused_to_an_agent_80x24(snap_compare, demo_db, offer):
    agent = LifecycleOffer(offer.reference, offer.name, False, False, offer.tickets, False, "carol")
    run_before = _shown(agent, "d")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)


def test_restore_or_purge_dialog_80x24(snap_compare, demo_db, offer):
    deleted = LifecycleOffer(offer.reference, offer.name, True, True, 0, True, "tester")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_shown(deleted))
