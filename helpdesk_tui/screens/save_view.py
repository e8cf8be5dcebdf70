"""Save the search in Home's box as a view (``ctrl+s`` on Home): a name, then ``enter``.

The store checks the search as Home reads it and saves it under the agent's name for it. An
empty name is refused here, in one sentence, before anything is written; a name the agent
already has a view of asks before replacing it, and so does a shipped view's name (theirs
would stand in for it). The agent's views are read when the dialog opens, so the question can
be asked; an ``enter`` that comes first waits for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..messages import ViewChanged, ViewsLoaded
from ..store.database.failures import sentence
from ..store.saved_views.views import NAME_MAX, SavedViewRow
from ..text import clean, content
from .confirm import ConfirmScreen

if TYPE_CHECKING:
    from ..app import HelpdeskApp

NO_NAME = "A view needs a name: type one, then press enter."


class SaveViewScreen(ModalScreen[SavedViewRow | None]):
    """Dismisses with the view as saved, or None."""

    if TYPE_CHECKING:
        app: HelpdeskApp

    TITLE = "Save as a view"
    HELP = (
        "Type a name and press enter: the search shown is saved under it, as one of your views "
        "(ctrl+l on Home lists them). A name you already use asks before replacing that view."
    )
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", tooltip="Save nothing", id="cancel"),
    ]

    def __init__(self, search: str) -> None:
        super().__init__()
        self.search = search
        self.views: tuple[SavedViewRow, ...] | None = None
        """The agent's views and the shipped ones, once read."""
        self.waiting = ""
        """A name entered before the views were read: asked about when they are."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog save-view"):
            yield Static(content("Save this search as a view", "bold"))
            shown = content(self.search or "(the box is empty)", "italic", max_len=300)
            yield Static(shown, id="view-search")
            yield Input(placeholder="a name for it", max_length=NAME_MAX, id="view-name")
            yield Static(classes="form-error", id="view-error")
            yield Static(content("enter saves · escape cancels", "$text-muted"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.load()

    @work(thread=True, exclusive=True, group="views-load", exit_on_error=False)
    def load(self) -> None:
        """Read the agent's views in a thread (to ask before replacing one)."""
        try:
            views = self.app.store.saved_views.list()
        except Exception as error:  # said when saving is tried; saving may still work
            self.post_message(ViewsLoaded(error=sentence(error)))
            return
        self.post_message(ViewsLoaded(views))

    def on_views_loaded(self, message: ViewsLoaded) -> None:
        self.views = message.views if not message.error else ()
        if self.waiting:
            name, self.waiting = self.waiting, ""
            self._ask(name)

    def _refuse(self, said: str) -> None:
        shown = self.query_one("#view-error", Static)
        shown.update(content(said, "$error", max_len=300))
        shown.set_class(bool(said), "-shown")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = " ".join(event.value.split())
        if not name:
            self._refuse(NO_NAME)
        elif self.views is None:
            self.waiting = name
        else:
            self._ask(name)

    def _ask(self, name: str) -> None:
        """Save, or ask first when the name is taken (the agent's own view, or a shipped one)."""
        self._refuse("")
        taken = next((view for view in self.views or () if view.name == name), None)
        if taken is None:
            self.save(name)
            return
        if taken.shipped:
            question = f"{clean(name)!r} is a view every agent has. Save yours in its place?"
        else:
            question = (
                f"You have a view called {clean(name)!r} ({clean(taken.search)}). Replace it?"
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self.save(name)

        self.app.push_screen(ConfirmScreen(question, "Replace"), answered)

    @work(thread=True, exclusive=True, group="views-change", exit_on_error=False)
    def save(self, name: str) -> None:
        """Save the view in a thread; a refusal comes back as one sentence."""
        try:
            view = self.app.store.saved_views.save(name, self.search)
        except Exception as error:  # a search the store refuses, a locked database
            self.post_message(ViewChanged(error=f"Nothing was saved: {sentence(error)}"))
            return
        self.post_message(ViewChanged(view))

    def on_view_changed(self, message: ViewChanged) -> None:
        if message.view is None:
            self._refuse(message.error)
        else:
            self.dismiss(message.view)
