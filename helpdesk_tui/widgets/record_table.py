"""A read-only table of rows for a contact's tabs (Customer Data, SLA)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.reactive import var
from textual.widgets import DataTable

from ..text import clean, rich_text

CELL_MAX = 80
FLEX_MIN = 12


class RecordTable(DataTable):
    """Rows of plain values; every cell goes through the text module (never markup).

    Each column is as wide as its longest value, except the ``flex`` one (a subject, a
    summary), which takes the width that is left, so the short columns an agent acts on
    (status, priority, due) stay on screen at 80 columns and a long subject is cut instead.
    """

    DEFAULT_CSS = """
    RecordTable {
        height: 1fr;
    }
    """

    records: var[tuple[tuple[object, ...], ...]] = var(())

    def __init__(
        self,
        columns: Sequence[str],
        empty: str,
        *,
        flex: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._columns = tuple(columns)
        self._flex = self._columns.index(flex) if flex is not None else None
        self._empty = empty
        self._laid_out_for = -1

    def watch_records(self) -> None:
        self._lay_out()

    def on_resize(self) -> None:
        if self._room() != self._laid_out_for:
            self._lay_out()

    def _room(self) -> int:
        """The cells the columns may fill: the table's inner width, less the vertical
        scrollbar its rows will bring, worked out from the rows rather than read from the
        scrollbar shown now. Textual sends no Resize when that scrollbar comes or goes, so
        columns fitted to the whole width overflowed by its two cells (a horizontal scrollbar
        under every list longer than the table), and a list grown short stayed two cells cut."""
        region = self.content_region
        if not region.width or not region.height:
            return self.scrollable_content_region.width
        rows = max(len(self.records), 1) + (1 if self.show_header else 0)
        if rows <= region.height or self.styles.overflow_y != "auto":
            return region.width
        return max(region.width - self.styles.scrollbar_size_vertical, 0)

    def _widths(self, width: int) -> list[int]:
        """Every column's natural width; the flex column gets what the others leave."""
        texts = [[clean(cell, CELL_MAX) for cell in row] for row in self.records]
        widths = [
            max([cell_len(title), *(cell_len(row[i]) for row in texts)])
            for i, title in enumerate(self._columns)
        ]
        if not texts:
            widths[0] = max(widths[0], cell_len(self._empty))
        if self._flex is not None and width:
            padding = 2 * self.cell_padding * len(widths)
            others = sum(w for i, w in enumerate(widths) if i != self._flex)
            widths[self._flex] = max(FLEX_MIN, min(widths[self._flex], width - padding - others))
        return widths

    def _lay_out(self) -> None:
        cursor = self.cursor_row
        width = self._room()
        self._laid_out_for = width
        self.clear(columns=True)
        widths = self._widths(width)
        for title, size in zip(self._columns, widths, strict=True):
            self.add_column(title, width=size)
        for index, record in enumerate(self.records):
            row = [rich_text(cell, max_len=CELL_MAX) for cell in record]
            for cell, size in zip(row, widths, strict=True):
                cell.truncate(size, overflow="ellipsis")
            self.add_row(*row, key=str(index))
        if not self.records:
            blanks = [""] * (len(self._columns) - 1)
            self.add_row(rich_text(self._empty, "italic"), *blanks, key="empty")
        self.show_cursor = bool(self.records)
        if self.records:
            self.move_cursor(row=min(cursor, len(self.records) - 1))
