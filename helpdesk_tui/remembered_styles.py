"""Styles worked out once per place in the widget tree, not again on each focus move.

Textual restyles a widget whenever one of its classes or pseudo-classes changes: a field of
the Details tab gaining or losing the cursor, a tab becoming active. Each restyle matches the
whole stylesheet against the widget and against a made-up node for each of its component
classes (five for a list, four for a field row): 2.4 ms for a field row losing the cursor and
3.9 ms for the ticket list gaining it (thread time), about a tenth of the UI thread's work in
opening a contact, and the same again on every arrow key through the fields.

What a widget's rules come to depends only on the stylesheet and on the path from the app down
to the widget: each node's type, its id where a rule names it, its classes and the
pseudo-classes the stylesheet uses that hold for it. Each widget remembers, by that path, the
rules and component styles it was given, so going back to a state it was in before (the cursor
leaving a field it entered) gets them back at once. Remembered on the widget itself: its
component styles hang off it (inherited colours are read through it), and go with it. A new
stylesheet (a theme, the ANSI mode) starts afresh. Where Textual itself would not reuse a
result (a widget styled by its position among its siblings, or by focus inside it) nothing is
remembered.

Wraps ``Stylesheet.apply`` of Textual 8.2.8 (pinned exactly); snapshots of every screen and
modal guard the styles painted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.widget import Widget

KEPT = 8
"""Places a widget remembers; past it, it starts again (a widget is seldom in more than two
or three: focused or not, its tab shown or not)."""

_FLAGS = ("_has_hover_style", "_has_focus_within", "_has_order_style", "_has_odd_or_even")
"""What ``apply`` notes on a widget about its rules besides them (read when it changes)."""

Remembered = tuple[dict[str, Any], dict[str, Any], tuple[bool, ...]]


class _Memory:
    """The places seen under one set of rules, and the pseudo-classes those rules use."""

    def __init__(self, rules_map: dict[str, Any], stylesheet: Stylesheet) -> None:
        self.rules_map = rules_map
        self.used = frozenset().union(*(rule.pseudo_classes for rule in stylesheet.rules))
        self.named = frozenset(name[1:] for name in rules_map if name.startswith("#"))

    def places(self, node: Widget) -> dict[tuple[Any, ...], Remembered]:
        """What ``node`` remembers under these rules (forgotten when the rules change)."""
        kept: tuple[_Memory, dict[tuple[Any, ...], Remembered]] | None
        kept = getattr(node, "_remembered_styles", None)
        if kept is None or kept[0] is not self:
            kept = (self, {})
            node._remembered_styles = kept  # type: ignore[attr-defined]
        return kept[1]

    def place(self, node: Widget) -> tuple[Any, ...]:
        """The node's path from the app, as far as the rules can tell nodes apart."""
        used, named = self.used, self.named
        return tuple(
            (
                type(step),
                step._id if step._id in named else None,
                frozenset(step._classes),
                frozenset(_holding(step, used)),
            )
            for step in node.css_path_nodes
        )


def _holding(step: DOMNode, used: frozenset[str]) -> Iterator[str]:
    """Which of the ``used`` pseudo-classes hold for a node (only those are checked: some
    walk the node's ancestors or siblings)."""
    checks: dict[str, Callable[[Any], bool]] = step._PSEUDO_CLASSES
    return (name for name, holds in checks.items() if name in used and holds(step))


def remember_styles() -> None:
    """Wrap ``Stylesheet.apply`` once per process (see the module's docstring)."""
    apply = Stylesheet.apply
    if getattr(apply, "remembers", False):
        return

    def apply_remembered(
        self: Stylesheet,
        node: DOMNode,
        *,
        animate: bool = False,
        cache: dict[tuple[Any, ...], Any] | None = None,
    ) -> None:
        if not isinstance(node, Widget):  # the made-up nodes of component classes
            apply(self, node, animate=animate, cache=cache)
            return
        memory = _memory(self)
        places = memory.places(node)
        place = memory.place(node)
        found = places.get(place)
        if found is not None:
            _restore(self, node, found, animate)
            return
        computed: dict[tuple[Any, ...], Any] = {}
        apply(self, node, animate=animate, cache=computed)
        if cache is not None:
            cache.update(computed)
        if len(computed) == 1:  # worked out afresh and reusable (Textual's own test)
            if len(places) >= KEPT:
                places.clear()
            (rules,) = computed.values()
            flags = tuple(getattr(node, flag) for flag in _FLAGS)
            places[place] = (rules, dict(node._component_styles), flags)

    apply_remembered.remembers = True  # type: ignore[attr-defined]
    Stylesheet.apply = apply_remembered  # type: ignore[method-assign]


def _memory(stylesheet: Stylesheet) -> _Memory:
    """The stylesheet's memory, started afresh whenever its rules were parsed again."""
    rules_map = stylesheet.rules_map
    memory: _Memory | None = getattr(stylesheet, "_remembered", None)
    if memory is None or memory.rules_map is not rules_map:
        memory = _Memory(rules_map, stylesheet)
        stylesheet._remembered = memory  # type: ignore[attr-defined]
    return memory


def _restore(stylesheet: Stylesheet, node: Widget, found: Remembered, animate: bool) -> None:
    """Give a node the rules and component styles remembered for its place, as ``apply``
    would have: the rules replaced (animated if asked), the node repainted when its
    component styles differ from those it had."""
    rules, components, flags = found
    for flag, value in zip(_FLAGS, flags, strict=True):
        setattr(node, flag, value)
    stylesheet.replace_rules(node, rules, animate=animate)  # type: ignore[arg-type]
    if components and node._component_styles != components:
        node._component_styles.clear()
        node._component_styles.update(components)
        node.refresh()
