"""What the company screen's Overview does with the agent's inline edits: keep them pending
(marked) until ``ctrl+s`` saves them all with the version they were made on; a stale save opens
the conflict dialog, a refused value marks its field.

A mixin of CompanyScreen, which owns the state it reads and writes (``company``, ``values``,
``pending``, ``errors``, ``saving``), kept apart so the screen module stays about what it
shows and the keys that act on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from ..messages import CompanySaved, SaveRefused
from ..store.database.failures import sentence
from ..store.errors import InvalidInput, StaleEdit
from ..text import clean
from ..widgets.field_list import FieldList
from .conflict import ConflictScreen, conflict_rows

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..app import HelpdeskApp
    from ..store.companies.views import CompanyView

    _Base = Screen[object]
else:
    _Base = object


class CompanyEditing(_Base):
    """Pending edits of a company's fields, their save, and what a refused save says."""

    if TYPE_CHECKING:
        app: HelpdeskApp
        company: CompanyView | None
        values: dict[str, str]
        pending: dict[str, str]
        errors: dict[str, str]
        saving: bool

        def load(self, keep_edits: bool = False) -> object: ...

        def action_tab(self, tab: str) -> None: ...

    def on_field_list_edited(self, event: FieldList.Edited) -> None:
        self.edit_field(event.name, event.value)

    def edit_field(self, name: str, value: str) -> None:
        """A field's new value becomes pending (or stops being, if it is the saved one); an
        error the last save marked on it goes, the next save says whether it still holds."""
        pending = dict(self.pending)
        if value == self.values.get(name, ""):
            pending.pop(name, None)
        else:
            pending[name] = value
        self.pending = pending
        self.errors = {key: text for key, text in self.errors.items() if key != name}

    def action_save(self, version: int | None = None) -> None:
        """Save every pending edit, first keeping the value of a field still being edited,
        with the version the edits were made on (``version``: the one an overwrite read)."""
        company = self.company
        if company is None:
            return
        if self.saving:
            self.notify("Still saving…", timeout=2)
            return
        if (open_edit := self.query_one(FieldList).close_open_edit()) is not None:
            self.edit_field(*open_edit)
        if not self.pending:
            self.notify("Nothing to save.", timeout=2)
            return
        self.saving = True
        version = company.version if version is None else version
        self.save(company.reference, version, dict(self.pending))

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def save(self, reference: str, version: int, changes: dict[str, str]) -> None:
        """Save in a thread; the outcome comes back as a message."""
        try:
            saved = self.app.store.company.edit(reference, version, changes)
        except StaleEdit as error:
            rows = tuple(conflict_rows(error))
            self.post_message(SaveRefused(str(error), stale=True, conflict=rows))
        except InvalidInput as error:  # a bad value, or another company's name
            said = f"Nothing was saved: {error}"
            self.post_message(SaveRefused(said, errors={error.field: str(error)}))
        except Exception as error:  # a locked or broken database: said, and the edits kept
            self.post_message(SaveRefused(sentence(error)))
        else:
            self.post_message(CompanySaved(saved))

    def on_company_saved(self, message: CompanySaved) -> None:
        self.saving = False
        self.pending, self.errors = {}, {}
        self.company = message.company
        saved = clean(f"Saved {message.company.name} ({message.company.reference}).")
        self.notify(saved, markup=False)

    def on_save_refused(self, message: SaveRefused) -> None:
        self.saving = False
        if message.stale:
            self.app.push_screen(
                ConflictScreen(
                    message.message, message.conflict, "Someone else saved this company"
                ),
                self._resolve_conflict,
            )
            return
        self.errors = message.errors
        self.notify(clean(message.message, 400), severity="error", markup=False)
        if message.errors:
            self.action_tab("overview")

    def _resolve_conflict(self, choice: str | None) -> None:
        if choice == "reload":
            self.pending, self.errors = {}, {}
            self.load()
        elif choice == "overwrite":
            self.overwrite()

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def overwrite(self) -> None:
        """Save the pending edits over the other agent's: read the version now, then save."""
        company = self.company
        if company is None:
            return
        try:
            current = self.app.store.company.get(company.reference)
        except Exception as error:  # said, and the edits kept
            self.post_message(SaveRefused(sentence(error)))
            return
        self.app.call_from_thread(self.action_save, current.version)
