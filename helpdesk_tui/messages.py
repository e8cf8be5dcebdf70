"""Messages that thread workers post back to their screens (the UI thread never waits on I/O).

Each carries plain view objects from ``store.contacts.views`` and ``store.tickets.views`` or
plain values, never ORM rows. The store types are imported for type checking only: this module is
loaded with the app, and the search result or a contact arrives long after, from a worker that
imported what it needed. For the same reason each dataclass makes only its ``__init__``: a
message is never compared, and Textual shows it its own way; the ``__repr__`` and ``__eq__``
of 35 classes cost the first paint 10 ms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from .screens.activity_listing import ActivityOwner
    from .screens.conflict import ConflictRow
    from .screens.undoing import UndoRefused
    from .store.activities.views import ActivityPage, ActivityView
    from .store.companies.views import CompanyContact, CompanyOverview, CompanyView, ContactsPage
    from .store.contacts.drafts import Draft
    from .store.contacts.fields import AddIdentity, DroppedOp
    from .store.contacts.lifecycle import LifecycleDone
    from .store.contacts.merge import Merged
    from .store.contacts.merge_plan import MergePlan
    from .store.contacts.views import ContactDetail, ContactView
    from .store.duplicates.views import DuplicatePair, Duplicates
    from .store.errors import IdentityConflict
    from .store.journal.views import HistoryPage, OperationView
    from .store.saved_views.views import SavedViewRow
    from .store.search.hits import SearchResult
    from .store.sla import TicketDue
    from .store.tickets.views import TicketDetail, TicketListRow, TicketPage


class WorkerResult(Message, bubble=False):
    """What a screen's thread worker posts back to it: a result, or the sentence of a failure.
    A result that lands while its screen is being removed is dropped
    (``screens.late_results``): the widgets it was for are gone."""


@dataclass(repr=False, eq=False)
class DatabaseOpened(WorkerResult):
    """The database is at the current schema (``backup``: the copy taken before an upgrade)."""

    backup: Path | None = None
    error: str = ""


@dataclass(repr=False, eq=False)
class DatabaseChecked(WorkerResult):
    """The daily check found the database damaged (``damaged``: what the agent is to read and
    do), or sound and copied (``backup``); ``trouble`` says why the check or the copy could
    not be done."""

    damaged: str = ""
    backup: Path | None = None
    trouble: str = ""


@dataclass(repr=False, eq=False)
class SearchFinished(WorkerResult):
    """A search finished and was not superseded; ``query`` is the text it was asked for (a
    screen shows it only while that is still what the box says)."""

    result: SearchResult
    elapsed_ms: float
    query: str


@dataclass(repr=False, eq=False)
class SearchFailed(WorkerResult):
    """A search raised something other than being cancelled (a locked or broken database)."""

    query: str
    error: str


@dataclass(repr=False, eq=False)
class ContactLoaded(WorkerResult):
    """A contact's screen data arrived (``error`` when it could not be read), with the draft of
    edits left unsaved on it (``draft``: offered to restore) and, when the screen had none for
    this contact yet, the first page of its ticket list (read in the same worker, so the
    Tickets tab fills with the rest of the screen)."""

    requested: str
    """The reference the screen asked for: a screen that moved on to another contact since
    drops the message."""
    detail: ContactDetail | None = None
    error: str = ""
    draft: Draft | None = None
    tickets: TicketPage | None = None


@dataclass(repr=False, eq=False)
class DueTicketsLoaded(WorkerResult):
    """The SLA tab's most urgent open tickets of ``contact`` arrived (read after the screen's
    first paint), or ``error``."""

    contact: str
    due: tuple[TicketDue, ...] = ()
    error: str = ""


@dataclass(repr=False, eq=False)
class ContactSaved(WorkerResult):
    """A save went through; ``contact`` is the contact as stored now, and ``dropped`` the
    contact-method operations the save left out (made on a method someone else changed)."""

    contact: ContactView
    dropped: tuple[DroppedOp, ...] = ()


@dataclass(repr=False, eq=False)
class SaveRefused(WorkerResult):
    """A save was refused: invalid fields (``errors``) or a stale version (``stale``, with the
    fields someone else changed as ``conflict`` rows)."""

    message: str
    errors: dict[str, str] = field(default_factory=dict)
    stale: bool = False
    conflict: tuple[ConflictRow, ...] = ()
    unknown_company: str = ""
    conflicts: tuple[IdentityConflict, ...] = ()
    """New contact methods another contact owns (offered: move it here, or merge the two)."""


@dataclass(repr=False, eq=False)
class CompaniesFound(WorkerResult):
    """Company names matching what was typed in a company picker."""

    fragment: str
    names: list[str]


@dataclass(repr=False, eq=False)
class CompanyChecked(WorkerResult):
    """Whether a company typed into a field exists (``known``)."""

    name: str
    known: bool


@dataclass(repr=False, eq=False)
class ChoicesLoaded(WorkerResult):
    """A picker's choices arrived as (value, label, hint) (``screens.picker.Choice``), or
    ``error`` when they could not be read."""

    choices: tuple[tuple[str, str, str], ...] = ()
    error: str = ""


@dataclass(repr=False, eq=False)
class ViewsLoaded(WorkerResult):
    """The agent's saved views and the shipped ones arrived, or ``error``."""

    views: tuple[SavedViewRow, ...] = ()
    error: str = ""


@dataclass(repr=False, eq=False)
class ViewChanged(WorkerResult):
    """A saved view was saved or deleted (``view``: it as saved, or as it was), or ``error``
    says why not in one sentence."""

    view: SavedViewRow | None = None
    error: str = ""


@dataclass(repr=False, eq=False)
class TicketsLoaded(WorkerResult):
    """A page of a ticket list arrived (``append``: the next page of the rows shown), or
    ``error`` when it could not be read."""

    page: TicketPage | None = None
    append: bool = False
    error: str = ""


@dataclass(repr=False, eq=False)
class TicketLoaded(WorkerResult):
    """A ticket and its thread arrived, or ``error`` (``missing``: no such ticket);
    ``reference`` is what was asked for, as typed."""

    detail: TicketDetail | None = None
    error: str = ""
    missing: bool = False
    reference: str = ""


@dataclass(repr=False, eq=False)
class TicketChanged(WorkerResult):
    """A ticket was opened, changed, moved or written to; ``detail`` is it as stored now and
    ``said`` the one line telling the agent what was done."""

    detail: TicketDetail
    said: str


@dataclass(repr=False, eq=False)
class TicketRefused(WorkerResult):
    """A change to a ticket was refused (``message``: one sentence); a stale edit carries the
    ticket as it is now (``current``) so the screen shows it instead of the version loaded."""

    message: str
    current: TicketDetail | None = None
    field: str = ""


@dataclass(repr=False, eq=False)
class RecentTicketsLoaded(WorkerResult):
    """A contact's newest tickets arrived (``contact``: whose, as asked), or ``error``."""

    contact: str
    rows: tuple[TicketListRow, ...] = ()
    error: str = ""


@dataclass(repr=False, eq=False)
class ActivitiesLoaded(WorkerResult):
    """A page of a contact's or company's activities arrived (``append``: the next page of the
    rows shown; ``me``: the agent the store writes as, who may change only their own), or
    ``error`` when it could not be read."""

    owner: ActivityOwner
    page: ActivityPage | None = None
    append: bool = False
    me: str = ""
    error: str = ""


@dataclass(repr=False, eq=False)
class ActivityChanged(WorkerResult):
    """An activity was logged, edited or removed; ``activity`` is it as stored (as it was,
    for a removal) and ``said`` the one line telling the agent what was done."""

    activity: ActivityView
    said: str


@dataclass(repr=False, eq=False)
class ActivityRefused(WorkerResult):
    """Logging, editing or removing an activity was refused (``message``: one sentence;
    ``field``: the input it concerns). A stale edit carries the fields changed since it was
    loaded (``conflict``) and the activity as it is now (``current``)."""

    message: str
    field: str = ""
    conflict: tuple[ConflictRow, ...] = ()
    current: ActivityView | None = None


@dataclass(repr=False, eq=False)
class CompanyLoaded(WorkerResult):
    """A company's screen data arrived, or ``error`` (no such company, a broken database);
    ``keep_edits``: read again while edits may be pending, which then keep the version they
    were made on."""

    overview: CompanyOverview | None = None
    error: str = ""
    keep_edits: bool = False


@dataclass(repr=False, eq=False)
class CompanySaved(WorkerResult):
    """A company's inline edits were saved; ``company`` is it as stored now."""

    company: CompanyView


@dataclass(repr=False, eq=False)
class CompanyContactsLoaded(WorkerResult):
    """The next page of a company's contacts arrived, or ``error``."""

    page: ContactsPage | None = None
    error: str = ""


@dataclass(repr=False, eq=False)
class PrimarySet(WorkerResult):
    """A contact became its company's primary contact (``contact``), or ``error`` says why
    not."""

    contact: CompanyContact | None = None
    error: str = ""


@dataclass(repr=False, eq=False)
class MergePlanned(WorkerResult):
    """The merge preview's plan arrived, or ``error`` says in one sentence why the two cannot
    be previewed."""

    plan: MergePlan | None = None
    error: str = ""


@dataclass(repr=False, eq=False)
class MergeApplied(WorkerResult):
    """A merge went through (``merged``), or was refused: ``error`` is one sentence, and the
    preview closes (``close``: it cannot be merged as shown) or is read again (``reread``:
    someone changed one of the contacts since it was read)."""

    merged: Merged | None = None
    error: str = ""
    close: bool = False
    reread: bool = False


@dataclass(repr=False, eq=False)
class MethodMoved(WorkerResult):
    """A contact method another contact owned was moved to this one ("move it here"):
    ``contact`` is this contact as stored now and ``said`` the line telling the agent; or
    ``error`` says why not. ``op`` is the pending addition of it, which goes."""

    contact: ContactView | None = None
    said: str = ""
    error: str = ""
    op: AddIdentity | None = None


@dataclass(repr=False, eq=False)
class UndoPreviewed(WorkerResult):
    """What ``u`` (or a history's row) would undo arrived, for the agent to confirm (``view``),
    or why nothing can be undone (``said``: one sentence, ``refused`` as what kind)."""

    view: OperationView | None = None
    said: str = ""
    refused: UndoRefused | None = None


@dataclass(repr=False, eq=False)
class UndoApplied(WorkerResult):
    """An undo was applied (``said``: what was undone, in one sentence; empty when a history
    screen did it and only the screen needs reading again) or refused (``refused``). ``gone``
    says why the screen can no longer show what it showed (removed, merged away by the undo)."""

    said: str = ""
    refused: UndoRefused | None = None
    gone: str = ""


@dataclass(repr=False, eq=False)
class HistoryLoaded(WorkerResult):
    """A page of a contact's, company's or ticket's history arrived (``append``: the next
    page of the rows shown), or ``error``."""

    page: HistoryPage | None = None
    append: bool = False
    error: str = ""


@dataclass(repr=False, eq=False)
class LifecycleOffered(WorkerResult):
    """What ``D`` may offer arrived: whether ``agent`` is an admin; or ``error``."""

    admin: bool = False
    agent: str = ""
    error: str = ""


@dataclass(repr=False, eq=False)
class DuplicatesLoaded(WorkerResult):
    """The likely duplicate pairs were computed (``store.duplicates``), or ``error``."""

    found: Duplicates | None = None
    error: str = ""


@dataclass(repr=False, eq=False)
class LifecycleApplied(WorkerResult):
    """A contact was deactivated, reactivated, deleted, restored or purged (``done``), or it
    was refused: ``error`` is one sentence, and nothing was changed."""

    done: LifecycleDone | None = None
    error: str = ""


@dataclass(repr=False, eq=False)
class DuplicateDismissed(WorkerResult):
    """A pair was marked "not duplicates" (``marked``: False when it was already), or
    ``error`` (nothing was written)."""

    pair: DuplicatePair
    marked: bool = False
    error: str = ""
