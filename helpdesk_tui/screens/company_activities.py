"""The company screen's Activities tab: its calls, visits and notes, newest first, read-only.

Everything the tab is lives here (what it composes, how rows are shown, where focus goes), so
that an activity listing with log, edit and remove can replace it in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult

from ..store.activities.views import ActivityPage
from ..widgets.record_table import RecordTable
from .contact_records import when

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[object]
else:
    _Base = object

COLUMNS = ("When", "Kind", "By", "Contact", "Summary")


class CompanyActivities(_Base):
    """A mixin of CompanyScreen: ``compose_activities`` in the tab, ``show_activities`` with
    the page the company was read with, ``focus_activities`` on key 4."""

    def compose_activities(self) -> ComposeResult:
        yield RecordTable(COLUMNS, "No activities", flex="Summary", id="activity-table")

    def show_activities(self, page: ActivityPage) -> None:
        """Show a page of activities (the first, as the overview reads it)."""
        table = self.query_one("#activity-table", RecordTable)
        table.records = tuple(
            (when(a.occurred_at), a.kind.value, a.author, a.contact_name, a.summary)
            for a in page.rows
        )

    def focus_activities(self) -> None:
        self.query_one("#activity-table", RecordTable).focus()
