"""Snapshots of the Possible duplicates view (SVGs in snapshots/test_snapshots_duplicates/) on
the demo database, at 80x24 and 120x35, and under NO_COLOR.

Demo data, the clock and the time zone are fixed, so a changed snapshot means changed output:
open the SVG and look at it before accepting it (``pytest --snapshot-update`` on this module
only).
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from helpdesk_tui.screens.duplicates import DuplicatesScreen

from .conftest import make_app, settle

SIZE = (80, 24)
LARGE = (120, 35)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch) -> None:
    """A text box's cursor blinks every half second; in snapshots it stays shown."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def _shown(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(DuplicatesScreen())
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


def test_duplicates_80x24(snap_compare, demo_db):
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_shown("down"))


def test_duplicates_120x35(snap_compare, demo_db):
    assert snap_compare(make_app(demo_db), terminal_size=LARGE, run_before=_shown())


def test_duplicates_without_colour(snap_compare, demo_db, monkeypatch):
    """NO_COLOR: the highlighted pair is in reverse video, as every list's cursor is."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_shown("down"))
