"""RowList paints one-line rows itself and keeps them by what they show: a row keeps its
strip when it moves to another place, a row whose text is unchanged but whose styles changed
is painted again, and a row too wide for the list is still wrapped as OptionList would."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets.option_list import Option

from helpdesk_tui.text import cells
from helpdesk_tui.widgets.row_list import RowList


class _Rows(App[None]):
    def compose(self) -> ComposeResult:
        yield RowList(id="rows")


def _row(name: str, style: str = "") -> Content:
    return cells([(name, 20, style), ("ACME", 10, "")])


def _painted(rows: RowList, y: int) -> list[tuple[str, object]]:
    return [(segment.text, segment.style) for segment in rows.render_line(y)]


async def test_a_row_that_moves_keeps_its_strip_and_carries_its_new_place():
    app = _Rows()
    async with app.run_test(size=(60, 10)) as pilot:
        rows = app.query_one(RowList)
        rows.set_options([Option(_row("Ann"), id="a"), Option(_row("Bob"), id="b")])
        await pilot.pause()
        painted: list[str] = []
        paint = rows._paint

        def counted(row, style, width):
            painted.append(row.plain.strip())
            return paint(row, style, width)

        rows._paint = counted  # type: ignore[method-assign]
        rows.highlighted = None
        rows.render_line(1)  # Bob, second, as the last frame painted him
        rows.set_options([Option(_row("Bob"), id="b"), Option(_row("Cy"), id="c")])
        rows.highlighted = None
        line = rows.render_line(0)
        assert painted == [], "Bob, moved up a place, is not painted again"
        rows.render_line(1)
        assert [row.split()[0] for row in painted] == ["Cy"]
        assert {segment.style.meta.get("option") for segment in line if segment.style} == {0}


async def test_a_row_whose_styles_change_is_painted_again():
    """Content compares by text alone: a cache keyed by it showed a contact made inactive
    (dim) as it was before."""
    app = _Rows()
    async with app.run_test(size=(60, 10)) as pilot:
        rows = app.query_one(RowList)
        rows.set_options([Option(Content("header"), id="h"), Option(_row("Ann"), id="a")])
        await pilot.pause()
        before = _painted(rows, 1)
        rows.set_options([Option(Content("header"), id="h"), Option(_row("Ann", "dim"), id="a")])
        after = _painted(rows, 1)
        assert "".join(text for text, _ in after) == "".join(text for text, _ in before)
        assert any(style.dim for text, style in after if "Ann" in text)
        assert not any(style.dim for text, style in before if "Ann" in text)


async def test_a_row_wider_than_the_list_is_wrapped_as_optionlist_does():
    app = _Rows()
    async with app.run_test(size=(30, 10)) as pilot:
        rows = app.query_one(RowList)
        wide = Content("word " * 10)
        rows.set_options([Option(wide, id="w"), Option(_row("Ann"), id="a")])
        await pilot.pause()
        assert rows._line_cache.heights[0] > 1
        assert rows._line_cache.heights[1] == 1
        second = rows.render_line(rows._line_cache.heights[0])
        assert "Ann" in "".join(segment.text for segment in second)
