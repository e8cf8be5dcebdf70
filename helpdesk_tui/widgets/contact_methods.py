"""Contact methods on the Details tab: listed by kind, default first, with pending changes shown.

``a`` opens the add form (kind and value), ``x`` marks the highlighted method for removal (again
to keep it), ``d`` makes it the default of its kind. Nothing is saved here: the widget posts what
the agent asked for and the screen keeps it pending until ``ctrl+s``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from ..text import cells, content


@dataclass(frozen=True)
class MethodRow:
    """One line of the list. ``state``: '' (saved), 'new' or 'removed'."""

    key: str
    kind: str
    value: str
    default: bool
    state: str = ""
    error: str = ""


class MethodInput(Input):
    """The value box of the add form: ``escape`` closes the form."""

    BINDINGS = [Binding("escape", "close", "Cancel", tooltip="Close the add form", id="close")]

    def action_close(self) -> None:
        self.post_message(ContactMethods.FormClosed())


class MethodList(OptionList):
    """The methods; entering the list puts the cursor on its first row, ``up`` from there
    goes back to the fields above, and ``down`` from the last row on to what follows (the
    recent tickets)."""

    BINDINGS = [
        Binding("up", "up_or_leave", "Up", show=False, id="methods-up"),
        Binding("down", "down_or_leave", "Down", show=False, id="methods-down"),
    ]

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def action_up_or_leave(self) -> None:
        if not self.highlighted:
            self.screen.focus_previous()
        else:
            self.action_cursor_up()

    def action_down_or_leave(self) -> None:
        if self.highlighted is None or self.highlighted >= self.option_count - 1:
            self.screen.focus_next()
        else:
            self.action_cursor_down()


class ContactMethods(Vertical):
    """The list and its add form."""

    DEFAULT_CSS = """
    ContactMethods {
        height: auto;
        padding: 0 1;
        & > Label { color: $text-muted; text-style: bold; margin-top: 1; }
        & OptionList { height: auto; max-height: 10; border: none; padding: 0; }
        & #add-form { height: auto; display: none; }
        & #add-form.-open { display: block; }
        & #add-kind { width: 16; }
        & MethodInput { width: 1fr; }
    }
    """
    BINDINGS = [
        Binding("a", "open_form", "Add method", tooltip="Add an email, phone or handle", id="add"),
        Binding("x", "remove", "Remove", tooltip="Remove (or keep) the method", id="remove"),
        Binding("d", "make_default", "Default", tooltip="Make it the default", id="default"),
    ]

    @dataclass
    class AddRequested(Message):
        """Add ``value`` as a ``kind`` method."""

        kind: str
        value: str

    @dataclass
    class RemoveToggled(Message):
        """Mark (or unmark) the method ``key`` for removal."""

        key: str

    @dataclass
    class DefaultRequested(Message):
        """Make the method ``key`` the default of its kind."""

        key: str

    class FormClosed(Message):
        """The add form was closed without adding."""

    rows: var[Sequence[MethodRow]] = var((), always_update=True)

    def __init__(self, kinds: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kinds = tuple(kinds)

    def compose(self) -> ComposeResult:
        yield Label("Contact methods   a add · x remove · d default")
        yield MethodList(id="methods")
        with Horizontal(id="add-form"):
            yield Select(
                [(k, k) for k in self.kinds], value=self.kinds[0], allow_blank=False, id="add-kind"
            )
            yield MethodInput(placeholder="address, number or handle", id="add-value")

    def watch_rows(self, rows: Sequence[MethodRow]) -> None:
        """List the rows; the cursor stays on the method it was on, wherever that one moved
        (a new default goes to the top of its kind), or on the row where it was."""
        methods = self.query_one("#methods", OptionList)
        highlighted = methods.highlighted
        followed = self._highlighted_key()
        options = []
        for row in rows:
            style = {"new": "bold $success", "removed": "strike $text-muted"}.get(row.state, "")
            marker = {"new": "+ new", "removed": "- removed"}.get(row.state, "")
            options.append(
                Option(
                    cells(
                        (
                            ("*" if row.default else " ", 1, "bold $accent"),
                            (row.kind, 9, "$text-muted"),
                            (row.value, 40, style),
                            ("default" if row.default else "", 7, "$text-muted"),
                            (row.error or marker, 60, "$error" if row.error else "italic"),
                        )
                    ),
                    id=row.key,
                )
            )
        if not options:
            options.append(Option(content("No contact methods: press a to add one."), id=""))
        methods.set_options(options)
        keys = [row.key for row in rows]
        if followed in keys:
            methods.highlighted = keys.index(followed)
        elif highlighted is not None and options:
            methods.highlighted = min(highlighted, len(options) - 1)

    def _highlighted_key(self) -> str | None:
        methods = self.query_one("#methods", OptionList)
        if methods.highlighted is None:
            return None
        return methods.get_option_at_index(methods.highlighted).id or None

    def action_open_form(self) -> None:
        self.query_one("#add-form").add_class("-open")
        self.screen.set_focus(self.query_one("#add-value", MethodInput))

    def action_remove(self) -> None:
        key = self._highlighted_key()
        if key:
            self.post_message(self.RemoveToggled(key))

    def action_make_default(self) -> None:
        key = self._highlighted_key()
        if key:
            self.post_message(self.DefaultRequested(key))

    @on(Input.Submitted, "#add-value")
    def add(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            return
        kind = self.query_one("#add-kind", Select).value
        self.post_message(self.AddRequested(str(kind), event.value))
        event.input.value = ""
        self._close_form()

    @on(FormClosed)
    def _form_closed(self, event: FormClosed) -> None:
        event.stop()
        self._close_form()

    def close_form(self) -> None:
        """Close the add form if it is open, dropping what was typed in it."""
        self.query_one("#add-value", MethodInput).value = ""
        if self.query_one("#add-form").has_class("-open"):
            self._close_form()

    def _close_form(self) -> None:
        self.query_one("#add-form").remove_class("-open")
        self.screen.set_focus(self.query_one("#methods", OptionList))
