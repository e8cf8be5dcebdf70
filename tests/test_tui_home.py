"""Home's results as an agent meets them: superseded searches stop, results stay fresh when the
agent comes back from a contact, and columns fit 80 cells without cutting what is read out."""

from __future__ import annotations

import threading

from helpdesk_tui.messages import SearchFinished
from helpdesk_tui.screens.contact import ContactScreen
from helpdesk_tui.screens.home import HomeScreen
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.widgets.contact_methods import MethodList
from helpdesk_tui.widgets.result_list import MATCH, ResultTable, column_widths

from .conftest import make_app, settle


async def test_a_newer_keystroke_cancels_the_search_it_supersedes(demo_db):
    app = make_app(demo_db)
    finished: list[str] = []
    seen: dict[str, bool] = {}
    newer_started = threading.Event()

    def hook(message) -> None:
        if isinstance(message, SearchFinished):
            finished.append(message.query)

    async with app.run_test(message_hook=hook) as pilot:
        await settle(pilot)
        search = app.store.search

        def watched(query, limit, cancelled):
            if query == "m":
                newer_started.wait(5)
                seen[query] = cancelled()
            elif query == "ma":
                newer_started.set()
            return search(query, limit, cancelled)

        app.store.search = watched
        await pilot.press("m", "a")
        await settle(pilot)
    assert seen == {"m": True}, "the superseded search was told to stop"
    assert "m" not in finished, "and its result never reached the screen"
    assert finished[-1] == "ma"


async def test_home_shows_saved_changes_when_the_agent_comes_back(db):
    ann = create_contact(
        db,
        first_name="Ann",
        last_name="Lee",
        identities=[("email", "ann@work.example"), ("email", "ann@home.example")],
    )
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"ann lee")
        await settle(pilot)
        table = app.screen.query_one(ResultTable)
        assert table.hits[0].email == "ann@work.example"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        methods = app.screen.query_one(MethodList)
        methods.focus()
        home_row = next(r.key for r in app.screen.method_rows if r.value == "ann@home.example")
        methods.highlighted = [r.key for r in app.screen.method_rows].index(home_row)
        await pilot.press("d", "ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert table.hits[0].reference == ann.reference
        assert table.hits[0].email == "ann@home.example"


class _Hit:
    def __init__(self, name: str, company: str, email: str, phone: str) -> None:
        self.name, self.company, self.email, self.phone = name, company, email, phone
        self.matched_kind = self.matched_value = ""
        self.secondary_match = self.matched_number = False


def test_at_80_columns_names_emails_and_phones_are_whole():
    hits = [
        _Hit(
            "Maximilian Featherstonehaugh-Smythe"[:24],
            "Worldwide Consolidated Holdings plc",
            "m.featherstonehaugh@example.co.uk",
            "+44 20 7946 0000",
        ),
        _Hit("Ann Lee", "Acme", "ann@acme.example", "+353 85 123 4567"),
    ]
    widths = column_widths(79, hits)
    assert widths.name >= 24
    assert widths.phone >= len("+353 85 123 4567")
    assert widths.email >= len("m.featherstonehaugh@example.co.uk")
    used = [w for w in widths if w]
    assert sum(used) + 2 * (len(used) - 1) <= 79


def test_a_company_left_out_comes_back_when_there_is_room():
    hits = [_Hit("Ann Lee", "Acme Corporation", "ann@acme.example", "+1 201-555-0199")]
    assert column_widths(79, hits).company == len("Acme Corporation")
    assert column_widths(50, hits).company == 0


async def test_a_contact_found_by_a_second_address_shows_it_marked(db):
    create_contact(
        db,
        first_name="Ann",
        last_name="Lee",
        identities=[
            ("email", "ann@work.example"),
            ("email", "annie.private@home.example"),
            ("whatsapp", "+44 7400 900123"),
            ("phone", "+44 20 7946 0000"),
        ],
    )
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"annie.private@home.example")
        await settle(pilot)
        table = app.screen.query_one(ResultTable)
        assert (
            table.list.get_option_at_index(0).prompt.plain.split()[3]
            == (MATCH + "annie.private@home.example").split()[1]
        )
        assert MATCH.strip() in table.list.get_option_at_index(0).prompt.plain
        await pilot.press("ctrl+u", *"7400 900123")
        await settle(pilot)
        row = table.list.get_option_at_index(0).prompt.plain
        assert MATCH + "+44 7400 900123" in row, "the number found by, not the default phone"


async def test_an_unknown_kind_says_which_kinds_there_are(db):
    create_contact(db, first_name="Ann", identities=[("email", "ann@work.example")])
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"kind:fax")
        await settle(pilot)
        status = str(app.screen.query_one("#status").render())
        assert "whatsapp" in status and "Nothing matches" not in status


async def test_help_on_home_lists_the_filters(db):
    app = make_app(db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        described = dict(app.screen.rows)
        assert {"email:", "phone:", "company:", "ref:", "pin:", "kind:"} <= described.keys()


async def test_typing_repaints_the_box_without_laying_out_the_screen(db, monkeypatch):
    """Input asks for a layout of the whole screen on every change (its virtual size follows
    the text); the search box stores it quietly, so a keystroke repaints only what changed."""
    from textual.widget import Widget

    from helpdesk_tui.widgets.search_box import SearchBox

    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        layouts: list[str] = []
        refresh = Widget.refresh

        def spy(self, *regions, layout=False, **kwargs):
            if layout and isinstance(self, SearchBox):
                layouts.append(self.value)
            return refresh(self, *regions, layout=layout, **kwargs)

        monkeypatch.setattr(Widget, "refresh", spy)
        await pilot.press(*"jon smith")
        await settle(pilot)
        assert layouts == []
        box = app.screen.query_one(SearchBox)
        assert box.virtual_size.width == box.content_width


async def test_a_query_longer_than_the_box_scrolls_to_its_end(db):
    from helpdesk_tui.widgets.search_box import SearchBox

    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = "anna.maria.rodriguez.fernandez@very-long-company-domain.example and more words"
        await pilot.press(*text.replace(" ", "_"))
        await settle(pilot)
        box = app.screen.query_one(SearchBox)
        assert box.scroll_x > 0
        shown = "".join(segment.text for segment in box.render_line(0)).rstrip()
        assert "more_words" in shown


async def test_new_results_repaint_the_list_without_laying_out_the_screen(db, monkeypatch):
    """A widget's virtual size asks for a layout of the whole screen; the results list's
    follows its rows on most keystrokes, and its own size never does."""
    from textual.widget import Widget
    from textual.widgets.option_list import Option

    from helpdesk_tui.widgets.result_list import ResultList

    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        results = app.screen.query_one(ResultList)
        results.set_options(Option(f"row {n}", id=f"C-{n}") for n in range(40))
        await pilot.pause()  # more rows than the page: the scrollbar shows, and stays
        layouts: list[int] = []
        refresh = Widget.refresh

        def spy(self, *regions, layout=False, **kwargs):
            if layout and isinstance(self, ResultList):
                layouts.append(self.option_count)
            return refresh(self, *regions, layout=layout, **kwargs)

        monkeypatch.setattr(Widget, "refresh", spy)
        for rows in (30, 60, 45):
            results.set_options(Option(f"row {n}", id=f"C-{n}") for n in range(rows))
            await pilot.pause()
            assert results.virtual_size.height == rows
        assert layouts == []
        results.scroll_end(animate=False)
        await pilot.pause()
        assert results.scroll_y == 45 - results.scrollable_content_region.height


async def test_coming_back_to_the_same_results_does_not_repaint_them(db, monkeypatch):
    """Something changed while the agent read a contact, not what Home shows: Home searches
    again on the way back, finds the same, and leaves the list as painted."""
    from helpdesk_tui.widgets.result_list import ResultList

    create_contact(db, first_name="Ann", last_name="Lee", identities=[("email", "a@x.example")])
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"ann")
        await settle(pilot)
        filled: list[int] = []
        set_options = ResultList.set_options

        def spy(self, options):
            filled.append(1)
            return set_options(self, options)

        monkeypatch.setattr(ResultList, "set_options", spy)
        shown = app.screen.result
        await pilot.press("enter")
        await settle(pilot)
        create_contact(db, first_name="Zoe", last_name="Quist")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        result = app.screen.result
        assert result is not None and result.query == "ann"
        assert shown is not None and result.as_of > shown.as_of, "it searched again"
        assert filled == []


async def test_coming_back_searches_again_only_when_something_changed(db):
    """Nothing changed while the agent read a contact: no search runs on the way back (it
    ran beside the next open). Another agent's change meanwhile is found on the way back."""
    create_contact(db, first_name="Ann", last_name="Lee", identities=[("email", "a@x.example")])
    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"lee")
        await settle(pilot)
        searched: list[str] = []
        search = app.store.search

        def counted(query, limit, cancelled):
            searched.append(query)
            return search(query, limit, cancelled)

        app.store.search = counted
        for _ in range(2):
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ContactScreen)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
        assert searched == []

        await pilot.press("enter")
        await settle(pilot)
        create_contact(db, first_name="Bo", last_name="Lee", identities=[("email", "b@x.example")])
        await pilot.press("escape")
        await settle(pilot)
        assert searched == ["lee"]
        assert sorted(hit.name for hit in app.screen.query_one(ResultTable).hits) == [
            "Ann Lee",
            "Bo Lee",
        ]
