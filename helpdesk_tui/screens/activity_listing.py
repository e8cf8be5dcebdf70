"""A screen's activity list: whose activities (``ActivityOwner``: a contact or a company), the
rows read so far a page at a time in a worker, and what the ``ActivityTable`` asks for (edit,
remove, the next page), plus ``action_log_activity`` for the screen's own ``a``.

A mixin, so the contact screen and the company screen list, log, edit and remove activities
the same way. The screen calls ``list_activities(owner)`` once it knows whose they are. Only
the agent who logged an activity may change it (the store refuses anyone else with
``NotYours``); the list says so at once, naming the author, rather than opening an editor
whose save would be refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import work
from textual.reactive import var

from ..messages import ActivitiesLoaded, ActivityChanged, ActivityRefused
from ..store.activities.views import PAGE_SIZE
from ..store.database.failures import sentence
from ..store.errors import NotYours, StaleEdit
from ..text import clean
from ..widgets.activity_table import (
    ActivityTable,
    EditActivity,
    MoreActivities,
    RemoveActivity,
    moment,
)
from .confirm import ConfirmScreen
from .log_activity import LogActivityScreen, not_yours

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..app import HelpdeskApp
    from ..store.activities.views import ActivityView

    _Base = Screen[object]
else:
    _Base = object


@dataclass(frozen=True)
class ActivityOwner:
    """Whose activities a list shows and a new one is logged for: a contact (by reference) or
    a company (by name or reference), exactly one, as ``Store.activities`` takes them.
    ``label`` names them in the log dialog's title ("Ann Lee (C-10000042)")."""

    contact: str = ""
    company: str = ""
    label: str = field(default="", compare=False)


def heading(shown: int, has_more: bool) -> str:
    """The list's one line: how many, in what order, and the keys."""
    if not shown:
        return "No activities yet · a logs a call, visit, meeting, email or note"
    count = f"{shown}+ activities" if has_more else f"{shown} activit{'y' if shown == 1 else 'ies'}"
    return f"{count}, newest first · a log · e edit · x remove (your own)"


class ActivityListing(_Base):
    """Owns ``activity_owner`` and the rows of its ``ActivityTable``."""

    if TYPE_CHECKING:
        app: HelpdeskApp

    activity_owner: var[ActivityOwner | None] = var(None, init=False)
    activity_rows: tuple[ActivityView, ...] = ()
    """Every row listed so far (pages appended)."""
    activity_me: str = ""
    """The agent the store writes as: the author whose activities may be changed here."""
    activity_follow: int | None = None
    """An activity just logged or edited: the cursor goes to it when the list comes back."""

    def list_activities(self, owner: ActivityOwner) -> None:
        """Show the first page of these activities; the same owner again (a contact saved)
        keeps its rows and cursor, and takes the new label (a renamed contact)."""
        if owner == self.activity_owner:
            self.set_reactive(ActivityListing.activity_owner, owner)
        else:
            self.activity_owner = owner

    def forget_activities(self) -> None:
        """List nothing (the screen moves on to another owner, whose list follows)."""
        self.set_reactive(ActivityListing.activity_owner, None)
        self.activity_rows, self.activity_me, self.activity_follow = (), "", None
        self.query_one(ActivityTable).show((), "", has_more=False, keep=False)

    def watch_activity_owner(self, owner: ActivityOwner | None) -> None:
        if owner is not None:
            self.load_activities(owner, 0, PAGE_SIZE, append=False)

    def refresh_activities(self) -> None:
        """Read every row shown again, and one more (a change made here or elsewhere)."""
        if self.activity_owner is not None:
            limit = max(PAGE_SIZE, len(self.activity_rows) + 1)
            self.load_activities(self.activity_owner, 0, limit, append=True)

    @work(thread=True, exclusive=True, group="activities", exit_on_error=False)
    def load_activities(self, owner: ActivityOwner, offset: int, limit: int, append: bool) -> None:
        """Read a page in a thread, with the agent the store writes as."""
        try:
            page = self.app.store.activities.page(owner.contact, owner.company, offset, limit)
            me = self.app.store.database.author
        except Exception as error:  # a locked or broken database: said, the rows kept
            self.post_message(ActivitiesLoaded(owner, error=sentence(error)))
            return
        self.post_message(ActivitiesLoaded(owner, page, append=append, me=me))

    def on_activities_loaded(self, message: ActivitiesLoaded) -> None:
        page = message.page
        if message.owner != self.activity_owner:
            return  # another contact's or company's, asked before the screen moved on
        if page is None:
            self.notify(clean(message.error, 400), severity="error", markup=False)
            return
        rows = page.rows
        if message.append and page.offset:
            rows = self.activity_rows[: page.offset] + rows
        self.activity_rows, self.activity_me = rows, message.me
        table = self.query_one(ActivityTable)
        table.show(rows, heading(len(rows), page.has_more), page.has_more, keep=message.append)
        ids = [row.id for row in rows]
        if self.activity_follow in ids:
            table.options.highlighted = ids.index(self.activity_follow)
        self.activity_follow = None

    def on_more_activities(self, message: MoreActivities) -> None:
        if self.activity_owner is not None:
            offset = len(self.activity_rows)
            self.load_activities(self.activity_owner, offset, PAGE_SIZE, append=True)

    def _activity(self, activity_id: int) -> ActivityView | None:
        return next((row for row in self.activity_rows if row.id == activity_id), None)

    def _own(self, row: ActivityView) -> bool:
        """Whether the agent logged it; if not, say whose it is."""
        if row.author == self.activity_me:
            return True
        self.notify(clean(not_yours(row.kind, row.author), 300), severity="warning", markup=False)
        return False

    def action_log_activity(self) -> None:
        """Log an activity for the owner (the dialog saves it); the list then shows it."""
        if self.activity_owner is not None:
            self.app.push_screen(LogActivityScreen(self.activity_owner), self._activity_saved)

    def on_edit_activity(self, message: EditActivity) -> None:
        row = self._activity(message.activity_id)
        if row is not None and self._own(row) and self.activity_owner is not None:
            self.app.push_screen(LogActivityScreen(self.activity_owner, row), self._activity_saved)

    def _activity_saved(self, saved: ActivityView | None) -> None:
        if saved is not None:
            self.activity_follow = saved.id
            self.refresh_activities()

    def on_remove_activity(self, message: RemoveActivity) -> None:
        row = self._activity(message.activity_id)
        if row is None or not self._own(row):
            return
        question = f"Remove your {row.kind} of {moment(row)}: {clean(row.summary, 120)}?"

        def answered(yes: bool | None) -> None:
            if yes:
                self.remove_activity(row.id, row.version)

        self.app.push_screen(ConfirmScreen(question, "Remove  y"), answered)

    @work(thread=True, exclusive=True, group="activity-change", exit_on_error=False)
    def remove_activity(self, activity_id: int, version: int) -> None:
        """Remove in a thread; the outcome comes back as a message."""
        try:
            removed = self.app.store.activities.remove(activity_id, version)
        except NotYours as error:
            self.post_message(ActivityRefused(not_yours("activity", error.owner)))
        except StaleEdit as error:
            said = f"Nothing was removed: {sentence(error)}; look at it again, then decide."
            self.post_message(ActivityRefused(said, current=error.current))
        except Exception as error:  # already removed, a locked database: said, list re-read
            self.post_message(ActivityRefused(f"Nothing was removed: {sentence(error)}"))
        else:
            said = f"Removed your {removed.kind} of {moment(removed)}: {removed.summary}"
            self.post_message(ActivityChanged(removed, said))

    def on_activity_changed(self, message: ActivityChanged) -> None:
        self.notify(clean(message.said, 300), markup=False)
        self.refresh_activities()

    def on_activity_refused(self, message: ActivityRefused) -> None:
        self.notify(clean(message.message, 600), severity="error", markup=False, timeout=10)
        if message.current is not None:
            self.activity_follow = message.current.id
        self.refresh_activities()
