"""Small dialogs that ask for one value: a choice from a fixed list (a ticket's status or
priority), or a line of text (its group or assignee, which the store keeps no list of)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..text import clean, content


class ChoiceScreen(ModalScreen[str | None]):
    """Dismisses with the value picked (``enter``), or None on ``escape``; the current value is
    highlighted first, so ``enter`` at once changes nothing."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", tooltip="Keep the value", id="cancel"),
    ]

    def __init__(self, title: str, choices: Sequence[str], current: str) -> None:
        super().__init__()
        self.title_text = title
        self.choices = tuple(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice"):
            yield Static(content(self.title_text, "bold"))
            yield OptionList(
                *(Option(content(choice), id=choice) for choice in self.choices), id="choices"
            )
            yield Static(content("enter picks · escape keeps it as it is", "$text-muted"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.choices:
            options.highlighted = self.choices.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class ValueScreen(ModalScreen[str | None]):
    """Dismisses with the text typed (``enter``, which may be empty), or None on ``escape``."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", tooltip="Keep the value", id="cancel"),
    ]

    def __init__(self, title: str, current: str, hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.current = current
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice"):
            yield Static(content(self.title_text, "bold"))
            # An Input shows its value raw: a stranger's group goes through clean() first
            yield Input(value=clean(self.current), id="value")
            yield Static(content(self.hint, "$text-muted", max_len=300))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)
