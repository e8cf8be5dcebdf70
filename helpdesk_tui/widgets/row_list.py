"""An OptionList of one-line rows, painted straight to one strip each and kept while the row
looks the same.

Home's results, the ticket lists, recent tickets, activities and a company's contacts are lists
of one-line rows built by ``text.cells`` to fit the list's width. OptionList treats each as a
paragraph: it wraps the row to measure its height when the options are set, wraps it again to
paint it, and forgets every painted row whenever the options change, which Home does on each
keystroke. A page of new rows cost ~0.4 ms of the UI thread per row that way (thread time, a
quiet machine): the longest stall while typing and a tenth of opening a contact. Here a row
that fits is one line by definition, painted from its Content's own spans, and its strip is
kept by what it shows (so a row that moves up the page is not painted again); the click meta
that carries its index is applied per place. Rows that do not fit (never made by
``text.cells``) are measured and painted by OptionList as before.

Overrides private methods of Textual 8.2.8 (pinned): ``_update_lines`` and
``_get_option_render``; snapshots of every list guard the painted cells.
"""

from __future__ import annotations

from typing import cast

from rich.segment import Segment
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

PAINTED_KEPT = 200
"""Painted rows kept (a page in its plain and highlighted styles, and the page before): each
holds strips with caches of their own, tens of objects the garbage collector walks on every
full collection, which stops typing meanwhile (2,000 of them made those pauses reach 47 ms)."""


def _one_line(option: Option, width: int) -> Content | None:
    """The option's row when it is one line that fits ``width`` cells, else None."""
    prompt = option.prompt
    if (
        isinstance(prompt, Content)
        and not option._divider
        and prompt.cell_length <= width
        and "\n" not in prompt.plain
    ):
        return prompt
    return None


class RowList(OptionList):
    """An OptionList whose rows are one line each (see the module's docstring)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: dict[tuple[object, ...], Strip] = {}
        self._placed: dict[tuple[object, ...], list[Strip]] = {}
        self._painting: Region | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        """OptionList's, with the list's content region measured once for every line painted
        (OptionList measures it twice a line: a tenth of the UI thread's work while typing)."""
        self._painting = self.scrollable_content_region
        try:
            return super().render_lines(crop)
        finally:
            self._painting = None

    def _region(self) -> Region:
        return self._painting or self.scrollable_content_region

    def _row_width(self) -> int:
        return self._region().width - self._get_left_gutter_width()

    def _update_lines(self) -> None:
        """OptionList's, with a row that fits taken as one line without wrapping it."""
        if not self._region():
            return
        cache = self._line_cache
        lines = cache.lines
        next_index = lines[-1][0] + 1 if lines else 0
        width = self._row_width()
        if next_index < len(self.options):
            padding = self.get_component_styles("option-list--option").padding
            for index, option in enumerate(self.options[next_index:], next_index):
                cache.index_to_line[index] = len(lines)
                if _one_line(option, width - padding.width) is not None:
                    height = 1
                else:
                    visual = self._get_visual(option)
                    height = visual.get_height(cast(RulesMap, self.styles), width - padding.width)
                    height += option._divider
                cache.heights[index] = height
                lines.extend((index, line) for line in range(height))
        last_divider = self.options and self.options[-1]._divider
        virtual_size = Size(width, len(lines) - (1 if last_divider else 0))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        """A row as painted: its strip kept by what it shows, its click meta by its place."""
        width = self._row_width()
        row = _one_line(option, width)
        if (
            row is None
            or self.text_selection is not None
            or self.get_component_styles("option-list--option").padding
        ):
            return super()._get_option_render(option, style)
        index = self._option_to_index[option]
        # By text and spans: Content compares by its text alone.
        key = (row.plain, tuple(row.spans), style, width)
        placed_key = (*key, index)
        placed = self._placed.get(placed_key)
        if placed is None:
            strip = self._rows.get(key)
            if strip is None:
                strip = self._rows[key] = self._paint(row, style, width)
            if len(self._placed) >= PAINTED_KEPT:
                self._placed.clear()
                self._rows.clear()
            placed = self._placed[placed_key] = [strip.apply_meta({"option": index})]
        return placed

    def _paint(self, row: Content, style: Style, width: int) -> Strip:
        """The row as ``Visual.to_strips`` paints one left-aligned line: each span's style on
        the list's, with the offsets text selection reads, padded with the list's style."""
        segments = []
        x = 0
        for text, text_style in row.render(style, end="", parse_style=self._get_style):
            segments.append(Segment(text, (style + text_style).rich_style_with_offset(x, 0)))
            x += len(text)
        return Strip(segments, row.cell_length).extend_cell_length(width, style.rich_style)
