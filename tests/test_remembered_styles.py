"""Styles remembered per place in the widget tree (``helpdesk_tui.remembered_styles``)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.color import Color
from textual.css.stylesheet import Stylesheet
from textual.widget import Widget

from helpdesk_tui.remembered_styles import remember_styles


class Row(Widget, can_focus=True):
    """A focusable widget styled by focus, with a component class styled by focus too."""

    COMPONENT_CLASSES = {"row--label"}
    DEFAULT_CSS = """
    Row { height: 1; color: $text-muted; }
    Row:focus { color: $accent; }
    Row > .row--label { color: $text-muted; }
    Row:focus > .row--label { color: $error; }
    """


class Rows(App[None]):
    accent = ""
    """An accent colour of the test's own, over the theme's, when set."""

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        return {**variables, "accent": self.accent} if self.accent else variables

    def compose(self) -> ComposeResult:
        yield Row(id="one")
        yield Row(id="two")


def _colours(row: Row) -> tuple[object, object]:
    return row.styles.color, row.get_component_styles("row--label").color


def _matched(monkeypatch) -> list[object]:
    """The nodes the stylesheet's rules are matched against from now on."""
    seen: list[object] = []
    check = Stylesheet._check_rule  # a classmethod, bound to the class

    def counted(rule, css_path_nodes):
        seen.append(css_path_nodes[-1])
        return check(rule, css_path_nodes)

    monkeypatch.setattr(Stylesheet, "_check_rule", staticmethod(counted))
    return seen


async def _focus(pilot, row: Row | None) -> None:
    pilot.app.set_focus(row)
    await pilot.pause()


async def test_a_widget_back_in_a_state_it_was_in_is_not_matched_again(monkeypatch):
    """Focus leaving a row and coming back gives it the styles it had, without matching the
    stylesheet against it or its component class a second time."""
    remember_styles()
    app = Rows()
    async with app.run_test() as pilot:
        one = app.query_one("#one", Row)
        await _focus(pilot, one)
        focused = _colours(one)
        await _focus(pilot, app.query_one("#two", Row))
        unfocused = _colours(one)
        assert focused != unfocused
        seen = _matched(monkeypatch)
        await _focus(pilot, one)
        assert _colours(one) == focused
        await _focus(pilot, None)
        assert _colours(one) == unfocused
        assert one not in seen


async def test_rules_parsed_again_are_matched_afresh():
    """New rules (a variable changed, the CSS parsed again, nothing else about the widget
    changed) are matched afresh: nothing remembered under the old ones is given back."""
    remember_styles()
    app = Rows()
    async with app.run_test() as pilot:
        one = app.query_one("#one", Row)
        await _focus(pilot, one)
        before = one.styles.color
        await _focus(pilot, None)
        app.accent = "#123456"
        app.refresh_css()
        await pilot.pause()
        await _focus(pilot, one)
        assert one.styles.color != before
        assert one.styles.color == Color.parse("#123456")
