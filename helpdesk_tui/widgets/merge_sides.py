"""The two contacts of a merge side by side, above the fields that differ: who each is, what
each holds, and which one survives (the other becomes a tombstone pointing at it).

Store-agnostic: the screen hands both down as ``SideCard``s (``cards``); names, references and
companies are strangers' text, shown through ``text.rich_text`` and wrapped, never cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from textual.reactive import var
from textual.widget import Widget

from ..text import rich_text
from .merge_grid import DROPPED, KEPT, side_by_side


@dataclass(frozen=True)
class SideCard:
    """One contact of the merge as the preview shows it; ``holds`` is what it holds, counted,
    in words."""

    name: str
    reference: str
    company: str
    holds: str
    survives: bool


class MergeSides(Widget, can_focus=False):
    """The header of the preview; empty until the plan is read."""

    DEFAULT_CSS = """
    MergeSides {
        height: auto;
        padding: 0 1;
        border-bottom: solid $primary-muted;
    }
    """

    cards: var[tuple[SideCard, SideCard] | None] = var(None, always_update=True)

    def watch_cards(self) -> None:
        self.refresh(layout=True)

    def render(self) -> RenderableType:
        if self.cards is None:
            return rich_text("Reading both contacts…", "italic")
        left, right = self.cards
        marks = (KEPT, DROPPED) if left.survives else (DROPPED, KEPT)
        survivor = left if left.survives else right
        after = {True: "survives", False: f"becomes a tombstone pointing at {survivor.reference}"}
        lines = (
            ("", "Left", "Right", "bold underline", ("", "")),
            ("Contact", left.name, right.name, "bold", ("", "")),
            ("Reference", left.reference, right.reference, "", ("", "")),
            ("Company", left.company or "(none)", right.company or "(none)", "", ("", "")),
            ("Holds", left.holds, right.holds, "", ("", "")),
            ("After", after[left.survives], after[right.survives], "bold", marks),
        )
        return Group(
            *(
                side_by_side(
                    rich_text(label, "bold"),
                    rich_text(first, style),
                    rich_text(second, style),
                    mark,
                )
                for label, first, second, style, mark in lines
            )
        )
