"""A read-only table of rows for a contact's tabs (Customer Data, Tickets, Activities, SLA)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.reactive import var
from textual.widgets import DataTable

from ..text import rich_text


class RecordTable(DataTable):
    """Rows of plain values; every cell goes through the text module (never markup)."""

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
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._columns = tuple(columns)
        self._empty = empty
        self.add_columns(*self._columns)

    def watch_records(self) -> None:
        self.clear()
        for index, row in enumerate(self.records):
            self.add_row(*(rich_text(cell, max_len=80) for cell in row), key=str(index))
        if not self.records:
            blanks = [""] * (len(self._columns) - 1)
            self.add_row(rich_text(self._empty, "italic"), *blanks, key="empty")
        self.show_cursor = bool(self.records)
