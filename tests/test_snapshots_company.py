"""Snapshots of the company screen: each tab at 120x35 and 80x24, an edit pending beside a value
refused, the primary contact's confirmation, and the Overview's chart on a 16-colour terminal and
with NO_COLOR (open and closed told apart by glyph). SVGs in snapshots/test_snapshots_company/.

Demo data, the clock and the time zone are fixed, so a changed snapshot means changed output:
open the SVG and look at it before accepting it (``pytest --snapshot-update`` on this module).
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from .conftest import make_app, settle

SIZE = (80, 24)
LARGE = (120, 35)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch) -> None:
    """A text box's cursor blinks every half second; in snapshots it stays shown."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def company(demo_db) -> str:
    """The demo company with an SLA policy and activities that has the most tickets, given a
    contract and notes (the demo makes neither)."""
    with demo_db.raw() as conn:
        company_id, reference = conn.execute(
            """SELECT co.id, co.reference FROM company co JOIN ticket t ON t.company_id = co.id
               WHERE co.sla_policy_id IS NOT NULL
                 AND EXISTS (SELECT 1 FROM activity a WHERE a.company_id = co.id)
               GROUP BY co.id ORDER BY count(*) DESC, co.id LIMIT 1"""
        ).fetchone()
        conn.execute(
            "INSERT INTO contract (company_id, description, po_number, starts_on, ends_on, "
            "hour_limit, created_at, version) VALUES (?, 'Premium support', 'PO-4711', "
            "'2026-01-01 00:00:00', '2026-12-31 00:00:00', 120, '2026-01-01 00:00:00', 1)",
            (company_id,),
        )
        conn.execute(
            "UPDATE company SET notes = 'Call the office manager first.' WHERE id = ?",
            (company_id,),
        )
    return reference


def _opened(reference: str, *keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.open_company(reference)
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [SIZE, LARGE], ids=["80x24", "120x35"])
@pytest.mark.parametrize("tab", ["1", "2", "3", "4"])
def test_each_tab(snap_compare, demo_db, company, tab, size):
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_opened(company, tab))


def test_an_edit_pending_beside_a_value_refused(snap_compare, demo_db, company):
    keys = ("down", "e", "end", *" example.org", "enter", "down", "down", "e", "ctrl+u", *"maybe")
    run_before = _opened(company, *keys, "enter", "ctrl+s")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)


def test_making_another_contact_the_primary_one_asks_first(snap_compare, demo_db, company):
    run_before = _opened(company, "2", "down", "down", "p")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("terminal", ["xterm-16", "no-color"])
def test_the_chart_reads_without_colour(snap_compare, demo_db, company, terminal, monkeypatch):
    if terminal == "xterm-16":
        monkeypatch.setenv("TERM", "xterm")
        monkeypatch.delenv("COLORTERM")
    else:
        monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_opened(company))
