"""``u`` and ``h`` on Home, the contact, company and ticket screens, and undo from a history.

``u`` reads what the agent's own last operation was (``Store.journal.preview``), asks
"Undo 'edited title of Ann Lee' (by ann, today 14:02, 1 row changed)?", and on ``y`` undoes
that very operation by its id (what was named is what is undone), in thread workers that post
``UndoPreviewed`` and ``UndoApplied`` back. A refusal (a row changed since, nothing left to
undo) is one sentence and nothing is applied. The screen then reads again what it shows, or,
when the undo removed it or merged it away, goes back to Home saying so. ``h`` opens the
history of what is on screen (``screens.history``), whose rows are undone the same way.

Mixins, like ``contact_saving``: ``Undoing`` holds the flow, one small subclass per screen says
what to read again and whether the thing shown is still there; each screen adds its base class
and the bindings below (Textual merges only ``BINDINGS`` of DOM classes, so a mixin's would be
ignored).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding

from ..key_holding import Release
from ..messages import UndoApplied, UndoPreviewed
from ..store.errors import NotFound
from ..text import clean
from .confirm import ConfirmScreen
from .undo_sentences import UndoRefused, question, refusal, undone

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from ..app import HelpdeskApp
    from ..store.companies.views import CompanyView
    from ..store.contacts.views import ContactView
    from ..store.journal.views import OperationView
    from ..store.tickets.views import TicketDetail

    _Base = Screen[Any]
else:
    _Base = object

UNDO_BINDING = Binding(
    "u", "undo", "Undo", tooltip="Undo your last change (asks first, naming it)", id="undo"
)


def history_binding(what: str, show: bool = False) -> Binding:
    """``h``: the history of the contact, company or ticket on screen (listed in ``?``; on
    the key bar where ``show`` says: the contact screen makes room for it, the company and
    ticket screens' room at 80 columns goes to ``u``, which undoes at once)."""
    return Binding(
        "h",
        "history",
        "History",
        show=show,
        tooltip=f"History of this {what}, newest first; undo from there",
        id="history",
    )


def _removed(read: Callable[[], object]) -> bool:
    """Whether ``read`` (in the undo's thread) finds the row gone; any other failure is left
    for the screen's own reload to say."""
    try:
        read()
    except NotFound:
        return True
    except Exception:  # the screen's own reload says what is wrong
        return False
    return False


def _unsaved(what: str) -> str:
    return f"This {what} has unsaved edits: save them (ctrl+s) or drop them (r) first, then undo."


class Undoing(_Base):
    """The undo flow: preview, confirm, undo, then ``show_undone`` (or back to Home). The
    keys typed while the preview is read (``u`` and ``y`` at once) wait for the question
    (``key_holding``)."""

    _undo_keys: Release | None = None

    if TYPE_CHECKING:
        app: HelpdeskApp

        def action_reload(self) -> None: ...

    def undo_blocked(self) -> str:
        """Why ``u`` must wait (unsaved edits the reload would drop), or ''."""
        return ""

    def gone_after_undo(self) -> str:
        """Run in the undo's thread, after it: why this screen can no longer show what it
        showed (the undo removed it, merged it away), or ''."""
        return ""

    def show_undone(self) -> None:
        """Read again what the screen shows, now that an undo changed the database."""
        self.action_reload()

    def action_undo(self) -> None:
        """``u``: the agent's own last operation, named, then undone on ``y``."""
        blocked = self.undo_blocked()
        if blocked:
            self.notify(clean(blocked, 400), severity="warning", markup=False)
            return
        self._undo_keys = self.app.hold_keys()  # a second u waits in it, as every key does
        self.preview_undo(None)

    @work(thread=True, exclusive=True, group="undo", exit_on_error=False)
    def preview_undo(self, operation_id: str | None) -> None:
        """What would be undone (None: the agent's latest that can be), read in a thread."""
        try:
            view = self.app.store.journal.preview(operation_id)
        except Exception as error:  # refused (typed), or the database's trouble: said
            kind, said = refusal(error, self.app.clock())
            self.post_message(UndoPreviewed(said=said, refused=kind))
            return
        self.post_message(UndoPreviewed(view))

    def on_undo_previewed(self, message: UndoPreviewed) -> None:
        release, self._undo_keys = self._undo_keys, None
        view = message.view
        if view is None:
            self._refused(message.refused, message.said)
            if release is not None:
                release(opened=False)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.apply_undo(view)

        ask = question(view, self.app.clock())
        self.app.push_screen(ConfirmScreen(ask, "Undo  y"), confirmed)
        if release is not None:
            release()

    @work(thread=True, exclusive=True, group="undo", exit_on_error=False)
    def apply_undo(self, view: OperationView) -> None:
        """Undo the operation confirmed, by its id, in a thread; then see whether what the
        screen shows is still there."""
        try:
            done = self.app.store.journal.undo(view.operation_id)
        except Exception as error:  # changed since the question, or the database's trouble
            kind, said = refusal(error, self.app.clock())
            self.post_message(UndoApplied(said=said, refused=kind))
            return
        self.post_message(UndoApplied(said=undone(done), gone=self.gone_after_undo()))

    @work(thread=True, exclusive=True, group="undo", exit_on_error=False)
    def follow_undo(self) -> None:
        """After undos made elsewhere (a history screen): whether what the screen shows is
        still there, in a thread."""
        self.post_message(UndoApplied(gone=self.gone_after_undo()))

    def on_undo_applied(self, message: UndoApplied) -> None:
        if message.refused is not None:
            self._refused(message.refused, message.said)
            return
        if message.said:
            self.notify(clean(message.said, 400), markup=False)
        if message.gone:
            self.notify(clean(message.gone, 400), severity="warning", markup=False)
            self.app.action_search()
            return
        self.show_undone()

    def _refused(self, kind: UndoRefused | None, said: str) -> None:
        severity: SeverityLevel = "warning" if kind is UndoRefused.NOTHING else "error"
        self.notify(clean(said, 600), severity=severity, markup=False, timeout=15)

    def open_history(self, reference: str) -> None:
        """The history of ``reference``; what was undone there is read again here after."""
        from .history import HistoryScreen  # noqa: PLC0415 - only when asked

        def closed(changed: bool | None) -> None:
            if changed:
                self.follow_undo()

        self.app.push_screen(HistoryScreen(reference), closed)


class HomeUndoing(Undoing):
    """Home searches again after an undo (names and companies may have changed back)."""

    if TYPE_CHECKING:

        def action_refresh(self) -> None: ...

    def show_undone(self) -> None:
        self.action_refresh()


class ContactUndoing(Undoing):
    """The contact screen: not while edits are pending; reads the contact again after, or goes
    back to Home when the contact was removed or merged away by the undo."""

    if TYPE_CHECKING:
        reference: str
        contact: ContactView | None
        dirty: bool

    def undo_blocked(self) -> str:
        return _unsaved("contact") if self.dirty else ""

    def gone_after_undo(self) -> str:
        reference = self.reference
        try:
            detail = self.app.store.contact(reference, urgent=False)
        except NotFound:
            return f"{reference} is no more: the undo removed it."
        except Exception:  # the screen's own reload says what is wrong
            return ""
        if detail.merged_from == reference:
            return f"{reference} is merged into {detail.contact.reference} again."
        return ""

    def action_history(self) -> None:
        if self.contact is not None:
            self.open_history(self.contact.reference)


class CompanyUndoing(Undoing):
    """The company screen: not while edits are pending; reads the company again after, or goes
    back to Home when the undo removed it."""

    if TYPE_CHECKING:
        company: CompanyView | None
        dirty: bool

    def undo_blocked(self) -> str:
        return _unsaved("company") if self.dirty else ""

    def gone_after_undo(self) -> str:
        company = self.company
        if company is None or not _removed(lambda: self.app.store.company.get(company.reference)):
            return ""
        return f"{company.name} ({company.reference}) is no more: the undo removed it."

    def action_history(self) -> None:
        if self.company is not None:
            self.open_history(self.company.reference)


class TicketUndoing(Undoing):
    """The ticket screen: reads the ticket again after, or goes back to Home when the undo
    removed it."""

    if TYPE_CHECKING:
        detail: TicketDetail | None

    def gone_after_undo(self) -> str:
        detail = self.detail
        if detail is None or not _removed(lambda: self.app.store.tickets.get(detail.reference)):
            return ""
        return f"{detail.reference} is no more: the undo removed it."

    def action_history(self) -> None:
        if self.detail is not None:
            self.open_history(self.detail.reference)
