"""Snapshots of merging (SVGs in snapshots/test_snapshots_merge/): the merge preview at 80x24
and 120x35, and the identity conflict dialogs of a save and of the New contact form.

Demo data, the clock and the time zone are fixed, so a changed snapshot means changed output:
open the SVG and look at it before accepting it (``pytest --snapshot-update`` on this module
only).
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from helpdesk_tui.screens.identity_conflict import IdentityConflictScreen
from helpdesk_tui.screens.merge_preview import MergePreviewScreen
from helpdesk_tui.store.errors import IdentityConflict
from helpdesk_tui.store.service import Store

from .conftest import make_app, settle

SIZE = (80, 24)
LARGE = (120, 35)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch) -> None:
    """A text box's cursor blinks every half second; in snapshots it stays shown."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def pair(demo_db) -> tuple[str, str]:
    """Two demo contacts with tickets at different companies, each with a description long
    enough to wrap at 80 columns."""
    with demo_db.raw() as conn:
        rows = conn.execute(
            """SELECT c.reference FROM contact c
               WHERE EXISTS (SELECT 1 FROM ticket t WHERE t.contact_id = c.id)
                 AND c.company_id IS NOT NULL
               ORDER BY c.id LIMIT 2"""
        ).fetchall()
    left, right = (row[0] for row in rows)
    with Store(demo_db.url, author="tester", region="GB") as store:
        for reference, text in (
            (left, "Prefers email; calls only about invoices, and always before noon"),
            (right, "Second account made by the email channel for the same person"),
        ):
            version = store.contact(reference).contact.version
            store.save(reference, version, {"description": text})
    return left, right


def _previewed(left: str, right: str, *keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(MergePreviewScreen(left, right))
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


def test_merge_preview_80x24(snap_compare, demo_db, pair):
    run_before = _previewed(*pair, "down", "right")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)


def test_merge_preview_120x35(snap_compare, demo_db, pair):
    assert snap_compare(make_app(demo_db), terminal_size=LARGE, run_before=_previewed(*pair))


def test_merge_preview_survivor_swapped_80x24(snap_compare, demo_db, pair):
    run_before = _previewed(*pair, "s")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)


def test_merge_preview_without_colour(snap_compare, demo_db, pair, monkeypatch):
    """NO_COLOR: the field the arrows choose for is in reverse video (every list's cursor is,
    app.tcss), not a shade of background that is lost."""
    monkeypatch.setenv("NO_COLOR", "1")
    run_before = _previewed(*pair, "down")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)


def test_identity_conflict_dialog(snap_compare, demo_db, pair):
    """Over Home, whose results stay still (a contact screen under it repaints the marked
    method row at its own pace); Pilot tests open it from a save."""
    left, right = pair
    with Store(demo_db.url, author="tester", region="GB") as store:
        here, owner = store.contact(left).contact, store.contact(right).contact
    owned = next(i.value for i in owner.identities if i.kind == "email")
    conflict = IdentityConflict("email", owned, owner.reference, owner.name)

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(IdentityConflictScreen(conflict, f"{here.name} ({here.reference})"))
        await settle(pilot)

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)


def test_new_contact_identity_conflict_dialog(snap_compare, demo_db, pair):
    """The New contact form's choice at 80x24, over the form as typed (``ctrl+s`` on an email
    a demo contact owns)."""
    with Store(demo_db.url, author="tester", region="GB") as store:
        owner = store.contact(pair[1]).contact
    owned = next(i.value for i in owner.identities if i.kind == "email")

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("ctrl+n")
        for name, value in (("first_name", "Bea"), ("last_name", "Brook"), ("email", owned)):
            pilot.app.screen.query_one(f"#{name}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)
