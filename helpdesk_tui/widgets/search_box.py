"""The search box on Home: an Input whose ``enter`` is listed in the footer as what it does."""

from __future__ import annotations

from textual.binding import Binding
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
