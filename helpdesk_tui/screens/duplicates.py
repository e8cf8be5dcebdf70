"""Possible duplicates (from the command palette): the likeliest pairs of live contacts that
look like one person, each with its score and reasons, best first.

The pairs are computed in a thread worker (``Store.duplicates.find``; the table shows Textual's
loading state meanwhile). ``enter`` opens the pair's first contact; ``m`` opens the merge
preview of the pair (the one that started the merge is the first, surviving unless the agent
swaps; only admins merge, and the preview says so to the others); ``x`` marks the pair "not
duplicates", in a thread, and its row leaves the list; ``u`` undoes the agent's last change,
as everywhere (a dismissal undone brings its pair back when the list is computed again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..messages import DuplicateDismissed, DuplicatesLoaded
from ..store.database.failures import sentence
from ..store.duplicates.views import reasons_words
from ..text import clean, content, join
from ..widgets.duplicate_table import DuplicateTable, PairAction
from ..widgets.key_bar import KeyBar
from .late_results import DropsLateResults
from .merge_picker import preview_merge
from .undoing import UNDO_BINDING, Undoing

if TYPE_CHECKING:
    from ..app import HelpdeskApp
    from ..store.contacts.merge import Merged
    from ..store.duplicates.views import DuplicatePair

LIMIT = 200
"""Pairs listed at most: the likeliest; dismissing or merging some makes room for more."""


class DuplicatesScreen(DropsLateResults, Undoing, Screen[None]):
    """The likely duplicate pairs; ``escape`` goes back."""

    if TYPE_CHECKING:
        app: HelpdeskApp

    TITLE = "Possible duplicates"
    DEFAULT_CSS = """
    DuplicatesScreen {
        & > #duplicates-title { height: 1; padding: 0 1; }
        & > DuplicateTable { height: 1fr; }
        & > #duplicates-detail {
            height: auto;
            max-height: 4;
            padding: 0 1;
            border-top: solid $primary-muted;
        }
    }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to where you came from", id="back"),
        Binding(
            "r", "reload", "Reload", show=False, tooltip="Compute the pairs again", id="reload"
        ),
        UNDO_BINDING,
    ]
    HELP = (
        "Pairs of contacts that look like one person: one phone number written differently, "
        "similar names at one company or email domain, the same name with a shared contact "
        "method. Higher scores are likelier. m previews merging the pair, x marks it as not "
        "duplicates (never listed again; u undoes), enter opens the first contact."
    )

    def __init__(self) -> None:
        super().__init__()
        self.pairs: tuple[DuplicatePair, ...] = ()
        self.found = 0

    def compose(self) -> ComposeResult:
        yield Static(content("Possible duplicates · computing…", "bold"), id="duplicates-title")
        yield DuplicateTable(id="duplicates-table")
        yield Static(id="duplicates-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DuplicateTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        """Compute the pairs again (after a merge, an undo, or ``r``)."""
        self.query_one(DuplicateTable).loading = True
        self.load()

    @work(thread=True, exclusive=True, group="duplicates", exit_on_error=False)
    def load(self) -> None:
        """The likeliest pairs, computed in a thread."""
        try:
            found = self.app.store.duplicates.find(LIMIT)
        except Exception as error:  # a locked database, a server gone: said
            self.post_message(DuplicatesLoaded(error=sentence(error)))
            return
        self.post_message(DuplicatesLoaded(found))

    def on_duplicates_loaded(self, message: DuplicatesLoaded) -> None:
        self.query_one(DuplicateTable).loading = False
        if message.found is None:
            self.query_one("#duplicates-title", Static).update(
                content("Possible duplicates", "bold")
            )
            self.query_one("#duplicates-detail", Static).update(
                content(message.error, "$error", max_len=400)
            )
            self.notify(clean(message.error, 400), severity="error", markup=False)
            return
        self.found = message.found.found
        self._show(message.found.pairs)

    def _show(self, pairs: tuple[DuplicatePair, ...]) -> None:
        self.pairs = pairs
        self.query_one(DuplicateTable).show(
            pairs, [reasons_words(p.reasons, short=True) for p in pairs]
        )
        shown = f"{len(pairs)} pair{'' if len(pairs) == 1 else 's'}"
        more = f"of {self.found}" if self.found > len(pairs) else ""
        self.query_one("#duplicates-title", Static).update(
            join([("Possible duplicates", "bold"), " ".join(filter(None, (shown, more)))])
        )
        self._describe()

    def on_data_table_row_highlighted(self) -> None:
        self._describe()

    def _describe(self) -> None:
        """The highlighted pair in full under the list (the list cuts long names)."""
        detail = self.query_one("#duplicates-detail", Static)
        row = self.query_one(DuplicateTable).cursor_row
        pair = self.pairs[row] if self.pairs and 0 <= row < len(self.pairs) else None
        if pair is None:
            detail.update(content("Nothing to review.", "italic $text-muted"))
            return
        lines = [
            join([(f"{side.name} ({side.reference})", "bold"), side.company])
            for side in (pair.a, pair.b)
        ]
        lines.append(join([f"score {pair.score}", reasons_words(pair.reasons)]))
        detail.update(Content("\n").join(lines))

    def on_duplicate_table_asked(self, message: DuplicateTable.Asked) -> None:
        pair = cast("DuplicatePair", message.pair)
        if message.action is PairAction.OPEN:
            self.app.open_contact(pair.a.reference)
        elif message.action is PairAction.MERGE:
            preview_merge(self.app, pair.a.reference, pair.b.reference, self._merged)
        else:
            self.dismiss_pair(pair)

    def _merged(self, merged: Merged) -> None:
        """A pair merged from here: the pairs are computed again (the merged one is gone)."""
        self.action_reload()

    @work(thread=True, group="duplicates-dismiss", exit_on_error=False)
    def dismiss_pair(self, pair: DuplicatePair) -> None:
        """Mark the pair "not duplicates", in a thread."""
        try:
            marked = self.app.store.duplicates.dismiss(pair.a.reference, pair.b.reference)
        except Exception as error:  # a contact merged or removed meanwhile, a locked database
            self.post_message(DuplicateDismissed(pair, error=sentence(error)))
            return
        self.post_message(DuplicateDismissed(pair, marked))

    def on_duplicate_dismissed(self, message: DuplicateDismissed) -> None:
        if message.error:
            said = f"Nothing was marked: {message.error}"
            self.notify(clean(said, 400), severity="error", markup=False)
            return
        pair = message.pair
        self.found = max(0, self.found - 1)
        self._show(tuple(p for p in self.pairs if p is not pair))
        said = (
            f"Marked {pair.a.name} ({pair.a.reference}) and {pair.b.name} ({pair.b.reference}) "
            "as not duplicates. It can be undone (u)."
        )
        self.notify(clean(said, 400), markup=False)

    def action_back(self) -> None:
        self.dismiss(None)
