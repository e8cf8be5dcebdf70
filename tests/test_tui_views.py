"""Pilot tests of saved views on Home: ctrl+l lists them and enter runs one, ctrl+s saves the
search in the box under a name (asking before replacing, refusing no name), d deletes one of
the agent's own (asking first; a shipped one says it cannot be), the palette runs one, and a
hostile name is shown literally."""

from __future__ import annotations

import asyncio
import time

import pytest
from textual import events
from textual.widgets import Input, OptionList

from helpdesk_tui.commands import ContactPalette
from helpdesk_tui.screens.confirm import ConfirmScreen
from helpdesk_tui.screens.help import HelpScreen
from helpdesk_tui.screens.home import HomeScreen
from helpdesk_tui.screens.save_view import NO_NAME, SaveViewScreen
from helpdesk_tui.screens.saved_views import SavedViewsScreen
from helpdesk_tui.store.saved_views.operations import list_views, save_view
from helpdesk_tui.text import clean
from helpdesk_tui.widgets.result_list import ResultTable

from .conftest import FORBIDDEN, HOSTILE_TEXT, make_app, settle
from .test_search import _create
from .test_search_has import _ticket


@pytest.fixture
def callers(db):
    """Jon with an open ticket, Ann with one nobody is assigned, Cy with a closed one."""
    people = _create(
        db,
        (
            ("Jon", "Open", "Acme Ltd", [("whatsapp", "+44 7400 084175")]),
            ("Ann", "Unassigned", "", []),
            ("Cy", "Closed", "", []),
        ),
    )
    _ticket(db, people["Jon Open"], "open", 5, assignee="amara")
    _ticket(db, people["Ann Unassigned"], "new", 3)
    _ticket(db, people["Cy Closed"], "closed", 9)
    return people


def _names(app) -> list[str]:
    return [hit.name for hit in app.home.query_one(ResultTable).hits]


def _box(app) -> Input:
    return app.home.query_one("#search", Input)


def _listed(app) -> list[str]:
    box = app.screen.query_one(OptionList)
    return [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]


async def _views(pilot) -> SavedViewsScreen:
    await settle(pilot)
    await pilot.press("ctrl+l")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SavedViewsScreen)
    return pilot.app.screen


async def test_ctrl_l_lists_the_views_and_enter_runs_one(db, callers):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await _views(pilot)
        listed = _listed(app)
        assert [line.split("  ")[0] for line in listed] == [
            "Has open tickets",
            "Has unassigned tickets",
            "WhatsApp contacts",
        ]
        assert all("shipped" in line for line in listed)
        await pilot.press("down", "enter")  # Has unassigned tickets
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert (_box(app).value, _box(app).cursor_position) == ("has:unassigned ", 15)
        assert app.focused is _box(app)
        assert _names(app) == ["Ann Unassigned"]
        await pilot.press(*"jon")  # typing on narrows the view
        await settle(pilot)
        assert _box(app).value == "has:unassigned jon" and _names(app) == []
        await _views(pilot)
        await pilot.press("enter")  # Has open tickets: the latest changed first
        await settle(pilot)
        assert _names(app) == ["Jon Open", "Ann Unassigned"]


async def test_ctrl_s_saves_the_search_under_a_name(db, callers):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(*"kind:whatsapp has:open")
        await settle(pilot)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SaveViewScreen)
        await pilot.press(*"Open on WhatsApp", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any(
            "Saved the view 'Open on WhatsApp'" in str(n.message) for n in app._notifications
        )
        await _views(pilot)
        assert any(line.startswith("Open on WhatsApp") for line in _listed(app))
    mine = [view for view in list_views(db) if not view.shipped]
    assert [(view.name, view.search) for view in mine] == [
        ("Open on WhatsApp", "kind:whatsapp has:open")
    ]


async def test_an_empty_name_is_refused_in_a_sentence_and_nothing_is_saved(db, callers):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press(*"jon", "ctrl+s", " ", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SaveViewScreen)
        error = app.screen.query_one("#view-error")
        assert str(error.render()) == NO_NAME and error.has_class("-shown")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert all(view.shipped for view in list_views(db))


async def test_a_search_the_store_refuses_is_said_in_the_dialog(db, callers):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s", *"Nothing at all", "enter")  # the box is empty
        await settle(pilot)
        assert isinstance(app.screen, SaveViewScreen)
        said = str(app.screen.query_one("#view-error").render())
        assert said.startswith("Nothing was saved: a saved view needs a search")
    assert all(view.shipped for view in list_views(db))


@pytest.mark.parametrize("answer", ["y", "n"])
async def test_saving_under_a_name_taken_asks_first(db, callers, answer):
    save_view(db, "Jons", "jon")
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press(*"jon has:open", "ctrl+s")
        await settle(pilot)
        await pilot.press(*"Jons", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "You have a view called 'Jons' (jon). Replace it?" in str(
            app.screen.query_one(".question").render()
        )
        await pilot.press(answer)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen if answer == "y" else SaveViewScreen)
    [mine] = [view for view in list_views(db) if not view.shipped]
    assert mine.search == ("jon has:open" if answer == "y" else "jon")


async def test_a_shipped_name_asks_before_standing_in_for_it(db, callers):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press(*"kind:whatsapp company:acme", "ctrl+s")
        await settle(pilot)
        await pilot.press(*"WhatsApp contacts", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "every agent has" in str(app.screen.query_one(".question").render())
        await pilot.press("y")
        await settle(pilot)
    [row] = [view for view in list_views(db) if view.name == "WhatsApp contacts"]
    assert (row.shipped, row.search) == (False, "kind:whatsapp company:acme")


async def test_d_deletes_one_of_yours_after_a_yes_and_not_a_shipped_one(db, callers):
    save_view(db, "Zed's Jons", "jon")  # listed last, by name
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await _views(pilot)
        await pilot.press("down", "d")  # Has unassigned tickets
        await settle(pilot)
        assert isinstance(app.screen, SavedViewsScreen)  # shipped: no question, a sentence
        assert any("cannot be deleted" in str(n.message) for n in app._notifications)
        await pilot.press("end", "d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert any(line.startswith("Zed's Jons") for line in _listed(app))
        await pilot.press("end", "delete", "y")
        await settle(pilot)
        assert isinstance(app.screen, SavedViewsScreen)
        assert not any(line.startswith("Zed's Jons") for line in _listed(app))
        assert any('Deleted the view "Zed\'s Jons"' in str(n.message) for n in app._notifications)
    assert all(view.shipped for view in list_views(db))


async def test_the_palette_runs_a_view_from_any_screen(db, callers):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        app.open_contact(callers["Jon Open"].reference)
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"view whatsapp")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert _box(app).value == "kind:whatsapp "
        assert _names(app) == ["Jon Open"]


async def test_a_name_typed_while_the_palette_reads_the_views_is_still_found(
    db, callers, monkeypatch
):
    """ctrl+p and a name typed at once (a real terminal): the keys arrive while the palette
    is still reading the saved views. The palette searches what was typed all the same; it
    used to find nothing at all, contacts included, for as long as it stayed open."""
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        views = type(app.store.saved_views)
        read = views.list
        monkeypatch.setattr(views, "list", lambda self: (time.sleep(0.5), read(self))[1])
        app.post_message(events.Key("ctrl+p", None))
        while not isinstance(app.screen, ContactPalette):
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # mounted, its views still being read (0.5 s)
        for letter in "jon":
            app.post_message(events.Key(letter, letter))
        await asyncio.sleep(0.8)
        await settle(pilot)
        assert isinstance(app.screen, ContactPalette)
        prompts = [str(option.prompt) for option in app.screen.query_one(OptionList).options]
        assert any("Jon Open" in prompt for prompt in prompts), prompts


async def test_help_on_home_lists_the_view_keys_and_the_has_filter(db, callers):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        rows = dict(app.screen.rows)
        assert "Saved views" in rows["^l"] and "as a view" in rows["^s"]
        assert "open tickets" in rows["has:"]


async def test_a_hostile_view_name_is_shown_literally(db, callers):
    save_view(db, HOSTILE_TEXT, "jon")
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await _views(pilot)
        screenshot = app.export_screenshot()
        await pilot.press("home", "d")  # "Boom…" is first by name
        question = app.export_screenshot()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.is_running
    for svg in (screenshot, question):
        assert not any(ch in svg for ch in FORBIDDEN)
    shown = clean(HOSTILE_TEXT)  # the bidi control made visible, the markup as typed
    assert shown[:16] in screenshot.replace("&#160;", " ")  # cut to its column
    assert shown in question.replace("&#160;", " ")


async def test_enter_before_the_views_arrive_runs_the_first(db, callers, monkeypatch):
    """The first store call but a search opens the schema through SQLAlchemy (half a second):
    an enter typed on the heels of ctrl+l waits for the list instead of being lost."""
    import time

    app = make_app(db)
    door = app.store.saved_views
    slow_list = door.list

    def slow():
        time.sleep(1)
        return slow_list()

    monkeypatch.setattr(door, "list", slow)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert _box(app).value == "has:open "
