"""History (``h``): what happened to a contact, company or ticket, newest first, from the
journal; any operation in it can be undone (``enter`` or ``u``) after the same question as
``u``, and is refused, naming who changed what, when its rows have changed since.

The screen owns the pages read so far (``HistoryTable`` shows them and asks for more); reads
and undos run in thread workers (``Undoing``). It dismisses with whether anything was undone,
so the screen underneath reads again what it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ..messages import HistoryLoaded
from ..store.database.failures import sentence
from ..store.journal.door import HISTORY_PAGE
from ..text import clean, content, join
from ..widgets.history_table import HistoryTable, when
from ..widgets.key_bar import KeyBar
from .late_results import DropsLateResults
from .undoing import Undoing

if TYPE_CHECKING:
    from ..app import HelpdeskApp
    from ..store.journal.views import OperationView


class HistoryScreen(DropsLateResults, Undoing, Screen[bool]):
    """One history; ``escape`` goes back, saying whether anything was undone."""

    if TYPE_CHECKING:
        app: HelpdeskApp

    TITLE = "History"
    DEFAULT_CSS = """
    HistoryScreen {
        & > #history-title { height: 1; padding: 0 1; }
        & > HistoryTable { height: 1fr; }
        & > #history-detail {
            height: auto;
            max-height: 5;
            padding: 0 1;
            border-top: solid $primary-muted;
        }
    }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to where you came from", id="back"),
        Binding("r", "reload", "Reload", show=False, tooltip="Read the history again", id="reload"),
    ]
    HELP = (
        "Every change to this contact, company or ticket, newest first: when, by whom, what, "
        "and whether it can be undone now. enter or u undoes the highlighted one after a "
        "question naming it; if a row it changed has changed since, nothing is undone and you "
        "are told who changed what. Undoing an undo redoes it."
    )

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        self.entries: tuple[OperationView, ...] = ()
        self.changed = False
        """Whether an undo was applied here (the screen underneath reads again)."""

    def compose(self) -> ComposeResult:
        yield Static(content(f"History of {self.reference} · reading…"), id="history-title")
        yield HistoryTable(id="history-table")
        yield Static(id="history-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(HistoryTable).focus()
        self.load(0, HISTORY_PAGE)

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def load(self, offset: int, limit: int) -> None:
        """A page of the history, in a thread (``offset`` 0: the rows shown are replaced)."""
        try:
            page = self.app.store.journal.history(self.reference, offset, limit)
        except Exception as error:  # no such contact any more, a locked database: said
            self.post_message(HistoryLoaded(error=sentence(error)))
            return
        self.post_message(HistoryLoaded(page, append=offset > 0))

    def on_history_loaded(self, message: HistoryLoaded) -> None:
        page = message.page
        title = self.query_one("#history-title", Static)
        if page is None:
            title.update(content(f"History of {self.reference}", "bold"))
            self.query_one("#history-detail", Static).update(
                content(message.error, "$error", max_len=400)
            )
            self.notify(clean(message.error, 400), severity="error", markup=False)
            return
        table = self.query_one(HistoryTable)
        if message.append:
            self.entries = self.entries[: page.offset] + page.entries
            table.show(self.entries, page.has_more)
        else:
            self.entries = page.entries
            table.show(self.entries, page.has_more, cursor=0)
        more = "+" if page.has_more else ""
        count = f"{len(self.entries)}{more} operation{'' if len(self.entries) == 1 else 's'}"
        title.update(join([(f"History of {page.subject}", "bold"), count, "newest first"]))
        self._describe()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe()

    def _describe(self) -> None:
        """The highlighted operation in full under the list (the list cuts long ones)."""
        detail = self.query_one("#history-detail", Static)
        row = self.query_one(HistoryTable).cursor_row
        found = self.entries[row] if 0 <= row < len(self.entries) else None
        if found is None:
            detail.update(content("Nothing journalled yet.", "italic $text-muted"))
            return
        state = (
            ("enter undoes it", "$success")
            if found.undoable
            else ("cannot be undone as things stand (enter says why)", "$text-muted")
        )
        rows = f"{found.rows} row{'' if found.rows == 1 else 's'}"
        facts = join([found.author, when(found.at), rows, state])
        detail.update(Content("\n").join([content(found.description, max_len=400), facts]))

    def on_history_table_more_asked(self, message: HistoryTable.MoreAsked) -> None:
        self.load(len(self.entries), HISTORY_PAGE)

    def on_history_table_undo_asked(self, message: HistoryTable.UndoAsked) -> None:
        self.preview_undo(message.operation_id)

    def show_undone(self) -> None:
        """Read the history again from the top, where the undo just made is listed."""
        self.changed = True
        self.load(0, max(HISTORY_PAGE, len(self.entries) + 1))

    def action_reload(self) -> None:
        self.load(0, max(HISTORY_PAGE, len(self.entries)))

    def action_back(self) -> None:
        self.dismiss(self.changed)
