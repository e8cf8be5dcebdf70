"""The merge preview: two contacts side by side, each field on which they differ kept from the
left or the right (``←``/``→``), the survivor chosen (``s``; the contact the merge started from
by default), and what moves, counted. ``y`` merges them as shown, in one undoable operation;
``escape`` closes it and nothing is written.

The screen owns the state (the plan as read, the survivor, the agent's choices) and hands the
rows down to its widgets; the plan is read and the merge applied in thread workers. The merge
presents the versions the preview showed: if someone changed either contact since, nothing is
merged and the preview is read again, saying so. A refusal (not an admin, a contact merged
meanwhile) is one sentence from the error's type and facts, as ``helpdesk-tui merge`` says it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static

from ..messages import MergeApplied, MergePlanned
from ..store.contacts.merge import Merged
from ..store.contacts.merge_plan import Holdings, MergePlan, Side
from ..store.database.failures import sentence
from ..store.errors import StaleEdit
from ..store.refusals import MergeProblem, MergeRefused, NotAllowed
from ..text import clean, content
from ..widgets.key_bar import KeyBar
from ..widgets.merge_fields import FieldChoice, MergeFields
from ..widgets.merge_sides import MergeSides, SideCard
from .late_results import DropsLateResults

if TYPE_CHECKING:
    from ..app import HelpdeskApp
    from ..store.contacts.views import ContactView


def holdings_words(holds: Holdings, zeros: bool = False) -> str:
    """What a contact holds in words: ``2 tickets · 1 activity`` (``zeros``: every kind, none
    included), or ``nothing``."""
    said = " · ".join(f"{count} {what}" for what, count in holds.items() if count or zeros)
    return said or "nothing"


def named(plan: MergePlan, side: Side) -> str:
    """A contact of the plan as people know it: ``Ann Lee (C-10000042)``."""
    contact = plan.contact(side)
    return f"{contact.name} ({contact.reference})"


def not_admin(error: NotAllowed, plan: MergePlan, keep: Side) -> str:
    """The refusal of a merge by an agent who is not an admin: who may, and whom to ask for
    what."""
    return (
        f"Only an {error.role} can {error.action} contacts, and {error.agent} is not one: ask an "
        f"{error.role} to merge {named(plan, keep.other)} into {named(plan, keep)}. "
        "Nothing was changed."
    )


def not_admin_yet(error: NotAllowed) -> str:
    """``not_admin`` before any contact is picked (``m`` is refused at once)."""
    return (
        f"Only an {error.role} can {error.action} contacts, and {error.agent} is not one: ask an "
        f"{error.role} to merge them. Nothing was changed."
    )


def merge_refused(error: MergeRefused) -> str:
    """Why two contacts cannot be merged, from the refusal's problem and the contacts it names."""
    if error.problem is MergeProblem.SAME:
        return f"{error.reference} cannot be merged into itself: pick another contact."
    if error.problem is MergeProblem.DELETED:
        return (
            f"{error.reference} is deleted: restore it (D) before merging it. Nothing was changed."
        )
    if error.problem is MergeProblem.LOOP:
        return (
            f"{error.reference} was merged into {error.merged_into} already: merging "
            f"{error.merged_into} into it would make a loop. Nothing was changed."
        )
    return (
        f"{error.reference} was merged into {error.merged_into} already: merge with "
        f"{error.merged_into} instead. Nothing was changed."
    )


def stale(error: StaleEdit) -> str:
    """Someone changed one of the contacts after the preview was read."""
    who = error.changed_by or "another agent"
    what = f" ({error.change})" if error.change else ""
    return (
        f"{error.reference} was changed by {who}{what} after this preview was read: nothing was "
        "merged. It is shown again as it is now; check it, then press y again."
    )


def merged_sentence(merged: Merged, name: str) -> str:
    """What a merge did, in one line (``name``: the merged contact's), and that it can be taken
    back."""
    survivor = merged.survivor
    return (
        f"Merged {name} ({merged.merged}) into {survivor.name} ({survivor.reference}): moved "
        f"{holdings_words(merged.moved)}. It can be undone (u)."
    )


class MergePreviewScreen(DropsLateResults, Screen[Merged | None]):
    """Dismisses with the merge as applied, or None (``escape``, or a merge that cannot be)."""

    if TYPE_CHECKING:
        app: HelpdeskApp

    TITLE = "Merge preview"
    DEFAULT_CSS = """
    MergePreviewScreen {
        & #merge-title { padding: 0 1; text-style: bold; }
        & #merge-summary {
            height: auto;
            padding: 0 1;
            border-top: solid $primary-muted;
        }
    }
    """
    BINDINGS = [
        Binding(
            "y",
            "apply",
            "Merge",
            tooltip="Merge them as shown: one operation, undoable (admins only)",
            id="apply",
        ),
        Binding(
            "s",
            "swap",
            "Survivor",
            tooltip="Swap which contact survives (the other becomes its tombstone)",
            id="swap",
        ),
        Binding(
            "r", "reload", "Reload", show=False, tooltip="Read both contacts again", id="reload"
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Close the preview: nothing is merged",
            id="cancel",
        ),
    ]
    HELP = (
        "Left is the contact you started from, right the one you picked. For each field that "
        "differs, left or right keeps that side's value (the survivor's by default); s swaps "
        "which contact survives. Everything the other holds moves to the survivor, and the "
        "other becomes a tombstone pointing at it (never deleted). y merges, in one operation "
        "that can be undone; escape closes the preview and changes nothing."
    )

    plan: var[MergePlan | None] = var(None)
    keep: var[Side] = var(Side.A)
    chosen: var[dict[str, Side]] = var(dict, always_update=True)
    """The fields the agent chose a side for; the others follow the survivor."""
    rows: var[tuple[FieldChoice, ...] | None] = var(None, always_update=True)
    cards: var[tuple[SideCard, SideCard] | None] = var(None, always_update=True)
    applying: var[bool] = var(False)

    def __init__(self, left: str, right: str) -> None:
        super().__init__()
        self.left = left
        self.right = right

    def compose(self) -> ComposeResult:
        yield Static(content("Merge two contacts", "bold"), id="merge-title")
        yield MergeSides().data_bind(cards=MergePreviewScreen.cards)
        yield MergeFields(id="merge-fields").data_bind(rows=MergePreviewScreen.rows)
        yield Static(id="merge-summary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(MergeFields).focus()
        self.load()

    @work(thread=True, exclusive=True, group="merge-plan", exit_on_error=False)
    def load(self) -> None:
        """Read both contacts and what each holds, in a thread."""
        try:
            plan = self.app.store.merging.plan(self.left, self.right)
        except MergeRefused as error:
            self.post_message(MergePlanned(error=merge_refused(error)))
        except Exception as error:  # a missing contact, a locked database: said, then closed
            self.post_message(MergePlanned(error=f"Cannot preview this merge: {sentence(error)}"))
        else:
            self.post_message(MergePlanned(plan))

    def on_merge_planned(self, message: MergePlanned) -> None:
        if message.error or message.plan is None:
            self.notify(clean(message.error, 600), severity="error", markup=False)
            self.dismiss(None)
            return
        names = {field.name for field in message.plan.fields}
        self.chosen = {name: side for name, side in self.chosen.items() if name in names}
        self.plan = message.plan

    def watch_plan(self) -> None:
        self._show()

    def watch_keep(self) -> None:
        self._show()

    def watch_chosen(self) -> None:
        self._show()

    def _side(self, name: str) -> Side:
        return self.chosen.get(name, self.keep)

    def _show(self) -> None:
        """Hand the plan, as the agent has chosen so far, down to the widgets."""
        plan = self.plan
        if plan is None:
            return
        self.rows = tuple(
            FieldChoice(f.name, f.label, f.a_shown, f.b_shown, self._side(f.name) is Side.B)
            for f in plan.fields
        )
        self.cards = (self._card(plan, Side.A), self._card(plan, Side.B))
        survivor, other = named(plan, self.keep), named(plan, self.keep.other)
        self.query_one("#merge-title", Static).update(
            content(f"Merge {other} into {survivor}", "bold", max_len=400)
        )
        self.query_one("#merge-summary", Static).update(
            content(
                f"Moves to {survivor}: {holdings_words(plan.moving(self.keep), zeros=True)}. "
                f"{plan.contact(self.keep.other).reference} stays as a tombstone pointing at it; "
                "the merge can be undone.",
                max_len=800,
            )
        )

    def _contacts(self) -> tuple[ContactView, ...]:
        return (self.plan.a, self.plan.b) if self.plan is not None else ()

    def _card(self, plan: MergePlan, side: Side) -> SideCard:
        contact = plan.contact(side)
        holds = holdings_words(plan.a_holds if side is Side.A else plan.b_holds)
        return SideCard(contact.name, contact.reference, contact.company, holds, side is self.keep)

    @on(MergeFields.Chosen)
    def _chosen(self, event: MergeFields.Chosen) -> None:
        self.chosen = {**self.chosen, event.name: Side.B if event.right else Side.A}

    def action_swap(self) -> None:
        self.keep = self.keep.other

    def action_reload(self) -> None:
        self.load()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_apply(self) -> None:
        """Merge as shown, with the versions shown (a contact saved since is refused)."""
        plan = self.plan
        if plan is None:
            self.notify("Still reading both contacts…", timeout=2)
            return
        if self.applying:
            self.notify("Still merging…", timeout=2)
            return
        self.applying = True
        self.run_merge(plan, self.keep, {f.name: self._side(f.name) for f in plan.fields})

    @work(thread=True, exclusive=True, group="merge-apply", exit_on_error=False)
    def run_merge(self, plan: MergePlan, keep: Side, take: dict[str, Side]) -> None:
        """Merge in a thread; the outcome comes back as a message."""
        versions = (plan.a.version, plan.b.version)
        try:
            merged = self.app.store.merging.merge(
                plan.a.reference, plan.b.reference, keep, take, versions
            )
        except NotAllowed as error:
            self.post_message(MergeApplied(error=not_admin(error, plan, keep), close=True))
        except MergeRefused as error:
            self.post_message(MergeApplied(error=merge_refused(error), close=True))
        except StaleEdit as error:
            self.post_message(MergeApplied(error=stale(error), reread=True))
        except Exception as error:  # a field the survivor refuses, a locked database: said
            self.post_message(MergeApplied(error=f"Nothing was merged: {sentence(error)}"))
        else:
            self.post_message(MergeApplied(merged))

    def on_merge_applied(self, message: MergeApplied) -> None:
        self.applying = False
        if message.merged is not None:
            gone = message.merged.merged
            name = next((c.name for c in self._contacts() if c.reference == gone), gone)
            self.notify(clean(merged_sentence(message.merged, name), 600), markup=False)
            self.dismiss(message.merged)
            return
        self.notify(clean(message.error, 600), severity="error", markup=False)
        if message.close:
            self.dismiss(None)
        elif message.reread:
            self.load()
