"""What the Details tab does with the agent's edits before ctrl+s: keep them pending, check each
one as the agent leaves the field, and offer companies to pick from.

A mixin of ContactScreen (which owns the state it reads and writes: ``values``, ``pending``,
``ops``, ``errors``), kept apart so the screen module stays about loading and saving.
"""

from __future__ import annotations

from dataclasses import replace

from textual import work
from textual.worker import get_current_worker

from ..messages import CompaniesFound, CompanyChecked
from ..store.contacts import countries
from ..store.contacts.fields import AddIdentity, IdentityOp, MakeDefault, RemoveIdentity
from ..store.contacts.fields import clean_fields as check_fields
from ..store.contacts.identities import InvalidIdentity, normalize
from ..store.contacts.views import ContactView, IdentityView
from ..widgets.contact_methods import ContactMethods
from ..widgets.field_list import FieldList
from .company_choices import company_choices

COUNTRY_CHOICES = 6
"""Countries listed under the Country field as the agent types."""


def method_problems(ops: tuple[IdentityOp, ...], region: str | None) -> dict[str, str]:
    """Why each pending new method cannot be saved, by its error key: worked out from the
    methods and the country as they stand, so it follows every change to either."""
    problems = {}
    for index, op in enumerate(ops):
        if isinstance(op, AddIdentity):
            try:
                normalize(op.kind, op.value, region)
            except InvalidIdentity as error:
                problems[f"identity:new:{index}"] = str(error)
    return problems


def _without_new_method(errors: dict[str, str], index: int) -> dict[str, str]:
    """The errors once pending new method ``index`` is dropped: its own go, and those of the
    methods after it follow them to their new places."""
    kept = {}
    for key, message in errors.items():
        moved = key
        if key.startswith("identity:new:"):
            position = int(key.rsplit(":", 1)[1])
            if position == index:
                continue
            if position > index:
                moved = f"identity:new:{position - 1}"
        kept[moved] = message
    return kept


class DetailsEditing:
    """Pending field edits and contact-method changes, checked as they are made."""

    values: dict[str, str]
    pending: dict[str, str]
    ops: tuple[IdentityOp, ...]
    contact: ContactView | None
    errors: dict[str, str]
    dirty: bool
    new_company: str | None
    company_typed: str = ""

    def on_field_list_edited(self, event: FieldList.Edited) -> None:
        if event.name == "company":
            self.new_company = event.value if event.create else None
        self.edit_field(event.name, event.value)

    def edit_field(self, name: str, value: str) -> None:
        """A field's new value becomes pending (or stops being, if it is the saved one), and is
        checked at once, so a mistake shows when the agent leaves the field, not at ctrl+s."""
        pending = dict(self.pending)
        if value == self.values.get(name, ""):
            pending.pop(name, None)
        else:
            pending[name] = value
        self.pending = pending
        self.dirty = bool(self.pending or self.ops)
        errors = {k: v for k, v in self.errors.items() if k != name}
        if name in pending:
            cleaned, problems = check_fields({name: value})
            errors |= problems
            if name == "country" and cleaned.get(name):
                pending[name] = countries.name(cleaned[name])
                if pending[name] == self.values.get(name, ""):
                    pending.pop(name)
                self.pending = pending
            if name == "company" and value.strip() and self.new_company != value:
                self.check_company(value)
        self.errors = errors

    def on_field_list_typed(self, event: FieldList.Typed) -> None:
        if event.name == "company":
            self.company_typed = event.value
            self.find_companies(event.value)
        elif event.name == "country":
            found = countries.suggest(event.value, COUNTRY_CHOICES)
            self.query_one(FieldList).suggest("country", found)

    @work(thread=True, exclusive=True, group="companies", exit_on_error=False)
    def find_companies(self, fragment: str) -> None:
        """Companies like the fragment, for the picker under the Company field."""
        try:
            names = self.app.store.companies(fragment) if fragment.strip() else []
        except Exception:  # no suggestions is better than a crash while typing
            names = []
        if not get_current_worker().is_cancelled:
            self.post_message(CompaniesFound(fragment, names))

    def on_companies_found(self, message: CompaniesFound) -> None:
        """Offer the companies, if they are still those of what the editor says (a slower,
        older lookup must never put "create 'con'" under "contoso")."""
        if message.fragment == self.company_typed:
            self.query_one(FieldList).suggest("company", company_choices(message))

    @work(thread=True, exclusive=True, group="company-check", exit_on_error=False)
    def check_company(self, name: str) -> None:
        """Is there a company of that name? The answer comes back as CompanyChecked."""
        try:
            known = self.app.store.company_exists(name)
        except Exception:  # the save will say what is wrong
            return
        self.post_message(CompanyChecked(name, known))

    def on_company_checked(self, message: CompanyChecked) -> None:
        if message.known or self.pending.get("company") != message.name:
            return
        self.errors = self.errors | {
            "company": f"no company named {message.name.strip()!r}: pick one from the list, "
            "or pick “create” there"
        }

    def on_contact_methods_add_requested(self, event: ContactMethods.AddRequested) -> None:
        """Keep the new method pending (``method_problems`` flags it at once if it cannot be)."""
        self.ops = (*self.ops, AddIdentity(event.kind, event.value))

    def phone_region(self) -> str | None:
        """Where a phone number typed without +country code is read: the contact's country,
        else the helpdesk's region, as the save reads it."""
        country = self.pending.get("country", self.values.get("country", ""))
        return countries.find(country) or self.app.store.region

    def on_contact_methods_remove_toggled(self, event: ContactMethods.RemoveToggled) -> None:
        if event.key.startswith("new:"):
            index = int(event.key.removeprefix("new:"))
            self.ops = tuple(op for i, op in enumerate(self.ops) if i != index)
            self.errors = _without_new_method(self.errors, index)
            return
        removal = RemoveIdentity.of(self._saved_method(event.key))
        if removal in self.ops:
            self.ops = tuple(op for op in self.ops if op != removal)
        else:
            self.ops = (*self.ops, removal)

    def on_contact_methods_default_requested(self, event: ContactMethods.DefaultRequested) -> None:
        if event.key.startswith("new:"):
            index = int(event.key.removeprefix("new:"))
            ops = list(self.ops)
            added = ops[index]
            if isinstance(added, AddIdentity):
                ops[index] = replace(added, make_default=True)
            self.ops = tuple(ops)
        else:
            self.ops = (*self.ops, MakeDefault.of(self._saved_method(event.key)))

    def _saved_method(self, key: str) -> IdentityView:
        """The saved method a row of the list stands for: operations carry it as seen."""
        return next(i for i in self.contact.identities if str(i.id) == key)
