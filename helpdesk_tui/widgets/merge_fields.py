"""The fields on which the two contacts of a merge differ, one row each: the left contact's
value, the right one's, and which of them the survivor keeps (``←`` keep left, ``→`` keep
right).

Store-agnostic: the screen works out each row (``FieldChoice``) and hands them down (``rows``);
the widget shows them and posts ``MergeFields.Chosen``, and the screen decides. Values are
strangers' text, shown through ``text.rich_text`` and wrapped within their half, never cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..text import content, rich_text
from .merge_grid import DROPPED, KEPT, side_by_side

VALUE_MAX = 2000
"""Characters of a value shown: a long description whole, a pasted novel cut."""


@dataclass(frozen=True)
class FieldChoice:
    """One differing field: its name (the option's id), label, both values as people read
    them, and whether the survivor takes the right one."""

    name: str
    label: str
    left: str
    right: str
    right_kept: bool


def _value(text: str, kept: bool) -> Text:
    if not text:
        return rich_text("(empty)", "italic" if kept else "dim italic")
    return rich_text(text, "bold" if kept else "dim", max_len=VALUE_MAX)


class MergeFields(OptionList):
    """The rows (option id: the field's name); the highlighted row is the one ``←``/``→``
    choose for."""

    DEFAULT_CSS = """
    MergeFields {
        height: 1fr;
        border: none;
        padding: 0 1;
        &:focus { border: none; }
    }
    """
    BINDINGS = [
        Binding(
            "left",
            "choose(False)",
            "Left",
            tooltip="The survivor keeps the left contact's value of this field",
            id="keep-left",
        ),
        Binding(
            "right",
            "choose(True)",
            "Right",
            tooltip="The survivor keeps the right contact's value of this field",
            id="keep-right",
        ),
    ]

    @dataclass
    class Chosen(Message):
        """Keep the right contact's value of field ``name`` (``right``), else the left's."""

        name: str
        right: bool

    rows: var[Sequence[FieldChoice] | None] = var(None, always_update=True)
    """None until the screen has read the two contacts."""

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def watch_rows(self, rows: Sequence[FieldChoice] | None) -> None:
        """Show the rows; the cursor stays on the field it was on."""
        if rows is None:  # the header says they are being read
            self.clear_options()
            return
        highlighted = self.highlighted
        followed = self._highlighted_name()
        options = [
            Option(
                side_by_side(
                    rich_text(row.label, "bold"),
                    _value(row.left, not row.right_kept),
                    _value(row.right, row.right_kept),
                    (DROPPED, KEPT) if row.right_kept else (KEPT, DROPPED),
                ),
                id=row.name,
            )
            for row in rows
        ]
        if not options:
            options.append(
                Option(content("Every field is the same on both: only what they hold moves."))
            )
        self.set_options(options)
        names = [row.name for row in rows]
        if followed in names:
            self.highlighted = names.index(followed)
        elif highlighted is not None:
            self.highlighted = min(highlighted, len(options) - 1)
        elif self.has_focus:
            self.highlighted = 0

    def _highlighted_name(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id or None

    def action_choose(self, right: bool) -> None:
        name = self._highlighted_name()
        if name:
            self.post_message(self.Chosen(name, right))
