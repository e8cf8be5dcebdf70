"""The Details tab's inline key-value editor: one row per field, edited in place.

``e`` or ``enter`` on a row opens its editor; ``enter`` keeps the new value as a pending edit
(marked, not yet saved), ``escape`` drops it. Fields with choices (a company, a country) list
suggestions under the editor as the agent types; ``down`` moves into them and ``enter`` picks
one. The list only asks: it posts ``FieldList.Edited`` and ``FieldList.Typed``, and the screen
decides what is pending, what is saved, what to suggest and which errors to show.

The Company field of a contact also leads somewhere: ``enter`` on it opens the company's screen
(``OpenCompany``, which the app acts on), while ``e`` still edits it.

Focus moves with ``screen.set_focus``, at once: ``Widget.focus`` waits for the next turn of the
event loop, and keys a fast typist queued meanwhile (``↓ ↓ ↓ e``) acted on the row focus was
leaving.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..text import content

CREATE = "\x00create:"
"""A suggestion key prefix: pick it to create what was typed (a new company)."""
COMPANY_FIELD = "company"
"""The field whose saved value names a company: ``enter`` on it opens that company."""


@dataclass
class OpenCompany(Message):
    """Open the screen of the company called ``name`` (the app does, from any screen)."""

    name: str


class FieldInput(Input):
    """The editor of one field: ``enter`` keeps, ``escape`` drops."""

    BINDINGS = [
        Binding("escape", "drop", "Drop edit", tooltip="Leave the field as it was", id="drop"),
        Binding(
            "down", "down", "Choices", show=False, tooltip="Into the suggestions", id="choices"
        ),
    ]

    @dataclass
    class Dropped(Message):
        """The agent left the editor without keeping the value."""

        input: FieldInput

    @dataclass
    class Down(Message):
        """``down`` in the editor: into the suggestions, if there are any."""

        input: FieldInput

    def action_drop(self) -> None:
        self.post_message(self.Dropped(self))

    def action_down(self) -> None:
        self.post_message(self.Down(self))


class Suggestions(OptionList):
    """Choices for the field being edited; ``escape`` goes back to typing."""

    BINDINGS = [Binding("escape", "back", "Back to typing", id="back-to-typing")]

    class Back(Message):
        """The agent left the suggestions for the editor."""

    def action_back(self) -> None:
        self.post_message(self.Back())


class FieldRow(Widget, can_focus=True):
    """Label, value (or its editor) and, under it, the field's error if the last save failed."""

    DEFAULT_CSS = """
    FieldRow {
        height: auto;
        padding: 0 1;
        & > Horizontal { height: auto; }
        & .label { width: 18; color: $text-muted; }
        & .value { width: 1fr; }
        & .error { color: $error; padding-left: 18; display: none; }
        & FieldInput { display: none; width: 1fr; background: $panel; }
        & Suggestions {
            display: none; height: auto; max-height: 6; margin-left: 18; border: none;
        }
        &.-editing.-suggesting Suggestions { display: block; }
        &:focus { background: $boost; }
        &:focus .label { color: $accent; text-style: bold; }
        &:focus:ansi, &:focus:nocolor { text-style: reverse; }
        &.-pending .value { color: $warning; text-style: bold; }
        &.-error .error { display: block; }
        &.-editing .value { display: none; }
        &.-editing FieldInput { display: block; }
    }
    """
    BINDINGS = [
        Binding("e", "edit", "Edit", tooltip="Edit this field in place", id="edit"),
        Binding("enter", "edit", "Edit", show=False, id="edit-enter"),
    ]

    value: var[str] = var("")
    pending: var[str | None] = var(None)
    error: var[str] = var("")
    suggestions: var[tuple[tuple[str, str], ...]] = var(())

    def __init__(self, name: str, label: str) -> None:
        super().__init__(id=f"field-{name}", classes="field-row")
        self.field_name = name
        self.label = label

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(content(self.label), classes="label")
            yield Static(classes="value")
            yield FieldInput(classes="editor", compact=True)
        yield Suggestions()
        yield Static(classes="error")

    def _show(self) -> None:
        shown = self.pending if self.pending is not None else self.value
        marker = "  (edited)" if self.pending is not None else ""
        self.query_one(".value", Static).update(content(shown + marker, max_len=300))
        self.set_class(self.pending is not None, "-pending")

    def watch_value(self) -> None:
        self._show()

    def watch_pending(self) -> None:
        self._show()

    def watch_error(self, error: str) -> None:
        self.query_one(".error", Static).update(content(error, max_len=300))
        self.set_class(bool(error), "-error")

    def watch_suggestions(self, suggestions: tuple[tuple[str, str], ...]) -> None:
        picks = self.query_one(Suggestions)
        picks.set_options(Option(content(label), id=key) for key, label in suggestions)
        self.set_class(bool(suggestions), "-suggesting")

    def action_edit(self) -> None:
        editor = self.query_one(FieldInput)
        with editor.prevent(Input.Changed):
            editor.value = self.pending if self.pending is not None else self.value
        self.suggestions = ()
        self.add_class("-editing")
        self.screen.set_focus(editor)
        editor.action_end()

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        """The choices of the text before go at once (a pick is always one of what the box
        says); the screen may offer those of the text now."""
        event.stop()
        if self.has_class("-editing"):
            self.suggestions = ()
            self.post_message(FieldList.Typed(self.field_name, event.value))

    @on(FieldInput.Down)
    def into_suggestions(self, event: FieldInput.Down) -> None:
        event.stop()
        picks = self.query_one(Suggestions)
        if self.suggestions:
            self.screen.set_focus(picks)
            picks.highlighted = 0

    @on(Suggestions.Back)
    def back_to_typing(self, event: Suggestions.Back) -> None:
        event.stop()
        self.screen.set_focus(self.query_one(FieldInput))

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        key = event.option.id or ""
        label = dict(self.suggestions).get(key, "")
        if key.startswith(CREATE):
            self.keep_value(key.removeprefix(CREATE), create=True)
        else:
            self.keep_value(label)

    @on(Input.Submitted)
    def keep(self, event: Input.Submitted) -> None:
        event.stop()
        self.keep_value(event.value)

    def keep_value(self, value: str, create: bool = False) -> None:
        """Close the editor and report the new value (``create``: a new company, on purpose)."""
        self.close()
        self.post_message(FieldList.Edited(self.field_name, value, create))

    @on(FieldInput.Dropped)
    def drop(self, event: FieldInput.Dropped) -> None:
        event.stop()
        self.close()

    def close(self) -> None:
        """Leave edit mode (the value shown goes back to the saved or pending one)."""
        self.remove_class("-editing")
        self.suggestions = ()
        self.screen.set_focus(self)


class CompanyRow(FieldRow):
    """The Company field: ``enter`` opens the company it names, ``e`` edits the field. While
    the field is empty or holds an unsaved edit there is no company to open, so ``enter``
    edits it, as on every other field."""

    BINDINGS = [
        Binding(
            "enter",
            "open_company",
            "Open company",
            show=False,
            tooltip="Open the company's screen (on the Company field; e edits it)",
            id="open-company",
        ),
    ]

    def action_open_company(self) -> None:
        if self.pending is None and self.value.strip():
            self.post_message(OpenCompany(self.value))
        else:
            self.action_edit()


class FieldList(VerticalScroll, can_focus=False):
    """All editable fields of a contact or a company; ``up``/``down`` move between them."""

    DEFAULT_CSS = """
    FieldList { height: auto; max-height: 1fr; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Previous field", show=False, id="field-up"),
        Binding("down", "move(1)", "Next field", show=False, id="field-down"),
    ]

    @dataclass
    class Edited(Message):
        """A field got a new value (not saved yet); ``create``: the agent picked "create" (a
        company that does not exist yet)."""

        name: str
        value: str
        create: bool = False

    @dataclass
    class Typed(Message):
        """The text in a field's editor changed: the screen may offer suggestions."""

        name: str
        value: str

    values: var[Mapping[str, str]] = var(dict, always_update=True)
    pending: var[Mapping[str, str]] = var(dict, always_update=True)
    errors: var[Mapping[str, str]] = var(dict, always_update=True)

    def __init__(self, fields: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._fields = tuple(fields)

    def compose(self) -> ComposeResult:
        for name, label in self._fields:
            yield (CompanyRow if name == COMPANY_FIELD else FieldRow)(name, label)

    def _rows(self) -> list[FieldRow]:
        return list(self.query(FieldRow))

    def watch_values(self, values: Mapping[str, str]) -> None:
        for row in self._rows():
            row.value = values.get(row.field_name, "")

    def watch_pending(self, pending: Mapping[str, str]) -> None:
        for row in self._rows():
            row.pending = pending.get(row.field_name)

    def watch_errors(self, errors: Mapping[str, str]) -> None:
        for row in self._rows():
            row.error = errors.get(row.field_name, "")

    def suggest(self, name: str, suggestions: Sequence[tuple[str, str]]) -> None:
        """Offer (key, label) choices under the editor of field ``name``; a key starting with
        ``CREATE`` stands for "create this" and is followed by the text to create."""
        for row in self._rows():
            if row.field_name == name and row.has_class("-editing"):
                row.suggestions = tuple(suggestions)

    def action_move(self, step: int) -> None:
        """Up and down between fields; down from the last one leaves the list (to the contact
        methods below it)."""
        rows = self._rows()
        focused = self.screen.focused
        if focused in rows:
            index = rows.index(focused) + step
            if index >= len(rows):
                self.screen.focus_next()
                return
            target = rows[max(0, index)]
            self.screen.set_focus(target)
            target.scroll_visible()

    def close_open_edit(self) -> tuple[str, str] | None:
        """Close a field still being edited and hand back (field, value), so that a save
        never ignores what is on screen."""
        for row in self.query(".-editing").results(FieldRow):
            row.close()
            return row.field_name, row.query_one(FieldInput).value
        return None

    def focus_first(self) -> None:
        """Focus the first field (or the first one with an error)."""
        rows = self._rows()
        with_error = [row for row in rows if row.error]
        self.screen.set_focus((with_error or rows)[0])
