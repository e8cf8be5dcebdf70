"""The company screen's Activities tab: its calls, visits and notes, newest first, logged,
edited and removed as on a contact's (``ActivityListing``), for the company as a whole.

Everything the tab is lives here (what it composes, whose activities it lists, where focus
goes), so the company screen only says when.
"""

from __future__ import annotations

from textual.app import ComposeResult

from ..store.companies.views import CompanyView
from ..widgets.activity_table import ActivityTable
from .activity_listing import ActivityListing, ActivityOwner


class CompanyActivities(ActivityListing):
    """A mixin of CompanyScreen: ``compose_activities`` in the tab, ``show_activities`` once
    the company is read, ``focus_activities`` on key 4; ``a`` logs one (``action_log_activity``)."""

    def compose_activities(self) -> ComposeResult:
        yield ActivityTable(id="activity-table")

    def show_activities(self, company: CompanyView) -> None:
        """List the company's activities (the same company again keeps rows and cursor)."""
        owner = ActivityOwner(company=company.reference, label=f"{company.name} (company)")
        self.list_activities(owner)

    def focus_activities(self) -> None:
        self.query_one(ActivityTable).focus_rows()
