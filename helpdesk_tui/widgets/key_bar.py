"""The bottom line of every screen: the keys that work here, and the command palette's on the right.

It looks like Textual's ``Footer`` but is one widget that repaints, where ``Footer`` recomposes a
widget per key (and restyles each) whenever focus moves: on the contact screen that was a sixth of
the time to open it, and it ran again on every focus change. Keys are read from the screen's
active bindings at paint time, so the bar is never out of date; a click on a key presses it.

When the keys do not fit (80 columns), a screen may name in ``KEY_BAR_SPARE`` the bindings (by
id) that give up their room first, in that order: keys everyone knows or finds elsewhere
(``ctrl+q``, ``escape``), so that its own keys stay in sight. Keys that still do not fit are
left out from the end, each whole (never half a description, "h Histo"), before the palette key.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widget import Widget


class _Span(NamedTuple):
    """Where one key sits on the bar, for a click."""

    start: int
    end: int
    key: str


class _Item(NamedTuple):
    """One key of the bar: the key, as shown, what it does, whether it works now, its id."""

    key: str
    shown: str
    description: str
    enabled: bool
    id: str | None


def _width(item: _Item) -> int:
    """The cells ``KeyBar._pair`` paints for an item."""
    return cell_len(f" {item.shown} ") + (
        cell_len(f"{item.description} ") if item.description else 0
    )


class KeyBar(Widget, can_focus=False):
    """The screen's shown bindings as `` key description`` pairs, the palette key docked right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--palette-edge",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--palette-edge {
            color: $foreground 20%;
            background: $footer-item-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[_Span] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def _items(self) -> tuple[list[_Item], _Item | None]:
        """Each shown action once, and the palette's key."""
        app = self.app
        active = self.screen.active_bindings
        items: list[_Item] = []
        actions: set[str] = set()
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                shown = app.get_key_display(binding)
                items.append(_Item(binding.key, shown, binding.description, enabled, binding.id))
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            shown = app.get_key_display(binding)
            palette = _Item(binding.key, shown, binding.description, enabled, binding.id)
        return items, palette

    def _spared(self, items: list[_Item], room: int) -> list[_Item]:
        """``items`` without the screen's spare keys, one at a time in its order, while they
        do not fit in ``room``."""
        for spare in getattr(self.screen, "KEY_BAR_SPARE", ()):
            if sum(_width(item) for item in items) - 1 <= room:  # the last padding may go
                break
            items = [item for item in items if item.id != spare]
        return items

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        key_style = base + self.get_component_rich_style("key-bar--key")
        text_style = base + self.get_component_rich_style("key-bar--description")
        items, palette = self._items()
        right: list[Segment] = []
        if palette is not None:
            key, shown, description, enabled, _id = palette
            edge = base + self.get_component_rich_style("key-bar--palette-edge")
            dim = Style(dim=not enabled)  # Footer draws the palette key compact: no padding
            right = [Segment("▏", edge), Segment(shown, key_style + dim)]
            right += [Segment(f" {description}", text_style + dim), Segment(" ", edge)]
        room = width - Segment.get_line_length(right)
        left: list[Segment] = []
        spans: list[_Span] = []
        x = 0
        for key, shown, description, enabled, _id in self._spared(items, room):
            pair = self._pair(shown, description, key_style, text_style, enabled)
            length = Segment.get_line_length(pair)
            # a key is shown whole or not at all; its last cell is padding, which may go
            if x + length - 1 > room:
                break
            left.extend(pair)
            spans.append(_Span(x, min(x + length, room), key))
            x += length
        left = list(Segment.adjust_line_length(left, max(room, 0), base))
        if palette is not None:
            spans.append(_Span(room, width, palette[0]))
        self._spans = spans
        return Strip([*left, *right], width).crop(0, width)

    @staticmethod
    def _pair(
        shown: str, description: str, key_style: Style, text_style: Style, enabled: bool
    ) -> list[Segment]:
        dim = Style(dim=not enabled)
        pair = [Segment(f" {shown} ", key_style + dim)]
        if description:
            pair.append(Segment(f"{description} ", text_style + dim))
        return pair

    def on_click(self, event: events.Click) -> None:
        for span in self._spans:
            if span.start <= event.x < span.end:
                self.app.simulate_key(span.key)
                return
