"""Keys typed right behind a key whose screen opens after a read in a thread reach that screen
(``key_holding``): ``m`` and a name, ``u`` and ``y``, ``D`` and a choice. Each read is slowed
here, as a busy database slows it, so that the keys arrive before the screen does; and a burst
sent at once is given a key at a time."""

from __future__ import annotations

import asyncio
import time

import pytest
from textual import events
from textual.widgets import Input, TabbedContent

from helpdesk_tui.app import HelpdeskApp
from helpdesk_tui.key_holding import REFUSED_GRACE
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.merge_picker import MergePickerScreen
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.contacts.reads import get_contact
from helpdesk_tui.store.database.engine import Database
from helpdesk_tui.store.service import Store
from helpdesk_tui.widgets.contact_methods import ContactMethods

from .conftest import APP_NOW, make_app, open_contact, settle

SIZE = (120, 35)
SLOW = 0.4


@pytest.fixture
def ann(db) -> str:
    """Ann Lee, made by the tester (the database's first agent, so its admin)."""
    return create_contact(db, first_name="Ann", last_name="Lee").reference


def _slowed(monkeypatch, owner: type, name: str) -> None:
    """``owner.name`` (a method) takes ``SLOW`` seconds more."""
    read = getattr(owner, name)

    def slow(self, *args, **kwargs):
        time.sleep(SLOW)
        return read(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, slow)


async def _after_the_read(pilot) -> None:
    await asyncio.sleep(SLOW + 0.3)
    await settle(pilot)


async def test_m_and_a_name_typed_at_once_all_reach_the_picker(db, ann, monkeypatch):
    create_contact(db, first_name="Artur", last_name="Simoes")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        contact = await open_contact(pilot, ann)
        scope = Store.scope
        monkeypatch.setattr(
            Store, "scope", property(lambda s: (time.sleep(SLOW), scope.fget(s))[1])
        )
        await pilot.press("m", *"artur")
        await _after_the_read(pilot)
        picker = app.screen
        assert isinstance(picker, MergePickerScreen)
        assert picker.query_one("#search", Input).value == "artur"
        form = contact.query_one(ContactMethods).query_one("#add-form")
        assert not form.has_class("-open"), "no key went to the contact (a: add a method)"


async def test_m_and_a_name_sent_in_one_burst_all_reach_the_picker(db, ann):
    """As a terminal delivers a fast typist or a paste-speed burst: every key is in the app's
    queue before the first is handled. ``m`` must act before the letters are given."""
    create_contact(db, first_name="Artur", last_name="Simoes")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        contact = await open_contact(pilot, ann)
        for key in ["m", *"artur", "space", *"simoes"]:
            app.post_message(events.Key(key, " " if key == "space" else key))
        await _after_the_read(pilot)
        picker = app.screen
        assert isinstance(picker, MergePickerScreen)
        assert picker.query_one("#search", Input).value == "artur simoes"
        form = contact.query_one(ContactMethods).query_one("#add-form")
        assert not form.has_class("-open")


@pytest.mark.parametrize(
    ("door", "read", "keys", "done"),
    [
        ("journal", "preview", ("u", "y"), lambda contact: contact.title == ""),
        ("lifecycle", "is_admin", ("D", "a"), lambda contact: not contact.active),
    ],
    ids=["u-and-y-undo", "D-and-a-deactivate"],
)
async def test_a_key_and_its_answer_typed_at_once_act(db, ann, monkeypatch, door, read, keys, done):
    """u and y undo the title just edited; D and a deactivate: the answer waits for the
    question, read in a thread first."""
    update_contact(db, ann, 1, {"title": "CTO"})
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_contact(pilot, ann)
        _slowed(monkeypatch, type(getattr(app.store, door)), read)
        await pilot.press(*keys)
        await _after_the_read(pilot)
        assert isinstance(app.screen, ContactScreen)
    assert done(get_contact(db, ann).contact)


async def test_keys_typed_for_a_screen_that_is_refused_are_dropped(db, monkeypatch):
    """A refusal (here: nothing of the tester's to undo, Bob made the contact) says why in a
    notification, and the keys typed for the screen that never came do not act on the one
    below (3 would have switched to the Tickets tab)."""
    bob = Database(db.url, author="bob", region="GB")
    made = create_contact(bob, first_name="Bea", last_name="Baker").reference
    bob.dispose()
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        contact = await open_contact(pilot, made)
        _slowed(monkeypatch, type(app.store.journal), "preview")
        await pilot.press("u", "3")
        await _after_the_read(pilot)
        assert app.screen is contact
        assert contact.query_one(TabbedContent).active == "details"
        assert "nothing" in " ".join(str(n.message) for n in app._notifications).lower()
        await asyncio.sleep(REFUSED_GRACE)
        await pilot.press("3")  # the keys typed once the refusal could be read act as ever
        await settle(pilot)
        assert contact.query_one(TabbedContent).active == "tickets"


async def test_a_name_typed_behind_a_refused_merge_types_nothing_below(db, monkeypatch):
    """A non-admin's m and a name: refused in one sentence, and the name's letters neither
    open the contact's add form (a) nor reach any box."""
    made = create_contact(db, first_name="Bea", last_name="Baker").reference  # the admin's
    app = HelpdeskApp(Store(db.url, author="bob", region="GB"), clock=lambda: APP_NOW)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        contact = await open_contact(pilot, made)
        scope = Store.scope
        slow = property(lambda store: (time.sleep(SLOW), scope.fget(store))[1])
        monkeypatch.setattr(Store, "scope", slow)
        await pilot.press("m", *"artur")
        await _after_the_read(pilot)
        assert app.screen is contact
        form = contact.query_one(ContactMethods).query_one("#add-form")
        assert not form.has_class("-open")
        assert "Only an admin can merge" in " ".join(str(n.message) for n in app._notifications)


async def test_a_key_typed_right_after_a_refusal_is_dropped(db):
    """The refusal comes back faster than the agent types the next letter of the name, which
    was meant for the picker all the same: a key within REFUSED_GRACE of it acts on nothing."""
    made = create_contact(db, first_name="Bea", last_name="Baker").reference  # the admin's
    app = HelpdeskApp(Store(db.url, author="bob", region="GB"), clock=lambda: APP_NOW)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        contact = await open_contact(pilot, made)
        await pilot.press("m")
        while not app._notifications:
            await asyncio.sleep(0.005)
        await pilot.press("a")
        await settle(pilot)
        form = contact.query_one(ContactMethods).query_one("#add-form")
        assert not form.has_class("-open")
        await asyncio.sleep(REFUSED_GRACE)
        await pilot.press("a")
        await settle(pilot)
        assert form.has_class("-open"), "a key typed once the refusal could be read acts"
