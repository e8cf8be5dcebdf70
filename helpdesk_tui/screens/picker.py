"""A fuzzy picker for a value agents mostly repeat but may also make up: a ticket's group or
assignee.

The choices are read in a thread (``load``, which calls the store) while the box is already
typed into; what is typed filters them as the command palette does (Textual's fuzzy search,
best match first), and the last choice is always "use '…'" what was typed, for a value nobody
has used yet. ``enter`` picks the highlighted one, ``↑``/``↓`` move without leaving the box.
Labels are other people's text (a group someone typed, an agent's name): shown through
``text.py`` and highlighted by offsets, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..messages import ChoicesLoaded
from ..store.database.failures import sentence
from ..text import clean, content


class Choice(NamedTuple):
    """One value a picker offers: ``value`` is what picking it gives, ``label`` what the list
    shows and the typed text matches, ``hint`` a muted note after it (an agent's full name)."""

    value: str
    label: str
    hint: str = ""


class PickerScreen(ModalScreen[str | None]):
    """Dismisses with the value picked, or None on ``escape``. Without typing, every choice is
    listed with the current value highlighted, so ``enter`` at once changes nothing."""

    HELP = (
        "Type to filter the list (best match first); the last choice uses what you typed as it "
        "stands. ↑ ↓ move, enter picks the highlighted one."
    )
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", tooltip="Keep the value", id="cancel"),
        Binding(
            "down", "move(1)", "Next", show=False, tooltip="Highlight the next choice", id="next"
        ),
        Binding(
            "up", "move(-1)", "Previous", show=False, tooltip="Highlight the one before", id="prev"
        ),
    ]

    def __init__(
        self,
        title: str,
        load: Callable[[], Sequence[Choice]],
        current: str | None,
        typed: str = "",
        hint: str = "",
    ) -> None:
        """``load`` runs in a thread and returns the choices in the order to list them;
        ``current``: the value to highlight first (None: the first choice); ``typed``: text
        to start filtering with (what a form's field held)."""
        super().__init__()
        self.title_text = title
        self.load = load
        self.current = current
        self.typed = typed
        self.hint = hint
        self.choices: tuple[Choice, ...] = ()
        self.shown: list[str] = []
        """The value of each option listed, in order."""
        self._fuzzy = FuzzySearch()
        self.loaded = False
        """Whether the choices were read (or failed to be: then only typed text is offered)."""
        self.pick_pending = False
        """``enter`` came before the choices: the best of them is picked when they arrive."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice picker-dialog"):
            yield Static(content(self.title_text, "bold"))
            # An Input shows its value raw: a stranger's text goes through clean() first
            yield Input(value=clean(self.typed), placeholder="type to filter", id="filter")
            yield OptionList(id="choices")
            yield Static(content("Reading the choices…", "$text-muted"), id="picker-status")
            yield Static(content(self.hint, "$text-muted", max_len=300))

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.read_choices()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def read_choices(self) -> None:
        """Read the choices in a thread; a failure leaves typing a new value possible."""
        try:
            choices = tuple(self.load())
        except Exception as error:  # a locked or broken database: said, typing still works
            self.post_message(ChoicesLoaded(error=sentence(error)))
            return
        self.post_message(ChoicesLoaded(choices))

    def on_choices_loaded(self, message: ChoicesLoaded) -> None:
        self.choices = tuple(Choice(*choice) for choice in message.choices)
        status = self.query_one("#picker-status", Static)
        status.update(content(message.error, "$error", max_len=300))
        status.display = bool(message.error)
        self._show(self.query_one(Input).value)
        self.loaded = True
        if self.pick_pending:
            self._pick()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show(event.value)

    def _show(self, typed: str) -> None:
        """List the choices ``typed`` matches, best first, and "use …" it last."""
        wanted = typed.strip()
        if wanted:
            scored = []
            for at, choice in enumerate(self.choices):
                label = clean(choice.label)
                score, offsets = self._fuzzy.match(wanted, label)
                if score:
                    scored.append((-score, at, self._marked(label, offsets), choice))
            scored.sort(key=lambda item: item[:2])
            listed = [(marked, choice) for _, _, marked, choice in scored]
        else:
            listed = [(content(choice.label), choice) for choice in self.choices]
        options = [self._option(label, choice) for label, choice in listed]
        self.shown = [choice.value for _, choice in listed]
        if wanted and wanted not in self.shown:
            options.append(Option(content(f"use {clean(wanted)!r}", "italic")))
            self.shown.append(wanted)
        box = self.query_one(OptionList)
        box.set_options(options)
        if self.shown:
            current = self.current if not wanted else None
            box.highlighted = self.shown.index(current) if current in self.shown else 0

    @staticmethod
    def _marked(label: str, offsets: Sequence[int]) -> Content:
        """``label`` (cleaned) with the letters the typed text matched underlined."""
        marked = Content(label)
        for offset in offsets:
            marked = marked.stylize("underline bold", offset, offset + 1)
        return marked

    @staticmethod
    def _option(label: Content, choice: Choice) -> Option:
        if not choice.hint:
            return Option(label)
        return Option(Content.assemble(label, "  ", content(choice.hint, "$text-muted")))

    def action_move(self, step: int) -> None:
        box = self.query_one(OptionList)
        if box.option_count:
            box.highlighted = ((box.highlighted or 0) + step) % box.option_count

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """``enter`` picks the highlighted choice; before the choices arrive, it waits for
        them (``g``, ``bil``, ``enter`` typed at once is Billing, not a new group "bil")."""
        event.stop()
        if self.loaded:
            self._pick()
        else:
            self.pick_pending = True

    def _pick(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and highlighted < len(self.shown):
            self.dismiss(self.shown[highlighted])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click on a choice picks it."""
        event.stop()
        self.dismiss(self.shown[event.option_index])
