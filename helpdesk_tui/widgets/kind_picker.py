"""A one-line choice among a few words, each picked by its first letter: the kind of an
activity (call, site visit, meeting, email, note, other) as the agent logs it.

A drop-down takes three keys and hides the choices; here they are all on show, the chosen one
marked, and one letter (or ``left``/``right``) picks. Store-agnostic: the screen hands the
words down and reads ``value``.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.content import Content
from textual.events import Key
from textual.reactive import reactive
from textual.widget import Widget

from ..text import content


class KindPicker(Widget, can_focus=True):
    """The choices in a row; ``value`` is the one picked (the first letter of each must
    differ, so that letter picks it)."""

    DEFAULT_CSS = """
    KindPicker {
        height: 1;
        width: 1fr;
        &:focus { background: $boost; }
    }
    """

    BINDINGS = [
        Binding(
            "left", "step(-1)", "Previous", show=False, tooltip="The kind before", id="kind-left"
        ),
        Binding("right", "step(1)", "Next", show=False, tooltip="The kind after", id="kind-right"),
    ]

    value: reactive[str] = reactive("", init=False)

    def __init__(self, choices: Sequence[str], value: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = tuple(choices)
        letters = [choice[:1].lower() for choice in self.choices]
        if len(set(letters)) != len(letters):
            raise ValueError(f"each choice needs a first letter of its own: {self.choices}")
        self._by_letter = dict(zip(letters, self.choices, strict=True))
        self.set_reactive(KindPicker.value, value if value in self.choices else self.choices[0])

    def render(self) -> Content:
        pieces = []
        for choice in self.choices:
            style = "reverse bold" if choice == self.value else ""
            marked = content(choice[:1], f"{style} underline".strip()) + content(choice[1:], style)
            pieces.append(Content(" ") + marked + Content(" "))
        return Content("").join(pieces)

    def action_step(self, by: int) -> None:
        index = self.choices.index(self.value)
        self.value = self.choices[(index + by) % len(self.choices)]

    def on_key(self, event: Key) -> None:
        """A choice's first letter picks it."""
        picked = self._by_letter.get((event.character or "").lower())
        if picked is not None:
            event.stop()
            event.prevent_default()
            self.value = picked
