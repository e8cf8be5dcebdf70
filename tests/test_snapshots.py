"""Snapshots of every screen and modal state, grouped by feature (SVGs in snapshots/).

Demo data, the clock and the time zone are fixed, so a changed snapshot means changed output:
open the SVG and look at it before accepting it (``pytest --snapshot-update``).
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from .conftest import make_app, settle

SIZE = (80, 24)
WIDE = (100, 30)
LARGE = (120, 35)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch) -> None:
    """A text box's cursor blinks every half second; a snapshot taken between blinks would
    differ from one taken on them, so in snapshots it stays shown."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture
def reference(demo_db) -> str:
    """A demo contact with tickets, activities, customer data and an SLA policy."""
    with demo_db.raw() as conn:
        return conn.execute(
            """SELECT c.reference FROM contact c JOIN company co ON co.id = c.company_id
               WHERE co.sla_policy_id IS NOT NULL
                 AND EXISTS (SELECT 1 FROM ticket t WHERE t.contact_id = c.id
                             AND t.status IN ('new', 'open', 'pending'))
                 AND EXISTS (SELECT 1 FROM activity a WHERE a.contact_id = c.id)
                 AND EXISTS (SELECT 1 FROM custom_value v WHERE v.contact_id = c.id)
                 AND EXISTS (SELECT 1 FROM identity i
                             WHERE i.contact_id = c.id AND i.kind = 'phone')
               ORDER BY c.id LIMIT 1"""
        ).fetchone()[0]


def _opened(reference: str, *keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.open_contact(reference)
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


class TestHome:
    def test_recent_contacts(self, snap_compare, demo_db):
        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=settle)

    def test_recent_contacts_120x35(self, snap_compare, demo_db):
        assert snap_compare(make_app(demo_db), terminal_size=LARGE, run_before=settle)

    def test_results_for_a_misspelt_name(self, snap_compare, demo_db):
        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press(*"jhon smtih")
            await settle(pilot)

        assert snap_compare(make_app(demo_db), terminal_size=WIDE, run_before=run_before)

    def test_nothing_found(self, snap_compare, demo_db):
        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press(*"zzqx")
            await settle(pilot)

        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)

    def test_a_row_found_by_a_second_address_marks_it(self, snap_compare, demo_db):
        with demo_db.raw() as conn:
            (address,) = conn.execute(
                "SELECT value FROM identity WHERE kind = 'email' AND NOT is_default "
                "ORDER BY id LIMIT 1"
            ).fetchone()

        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press(*address)
            await settle(pilot)

        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)

    def test_a_long_status_line_wraps(self, snap_compare, demo_db):
        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press(*"zzqx wwvy company:nothing-like-this-exists-anywhere kind:phone")
            await settle(pilot)

        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)

    def test_empty_database_hint(self, snap_compare, db):
        assert snap_compare(make_app(db), terminal_size=SIZE, run_before=settle)


class TestContact:
    @pytest.mark.parametrize("tab", ["1", "2", "3", "4", "5"])
    def test_each_tab(self, snap_compare, demo_db, reference, tab):
        assert snap_compare(
            make_app(demo_db), terminal_size=LARGE, run_before=_opened(reference, tab)
        )

    @pytest.mark.parametrize("tab", ["1", "2", "3", "4", "5"])
    def test_each_tab_fits_80x24(self, snap_compare, demo_db, reference, tab):
        assert snap_compare(
            make_app(demo_db), terminal_size=SIZE, run_before=_opened(reference, tab)
        )

    def test_field_in_edit_mode(self, snap_compare, demo_db, reference):
        run_before = _opened(reference, "down", "down", "down", "e")
        assert snap_compare(make_app(demo_db), terminal_size=WIDE, run_before=run_before)

    def test_pending_edits_are_marked(self, snap_compare, demo_db, reference):
        keys = ("down", "down", "down", "e", "ctrl+u", *"Head of IT", "enter", "a", *"it@x.example")
        run_before = _opened(reference, *keys, "enter")
        assert snap_compare(make_app(demo_db), terminal_size=WIDE, run_before=run_before)

    def test_company_suggestions_with_create_last(self, snap_compare, demo_db, reference):
        run_before = _opened(reference, *["down"] * 4, "e", "ctrl+u", *"nort")
        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)

    def test_country_suggestions(self, snap_compare, demo_db, reference):
        run_before = _opened(reference, *["down"] * 10, "e", "ctrl+u", *"united")
        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)

    def test_validation_error(self, snap_compare, demo_db, reference):
        keys = ("e", "ctrl+u", "enter", "down", "e", "ctrl+u", "enter", "ctrl+s")
        run_before = _opened(reference, *keys)
        assert snap_compare(make_app(demo_db), terminal_size=WIDE, run_before=run_before)


class TestDialogs:
    def test_help_on_home(self, snap_compare, demo_db):
        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("down", "question_mark")

        assert snap_compare(make_app(demo_db), terminal_size=WIDE, run_before=run_before)

    def test_help_on_contact(self, snap_compare, demo_db, reference):
        run_before = _opened(reference, "question_mark")
        assert snap_compare(make_app(demo_db), terminal_size=WIDE, run_before=run_before)

    def test_new_contact_form(self, snap_compare, demo_db):
        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("ctrl+n")
            await pilot.press(*"Ana", "tab", *"Lima", "tab", *"north")
            await settle(pilot)

        assert snap_compare(make_app(demo_db), terminal_size=(100, 36), run_before=run_before)

    def test_new_contact_errors(self, snap_compare, demo_db):
        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("ctrl+n")
            pilot.app.screen.query_one("#email", Input).value = "ana@@example"
            pilot.app.screen.query_one("#phone", Input).value = "12"
            await pilot.press("ctrl+s")
            await settle(pilot)

        assert snap_compare(make_app(demo_db), terminal_size=(100, 36), run_before=run_before)

    def test_new_contact_at_80x24_with_country_choices(self, snap_compare, demo_db):
        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("ctrl+n", *"Ana")
            pilot.app.screen.query_one("#country", Input).focus()
            await pilot.press(*"ire")
            await settle(pilot)

        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)

    def test_new_contact_asks_before_dropping_what_was_typed(self, snap_compare, demo_db):
        async def run_before(pilot) -> None:
            await settle(pilot)
            await pilot.press("ctrl+n", *"Ana", "escape")
            await settle(pilot)

        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)

    def test_discard_unsaved_changes(self, snap_compare, demo_db, reference):
        run_before = _opened(reference, "e", "x", "enter", "escape")
        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)

    def test_edit_conflict(self, snap_compare, demo_db, reference):
        from helpdesk_tui.store.contacts.operations import update_contact

        async def run_before(pilot) -> None:
            await _opened(reference)(pilot)
            contact = pilot.app.screen.contact
            changes = {"city": "Cork", "title": "Head of IT"}
            update_contact(demo_db, reference, contact.version, changes)
            with demo_db.raw() as conn:  # the journal's clock, fixed like the app's
                conn.execute(
                    "UPDATE event SET at = '2026-03-02 14:05:00' "
                    "WHERE id = (SELECT max(id) FROM event)"
                )
                conn.commit()
            await pilot.press("down", "down", "down", "e", "x", "enter", "ctrl+s")
            await settle(pilot)

        assert snap_compare(make_app(demo_db), terminal_size=WIDE, run_before=run_before)

    def test_restore_draft_made_before_someone_else_saved(self, snap_compare, demo_db, reference):
        """Edits left unsaved by a dropped connection, on a version someone has saved over."""
        from datetime import UTC, datetime

        from helpdesk_tui.config import data_dir
        from helpdesk_tui.store.contacts.drafts import Draft, DraftBox
        from helpdesk_tui.store.contacts.fields import AddIdentity, RemoveIdentity
        from helpdesk_tui.store.contacts.operations import update_contact
        from helpdesk_tui.store.contacts.reads import get_contact

        contact = get_contact(demo_db, reference).contact
        update_contact(demo_db, reference, contact.version, {"city": "Cork"})
        box = DraftBox(demo_db.url, data_dir() / "drafts")
        draft = Draft(
            reference,
            contact.version,
            {"title": "Head of IT", "city": "Dublin"},
            (AddIdentity("email", "it-desk@example.com"), RemoveIdentity.of(contact.identities[0])),
            saved_at=datetime(2026, 3, 2, 14, 5, tzinfo=UTC),
        )
        box.keep(draft, box.stamp())
        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=_opened(reference))


class TestContactPicker:
    """The picker a ticket move (and later a merge) starts with: Home's search in a dialog."""

    @staticmethod
    def _picking(query: str):
        async def run_before(pilot) -> None:
            from helpdesk_tui.screens.contact_picker import ContactPickerScreen

            await settle(pilot)
            pilot.app.push_screen(ContactPickerScreen("Move T-1006001 to which contact?"))
            await settle(pilot)
            await pilot.press(*query)
            await settle(pilot)

        return run_before

    def test_misspelt_name(self, snap_compare, demo_db):
        run_before = self._picking("jhon smtih")
        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)

    def test_misspelt_name_120x35(self, snap_compare, demo_db):
        run_before = self._picking("jhon smtih")
        assert snap_compare(make_app(demo_db), terminal_size=LARGE, run_before=run_before)


class TestTickets:
    """The ticket list is the contact's Tickets tab (``TestContact``, tab 3); here the ticket
    screen, its status picker, a thread with a reply and a note, and the new-ticket form."""

    @pytest.mark.parametrize("size", [SIZE, LARGE], ids=["80x24", "120x35"])
    def test_ticket_screen(self, snap_compare, demo_db, reference, size):
        run_before = _opened(reference, "3", "enter")
        assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)

    def test_status_picker(self, snap_compare, demo_db, reference):
        run_before = _opened(reference, "3", "enter", "s")
        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)

    def test_thread_with_a_reply_and_a_note(self, snap_compare, demo_db, reference):
        """Written in the database at a fixed time (the keys are tested in test_tui_tickets;
        the store stamps messages with the real clock)."""
        with demo_db.raw() as conn:
            (ticket,) = conn.execute(
                "SELECT t.id FROM ticket t JOIN contact c ON c.id = t.contact_id "
                "WHERE c.reference = ? ORDER BY t.created_at DESC LIMIT 1",
                (reference,),
            ).fetchone()
            for body, internal in (("On its way.", 0), ("Courier says Friday.\nChase it.", 1)):
                conn.execute(
                    "INSERT INTO ticket_message (ticket_id, author, body, created_at, "
                    "from_customer, internal, message_id) "
                    "VALUES (?, 'tester', ?, '2026-03-02 12:30:00', 0, ?, '')",
                    (ticket, body, internal),
                )
        run_before = _opened(reference, "3", "enter")
        assert snap_compare(make_app(demo_db), terminal_size=LARGE, run_before=run_before)

    @pytest.mark.parametrize("size", [SIZE, LARGE], ids=["80x24", "120x35"])
    def test_new_ticket_form(self, snap_compare, demo_db, reference, size):
        run_before = _opened(reference, "n", *"Printer on fire")
        assert snap_compare(make_app(demo_db), terminal_size=size, run_before=run_before)


class TestTerminals:
    """16 colours (TERM=xterm, screen) and NO_COLOR: the header, the highlighted result and the
    focused field must stand out without colour."""

    @pytest.fixture(params=["xterm-16", "no-color"])
    def terminal(self, request, monkeypatch) -> str:
        if request.param == "xterm-16":
            monkeypatch.setenv("TERM", "xterm")
            monkeypatch.delenv("COLORTERM")
        else:
            monkeypatch.setenv("NO_COLOR", "1")
        return request.param

    def test_home(self, snap_compare, demo_db, terminal):
        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=settle)

    def test_contact(self, snap_compare, demo_db, reference, terminal):
        run_before = _opened(reference, "down", "down")
        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)

    def test_ticket_list(self, snap_compare, demo_db, reference, terminal):
        run_before = _opened(reference, "3")
        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)

    def test_ticket_screen(self, snap_compare, demo_db, reference, terminal):
        run_before = _opened(reference, "3", "enter")
        assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=run_before)
