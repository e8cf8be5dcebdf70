"""The read-only tables of the contact, company, history and duplicates screens
(``widgets.record_table``): columns fitted to the room there is, scrollbars included."""

from __future__ import annotations

from textual.app import App, ComposeResult

from helpdesk_tui.widgets.record_table import RecordTable


class _Table(App[None]):
    def compose(self) -> ComposeResult:
        yield RecordTable(("Ref", "Subject", "Due"), "Nothing yet.", flex="Subject")


async def test_a_list_longer_than_the_table_fits_beside_its_scrollbar():
    """Rows that bring a vertical scrollbar leave the columns its two cells: no horizontal
    scrollbar under a long list, the flex column is cut instead."""
    app = _Table()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(RecordTable)
        await pilot.pause()
        subject = "Printer jams on page two " * 3
        table.records = tuple((f"T-{i}", subject, "today") for i in range(20))
        await pilot.pause()
        await pilot.pause()
        assert table.show_vertical_scrollbar
        assert not table.show_horizontal_scrollbar
        assert table.virtual_size.width == table.scrollable_content_region.width == 38

        table.records = table.records[:3]
        await pilot.pause()
        assert not table.show_vertical_scrollbar and not table.show_horizontal_scrollbar
        assert table.virtual_size.width == 40, "grown short, the columns take the whole width"
