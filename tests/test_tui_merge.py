"""Pilot tests of merging two contacts in the TUI: ``m`` on a contact and on Home's highlighted
result, through the picker and the preview to a merge checked in the store; a field kept from
the right, the survivor swapped, escape changing nothing; refusals (not an admin, a contact
merged meanwhile, one changed since the preview) in one sentence; the identity conflict of a
save (move it here, merge the two, cancel); hostile names and the preview at 80x24."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import Button

from helpdesk_tui.app import HelpdeskApp
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.help import HelpScreen
from helpdesk_tui.screens.identity_conflict import IdentityConflictScreen
from helpdesk_tui.screens.merge_picker import MergePickerScreen
from helpdesk_tui.screens.merge_preview import MergePreviewScreen, merge_refused
from helpdesk_tui.store.contacts.fields import AddIdentity
from helpdesk_tui.store.contacts.merge import merge_contacts
from helpdesk_tui.store.contacts.operations import create_contact, update_contact
from helpdesk_tui.store.refusals import MergeProblem, MergeRefused
from helpdesk_tui.store.service import Store
from helpdesk_tui.store.tickets.operations import open_ticket
from helpdesk_tui.store.tickets.views import TicketQuery
from helpdesk_tui.widgets.merge_fields import MergeFields
from helpdesk_tui.widgets.result_list import ResultList

from .conftest import APP_NOW, FORBIDDEN, HOSTILE_TEXT, make_app, open_contact, settle


@pytest.fixture
def pair(db) -> dict[str, str]:
    """Ann at Acme (no title) and Anne at Zeta (CTO) holding two tickets and two methods; the
    tester made them first, so the tester is the database's admin."""
    ann = create_contact(
        db,
        first_name="Ann",
        last_name="Archer",
        company="Acme",
        create_company=True,
        identities=[("email", "ann@acme.example")],
    )
    anne = create_contact(
        db,
        first_name="Anne",
        last_name="Archer",
        title="CTO",
        company="Zeta",
        create_company=True,
        identities=[("email", "anne@zeta.example"), ("phone", "+44 20 7946 0000")],
    )
    for subject in ("Printer on fire", "Toner"):
        open_ticket(db, subject=subject, contact=anne.reference)
    return {"ann": ann.reference, "anne": anne.reference}


def _store(db, author: str = "tester") -> Store:
    return Store(db.url, author=author, region="GB")


def _tickets_of(db, reference: str) -> int:
    with _store(db) as store:
        return store.tickets.page(TicketQuery(contact=reference)).total


def _said(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _bar(app) -> str:
    """The key bar as painted."""
    return app.screen._compositor.render_strips()[-1].text


def _errors(app) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


async def _preview(pilot, other: str) -> MergePreviewScreen:
    """From a screen where ``m`` merges: pick ``other`` (by reference) and show the preview."""
    await pilot.press("m")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MergePickerScreen)
    await pilot.press(*other)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MergePreviewScreen)
    return pilot.app.screen


def _fields(preview: MergePreviewScreen) -> dict[str, tuple[str, str, bool]]:
    return {row.name: (row.left, row.right, row.right_kept) for row in preview.rows or ()}


async def test_m_on_a_contact_previews_then_merges_the_other_into_it(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        screen = await open_contact(pilot, pair["ann"])
        preview = await _preview(pilot, pair["anne"])
        assert _fields(preview) == {
            "first_name": ("Ann", "Anne", False),
            "title": ("", "CTO", False),
            "company": ("Acme", "Zeta", False),
        }
        assert preview.cards is not None
        assert [card.survives for card in preview.cards] == [True, False]
        summary = str(preview.query_one("#merge-summary").render())
        assert "2 tickets · 2 contact methods · 0 activities" in summary
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen and screen.reference == pair["ann"]
        assert screen.contact is not None and screen.contact.title == ""
        assert any(
            f"Merged Anne Archer ({pair['anne']}) into Ann Archer ({pair['ann']})" in said
            and "undone" in said
            for said in _said(app)
        )
    assert _tickets_of(db, pair["ann"]) == 2
    with _store(db) as store:
        tombstone = store.contact(pair["anne"])  # a tombstone's reference leads to the survivor
        assert tombstone.merged_from == pair["anne"]
        assert tombstone.contact.reference == pair["ann"]
        assert {i.value for i in tombstone.contact.identities} >= {"anne@zeta.example"}


async def test_m_on_home_merges_with_the_highlighted_result(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(*pair["anne"])
        await settle(pilot)
        await pilot.press("m")
        assert not isinstance(app.screen, MergePickerScreen), "in the box, m types"
        await pilot.press("backspace", "down")
        await pilot.press(*pair["anne"][-1])
        await settle(pilot)
        await pilot.press("down")
        assert isinstance(app.screen.focused, ResultList)
        preview = await _preview(pilot, pair["ann"])
        assert (preview.left, preview.right) == (pair["anne"], pair["ann"])
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.reference == pair["anne"]
        assert app.screen.contact is not None and app.screen.contact.title == "CTO"
    assert _tickets_of(db, pair["anne"]) == 2
    with _store(db) as store:
        assert store.contact(pair["ann"]).merged_from == pair["ann"]


async def test_a_field_kept_from_the_right_survives_and_the_rest_stay_the_survivors(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_contact(pilot, pair["ann"])
        preview = await _preview(pilot, pair["anne"])
        assert isinstance(app.screen.focused, MergeFields)
        await pilot.press("down", "right")  # the title: Anne's CTO
        await settle(pilot)
        assert _fields(preview)["title"] == ("", "CTO", True)
        await pilot.press("down", "right", "left")  # the company: chosen right, then left again
        await settle(pilot)
        assert _fields(preview)["company"] == ("Acme", "Zeta", False)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
    with _store(db) as store:
        survivor = store.contact(pair["ann"]).contact
    assert (survivor.first_name, survivor.title, survivor.company) == ("Ann", "CTO", "Acme")


async def test_s_swaps_the_survivor_and_the_fields_follow_it(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_contact(pilot, pair["ann"])
        preview = await _preview(pilot, pair["anne"])
        await pilot.press("s")
        await settle(pilot)
        assert preview.cards is not None
        assert [card.survives for card in preview.cards] == [False, True]
        assert all(right for _, _, right in _fields(preview).values())
        assert "into Anne Archer" in str(preview.query_one("#merge-title").render())
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.reference == pair["anne"]
    with _store(db) as store:
        assert store.contact(pair["ann"]).merged_from == pair["ann"]
        assert store.contact(pair["anne"]).contact.first_name == "Anne"


async def test_escape_closes_the_picker_and_the_preview_and_changes_nothing(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_contact(pilot, pair["ann"])
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("escape")
        assert app.screen is screen
        await _preview(pilot, pair["anne"])
        await pilot.press("right", "s", "escape")
        await settle(pilot)
        assert app.screen is screen and screen.reference == pair["ann"]
    with _store(db) as store:
        anne = store.contact(pair["anne"])
        assert anne.merged_from == "" and anne.contact.version == 1
        assert store.contact(pair["ann"]).contact.version == 1
    assert _tickets_of(db, pair["anne"]) == 2


async def test_the_picker_refuses_the_contact_the_merge_starts_from(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_contact(pilot, pair["ann"])
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*pair["ann"])
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MergePickerScreen)
        assert "you are merging" in str(app.screen.query_one("#status").render())


async def test_a_non_admin_is_refused_in_one_sentence_and_nothing_changes(db, pair):
    """m is refused at once, before the agent picks anyone; a preview reached otherwise (an
    identity conflict, the duplicates view) refuses y as well, naming both contacts."""
    app = HelpdeskApp(_store(db, "bob"), clock=lambda: APP_NOW)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        screen = await open_contact(pilot, pair["ann"])
        await pilot.press("m")
        await settle(pilot)
        assert app.screen is screen, "no picker"
        assert _errors(app) == [
            "Only an admin can merge contacts, and bob is not one: ask an admin to merge "
            "them. Nothing was changed."
        ]
        app.push_screen(MergePreviewScreen(pair["ann"], pair["anne"]))
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert _errors(app)[-1] == (
            "Only an admin can merge contacts, and bob is not one: ask an admin to merge "
            f"Anne Archer ({pair['anne']}) into Ann Archer ({pair['ann']}). Nothing was changed."
        )
    with _store(db) as store:
        assert store.contact(pair["anne"]).merged_from == ""
    assert _tickets_of(db, pair["anne"]) == 2


async def test_a_contact_changed_since_the_preview_is_read_again_and_said(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await open_contact(pilot, pair["ann"])
        preview = await _preview(pilot, pair["anne"])
        update_contact(db, pair["anne"], 1, {"title": "CEO"})
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is preview, "the preview stays, read again"
        (error,) = _errors(app)
        assert error.startswith(f"{pair['anne']} was changed by tester (")
        assert "nothing was merged" in error and "press y again" in error
        assert _fields(preview)["title"] == ("", "CEO", False)
        with _store(db) as store:
            assert store.contact(pair["anne"]).merged_from == ""
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
    with _store(db) as store:
        assert store.contact(pair["anne"]).merged_from == pair["anne"]


async def test_a_contact_merged_elsewhere_meanwhile_is_refused_naming_where(db, pair):
    carl = create_contact(db, first_name="Carl", last_name="Cole")
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        screen = await open_contact(pilot, pair["ann"])
        await _preview(pilot, pair["anne"])
        merge_contacts(db, carl.reference, pair["anne"])
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert _errors(app) == [
            f"{pair['anne']} was merged into {carl.reference} already: merge with "
            f"{carl.reference} instead. Nothing was changed."
        ]
    assert _tickets_of(db, carl.reference) == 2
    assert _tickets_of(db, pair["ann"]) == 0


def test_a_loop_and_itself_are_said_from_the_refusals_facts():
    loop = MergeRefused(MergeProblem.LOOP, "C-1", "(the store's words)", "C-2")
    assert merge_refused(loop) == (
        "C-1 was merged into C-2 already: merging C-2 into it would make a loop. "
        "Nothing was changed."
    )
    same = MergeRefused(MergeProblem.SAME, "C-1", "(the store's words)")
    assert merge_refused(same) == "C-1 cannot be merged into itself: pick another contact."


async def test_help_and_the_key_bar_list_the_merge_keys(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await open_contact(pilot, pair["ann"])
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert ("m", "Merge this contact with another") in app.screen.rows
        await pilot.press("escape", "/", "down")
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        rows = dict(app.screen.rows)
        assert rows["m"] == "Merge the highlighted contact with another (in the results)"
        await pilot.press("escape")
        await open_contact(pilot, pair["ann"])
        await _preview(pilot, pair["anne"])
        bar = _bar(app)
        for key in ("← Left", "→ Right", "y Merge", "s Survivor", "esc Cancel", "f1 Help"):
            assert key in bar
        await pilot.press("f1")
        await settle(pilot)
        rows = dict(app.screen.rows)
        assert rows["←"].startswith("The survivor keeps the left")
        assert rows["s"].startswith("Swap which contact survives")
        assert rows["y"].startswith("Merge them as shown")


async def _conflict(pilot, value: str, *, title: str = "") -> IdentityConflictScreen:
    """Add ``value`` as an email (after editing the title, if given) and save."""
    if title:
        await pilot.press("down", "down", "down", "e", *title, "enter")
    await pilot.press("a", *value, "enter", "ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, IdentityConflictScreen)
    return pilot.app.screen


async def test_a_method_another_contact_owns_offers_a_choice_and_cancel_keeps_it(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_contact(pilot, pair["ann"])
        dialog = await _conflict(pilot, "anne@zeta.example")
        shown = app.export_screenshot()
        assert "already belongs to Anne Archer" in shown.replace("&#160;", " ")
        assert isinstance(dialog.focused, Button) and dialog.focused.id == "cancel"
        await pilot.press("enter")  # the safe choice is the default
        await settle(pilot)
        assert app.screen is screen
        assert screen.ops == (AddIdentity("email", "anne@zeta.example"),)
        assert "already belongs to" in screen.errors["identity:new:0"]
    with _store(db) as store:
        assert store.contact(pair["ann"]).contact.version == 1
        assert store.contact(pair["anne"]).contact.version == 1


async def test_move_it_here_moves_the_method_and_saves_the_other_edits(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        screen = await open_contact(pilot, pair["ann"])
        await _conflict(pilot, "anne@zeta.example", title="Boss")
        await pilot.press("h")
        await settle(pilot)
        assert app.screen is screen and not screen.dirty
        assert any(
            f"Moved email anne@zeta.example from Anne Archer ({pair['anne']})" in said
            for said in _said(app)
        )
    with _store(db) as store:
        ann, anne = store.contact(pair["ann"]).contact, store.contact(pair["anne"]).contact
    assert {i.value for i in ann.identities} == {"ann@acme.example", "anne@zeta.example"}
    assert ann.title == "Boss"
    assert [i.kind for i in anne.identities] == ["phone"]


async def test_merge_the_two_opens_the_preview_with_the_owner(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_contact(pilot, pair["ann"])
        await _conflict(pilot, "anne@zeta.example")
        await pilot.press("m")
        await settle(pilot)
        preview = app.screen
        assert isinstance(preview, MergePreviewScreen)
        assert (preview.left, preview.right) == (pair["ann"], pair["anne"])
        await pilot.press("escape")  # closed: the new method is pending again
        await settle(pilot)
        assert app.screen is screen and screen.ops == (AddIdentity("email", "anne@zeta.example"),)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen and not screen.dirty
        assert screen.contact is not None
        assert "anne@zeta.example" in {i.value for i in screen.contact.identities}
    with _store(db) as store:
        assert store.contact(pair["anne"]).merged_from == pair["anne"]
    assert _tickets_of(db, pair["ann"]) == 2


async def test_m_with_unsaved_edits_asks_before_dropping_them(db, pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35)) as pilot:
        screen = await open_contact(pilot, pair["ann"])
        await pilot.press("down", "down", "down", "e", *"Boss", "enter")
        assert screen.dirty
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("escape")  # no: the edits stay
        assert app.screen is screen and screen.pending == {"title": "Boss"}
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MergePickerScreen)
        assert not screen.dirty


@pytest.fixture
def hostile_pair(db, pair) -> dict[str, str]:
    """Both contacts named, titled and at companies in a stranger's hostile text (written past
    validation, as an import may)."""
    conn = sqlite3.connect(db.url.removeprefix("sqlite:///"), isolation_level=None)
    for side, reference in (("L", pair["ann"]), ("R", pair["anne"])):
        conn.execute(
            "UPDATE contact SET first_name = ?, title = ?, description = ? WHERE reference = ?",
            (f"{HOSTILE_TEXT} {side}", HOSTILE_TEXT, f"{side} {HOSTILE_TEXT}", reference),
        )
    conn.execute("UPDATE company SET name = name || ?", (HOSTILE_TEXT,))
    conn.close()
    return pair


async def test_hostile_names_and_values_are_shown_literally_on_both_sides(db, hostile_pair):
    app = make_app(db)
    async with app.run_test(size=(120, 35), notifications=True) as pilot:
        await open_contact(pilot, hostile_pair["ann"])
        preview = await _preview(pilot, hostile_pair["anne"])
        await pilot.press("right", "s")
        await settle(pilot)
        svg = app.export_screenshot()
        await pilot.press("y")
        await settle(pilot)
        svg += app.export_screenshot()
        assert app.is_running
    assert len(preview.rows or ()) == 3  # first name, description, company
    for forbidden in FORBIDDEN:
        assert forbidden not in svg
    shown = svg.replace("&#160;", " ")
    assert "[@click=app.quit]" in shown and "\u2039RLO\u203a" in shown and "[/]" in shown


async def test_every_differing_value_is_readable_at_80x24(db, pair):
    long_left = "Left " + " ".join(f"word{n}" for n in range(12))
    long_right = "Right " + " ".join(f"term{n}" for n in range(12))
    with _store(db) as store:
        store.save(pair["ann"], 1, {"description": long_left, "city": "averyveryverylongcityname"})
        store.save(pair["anne"], 1, {"description": long_right})
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_contact(pilot, pair["ann"])
        await _preview(pilot, pair["anne"])
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
    words = [*long_left.split(), *long_right.split(), "Ann", "Anne", "CTO", "Acme", "Zeta"]
    for word in words:
        assert word in screen, word
    assert "averyveryverylongcityname" in screen.replace("\n", "").replace(" ", "")
