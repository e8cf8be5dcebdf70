"""Snapshots of saved views (the list, the save dialog, a view run on Home, in the palette) and
of the ticket screen's group and assignee pickers, at 120x35 and 80x24 (SVGs in
snapshots/test_snapshots_views/).

Demo data, the clock and the time zone are fixed, so a changed snapshot means changed output:
open the SVG and look at it before accepting it (``pytest --snapshot-update`` on this module).
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from helpdesk_tui.store.saved_views.operations import save_view

from .conftest import make_app, settle

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 35)], ids=["80x24", "120x35"])


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch) -> None:
    """A text box's cursor blinks every half second; in snapshots it stays shown."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def ticket(demo_db) -> str:
    """The newest open demo ticket with a group and an assignee."""
    with demo_db.raw() as conn:
        return conn.execute(
            "SELECT reference FROM ticket WHERE status = 'open' AND group_name <> '' "
            "AND assignee_id IS NOT NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]


def _keys(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def _on_ticket(reference: str, *keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.open_ticket(reference)
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


class TestSavedViews:
    @SIZES
    def test_the_list_of_views(self, snap_compare, demo_db, size):
        save_view(demo_db, "Koch Media on WhatsApp", 'kind:whatsapp company:"koch media"')
        save_view(demo_db, "Unassigned at Acme", "company:acme", has_unassigned_tickets=True)
        run_before = _keys("ctrl+l")
        assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)

    @SIZES
    def test_a_view_run_on_home(self, snap_compare, demo_db, size):
        run_before = _keys("ctrl+l", "enter")  # Has open tickets: latest changed first
        assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)

    @SIZES
    def test_saving_the_search_as_a_view(self, snap_compare, demo_db, size):
        run_before = _keys(*"kind:whatsapp has:open", "ctrl+s", *"Open on WhatsApp")
        assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)

    @SIZES
    def test_an_empty_name_is_refused(self, snap_compare, demo_db, size):
        run_before = _keys(*"jon", "ctrl+s", "enter")
        assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)

    @SIZES
    def test_replacing_a_view_asks_first(self, snap_compare, demo_db, size):
        save_view(demo_db, "Jons", "jon")
        run_before = _keys(*"jon has:open", "ctrl+s", *"Jons", "enter")
        assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)

    @SIZES
    def test_views_in_the_palette(self, snap_compare, demo_db, size):
        run_before = _keys("ctrl+p", *"view")
        assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)


class TestPickers:
    @SIZES
    def test_group_picker(self, snap_compare, demo_db, ticket, size):
        run_before = _on_ticket(ticket, "g")
        assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)

    @SIZES
    def test_group_picker_filtered_with_a_new_one_last(self, snap_compare, demo_db, ticket, size):
        run_before = _on_ticket(ticket, "g", *"on")
        assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)

    @SIZES
    def test_assignee_picker(self, snap_compare, demo_db, ticket, size):
        run_before = _on_ticket(ticket, "a")
        assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)
