"""The Details tab's pending edits kept as a draft on disk, and offered back on reopening.

A mixin of ContactScreen (which owns ``contact``, ``pending``, ``ops``, ``new_company`` and
``dirty``). The draft follows every pending edit (written by a worker: a field kept with
``enter`` costs the UI thread a dict copy, never an fsync), so even a SIGKILL loses little;
SIGTERM and SIGHUP write it once more, with the field still open, from the UI thread
(:meth:`DraftKeeping.keep_draft_now`). A save or a discard deletes it.
"""

from __future__ import annotations

from textual import work

from ..store.contacts.drafts import Draft
from ..store.contacts.fields import IdentityOp
from ..store.contacts.views import ContactView
from ..text import clean
from ..widgets.field_list import FieldList
from .restore_draft import RestoreDraftScreen


class DraftKeeping:
    """Keeps the pending edits in a draft; restores one as pending edits of its version."""

    contact: ContactView | None
    values: dict[str, str]
    pending: dict[str, str]
    ops: tuple[IdentityOp, ...]
    new_company: str | None
    dirty: bool
    draft_version: int | None = None
    """The version a restored draft's edits were made on (the save presents it), else None."""
    _drafted: bool = False

    def edits_version(self) -> int:
        """The version the pending edits were made on: what a save presents."""
        assert self.contact is not None
        return self.contact.version if self.draft_version is None else self.draft_version

    def _draft(self, changes: dict[str, str]) -> Draft:
        assert self.contact is not None
        return Draft(
            self.contact.reference, self.edits_version(), changes, self.ops, self.new_company
        )

    def follow_edits(self) -> None:
        """Bring the draft in line with the pending edits: write it, or delete it once none
        are left (the agent put every field back)."""
        if self.contact is None:
            return
        if self.dirty:
            self._drafted = True
            self._write_draft(self._draft(dict(self.pending)), self.app.drafts.stamp())
        elif self._drafted:
            self.discard_draft()

    @work(thread=True, group="draft", exit_on_error=False)
    def _write_draft(self, draft: Draft, stamp: int) -> None:
        """Write the draft off the UI thread (an fsync can take a while on a busy disk)."""
        try:
            self.app.drafts.keep(draft, stamp)
        except OSError as error:
            message = clean(f"Your unsaved edits could not be kept as a draft: {error}", 300)
            self.app.call_from_thread(self.notify, message, severity="warning", markup=False)

    def discard_draft(self) -> None:
        """Delete the draft (saved or discarded). On the UI thread, on purpose: an unlink costs
        microseconds, and it must be done before a quit ends the process or a reopen looks."""
        self._drafted = False
        if self.contact is None:
            return
        try:
            self.app.drafts.drop(self.contact.reference, self.app.drafts.stamp())
        except OSError as error:
            self.notify(clean(f"The draft could not be deleted: {error}", 300), markup=False)

    def keep_draft_now(self) -> None:
        """On SIGTERM or SIGHUP: write the draft at once, with the value of a field still
        being edited. On the UI thread, as the app is about to exit: the edits are in memory
        and the file is a few hundred bytes. A failure is not raised: the app must exit."""
        if self.contact is None:
            return
        changes = dict(self.pending)
        open_edit = self.query_one(FieldList).close_open_edit()
        if open_edit is not None and open_edit[1] != self.values.get(open_edit[0], ""):
            changes[open_edit[0]] = open_edit[1]
        if changes or self.ops:
            try:
                self.app.drafts.keep(self._draft(changes), self.app.drafts.stamp())
            except OSError:
                return

    def offer_draft(self, draft: Draft) -> None:
        """Ask whether to restore the draft found on opening the contact."""
        assert self.contact is not None

        def answered(restore: bool | None) -> None:
            if restore is False:
                self.discard_draft()
            else:
                self.restore_draft(draft)

        self.app.push_screen(RestoreDraftScreen(draft, self.contact), answered)

    def restore_draft(self, draft: Draft) -> None:
        """Put the draft's edits back as pending edits of the version they were made on: a
        save then goes through the version check (and the conflict dialog) like any other."""
        self.draft_version = draft.version
        self.new_company = draft.new_company
        self.ops = draft.ops
        for name, value in draft.changes.items():
            self.edit_field(name, value)
        if not self.dirty:  # nothing in it differs from the contact as saved now
            self.discard_draft()
