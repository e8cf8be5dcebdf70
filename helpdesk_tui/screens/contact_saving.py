"""Saving a contact's pending edits (``ctrl+s``): the save in a worker, then what came of it:
saved, fields refused (marked where they are), a company to create first, or a stale version
(the conflict dialog: keep editing, reload theirs, or overwrite them on purpose).

A mixin of ContactScreen, which owns the state it reads and clears (``pending``, ``ops``,
``errors``, ``saving``); kept apart so the screen module stays about loading and showing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work

from ..messages import ContactSaved, SaveRefused
from ..store.database.failures import sentence
from ..store.errors import StaleEdit, ValidationFailed
from ..text import clean
from ..widgets.field_list import FieldList
from .confirm import ConfirmScreen
from .conflict import ConflictScreen, conflict_rows

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.screen import Screen

    from ..app import HelpdeskApp
    from ..store.contacts.fields import IdentityOp
    from ..store.contacts.views import ContactDetail, ContactView
    from ..store.errors import IdentityConflict

    _Base = Screen[object]
else:
    _Base = object


class ContactSaving(_Base):
    """``action_save`` and the outcomes of a save."""

    if TYPE_CHECKING:
        app: HelpdeskApp
        reference: str
        detail: ContactDetail | None
        contact: ContactView | None
        pending: dict[str, str]
        ops: tuple[IdentityOp, ...]
        errors: dict[str, str]
        dirty: bool
        saving: bool
        new_company: str | None
        draft_version: int | None

        def edit_field(self, name: str, value: str) -> None: ...
        def edits_version(self) -> int: ...
        def action_tab(self, tab: str) -> None: ...
        def offer_identity_choice(self, conflict: IdentityConflict) -> None: ...

        load: Callable[..., object]
        """Read the contact again (a thread worker of ContactScreen)."""

    def action_save(self, create_company: bool = False, version: int | None = None) -> None:
        """Save every pending edit, first keeping the value of a field still being edited; a
        company picked as "create" is created with it."""
        if self.new_company is not None and self.pending.get("company") == self.new_company:
            create_company = True
        if self.contact is None:
            return
        if self.saving:
            self.notify("Still saving…", timeout=2)
            return
        if (open_edit := self.query_one(FieldList).close_open_edit()) is not None:
            self.edit_field(*open_edit)
        if not self.dirty:
            self.notify("Nothing to save.", timeout=2)
            return
        self.saving = True
        self.save(
            self.edits_version() if version is None else version,
            dict(self.pending),
            self.ops,
            create_company,
        )

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def save(
        self,
        version: int,
        changes: dict[str, str],
        ops: tuple[IdentityOp, ...],
        create_company: bool,
    ) -> None:
        """Save in a thread; the outcome comes back as a message."""
        try:
            saved = self.app.store.save(self.reference, version, changes, ops, create_company)
        except ValidationFailed as error:
            refused = SaveRefused(
                "Nothing was saved: fix the marked fields.",
                error.errors,
                unknown_company=error.unknown_company,
                conflicts=tuple(error.conflicts),
            )
            self.post_message(refused)
        except StaleEdit as error:
            self.post_message(
                SaveRefused(str(error), stale=True, conflict=tuple(conflict_rows(error)))
            )
        except Exception as error:  # a locked or broken database: said, and the edits kept
            self.post_message(SaveRefused(sentence(error)))
        else:
            self.post_message(ContactSaved(saved, saved.dropped))

    def on_contact_saved(self, message: ContactSaved) -> None:
        self.saving = False
        self.draft_version = None
        self.pending, self.ops, self.errors = {}, (), {}
        if self.detail is not None:
            self.detail = replace(self.detail, contact=message.contact)
        saved = clean(f"Saved {message.contact.name} ({message.contact.reference}).")
        self.notify(saved, markup=False)
        for dropped in message.dropped:
            self.notify(clean(dropped.message, 300), severity="warning", markup=False)

    def on_save_refused(self, message: SaveRefused) -> None:
        self.saving = False
        if message.stale:
            self.app.push_screen(
                ConflictScreen(message.message, message.conflict), self._resolve_conflict
            )
            return
        self.errors = message.errors
        if message.conflicts:  # a new method another contact owns: move it here, or merge
            self.offer_identity_choice(message.conflicts[0])
            return
        if message.unknown_company and len(message.errors) == 1:
            name = message.unknown_company
            self.app.push_screen(
                ConfirmScreen(f"There is no company called {name!r}. Create it?", "Create"),
                lambda yes: self.action_save(create_company=True) if yes else None,
            )
            return
        self.notify(clean(message.message, 400), severity="error", markup=False)
        if any(not key.startswith("identity:") for key in message.errors):
            self.action_tab("details")
            self.query_one(FieldList).focus_first()

    def _resolve_conflict(self, choice: str | None) -> None:
        if choice == "reload":
            self.load()
        elif choice == "overwrite":
            self.overwrite()

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def overwrite(self) -> None:
        """Save the pending edits over the other agent's: re-read the version, then save."""
        try:
            current = self.app.store.contact(self.reference).contact
        except Exception as error:  # said, and the edits kept
            self.post_message(SaveRefused(sentence(error)))
            return
        self.app.call_from_thread(self.action_save, False, current.version)
