"""The key bar at the bottom of every screen: the keys of what has focus, kept up to date as focus
moves (it repaints rather than rebuilding a widget per key), the palette key on the right, and a
click on a key presses it."""

from __future__ import annotations

from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.help import HelpScreen
from helpdesk_tui.widgets.field_list import FieldRow
from helpdesk_tui.widgets.key_bar import KeyBar
from helpdesk_tui.widgets.ticket_table import TicketOptions

from .conftest import make_app, settle


def _bar(app) -> str:
    """The bottom line as painted (a bar that missed a change still shows the old keys)."""
    return app.screen._compositor.render_strips()[-1].text


async def test_the_bar_lists_the_keys_of_what_has_focus(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        home = _bar(app)
        assert "Open" in home and "New contact" in home
        assert home.rstrip().endswith("palette")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert isinstance(app.screen.focused, FieldRow)
        assert "Edit" in _bar(app)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen.focused, TicketOptions)
        tickets = _bar(app)
        assert "Edit" not in tickets and "Move" in tickets


async def test_a_click_on_a_key_presses_it(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        text = _bar(app)
        start = text.index("Help") - 2  # on the key itself, " f1 "
        await pilot.click(KeyBar, offset=(start, 0))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_keys_beyond_the_width_are_cut_before_the_palette_key(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(40, 24)) as pilot:
        await settle(pilot)
        text = _bar(app)
        assert len(text) == 40
        assert text.rstrip().endswith("palette")


async def test_merge_and_history_are_in_sight_on_a_contact_at_80_columns(demo_db):
    """At 80 columns ctrl+q and escape give up their room on a contact's bar (both are in ?),
    so h and m show beside the editing keys, and f1 Help stays; wider, all of them show."""
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        narrow = _bar(app)
        for key in ("e Edit", "^s Save", "u Undo", "h History", "n New ticket", "m Merge"):
            assert key in narrow
        assert "f1 Help" in narrow and narrow.rstrip().endswith("palette")
        assert "esc Back" not in narrow and "^q Quit" not in narrow
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        wide = _bar(app)
        for key in ("esc Back", "h History", "m Merge", "^q Quit", "f1 Help"):
            assert key in wide


async def test_a_key_that_does_not_fit_is_left_out_whole(demo_db):
    """Never half a key ("h Histo", "f1 He"): the keys shown narrow are the first ones of the
    keys shown wide, each whole."""
    app = make_app(demo_db)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)

        def keys() -> list[str]:
            left = _bar(app).split("▏")[0]
            return [key.strip() for key in left.split("  ") if key.strip()]

        wide = keys()
        for width in range(40, 81, 3):
            await pilot.resize_terminal(width, 24)
            await settle(pilot)
            narrow = keys()
            assert narrow == wide[: len(narrow)], width
