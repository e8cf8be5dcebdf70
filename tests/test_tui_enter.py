"""Enter acts on what the box says: a query and ``enter`` that arrive together (a paste, a fast
typist, a scanner reading a reference) open the best contact of *that* query, never the best of
the query whose results are still on screen."""

from __future__ import annotations

import time

import pytest
from textual import events
from textual.widgets import Input

from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.widgets.result_list import ResultTable

from .conftest import make_app, settle

SLOW = 0.3


@pytest.fixture
def two(demo_db) -> tuple[tuple[str, str], tuple[str, str]]:
    """Two demo contacts with unique full names: (reference, name) each."""
    with demo_db.raw() as conn:
        rows = conn.execute(
            """SELECT c.reference, c.first_name || ' ' || c.last_name FROM contact c
               WHERE c.first_name GLOB '[A-Z][a-z][a-z]*' AND c.last_name GLOB '[A-Z][a-z][a-z]*'
                 AND (SELECT count(*) FROM contact o WHERE o.first_name = c.first_name
                      AND o.last_name = c.last_name) = 1
               ORDER BY c.id LIMIT 2"""
        ).fetchall()
    return rows[0], rows[1]


def _slow_search(app) -> None:
    """Every search takes a moment, as one does at a million contacts on a busy server: the
    keys that follow a query arrive while its search still runs."""
    search = app.store.search

    def slow(query, limit, cancelled):
        time.sleep(SLOW)
        return search(query, limit, cancelled)

    app.store.search = slow


async def test_a_pasted_query_and_enter_open_that_querys_best_contact(demo_db, two):
    (first_ref, first_name), (second_ref, second_name) = two
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _slow_search(app)
        box = app.screen.query_one("#search", Input)
        await pilot.press(*first_name)
        await settle(pilot)
        assert app.screen.query_one(ResultTable).hits[0].reference == first_ref
        box.select_all()
        box.post_message(events.Paste(second_name))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.reference == second_ref


async def test_typed_reference_and_enter_open_that_contact(demo_db, two):
    (_, first_name), (second_ref, _) = two
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _slow_search(app)
        await pilot.press(*first_name)
        await settle(pilot)
        await pilot.press("ctrl+u", *second_ref, "enter")
        await settle(pilot)
        assert app.screen.reference == second_ref


async def test_enter_in_the_palette_picks_a_hit_of_the_text_in_its_box(demo_db, two):
    (_, first_name), (second_ref, second_name) = two
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _slow_search(app)
        await pilot.press("ctrl+p", *first_name)
        await settle(pilot)
        await pilot.press("ctrl+u", *second_name, "enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.reference == second_ref


async def test_enter_with_nothing_found_opens_nothing(demo_db, two):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _slow_search(app)
        await pilot.press(*"zzqxv", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ContactScreen)
        assert "Nothing matches" in str(app.screen.query_one("#status").render())
