"""Saved views (``ctrl+l`` on Home): the agent's own named searches and the shipped ones.

``enter`` hands the view's search (its flags as ``has:``, ``SavedViewRow.search``) back to Home,
which puts it in the box and runs it; ``d`` deletes one of the agent's own after a ``y``. A
shipped view cannot be deleted, and the list says so rather than asking. Names are the agents'
own text, shown through ``text.py`` like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..messages import ViewChanged, ViewsLoaded
from ..store.database.failures import sentence
from ..text import cells, clean, content
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from ..app import HelpdeskApp
    from ..store.saved_views.views import SavedViewRow

NAME_WIDTH = 24
SEARCH_WIDTH = 30


class SavedViewsScreen(ModalScreen[str | None]):
    """Dismisses with the search of the view picked, or None."""

    if TYPE_CHECKING:
        app: HelpdeskApp

    TITLE = "Saved views"
    AUTO_FOCUS = ""  # the list takes focus once it holds the views (``run_pending``)
    BINDINGS = [
        Binding("enter", "run", "Run", show=False, tooltip="Run the highlighted view", id="run"),
        Binding("escape", "dismiss(None)", "Close", tooltip="Back to the search", id="close"),
        Binding(
            "d,delete",
            "delete",
            "Delete",
            tooltip="Delete the highlighted view (one of yours; asks first)",
            id="delete",
        ),
    ]
    HELP = (
        "enter runs the highlighted view's search on Home (type more there to narrow it). "
        "Views marked shipped are everyone's and cannot be deleted; one of yours with the same "
        "name stands in for it. ctrl+s on Home saves the search in the box as a view."
    )

    views: var[tuple[SavedViewRow, ...]] = var(())
    run_pending = False
    """``enter`` came before the views (the first store call but a search reads the schema
    through SQLAlchemy: half a second): the first view runs when they arrive."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog saved-views"):
            yield Static(content("Saved views", "bold"))
            yield OptionList(id="views")
            yield Static(content("Reading your views…", "$text-muted"), id="views-status")
            yield Static(
                content("enter runs it · d deletes one of yours · escape closes", "$text-muted")
            )

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="views-load", exit_on_error=False)
    def load(self) -> None:
        """Read the views in a thread."""
        try:
            views = self.app.store.saved_views.list()
        except Exception as error:  # a locked or broken database: said in the dialog
            self.post_message(ViewsLoaded(error=sentence(error)))
            return
        self.post_message(ViewsLoaded(views))

    def on_views_loaded(self, message: ViewsLoaded) -> None:
        status = self.query_one("#views-status", Static)
        status.update(content(message.error, "$error", max_len=300))
        status.display = bool(message.error)
        if not message.error:
            self.views = message.views
            self.query_one(OptionList).focus()  # from now on enter is the list's
        if self.run_pending and self.views:
            self.dismiss(self.views[0].search)
        self.run_pending = False

    def watch_views(self, views: tuple[SavedViewRow, ...]) -> None:
        box = self.query_one(OptionList)
        highlighted = box.highlighted
        box.set_options(
            Option(
                cells(
                    (
                        (view.name, NAME_WIDTH, "bold"),
                        (view.search or "(everyone)", SEARCH_WIDTH, ""),
                        ("shipped" if view.shipped else "", 7, "$text-muted"),
                    )
                )
            )
            for view in views
        )
        if views:
            box.highlighted = min(highlighted or 0, len(views) - 1)

    def action_run(self) -> None:
        """``enter`` while the views are still being read: run the first when they arrive."""
        self.run_pending = True

    def _highlighted(self) -> SavedViewRow | None:
        index = self.query_one(OptionList).highlighted
        return self.views[index] if index is not None and index < len(self.views) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.views):
            self.dismiss(self.views[event.option_index].search)

    def action_delete(self) -> None:
        """Delete the highlighted view, if it is the agent's own, after a yes."""
        view = self._highlighted()
        if view is None:
            return
        if view.shipped:
            self.notify(
                f"{clean(view.name)!r} is a view every agent has: it cannot be deleted.",
                severity="warning",
                markup=False,
            )
            return
        question = f"Delete your view {clean(view.name)!r} ({clean(view.search)})?"

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete(view.name)

        self.app.push_screen(ConfirmScreen(question, "Delete"), answered)

    @work(thread=True, exclusive=True, group="views-change", exit_on_error=False)
    def delete(self, name: str) -> None:
        """Delete the view in a thread."""
        try:
            removed = self.app.store.saved_views.delete(name)
        except Exception as error:  # gone already, a locked database: said, nothing deleted
            self.post_message(ViewChanged(error=f"Nothing was deleted: {sentence(error)}"))
            return
        self.post_message(ViewChanged(removed))

    def on_view_changed(self, message: ViewChanged) -> None:
        if message.view is None:
            self.notify(clean(message.error, 400), severity="error", markup=False)
        else:
            self.notify(f"Deleted the view {clean(message.view.name)!r}.", markup=False)
        self.load()
