"""The Details tab as an agent uses it: mistakes flagged when a field is left, companies picked
from a list (creating one is the last choice), the cursor staying on the method acted on."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, Select

from helpdesk_tui.screens.confirm import ConfirmScreen
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.new_contact import NewContactScreen
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.contacts.reads import get_contact
from helpdesk_tui.widgets.contact_methods import MethodList
from helpdesk_tui.widgets.field_list import CREATE, FieldRow, Suggestions

from .conftest import make_app, settle


@pytest.fixture
def ann(db) -> str:
    """A contact at a company, with two emails and a phone."""
    create_contact(db, first_name="Bo", last_name="Ek", company="Northwind", create_company=True)
    return create_contact(
        db,
        first_name="Ann",
        last_name="Lee",
        company="Northwind",
        identities=[
            ("email", "ann@northwind.example"),
            ("email", "ann.lee@home.example"),
            ("phone", "+44 20 7946 0000"),
        ],
    ).reference


async def _open(pilot, reference: str) -> None:
    await settle(pilot)
    pilot.app.open_contact(reference)
    await settle(pilot)


async def _edit(pilot, name: str, *keys: str) -> FieldRow:
    row = pilot.app.screen.query_one(f"#field-{name}", FieldRow)
    row.focus()
    await pilot.press("e", "ctrl+u", *keys)
    return row


async def test_a_bad_value_is_flagged_when_the_field_is_left(db, ann):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        row = await _edit(pilot, "is_primary", *"maybe", "enter")
        await settle(pilot)
        assert row.error == "answer yes or no"
        assert app.screen.pending == {"is_primary": "maybe"}
        await _edit(pilot, "is_primary", *"yes", "enter")
        assert row.error == ""


async def test_a_bad_contact_method_is_flagged_when_added(db, ann):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        await pilot.press("a", *"ann at home", "enter")
        await settle(pilot)
        new = next(row for row in app.screen.method_rows if row.state == "new")
        assert new.error.startswith("not an email address")


async def test_an_unknown_company_is_flagged_and_can_be_created_from_the_list(db, ann):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        row = await _edit(pilot, "company", *"Nothwind")
        await settle(pilot)
        picks = row.query_one(Suggestions)
        keys = [picks.get_option_at_index(i).id for i in range(picks.option_count)]
        assert keys[0] == "Northwind", "a misspelt name finds the company"
        assert keys[-1] == CREATE + "Nothwind", "creating is the last choice"
        await pilot.press("enter")
        await settle(pilot)
        assert row.error.startswith("no company named 'Nothwind'")
        await _edit(pilot, "company", *"Southwind Ltd")
        await settle(pilot)
        await pilot.press("down")
        picks.highlighted = picks.option_count - 1
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        assert not app.screen.dirty
    assert get_contact(db, ann).contact.company == "Southwind Ltd"


async def test_picking_a_company_from_the_list_keeps_it(db, ann):
    create_contact(db, first_name="Cy", company="Contoso Pharma", create_company=True)
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        row = await _edit(pilot, "company", *"contoso")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.screen.pending == {"company": "Contoso Pharma"}
        assert row.error == ""


async def test_the_cursor_follows_the_method_made_default(db, ann):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        methods = app.screen.query_one(MethodList)
        methods.focus()
        keys = [methods.get_option_at_index(i).id for i in range(methods.option_count)]
        second = next(r.key for r in app.screen.method_rows if r.value == "ann.lee@home.example")
        methods.highlighted = keys.index(second)
        await pilot.press("d")
        await settle(pilot)
        rows = app.screen.method_rows
        assert rows[0].value == "ann.lee@home.example", "a new default goes first"
        assert methods.highlighted == 0, "and the cursor goes with it"


async def test_down_from_the_last_field_enters_the_methods_on_their_first_row(db, ann):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        app.screen.query(FieldRow).last().focus()
        await pilot.press("down")
        assert isinstance(app.screen.focused, MethodList)
        assert app.screen.focused.highlighted == 0
        await pilot.press("up")
        assert app.screen.focused is app.screen.query(FieldRow).last()


async def test_ctrl_n_on_a_contact_starts_a_colleague_at_the_same_company(db, ann):
    app = make_app(db)
    async with app.run_test(size=(100, 34)) as pilot:
        await _open(pilot, ann)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, NewContactScreen)
        assert app.screen.query_one("#company", Input).value == "Northwind"
        await pilot.press("escape")
        assert isinstance(app.screen, ContactScreen), "nothing typed: closes without asking"


async def test_a_country_is_completed_and_shown_by_name_and_narnia_is_refused(db, ann):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        row = await _edit(pilot, "country", *"Narnia", "enter")
        assert row.error.startswith("not a country: 'Narnia'")
        row = await _edit(pilot, "country", *"germ")
        picks = row.query_one(Suggestions)
        assert picks.get_option_at_index(0).id == "DE"
        await pilot.press("down", "enter")
        assert app.screen.pending == {"country": "Germany"}
        assert row.error == ""
        await pilot.press("a")
        app.screen.query_one("#add-kind", Select).value = "phone"
        await pilot.press(*"030 901820", "enter")
        new = next(r for r in app.screen.method_rows if r.state == "new")
        assert new.error == "", "a local number is read for the contact's country"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert row.value == "Germany"
    saved = get_contact(db, ann).contact
    assert saved.country == "DE"
    assert saved.default("phone") == "+44 20 7946 0000"


async def test_a_code_typed_is_shown_as_the_countrys_name(db, ann):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        await _edit(pilot, "country", *"ie", "enter")
        assert app.screen.pending == {"country": "Ireland"}


async def test_saving_an_unknown_company_asks_to_create_it(db, ann):
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        await _edit(pilot, "company", *"Fabrikam Ltd", "enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Fabrikam Ltd" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert not app.screen.dirty
    assert get_contact(db, ann).contact.company == "Fabrikam Ltd"


async def test_a_new_contacts_local_number_is_read_for_the_country_picked(db):
    app = make_app(db)
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n", *"Jonas", "tab", *"Weber")
        app.screen.query_one("#country", Input).focus()
        await pilot.press(*"germ", "down")
        assert app.screen.focused.id == "country-picks"
        await pilot.press("enter")
        assert app.screen.query_one("#country", Input).value == "Germany"
        assert app.screen.focused.id == "email"
        await pilot.press("down", *"030 901820", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        contact = app.screen.contact
        assert contact.country == "DE"
        assert [i.normalized for i in contact.identities] == ["+4930901820"]


async def test_keys_queued_by_a_fast_typist_act_on_the_row_they_were_meant_for(db, ann):
    """↓ ↓ ↓ e arrive before the event loop turns: each key acts on the row the keys before it
    moved to, never on the row focus is leaving."""
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot, ann)
        for key in ("down", "down", "down", "e"):
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(app)
            app._driver.send_message(event)  # as the terminal driver does, without a pause
        await settle(pilot)
        editing = [row.field_name for row in app.screen.query(".-editing").results(FieldRow)]
        assert editing == ["title"]
        await pilot.press("ctrl+u", *"CTO", "enter")
        assert app.screen.pending == {"title": "CTO"}
