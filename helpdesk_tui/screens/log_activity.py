"""Log an activity (``a`` on an Activities list), or edit one of the agent's own (``e``,
``enter``): summary, kind, when, details.

Checked by the store exactly as ``helpdesk-tui activity add|edit``: a refused field (an empty
summary, a time that is not one) is marked under it and the form stays as typed. An edit sends
only what the agent changed, with the version it was loaded at; a stale one opens the conflict
dialog (keep editing, reload theirs, or save over them), as a contact's does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from ..messages import ActivityChanged, ActivityRefused
from ..store.activities.views import ACTIVITY_KINDS, SUMMARY_MAX, ActivityView, moment_of
from ..store.database.failures import sentence
from ..store.errors import InvalidInput, NotYours, StaleEdit
from ..text import clean, clean_block, content
from ..widgets.activity_table import moment
from ..widgets.kind_picker import KindPicker
from .confirm import ConfirmScreen
from .conflict import ConflictScreen, conflict_rows

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

    from ..app import HelpdeskApp
    from .activity_listing import ActivityOwner

FIELDS = ("summary", "kind", "when", "body")
"""The form's fields, named as the store's ``InvalidInput.field`` names them."""


def not_yours(kind: str, author: str) -> str:
    """Why another agent's activity cannot be changed here, in one sentence."""
    return f"This {kind} was logged by {author}: only they can edit or remove it."


class LogActivityScreen(ModalScreen[ActivityView | None]):
    """Dismisses with the activity as saved, or None."""

    if TYPE_CHECKING:
        app: HelpdeskApp

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the activity", id="save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="cancel"),
    ]
    TITLE = "Log an activity"
    HELP = (
        "Kind: on it, a first letter picks one (c call, s site visit, m meeting, e email, "
        "n note, o other), or left and right. When: empty is now (an edit: as it was); else "
        "type 2026-11-30 14:05, in the server's time, or with an offset."
    )

    errors: var[dict[str, str]] = var(dict, always_update=True)

    def __init__(self, owner: ActivityOwner, activity: ActivityView | None = None) -> None:
        super().__init__()
        self.owner = owner
        self.activity = activity
        self.version = activity.version if activity else 0
        self.loaded = self._shown(activity)
        """The fields as the form first showed them: what is unchanged is not sent."""

    @staticmethod
    def _shown(activity: ActivityView | None) -> dict[str, str]:
        """An activity's fields as the form shows them (cleaned: an Input shows text raw)."""
        if activity is None:
            return {"summary": "", "kind": ACTIVITY_KINDS[0], "when": "", "body": ""}
        return {
            "summary": clean(activity.summary, None),
            "kind": activity.kind.value,
            "when": moment(activity),
            "body": clean_block(activity.body),
        }

    def compose(self) -> ComposeResult:
        if self.activity is None:
            title = f"Log an activity for {self.owner.label}"
        else:
            title = f"Edit your {self.activity.kind} of {moment(self.activity)}"
        loaded = self.loaded
        with Vertical(classes="dialog form log-activity"):
            yield Static(content(title, "bold"), id="log-title")
            with VerticalScroll():
                with Horizontal(classes="form-row"):
                    yield Label(content("Summary"), classes="form-label")
                    yield Input(
                        loaded["summary"],
                        id="summary",
                        placeholder="what happened, in a few words (required)",
                        max_length=SUMMARY_MAX,
                        compact=True,
                    )
                yield Static(classes="form-error", id="summary-error")
                with Horizontal(classes="form-row"):
                    yield Label(content("Kind"), classes="form-label")
                    yield KindPicker(ACTIVITY_KINDS, loaded["kind"], id="kind")
                yield Static(classes="form-error", id="kind-error")
                with Horizontal(classes="form-row"):
                    yield Label(content("When"), classes="form-label")
                    yield Input(
                        loaded["when"],
                        id="when",
                        placeholder="now · or 2026-11-30 14:05"
                        if self.activity is None
                        else "as it was · or 2026-11-30 14:05",
                        compact=True,
                    )
                yield Static(classes="form-error", id="when-error")
                yield Label(content("Details (optional)"), classes="form-row")
                yield TextArea(loaded["body"], id="body", soft_wrap=True, compact=True)
                yield Static(classes="form-error", id="body-error")
            with Horizontal(classes="buttons"):
                yield Button("Save  ctrl+s", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#summary", Input).focus()

    def _typed(self) -> dict[str, str]:
        return {
            "summary": self.query_one("#summary", Input).value,
            "kind": self.query_one(KindPicker).value,
            "when": self.query_one("#when", Input).value,
            "body": self.query_one(TextArea).text,
        }

    def action_cancel(self) -> None:
        """Close; if anything was typed or changed, only after a yes."""
        if self._typed() == self.loaded:
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmScreen("Discard this activity? What you typed is lost.", "Discard"),
            lambda yes: self.dismiss(None) if yes else None,  # type: ignore[arg-type]
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self, version: int | None = None) -> None:
        """Save what the form holds (an edit: only what changed); a time that is not one is
        marked at once, without asking the database."""
        typed = self._typed()
        occurred_at: datetime | None = None
        if typed["when"].strip() and typed["when"] != self.loaded["when"]:
            try:
                occurred_at = moment_of(typed["when"])
            except InvalidInput as error:
                self._refused(ActivityRefused(sentence(error), field=error.field))
                return
        if self.activity is None:
            fields: dict[str, Any] = {
                "kind": typed["kind"],
                "summary": typed["summary"],
                "body": typed["body"],
            }
        else:
            fields = {
                name: typed[name]
                for name in ("kind", "summary", "body")
                if typed[name] != self.loaded[name]
            }
        self.save(fields, occurred_at, self.version if version is None else version)

    @work(thread=True, exclusive=True, group="save-activity", exit_on_error=False)
    def save(self, fields: dict[str, Any], occurred_at: datetime | None, version: int) -> None:
        """Log or edit in a thread; a refused field comes back by name, a stale edit with the
        fields changed since."""
        activities = self.app.store.activities
        try:
            if self.activity is None:
                saved = activities.log(
                    contact=self.owner.contact,
                    company=self.owner.company,
                    occurred_at=occurred_at,
                    **fields,
                )
            else:
                saved = activities.edit(
                    self.activity.id, version, occurred_at=occurred_at, **fields
                )
        except InvalidInput as error:
            self.post_message(ActivityRefused(sentence(error), field=error.field))
        except NotYours as error:
            self.post_message(ActivityRefused(not_yours("activity", error.owner)))
        except StaleEdit as error:
            rows = tuple(conflict_rows(error))
            self.post_message(
                ActivityRefused(sentence(error), conflict=rows, current=error.current)
            )
        except Exception as error:  # a removed activity, a locked database: said, form kept
            self.post_message(ActivityRefused(f"Nothing was saved: {sentence(error)}"))
        else:
            done = "Logged" if self.activity is None else "Saved"
            self.post_message(ActivityChanged(saved, f"{done} the {saved.kind}: {saved.summary}"))

    def on_activity_refused(self, message: ActivityRefused) -> None:
        self._refused(message)

    def _refused(self, message: ActivityRefused) -> None:
        if message.current is not None:
            current = message.current
            self.app.push_screen(
                ConflictScreen(message.message, message.conflict, "This activity was changed"),
                lambda choice: self._resolve(choice, current),
            )
            return
        field = message.field if message.field in FIELDS else ""
        self.errors = {field: message.message} if field else {}
        self.notify(clean(message.message, 400), severity="error", markup=False)
        if field:
            self.query_one(f"#{field}").focus()

    def _resolve(self, choice: str | None, current: ActivityView) -> None:
        """Reload: show the activity as it is now (the agent's typing dropped). Overwrite:
        save what the form holds over it."""
        if choice == "reload":
            self.activity, self.version = current, current.version
            self.loaded = self._shown(current)
            for name in ("summary", "when"):
                box = self.query_one(f"#{name}", Input)
                box.value = self.loaded[name]
                box.action_end()  # the cursor after their text, as when the form opened
            self.query_one(KindPicker).value = self.loaded["kind"]
            self.query_one(TextArea).text = self.loaded["body"]
            self.errors = {}
        elif choice == "overwrite":
            self.action_save(current.version)

    def watch_errors(self, errors: dict[str, str]) -> None:
        for name in FIELDS:
            shown = self.query_one(f"#{name}-error", Static)
            shown.update(content(errors.get(name, ""), "$error", max_len=300))
            shown.set_class(name in errors, "-shown")

    def on_activity_changed(self, message: ActivityChanged) -> None:
        self.notify(clean(message.said, 300), markup=False)
        self.dismiss(message.activity)
