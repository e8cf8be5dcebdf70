"""A small dialog that asks for one value from a fixed list: a ticket's status or priority
(its group and assignee, which may also be new, have ``picker.PickerScreen``)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..text import content


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
