"""The search results on Home: a header and one line per contact, in columns fitted to both the
width and the rows shown.

An OptionList of at most a few dozen rows: a DataTable repaints far slower, and nothing ever
shows the thousands of candidates a search looks at. The header is laid out with the very widths
the rows use (one function, one width), so the two never drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive, var
from textual.widgets import Static
from textual.widgets.option_list import Option

from ..text import cells, clean
from .row_list import RowList

GAP = 2
LINES_KEPT = 300
"""Row lines kept for reuse: a few pages of results, forgotten all at once when full (each
line is half a dozen objects the collector walks on every full pass: 2,000 of them made it
walk twice as many objects as all the rest of Home)."""
TITLES = ("Name", "Company", "Email", "Phone", "Open")


MATCH = "→ "
"""Marks the contact method a row was found by when it is not the one shown by default (a
second address, another number, a handle): otherwise the agent wonders why the row is there."""


class Hit(Protocol):
    """What a row shows (``store.search.hits.SearchHit`` has these, read-only as a named
    tuple's)."""

    @property
    def reference(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def company(self) -> str: ...

    @property
    def email(self) -> str: ...

    @property
    def phone(self) -> str: ...

    @property
    def open_tickets(self) -> int: ...

    @property
    def active(self) -> bool: ...

    @property
    def matched_kind(self) -> str: ...

    @property
    def matched_value(self) -> str: ...

    @property
    def secondary_match(self) -> bool: ...

    @property
    def matched_number(self) -> bool: ...


def shown_email(hit: Hit) -> str:
    """The email column: the address found by, marked, or a handle found by, with its kind."""
    if not hit.secondary_match or hit.matched_number:
        return hit.email
    if hit.matched_kind == "email":
        return MATCH + hit.email
    return f"{MATCH}{hit.matched_kind} {hit.matched_value}"


def shown_phone(hit: Hit) -> str:
    """The phone column: the number found by, marked when it is not the default one."""
    if hit.secondary_match and hit.matched_number:
        return MATCH + hit.phone
    return hit.phone


class Widths(NamedTuple):
    """Cells per column; 0 means the column is left out at this width."""

    name: int
    company: int
    email: int
    phone: int
    open: int


# (column, longest it grows to, shortest it narrows to before the next step is taken)
_CAPS = {"name": (32, 10), "company": (30, 10), "email": (40, 14), "phone": (22, 10)}
# What gives way when the row does not fit: the company's name first, then the open-ticket
# count, and only last what is read out on the phone (email, phone) or the name itself.
_STEPS = (
    ("company", _CAPS["company"][1]),
    ("company", 0),
    ("open", 0),
    ("email", _CAPS["email"][1]),
    ("name", _CAPS["name"][1]),
    ("phone", _CAPS["phone"][1]),
)


def _longest(values: Sequence[str], title: str, cap: int) -> int:
    return min(cap, max([len(title), *(cell_len(clean(v)) for v in values)]))


def column_widths(total: int, hits: Sequence[Hit]) -> Widths:
    """Widths that show every value on this page whole when ``total`` cells allow it.

    Each column is as wide as its longest value (up to a cap); when the row is too wide, the
    columns give way in the order of ``_STEPS``, so at 80 columns a 24-letter name, an email
    and a phone number are still whole; a company left out gets back what room remains.
    """
    shown = {
        "name": [hit.name for hit in hits],
        "company": [hit.company for hit in hits],
        "email": [shown_email(hit) for hit in hits],
        "phone": [shown_phone(hit) for hit in hits],
    }
    natural = {
        name: _longest(shown[name], title, _CAPS[name][0])
        for name, title in zip(shown, TITLES, strict=False)
    }
    natural["open"] = len(TITLES[-1])
    widths = dict(natural)

    def needed() -> int:
        shown = [w for w in widths.values() if w]
        return sum(shown) + GAP * (len(shown) - 1)

    for column, floor in _STEPS:
        excess = needed() - total
        if excess <= 0:
            break
        widths[column] = 0 if floor == 0 else max(floor, widths[column] - excess)
    room = total - needed() - GAP
    if not widths["company"] and room >= _CAPS["company"][1]:
        widths["company"] = min(natural["company"], room)
    return Widths(**widths)


class ResultList(RowList):
    """Search hits; the option id of each row is the contact's reference."""

    DEFAULT_CSS = """
    ResultList {
        height: 1fr;
        border: none;
        padding: 0;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
        &:focus { border: none; }
    }
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """As a widget's, but a change repaints the list alone: a widget's virtual size asks for a
    layout of the whole screen, and the number of rows changed on most keystrokes (80 layouts
    of Home in 228 keys, 15-50 ms each at 1M). The list's own size never follows its rows
    (its height is a share of Home), and OptionList updates its scrollbars itself."""

    @property
    def highlighted_reference(self) -> str | None:
        """The reference of the highlighted contact, if any."""
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id


class ResultTable(Vertical):
    """The column titles and the hits below them, laid out together."""

    DEFAULT_CSS = """
    ResultTable {
        height: 1fr;
        & > #results-header {
            height: 1;
            text-style: bold;
            background: $primary-muted;
            color: $text;
        }
        &:ansi > #results-header, &:nocolor > #results-header {
            text-style: bold underline;
            background: transparent;
        }
    }
    """

    hits: var[tuple[Hit, ...]] = var((), always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: dict[tuple, Content] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="results-header")
        yield ResultList(id="results")

    @property
    def list(self) -> ResultList:
        """The selectable rows (focus goes here)."""
        return self.query_one(ResultList)

    def show(self, hits: Sequence[Hit], keep_highlight: bool) -> None:
        """Show new hits; ``keep_highlight`` keeps the cursor on the same contact (a refresh of
        the same search), else it goes to the best one."""
        found = tuple(hits)
        if keep_highlight and found == self.hits:
            return  # the same search again, with the same finds: nothing to repaint
        kept = self.list.highlighted_reference if keep_highlight else None
        self.hits = found
        references = [hit.reference for hit in self.hits]
        if kept in references:
            self.list.highlighted = references.index(kept)

    def watch_hits(self) -> None:
        self._fill(keep_highlight=False)

    def on_resize(self) -> None:
        self._fill(keep_highlight=True)

    def _width(self) -> int:
        """The rows' width: the list's own, less its scrollbar gutter (always reserved)."""
        results = self.list
        return results.scrollable_content_region.width or max(20, self.size.width - 1)

    def _fill(self, keep_highlight: bool) -> None:
        results = self.list
        highlighted = results.highlighted if keep_highlight else None
        widths = column_widths(self._width(), self.hits)
        titles = (*TITLES[:-1], TITLES[-1].rjust(widths.open))
        header = self.query_one("#results-header", Static)
        header.update(cells(zip(titles, widths, ("",) * 5, strict=True), gap=GAP), layout=False)
        results.set_options(Option(self._line(hit, widths), id=hit.reference) for hit in self.hits)
        if self.hits:
            keep = highlighted if highlighted is not None else 0
            results.highlighted = min(keep, len(self.hits) - 1)

    def _line(self, hit: Hit, widths: Widths) -> Content:
        """A row's line, built once for as long as the row looks the same: a contact stays in
        the results from one keystroke to the next, and building its line and measuring its
        height cost the event loop most of a repaint (7 ms of 50 rows at 100k, p50)."""
        key: tuple[object, ...] = (
            widths,
            hit.reference,
            hit.name,
            hit.company,
            hit.open_tickets,
            hit.active,
        )
        key += (shown_email(hit), shown_phone(hit), hit.secondary_match, hit.matched_kind)
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) >= LINES_KEPT:
                self._lines.clear()
            line = self._lines[key] = self._build(hit, widths)
        return line

    @staticmethod
    def _build(hit: Hit, widths: Widths) -> Content:
        open_count = str(hit.open_tickets) if hit.open_tickets else ""
        style = "" if hit.active else "dim"
        return cells(
            (
                (hit.name, widths.name, f"bold {style}"),
                (hit.company, widths.company, style),
                (shown_email(hit), widths.email, f"{_match_style(hit, 'email')} {style}".strip()),
                (shown_phone(hit), widths.phone, f"{_match_style(hit, 'phone')} {style}".strip()),
                (open_count.rjust(widths.open), widths.open, "bold $warning"),
            ),
            gap=GAP,
        )


def _match_style(hit: Hit, column: str) -> str:
    """Bold for the column holding the method the row was found by, when it is not the default."""
    if not hit.secondary_match:
        return ""
    return "bold $success" if hit.matched_number == (column == "phone") else ""
