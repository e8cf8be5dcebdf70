"""The search box on Home: an Input whose ``enter`` is listed in the footer as what it does, and
whose typing repaints the box alone."""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Size
from textual.widgets import Input

PLACEHOLDER = (
    "Search: name, email, phone, company, ref, PIN · filters: email: phone: company: kind:"
)


class SearchBox(Input):
    """Input's own ``enter`` binding is hidden from the footer; this one says what it does."""

    BINDINGS = [
        Binding(
            "enter", "submit", "Open", tooltip="Open the best (highlighted) contact", id="open"
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id)

    def _watch_value(self, value: str) -> None:
        """Input sets its virtual size (the text's width, for scrolling) on every change, and a
        widget's virtual size asks for a layout of the whole screen: every keystroke laid out
        and repainted all of Home (half the UI thread's work per key, profiled at 100k). The
        box's height never changes, and its own scrolling reads the size without a layout, so
        the size is stored quietly first and Input's own assignment then changes nothing."""
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
