"""A limited agent at Home: the contacts of companies outside their teams never show."""

from __future__ import annotations

from helpdesk_tui.app import HelpdeskApp
from helpdesk_tui.store.agents.operations import add_agent
from helpdesk_tui.store.agents.teams import add_team, set_company, set_member
from helpdesk_tui.store.contacts.operations import create_contact
from helpdesk_tui.store.service import Store
from helpdesk_tui.widgets.result_list import ResultTable

from .conftest import APP_NOW, settle


async def test_a_limited_agents_home_search_leaves_out_other_companies_contacts(db):
    create_contact(db, first_name="Ann", last_name="Lee", company="Acme", create_company=True)
    create_contact(db, first_name="Bea", last_name="Lee", company="Beta", create_company=True)
    add_agent(db, "bob")
    add_team(db, "Acme desk")
    set_member(db, "Acme desk", "bob")
    set_company(db, "Acme desk", "Acme")
    app = HelpdeskApp(Store(db.url, author="bob", region="GB"), clock=lambda: APP_NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ResultTable)
        assert [hit.name for hit in table.hits] == ["Ann Lee"]  # recent contacts, before typing
        await pilot.press(*"lee")
        await settle(pilot)
        assert [hit.name for hit in table.hits] == ["Ann Lee"]
        await pilot.press("backspace", "backspace", "backspace", *"bea")
        await settle(pilot)
        assert table.hits == ()
