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
from textual.content import Content
from textual.geometry import Size
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


LABEL_WIDTH = 18
"""Cells of the label column; values (and errors) wrap within the rest of the row."""


class FieldRow(Widget, can_focus=True):
    """Label, value and, under it, the field's error if the last save failed.

    At rest the row is one widget that draws itself: a screen shows a dozen or more of them,
    and seven widgets a row (label, value, editor, suggestions, error...) made opening a contact
    take half a second of mounting and styling. The editor and its suggestions are mounted when
    the agent starts an edit and removed when it ends."""

    COMPONENT_CLASSES = {
        "field-row--label",
        "field-row--value",
        "field-row--pending",
        "field-row--error",
    }
    DEFAULT_CSS = """
    FieldRow {
        height: auto;
        padding: 0 1;
        & > .field-row--label { color: $text-muted; }
        &:focus > .field-row--label { color: $accent; text-style: bold; }
        & > .field-row--pending { color: $warning; text-style: bold; }
        & > .field-row--error { color: $error; }
        & > Horizontal { height: auto; }
        & .label { width: 18; color: $text-muted; }
        & .error { color: $error; padding-left: 18; display: none; }
        & FieldInput { width: 1fr; background: $panel; }
        & Suggestions {
            display: none; height: auto; max-height: 6; margin-left: 18; border: none;
        }
        &.-suggesting Suggestions { display: block; }
        &.-error .error { display: block; }
        &:focus { background: $boost; }
        &:focus:ansi, &:focus:nocolor { text-style: reverse; }
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
        self._editor: FieldInput | None = None

    @property
    def editing(self) -> bool:
        """Whether the row's editor is open."""
        return self.has_class("-editing")

    def shown(self) -> str:
        """The value the row shows: the pending edit (marked) or the saved value."""
        marker = "  (edited)" if self.pending is not None else ""
        return (self.pending if self.pending is not None else self.value) + marker

    def _lines(self, width: int) -> list[Content]:
        def styled(text: str, part: str) -> Content:
            return content(text, max_len=300).stylize(self.get_visual_style(part, partial=True))

        room = max(width - LABEL_WIDTH, 1)
        value_part = "field-row--pending" if self.pending is not None else "field-row--value"
        values = styled(self.shown(), value_part).wrap(room) or [Content("")]
        label = styled(self.label, "field-row--label").truncate(LABEL_WIDTH, pad=True)
        indent = Content(" " * LABEL_WIDTH)
        lines = [label + values[0], *(indent + line for line in values[1:])]
        if self.error:
            lines += [indent + line for line in styled(self.error, "field-row--error").wrap(room)]
        return lines

    def render(self) -> Content:
        if self.editing:
            return Content("")
        return Content("\n").join(self._lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.is_container:
            return super().get_content_height(container, viewport, width)
        return len(self._lines(width))

    def watch_value(self) -> None:
        self.refresh(layout=True)

    def watch_pending(self, pending: str | None) -> None:
        self.set_class(pending is not None, "-pending")
        self.refresh(layout=True)

    def watch_error(self, error: str) -> None:
        self.set_class(bool(error), "-error")
        if self.editing:
            self.query_one(".error", Static).update(content(error, max_len=300))
        self.refresh(layout=True)

    def watch_suggestions(self, suggestions: tuple[tuple[str, str], ...]) -> None:
        if not self.editing:
            return
        picks = self.query_one(Suggestions)
        picks.set_options(Option(content(label), id=key) for key, label in suggestions)
        self.set_class(bool(suggestions), "-suggesting")

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_edit(self) -> None:
        if self.editing:
            return
        self.suggestions = ()
        self.add_class("-editing")
        shown = self.pending if self.pending is not None else self.value
        self._editor = FieldInput(shown, classes="editor", compact=True)
        self.mount_all(
            [
                Horizontal(Label(content(self.label), classes="label"), self._editor),
                Suggestions(),
                Static(content(self.error, max_len=300), classes="error"),
            ]
        )
        self.screen.set_focus(self._editor)
        self._editor.action_end()

    @property
    def editor_value(self) -> str:
        """What the open editor holds ("" when the row is not being edited)."""
        return self._editor.value if self._editor is not None else ""

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        """The choices of the text before go at once (a pick is always one of what the box
        says); the screen may offer those of the text now."""
        event.stop()
        if self.editing:
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
        if self._editor is not None:
            self.screen.set_focus(self._editor)

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
        self.suggestions = ()
        self.remove_class("-editing", "-suggesting")
        self.remove_children()
        self._editor = None
        self.screen.set_focus(self)
        self.refresh(layout=True)


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
            if row.field_name == name and row.editing:
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
            value = row.editor_value
            row.close()
            return row.field_name, value
        return None

    def focus_first(self) -> None:
        """Focus the first field (or the first one with an error)."""
        rows = self._rows()
        with_error = [row for row in rows if row.error]
        self.screen.set_focus((with_error or rows)[0])
