"""New contact (``ctrl+n``): a form validated exactly as ``helpdesk-tui contact add``.

The company box suggests existing companies as you type (a worker asks the store); picking
"Create …" makes a new one. The country box completes country names; a phone number typed
without +country code is read for that country. ``down`` in either box moves into its choices.
Errors come back from the store and show under their field. An email, phone or handle another
contact owns opens a choice (``new_contact_conflict``): move it here (noted under its field;
the contact is created taking it, one operation), open the owner instead, or keep editing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ..messages import CompaniesFound, ContactSaved, SaveRefused
from ..store.contacts import countries
from ..store.database.failures import sentence
from ..store.errors import IdentityConflict, ValidationFailed
from ..store.kinds import KINDS
from ..text import clean, content
from ..widgets.field_list import CREATE
from .company_choices import company_choices
from .confirm import ConfirmScreen
from .details_editing import COUNTRY_CHOICES
from .identity_conflict import ConflictChoice
from .new_contact_conflict import NewContactConflictScreen

FIELDS = (
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("company", "Company"),
    ("title", "Title"),
    ("country", "Country"),
    ("email", "Email"),
    ("phone", "Phone"),
)

if TYPE_CHECKING:
    from ..app import HelpdeskApp

PICKED = ("company", "country")
"""Fields whose box lists choices under it as the agent types."""
METHODS = ("email", "phone", "other")
"""Boxes of contact methods, which another contact may own."""
NOTE_TIMEOUT = 60
"""Seconds the note of what was typed stays, when the owner of a method is opened instead."""


class NewContactScreen(ModalScreen[str | None]):
    """Dismisses with the reference of the contact to open (the one created, or the owner of
    a method, opened instead), or None."""

    if TYPE_CHECKING:  # Textual types ``app`` as App[Any]; screens run inside HelpdeskApp
        app: HelpdeskApp

    BINDINGS = [
        Binding("ctrl+s", "create", "Create", tooltip="Create the contact", id="create"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without creating", id="cancel"),
        Binding("down", "choices", "Choices", show=False, tooltip="Into the choices", id="choices"),
    ]
    TITLE = "New contact"

    errors: var[dict[str, str]] = var(dict, always_update=True)
    taking: var[dict[str, IdentityConflict]] = var(dict, always_update=True)
    """Methods the agent chose to move here, by box: the contact is created taking them."""
    create_company: var[bool] = var(False)

    def __init__(self, company: str = "") -> None:
        super().__init__()
        self.company = company

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(content("New contact", "bold"))
            with VerticalScroll():
                for name, label in FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(content(label), classes="form-label")
                        yield Input(id=name, compact=True)
                    if name in PICKED:
                        yield OptionList(id=f"{name}-picks", classes="picker")
                    yield Static(classes="form-error", id=f"{name}-error")
                with Horizontal(classes="form-row"):
                    yield Select(
                        [(k, k) for k in KINDS[2:]],
                        value="whatsapp",
                        allow_blank=False,
                        id="other-kind",
                        classes="form-label",
                        compact=True,
                    )
                    yield Input(
                        placeholder="other contact method (optional)", id="other", compact=True
                    )
                yield Static(classes="form-error", id="other-error")
            with Horizontal(classes="buttons"):
                yield Button("Create  ctrl+s", variant="primary", id="create", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        with self.prevent(Input.Changed):
            self.query_one("#company", Input).value = self.company
        self.query_one("#first_name", Input).focus()

    def _typed(self) -> bool:
        """Has the agent typed anything (beyond the company it was opened with)?"""
        for box in self.query(Input):
            if box.id == "company" and box.value == self.company:
                continue
            if box.value.strip():
                return True
        return False

    def action_cancel(self) -> None:
        """Close; if anything was typed, only after a yes (nothing typed is lost by a slip).
        In a list of choices, escape only goes back to its box."""
        focused = self.focused
        if focused is not None and focused.id and focused.id.endswith("-picks"):
            self.query_one(f"#{focused.id.removesuffix('-picks')}", Input).focus()
            return
        if not self._typed():
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmScreen("Discard this new contact? What you typed is lost.", "Discard"),
            lambda yes: self.dismiss(None) if yes else None,  # type: ignore[arg-type]
        )  # (the lambda hands Textual dismiss's AwaitComplete to await)

    @on(Input.Changed, "#company")
    def company_typed(self, event: Input.Changed) -> None:
        """Drop the choices of the text before (a pick is always one of what the box says),
        and ask for those of the text now."""
        self.create_company = False
        self._show_picks("company", [])
        if event.value.strip():
            self.find_companies(event.value)

    @work(thread=True, exclusive=True, group="companies", exit_on_error=False)
    def find_companies(self, fragment: str) -> None:
        """Ask the store for companies like the fragment."""
        try:
            names = self.app.store.companies(fragment)
        except Exception:  # no suggestions is better than a crash while typing
            names = []
        self.post_message(CompaniesFound(fragment, names))

    def on_companies_found(self, message: CompaniesFound) -> None:
        if message.fragment != self.query_one("#company", Input).value:
            return
        self._show_picks(
            "company",
            [
                Option(content(label, "italic" if key.startswith(CREATE) else ""), id=key)
                for key, label in company_choices(message)
            ],
        )

    @on(Input.Changed, "#country")
    def country_typed(self, event: Input.Changed) -> None:
        found = countries.suggest(event.value, COUNTRY_CHOICES)
        self._show_picks("country", [Option(content(name), id=code) for code, name in found])

    def _show_picks(self, name: str, picks: list[Option]) -> None:
        picker = self.query_one(f"#{name}-picks", OptionList)
        picker.set_options(picks)
        picker.set_class(bool(picks), "-shown")

    def action_choices(self) -> None:
        """``down`` in the company or country box: into its list of choices."""
        focused = self.focused
        if focused is not None and focused.id in PICKED:
            picker = self.query_one(f"#{focused.id}-picks", OptionList)
            if picker.option_count:
                picker.focus()
                picker.highlighted = 0
                return
        self.focus_next()

    @on(OptionList.OptionSelected, "#company-picks")
    def company_picked(self, event: OptionList.OptionSelected) -> None:
        box = self.query_one("#company", Input)
        create = (event.option.id or "").startswith(CREATE)
        if not create and event.option.id:
            with box.prevent(Input.Changed):
                box.value = event.option.id
        self.create_company = create
        self._show_picks("company", [])
        self.query_one("#title", Input).focus()

    @on(OptionList.OptionSelected, "#country-picks")
    def country_picked(self, event: OptionList.OptionSelected) -> None:
        box = self.query_one("#country", Input)
        with box.prevent(Input.Changed):
            box.value = countries.name(event.option.id or "")
        self._show_picks("country", [])
        self.query_one("#email", Input).focus()

    @on(Input.Changed, "#email, #phone, #other")
    def method_typed(self, event: Input.Changed) -> None:
        """A method chosen to move here and then changed is no longer the one chosen."""
        if event.input.id in self.taking:
            self.taking = {k: v for k, v in self.taking.items() if k != event.input.id}

    def watch_errors(self) -> None:
        self._show_notes()

    def watch_taking(self) -> None:
        self._show_notes()

    def _show_notes(self) -> None:
        """Under each box: its error, else where a method chosen to move here comes from."""
        for name in (*(n for n, _ in FIELDS), "other"):
            shown = self.query_one(f"#{name}-error", Static)
            if name in self.errors:
                shown.update(content(self.errors[name], "$error", max_len=300))
            elif name in self.taking:
                owner = self.taking[name]
                note = f"moves here from {owner.owner_name} ({owner.owner_reference}) on ctrl+s"
                shown.update(content(note, "$warning", max_len=300))
            shown.set_class(name in self.errors or name in self.taking, "-shown")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_cancel()

    def action_create(self) -> None:
        values = {name: self.query_one(f"#{name}", Input).value for name, _ in FIELDS}
        identities: list[tuple[str, str, str]] = []
        if values["email"].strip():
            identities.append(("email", "email", values["email"]))
        if values["phone"].strip():
            identities.append(("phone", "phone", values["phone"]))
        other = self.query_one("#other", Input).value
        if other.strip():
            identities.append(("other", str(self.query_one("#other-kind", Select).value), other))
        self.create(
            {k: values[k] for k in ("first_name", "last_name", "company", "title", "country")},
            identities,
            self.create_company,
            [(c.kind, c.value) for c in self.taking.values()],
        )

    @work(thread=True, exclusive=True, group="create", exit_on_error=False)
    def create(
        self,
        fields: dict[str, str],
        identities: list[tuple[str, str, str]],
        create_company: bool,
        taking: list[tuple[str, str]],
    ) -> None:
        """Create in a thread; field errors and conflicts come back keyed by the form's own
        field names."""

        def box(key: str) -> str:
            if key.startswith("identity:new:"):
                return identities[int(key.rsplit(":", 1)[1])][0]
            return key

        try:
            contact = self.app.store.create(
                **fields,
                create_company=create_company,
                identities=[(kind, value) for _, kind, value in identities],
                taking=taking,
            )
        except ValidationFailed as error:
            errors = {box(key): message for key, message in error.errors.items()}
            conflicts = tuple(
                IdentityConflict(c.kind, c.value, c.owner_reference, c.owner_name, box(c.field))
                for c in error.conflicts
            )
            said = "Nothing was created: fix the marked fields."
            self.post_message(SaveRefused(said, errors, conflicts=conflicts))
        except Exception as error:  # a locked or broken database: said, the form kept
            self.post_message(SaveRefused(f"Nothing was created: {sentence(error)}"))
        else:
            self.post_message(ContactSaved(contact))

    def on_save_refused(self, message: SaveRefused) -> None:
        self.errors = message.errors
        if message.conflicts:  # a method another contact owns: move it here, or open them
            self._offer(message.conflicts[0])
            return
        self.notify(clean(message.message, 400), severity="error", markup=False)
        for name, _ in FIELDS:
            if name in message.errors:
                self.query_one(f"#{name}", Input).focus()
                break

    def _offer(self, conflict: IdentityConflict) -> None:
        """Ask what to do about a method another contact owns; the form stays as typed."""

        def chosen(choice: ConflictChoice | None) -> None:
            if choice is ConflictChoice.MOVE:
                self.taking = {**self.taking, conflict.field: conflict}
                self.errors = {k: v for k, v in self.errors.items() if k != conflict.field}
                self.action_create()
            elif choice is ConflictChoice.OPEN:
                self._open_instead(conflict)
            elif conflict.field in METHODS:
                self.query_one(f"#{conflict.field}", Input).focus()

        self.app.push_screen(NewContactConflictScreen(conflict), chosen)

    def _open_instead(self, conflict: IdentityConflict) -> None:
        """Close the form for the owner's screen; what was typed goes into a lasting note,
        to be copied onto the owner or a new contact after all."""
        typed = [(label, self.query_one(f"#{name}", Input).value) for name, label in FIELDS]
        other = self.query_one("#other-kind", Select).value
        typed.append((str(other), self.query_one("#other", Input).value))
        listed = "; ".join(f"{label} {value.strip()}" for label, value in typed if value.strip())
        self.notify(
            clean(
                f"Opened {conflict.owner_name} ({conflict.owner_reference}) instead of creating "
                f"a contact. You had typed: {listed}.",
                800,
            ),
            markup=False,
            timeout=NOTE_TIMEOUT,
        )
        self.dismiss(conflict.owner_reference)

    def on_contact_saved(self, message: ContactSaved) -> None:
        moved = "".join(
            f", taking {c.kind} {c.value} from {c.owner_name} ({c.owner_reference})"
            for c in self.taking.values()
        )
        undo = " u undoes it all." if moved else ""
        contact = message.contact
        self.notify(
            clean(f"Created {contact.name} ({contact.reference}){moved}.{undo}", 600), markup=False
        )
        self.dismiss(contact.reference)
