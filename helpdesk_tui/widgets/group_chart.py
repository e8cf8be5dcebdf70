"""A company's open and closed tickets by group, as a bar chart drawn with text.

One line per group: its name, a bar whose open part is drawn in ``█`` and closed part in
``░``, and both counts as numbers. Open and closed differ by glyph, not only by colour, so the
chart reads the same on a 16-colour terminal and with ``NO_COLOR``; the numbers say exactly
what the bars only suggest. Both glyphs are block elements every terminal font has (cp437,
WGL4), no Nerd Font needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

from ..text import clean, content

OPEN_GLYPH = "█"
CLOSED_GLYPH = "░"
OPEN_STYLE = "$warning"
CLOSED_STYLE = "$text-muted"
LABEL_MAX = 16
"""Cells a group's name takes at most; longer ones are cut with an ellipsis."""
BAR_MIN = 10
BAR_MAX = 48
"""Cells the longest bar takes at most: on a wide terminal the counts stay near their bars."""
NO_GROUP = "(no group)"
FALLBACK_WIDTH = 60
"""Width drawn for before the widget is laid out (it draws again once it knows its own)."""


class Bar(Protocol):
    """What a bar shows (``store.companies.views.GroupCount`` has these)."""

    @property
    def group(self) -> str: ...

    @property
    def open(self) -> int: ...

    @property
    def closed(self) -> int: ...


def bar_cells(count: int, largest: int, width: int) -> int:
    """Cells for ``count`` on a bar where ``largest`` fills ``width``: at least one for any
    ticket at all, so a group's single open ticket never disappears beside its 300 closed."""
    if count <= 0 or largest <= 0:
        return 0
    return max(1, round(count * width / largest))


def chart_lines(bars: Sequence[Bar], width: int) -> list[Content]:
    """The legend line, then one line per group, fitted to ``width`` cells."""
    legend = Content.assemble(
        ("Tickets by group", "bold"),
        "  ",
        (OPEN_GLYPH, OPEN_STYLE),
        " open  ",
        (CLOSED_GLYPH, CLOSED_STYLE),
        " closed",
    )
    if not bars:
        return [legend, content("No tickets yet.", "italic $text-muted")]
    names = [clean(bar.group) or NO_GROUP for bar in bars]
    label = min(LABEL_MAX, max(cell_len(name) for name in names))
    open_digits = max(len(str(bar.open)) for bar in bars)
    closed_digits = max(len(str(bar.closed)) for bar in bars)
    numbers = open_digits + len(" open  ") + closed_digits + len(" closed")
    room = min(BAR_MAX, max(BAR_MIN, width - label - numbers - 4))
    largest = max(bar.open + bar.closed for bar in bars)
    lines = [legend]
    for bar, name in zip(bars, names, strict=True):
        opened = bar_cells(bar.open, largest, room)
        closed = bar_cells(bar.closed, largest, room)
        if opened + closed > room:  # two rounded-up parts of the largest bar
            closed = room - opened
        style = "italic" if not bar.group else ""
        lines.append(
            Content.assemble(
                content(name, style).truncate(label, ellipsis=True, pad=True),
                "  ",
                (OPEN_GLYPH * opened, OPEN_STYLE),
                (CLOSED_GLYPH * closed, CLOSED_STYLE),
                " " * (room - opened - closed + 2),
                (f"{bar.open:>{open_digits}} open", "bold" if bar.open else ""),
                "  ",
                f"{bar.closed:>{closed_digits}} closed",
            )
        )
    return lines


class GroupChart(Static):
    """The chart of ``bars``, drawn again whenever they or the widget's width change."""

    DEFAULT_CSS = """
    GroupChart {
        height: auto;
        padding: 0 1;
    }
    """

    bars: var[tuple[Bar, ...]] = var((), always_update=True)

    def watch_bars(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        width = self.content_region.width or FALLBACK_WIDTH
        self.update(Content("\n").join(chart_lines(self.bars, width)))
