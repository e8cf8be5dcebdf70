"""Pilot tests of each key path: search → open → edit → save → reopen, and what goes wrong."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import pytest
from textual.widgets import Input, TabbedContent

from helpdesk_tui.messages import SearchFinished
from helpdesk_tui.screens.confirm import ConfirmScreen
from helpdesk_tui.screens.conflict import ConflictScreen
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.help import HelpScreen
from helpdesk_tui.screens.home import HomeScreen
from helpdesk_tui.screens.new_contact import NewContactScreen
from helpdesk_tui.store.contacts.operations import update_contact
from helpdesk_tui.store.contacts.reads import get_contact
from helpdesk_tui.store.search.searcher import search
from helpdesk_tui.widgets.field_list import CREATE, FieldInput, FieldRow
from helpdesk_tui.widgets.result_list import ResultList, ResultTable

from .conftest import make_app, settle


@dataclass(frozen=True)
class Known:
    """A demo contact with every tab filled, and ways an agent would find them."""

    reference: str
    first: str
    last: str
    phone_tail: str


@pytest.fixture
def known(demo_db) -> Known:
    with demo_db.raw() as conn:
        row = conn.execute(
            """SELECT c.reference, c.first_name, c.last_name, i.normalized
               FROM contact c JOIN identity i ON i.contact_id = c.id AND i.kind = 'phone'
               WHERE c.first_name GLOB '[A-Z][a-z][a-z][a-z]*'
                 AND c.last_name GLOB '[A-Z][a-z][a-z][a-z][a-z]*'
                 AND EXISTS (SELECT 1 FROM ticket t WHERE t.contact_id = c.id)
                 AND (SELECT count(*) FROM contact o
                      WHERE o.first_name = c.first_name AND o.last_name = c.last_name) = 1
               ORDER BY c.id LIMIT 1"""
        ).fetchone()
    return Known(row[0], row[1], row[2], row[3][-5:])


def _misspell(word: str) -> str:
    """Swap two letters in the middle, the commonest typing slip."""
    return word[0] + word[2] + word[1] + word[3:]


async def _open(pilot, reference: str) -> None:
    """Open a contact's screen the way Home does, and wait for it to load."""
    await settle(pilot)
    pilot.app.open_contact(reference)
    await settle(pilot)


async def _search(pilot, text: str) -> list[str]:
    search_box = pilot.app.screen.query_one("#search", Input)
    search_box.focus()
    search_box.value = ""
    await pilot.press(*text)
    await settle(pilot)
    return [hit.reference for hit in pilot.app.screen.query_one(ResultTable).hits]


async def test_misspelt_name_and_phone_fragment_find_the_contact(demo_db, known):
    finished: list[SearchFinished] = []
    app = make_app(demo_db)

    def hook(message) -> None:
        if isinstance(message, SearchFinished):
            finished.append(message)

    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await settle(pilot)
        assert finished and finished[0].result.strategy == "recent"
        typo = f"{_misspell(known.first).lower()} {_misspell(known.last).lower()}"
        assert (await _search(pilot, typo))[0] == known.reference
        assert known.reference in await _search(pilot, known.phone_tail)
    assert finished[-1].result.query == known.phone_tail


async def test_keystrokes_cancel_superseded_searches(demo_db, known):
    finished: list[SearchFinished] = []
    app = make_app(demo_db)
    async with app.run_test(
        message_hook=lambda m: finished.append(m) if isinstance(m, SearchFinished) else None
    ) as pilot:
        await settle(pilot)
        finished.clear()
        await pilot.press(*known.last.lower())
        await settle(pilot)
        assert app.screen.result.query == known.last.lower()
    assert finished[-1].result.query == known.last.lower()


async def test_a_superseded_result_is_never_shown(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press(*known.last.lower())
        await settle(pilot)
        shown = app.screen.result
        with demo_db.raw() as conn:
            stale = search(conn, known.first.lower())
        app.screen.post_message(SearchFinished(stale, 1.0, known.first.lower()))
        await settle(pilot)
        assert app.screen.result is shown


async def test_search_open_edit_save_and_reopen(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _search(pilot, f"{known.first} {known.last}")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.reference == known.reference
        assert isinstance(app.screen.focused, FieldRow)
        await pilot.press("down", "down", "down", "e")
        editor = app.screen.focused
        assert isinstance(editor, FieldInput)
        await pilot.pause()
        assert editor.content_region.height == 1, "the value being edited is visible"
        await pilot.press("ctrl+u", *"Head of Support", "enter")
        assert app.screen.pending == {"title": "Head of Support"}
        assert app.screen.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.dirty
        assert app.screen.contact.title == "Head of Support"
    reopened = make_app(demo_db)
    async with reopened.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        reopened.open_contact(known.reference)
        await settle(pilot)
        row = reopened.screen.query_one("#field-title", FieldRow)
        assert row.value == "Head of Support"


async def test_escape_drops_an_edit_in_progress(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test() as pilot:
        await _open(pilot, known.reference)
        await pilot.press("e", "ctrl+u", *"Nobody", "escape")
        assert app.screen.pending == {}
        assert app.screen.query_one("#field-first_name", FieldRow).value == known.first


async def test_invalid_input_is_shown_at_the_field_and_nothing_saved(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, known.reference)
        await pilot.press("e", "ctrl+u", "enter", "down", "e", "ctrl+u", "enter", "ctrl+s")
        await settle(pilot)
        first = app.screen.query_one("#field-first_name", FieldRow)
        assert first.error == "a contact needs a first or last name"
        assert app.screen.dirty
    assert get_contact(demo_db, known.reference).contact.first_name == known.first


async def test_a_stale_save_is_refused_then_reloaded(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, known.reference)
        loaded = app.screen.contact
        update_contact(demo_db, known.reference, loaded.version, {"title": "Changed elsewhere"})
        await pilot.press("down", "down", "down", "e", "ctrl+u", *"Mine", "enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert "tester" in app.screen.message
        await pilot.click("#reload")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.contact.title == "Changed elsewhere"
        assert not app.screen.dirty
    assert get_contact(demo_db, known.reference).contact.title == "Changed elsewhere"


async def test_a_stale_save_can_overwrite_on_purpose(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, known.reference)
        update_contact(demo_db, known.reference, app.screen.contact.version, {"city": "Elsewhere"})
        await pilot.press("down", "down", "down", "e", "ctrl+u", *"Mine", "enter", "ctrl+s")
        await settle(pilot)
        await pilot.click("#overwrite")
        await settle(pilot)
    saved = get_contact(demo_db, known.reference).contact
    assert (saved.title, saved.city) == ("Mine", "Elsewhere")


async def test_contact_methods_add_default_and_remove(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, known.reference)
        await pilot.press("a", *"second@example.org", "enter")
        rows = app.screen.method_rows
        assert any(r.value == "second@example.org" and r.state == "new" for r in rows)
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = app.screen.contact
        assert "second@example.org" in [i.value for i in saved.identities]
        methods = app.screen.query_one("#methods OptionList")
        methods.focus()
        keys = [o.id for o in methods._options]
        new_id = next(str(i.id) for i in saved.identities if i.value == "second@example.org")
        methods.highlighted = keys.index(new_id)
        await pilot.press("d", "ctrl+s")
        await settle(pilot)
        assert app.screen.contact.default("email") == "second@example.org"
        methods.highlighted = [o.id for o in methods._options].index(new_id)
        await pilot.press("x")
        assert any(r.state == "removed" for r in app.screen.method_rows)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "second@example.org" not in [i.value for i in app.screen.contact.identities]


async def test_adding_an_owned_identity_names_the_owner(demo_db, known):
    with demo_db.raw() as conn:
        other_email, owner_ref = conn.execute(
            "SELECT i.value, c.reference FROM identity i JOIN contact c ON c.id = i.contact_id "
            "WHERE i.kind = 'email' AND c.reference != ? LIMIT 1",
            (known.reference,),
        ).fetchone()
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, known.reference)
        await pilot.press("a", *other_email, "enter", "ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # the identity conflict dialog (test_tui_merge): cancel
        error = next(r.error for r in app.screen.method_rows if r.state == "new")
        assert owner_ref in error


async def test_leaving_with_unsaved_edits_asks_first(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test() as pilot:
        await _open(pilot, known.reference)
        await pilot.press("e", *"x", "enter", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("escape", "y")
        assert isinstance(app.screen, HomeScreen)


async def test_tabs_switch_on_number_keys(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test() as pilot:
        await _open(pilot, known.reference)
        tabs = app.screen.query_one(TabbedContent)
        for key, tab in zip(
            "23451", ("customer-data", "tickets", "activities", "sla", "details"), strict=True
        ):
            await pilot.press(key)
            assert tabs.active == tab
        await settle(pilot)
        assert len(app.screen.query_one("#ticket-table").rows) >= 1


async def test_new_contact_form_creates_and_opens_the_contact(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, NewContactScreen)
        await pilot.press(*"Zoë", "tab", *"Okonkwo-Brandt", "tab", *"Brand New Ventures")
        await settle(pilot)
        picks = app.screen.query_one("#company-picks")
        assert picks.get_option_at_index(picks.option_count - 1).id.startswith(CREATE)
        picks.focus()
        picks.highlighted = picks.option_count - 1
        await pilot.press("enter")
        app.screen.query_one("#email", Input).value = "zoe@brand-new.example"
        app.screen.query_one("#phone", Input).value = "020 7946 0018"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        contact = app.screen.contact
        assert (contact.name, contact.company) == ("Zoë Okonkwo-Brandt", "Brand New Ventures")
        assert contact.default("phone") == "020 7946 0018"


async def test_new_contact_form_shows_errors_at_their_fields(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        app.screen.query_one("#email", Input).value = "not an address"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NewContactScreen)
        assert app.screen.errors["first_name"] == "a contact needs a first or last name"
        assert app.screen.errors["email"].startswith("not an email address")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen), "typed data is never dropped by a slip"
        await pilot.press("escape")
        assert app.screen.query_one("#email", Input).value == "not an address"
        await pilot.press("escape", "y")
        assert isinstance(app.screen, HomeScreen)


async def test_new_contact_form_with_nothing_typed_closes_at_once(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n", "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_help_lists_the_keys_of_the_screen_underneath(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test() as pilot:
        await _open(pilot, known.reference)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = dict(app.screen.rows)
        assert "Save every pending edit" in described.values()
        assert described["^p"] == "Jump to a contact by name"
        assert len(described) == len(app.screen.rows), "each key is listed once"
        await pilot.press("escape")
        assert isinstance(app.screen, ContactScreen)


async def test_slash_goes_back_to_the_search_box(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test() as pilot:
        await _open(pilot, known.reference)
        await pilot.press("slash")
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.focused.id == "search"


async def test_command_palette_jumps_to_a_contact(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *f"{known.first} {known.last}")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.reference == known.reference


async def test_empty_database_shows_how_to_add_contacts(db):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        status = str(app.screen.query_one("#status").render())
        assert "ctrl+n" in status


async def test_ctrl_s_keeps_the_value_of_a_field_still_being_edited(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test() as pilot:
        await _open(pilot, known.reference)
        await pilot.press("down", "down", "down", "e", "ctrl+u", *"Typed not entered", "ctrl+s")
        await settle(pilot)
        assert not app.screen.dirty
    assert get_contact(demo_db, known.reference).contact.title == "Typed not entered"


async def test_slash_asks_before_dropping_edits_on_a_screen_underneath(demo_db, known):
    with demo_db.raw() as conn:
        (other,) = conn.execute(
            "SELECT reference FROM contact WHERE reference != ? LIMIT 1", (known.reference,)
        ).fetchone()
    app = make_app(demo_db)
    async with app.run_test() as pilot:
        await _open(pilot, known.reference)
        await pilot.press("e", "x", "enter")
        await _open(pilot, other)
        await pilot.press("slash")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("slash", "y")
        assert isinstance(app.screen, HomeScreen)


async def test_enter_opens_the_best_hit_of_the_new_search(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        results = app.screen.query_one(ResultList)
        results.focus()
        await pilot.press("down", "down", "down")
        assert results.highlighted == 3
        await _search(pilot, f"{known.first} {known.last}")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.reference == known.reference


async def test_a_failing_search_is_reported_not_fatal(demo_db, tmp_path):
    """The database becomes unreadable under a running app: the status line says so, in the
    store's words, and the app keeps going."""
    app = make_app(demo_db)
    async with app.run_test() as pilot:
        await settle(pilot)

        def unreadable():
            return sqlite3.connect(tmp_path).execute("PRAGMA user_version")

        app.store._pool.close()
        app.store._pool._open = unreadable
        await pilot.press(*"anything")
        await settle(pilot)
        assert app.is_running
        status = str(app.screen.query_one("#status").render())
        assert "Search failed: cannot open" in status
        assert "OperationalError" not in status


async def test_the_conflict_dialog_shows_each_field_and_keeps_the_edits_by_default(demo_db, known):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, known.reference)
        update_contact(demo_db, known.reference, app.screen.contact.version, {"title": "Theirs"})
        await pilot.press("down", "down", "down", "e", "ctrl+u", *"Mine", "enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        assert app.screen.focused.id == "keep", "the safe choice is the default"
        (row,) = app.screen.rows
        shown = (row.label, row.yours, row.theirs, row.author)
        assert shown == ("Title", "Mine", "Theirs", "tester")
        assert row.when and row.clashes
        await pilot.press("enter")
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.pending == {"title": "Mine"}
