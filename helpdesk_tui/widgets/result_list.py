"""The search results on Home: one line per contact, in columns that fit the width.

An OptionList of at most a few dozen rows: a DataTable repaints far slower, and nothing ever
shows the thousands of candidates a search looks at.
"""

from __future__ import annotations

from typing import Protocol

from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..text import cells


class Hit(Protocol):
    """What a row shows (``store.views.SearchHit`` has these)."""

    reference: str
    name: str
    company: str
    email: str
    phone: str
    open_tickets: int
    active: bool


def column_widths(total: int) -> tuple[int, int, int, int, int]:
    """Name, company, email, phone and open-ticket widths for a list ``total`` cells wide."""
    usable = max(20, total - 2 - 2 * 4)
    tickets = 4
    phone = min(17, usable // 6) if usable >= 60 else 0
    rest = usable - tickets - phone
    name = max(12, rest * 32 // 100)
    company = rest * 30 // 100
    email = rest - name - company
    return name, company, email, phone, tickets


class ResultList(OptionList):
    """Search hits; the option id of each row is the contact's reference."""

    DEFAULT_CSS = """
    ResultList {
        height: 1fr;
        border: none;
        padding: 0;
    }
    """

    hits: var[tuple[Hit, ...]] = var(())

    def watch_hits(self) -> None:
        self._fill(keep_highlight=False)

    def on_resize(self) -> None:
        self._fill(keep_highlight=True)

    def _row(self, hit: Hit, widths: tuple[int, ...]) -> Option:
        name, company, email, phone, tickets = widths
        open_count = str(hit.open_tickets) if hit.open_tickets else ""
        style = "" if hit.active else "dim"
        line = cells(
            (
                (hit.name, name, f"bold {style}"),
                (hit.company, company, style),
                (hit.email, email, style),
                (hit.phone, phone, style),
                (open_count.rjust(tickets), tickets, "bold $warning"),
            )
        )
        return Option(line, id=hit.reference)

    def _fill(self, keep_highlight: bool) -> None:
        """Lay the rows out; new results put the cursor back on the best one."""
        highlighted = self.highlighted if keep_highlight else None
        widths = column_widths(self.scrollable_content_region.width or self.size.width)
        self.set_options(self._row(hit, widths) for hit in self.hits)
        if self.hits:
            keep = highlighted if highlighted is not None else 0
            self.highlighted = min(keep, len(self.hits) - 1)

    @property
    def highlighted_reference(self) -> str | None:
        """The reference of the highlighted contact, if any."""
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id


class ResultHeader(OptionList):
    """The column titles above a ResultList, laid out with the same widths."""

    DEFAULT_CSS = """
    ResultHeader {
        height: 1;
        border: none;
        padding: 0;
        background: $panel;
        color: $text-muted;
        text-style: bold;
        scrollbar-size: 0 0;
    }
    """
    can_focus = False

    def on_resize(self) -> None:
        name, company, email, phone, tickets = column_widths(self.size.width)
        titles = (
            ("Name", name, ""),
            ("Company", company, ""),
            ("Email", email, ""),
            ("Phone", phone, ""),
            ("Open".rjust(tickets), tickets, ""),
        )
        self.set_options([Option(cells(titles), disabled=True)])
