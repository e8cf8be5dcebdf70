"""helpdesk_tui.text: untrusted text reaches the screen literally, without controls (§6)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.style import Style as RichStyle
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content, Span
from textual.geometry import Region
from textual.markup import MarkupError
from textual.widget import Widget
from textual.widgets import DataTable, Label, Static

from helpdesk_tui.text import (
    DEFAULT_MAX,
    cells,
    clean,
    clean_block,
    content,
    join,
    rich_text,
)

from .conftest import realdata

MARKUP_NAMES = [
    "[/]",
    "a [/",
    "[@click=app.quit]x[/]",
    "[link=file:///etc/passwd]x[/link]",
    "RE: [JIRA-42] login",
]
OSC52_NAME = "Mallory\x1b]52;c;QUJD\x07 Jones"
RLO_NAME = "Invoice \u202efdp.exe"
HOSTILE = [*MARKUP_NAMES, OSC52_NAME, RLO_NAME]

KEPT_FORMAT = "\u200c\u200d"  # ZWNJ, ZWJ


def mark(*names: str) -> str:
    """The visible form of bidi controls: "RLO" between single guillemets (ruff: confusables)."""
    return "".join(f"\u2039{name}\u203a" for name in names)


def bad_chars(text: str, allowed: str = "") -> list[str]:
    """Characters that must never reach the terminal: controls, invisible formats, surrogates."""
    bad = []
    for char in text:
        if char in allowed:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or (category == "Cf" and char not in KEPT_FORMAT):
            bad.append(char)
    return bad


def blns_strings() -> list[str]:
    text = realdata("names_blns/blns.txt").read_text(encoding="utf-8", errors="replace")
    # split("\n"), not splitlines(): the file's lines hold VT, FF, NEL, U+2028 on purpose.
    return [line for line in text.split("\n") if line and not line.startswith("#")]


# --- the hostile names from the issue -------------------------------------------------------


@pytest.mark.parametrize("name", MARKUP_NAMES)
def test_markup_is_shown_literally(name: str) -> None:
    assert clean(name) == name
    shown = content(name)
    assert shown.plain == name
    assert shown.spans == []
    text = rich_text(name)
    assert text.plain == name
    assert text.spans == []


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_inert(name: str) -> None:
    cleaned = clean(name)
    assert not bad_chars(cleaned)
    for style in ("", "bold red"):
        shown = content(name, style)
        assert shown.plain == cleaned
        # At most the one span we asked for: no link, no @click meta from the data.
        assert shown.spans == ([Span(0, len(cleaned), style)] if style else [])
        text = rich_text(name, style)
        assert text.plain == cleaned
        assert text.spans == []
        assert str(text.style) == style


def test_osc52_leaves_no_escape() -> None:
    assert clean(OSC52_NAME) == "Mallory Jones"
    assert clean("x\x1b]52;c;QUJD") == "x52;c;QUJD"  # unterminated: payload shown, ESC gone
    assert clean("a\x1b[2J\x1b[31mb\x1bcc\x1b(Bd") == "abcd"


def test_c1_and_8bit_sequences_are_removed() -> None:
    cleaned = clean("a\x9b2Jb\x9d52;c;QUJD\x07c\x85d\x7f")
    assert not bad_chars(cleaned)
    assert cleaned.startswith("a")
    assert cleaned.endswith("c d")


def test_bidi_controls_are_visible() -> None:
    assert clean(RLO_NAME) == f"Invoice {mark('RLO')}fdp.exe"
    assert clean("\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d") == mark(
        "LRI", "RLI", "FSI", "PDI", "LRM", "RLM", "ALM", "LRE", "RLE", "PDF", "LRO"
    )


def test_whitespace_and_invisibles() -> None:
    assert clean("a\r\nb\nc\td\re\x0bf\u2028g") == "a b c d e f g"
    assert clean("so\u00adft\u200b\ufeff hidden\U000e0041\U000e0042") == "soft hidden"
    assert clean("lone \udcff surrogate") == "lone \ufffd surrogate"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean(family) == family  # ZWJ sequences survive
    assert clean("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645") == (
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # Persian needs ZWNJ
    )


def test_values_that_are_not_str() -> None:
    assert clean(None) == ""
    assert clean(42) == "42"
    assert clean(b"caf\xc3\xa9 \xff") == "café \ufffd"
    assert content(None).plain == ""


def test_length_cap() -> None:
    assert clean("x" * 300) == "x" * (DEFAULT_MAX - 1) + "…"
    assert clean("abcdef", max_len=3) == "ab…"
    assert clean("abc", max_len=3) == "abc"
    assert clean("abc", max_len=1) == "…"
    assert clean("abc", max_len=0) == ""
    assert clean("x" * 10_000, max_len=None) == "x" * 10_000
    # A megabyte of junk is cut before cleaning, and the cut is still marked.
    assert clean("\x1b[0m" * 250_000 + "tail", max_len=10) == "…"
    with pytest.raises(ValueError, match="max_len"):
        clean("x", max_len=-1)


def test_clean_block_keeps_lines() -> None:
    body = "Hi,\r\n\r\nName\tPhone\nBob\t555\x1b[2J\rbye\u2029end\x0c"
    assert clean_block(body) == "Hi,\n\nName    Phone\nBob     555\nbye\nend\n"
    assert clean_block("[@click=app.quit]x[/]") == "[@click=app.quit]x[/]"
    assert len(clean_block("x" * 200_000)) == 100_000


def test_join() -> None:
    joined = join(["Bob [b]", None, "", ("ACME", "italic"), content("R-1", "bold")])
    assert joined.plain == "Bob [b] · ACME · R-1"
    assert joined.spans == [Span(10, 14, "italic"), Span(17, 20, "bold")]
    assert join(["a\x1b]52;c;QUJD\x07", "b\u202e"], separator=" | ").plain == "a | b" + mark("RLO")


def test_textual_and_rich_would_parse_the_raw_strings() -> None:
    """The reason this module exists: if these start passing, §6 can be revisited, not before."""
    with pytest.raises(MarkupError):
        Content.from_markup("[/]")
    clicked = Content.from_markup("[@click=app.quit]x[/]")
    assert clicked.plain == "x"
    assert clicked.spans
    linked = Text.from_markup("[link=file:///etc/passwd]x[/link]")
    assert linked.plain == "x"
    assert linked.spans
    assert Content("a\x1bb").plain == "a\x1bb"  # Content keeps ESC


def test_cli_import_does_not_load_textual() -> None:
    code = "import sys, helpdesk_tui.text; print('textual' in sys.modules, 'rich' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


# --- the Big List of Naughty Strings ---------------------------------------------------------


def test_blns_through_every_function() -> None:
    strings = blns_strings()
    assert len(strings) > 400
    for raw in strings:
        for max_len in (DEFAULT_MAX, 20):
            cleaned = clean(raw, max_len)
            assert not bad_chars(cleaned), raw
            assert len(cleaned) <= max_len
            assert clean(cleaned, max_len) == cleaned
            assert content(raw, "bold", max_len).plain == cleaned
            assert rich_text(raw, "bold", max_len).plain == cleaned
        assert not bad_chars(clean_block(raw), allowed="\n")


class SpyApp(App[None]):
    """Shows a batch of strings in Static, Label and DataTable, and records any action."""

    CSS = """
    #rows { width: 70; }
    Static, Label { height: 1; width: 1fr; }
    DataTable { width: 1fr; height: 1fr; }
    """
    ROWS = 39
    SIZE = (120, 80)

    def __init__(self) -> None:
        super().__init__()
        self.actions: list[str] = []
        self.urls: list[str] = []

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="rows"):
                for row in range(self.ROWS):
                    yield Static(id=f"static{row}")
                    yield Label(id=f"label{row}")
            yield DataTable()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("name", "subject")

    async def run_action(self, action, default_namespace=None) -> bool:  # type: ignore[no-untyped-def]
        self.actions.append(str(action))
        return await super().run_action(action, default_namespace)

    # What a hostile [@click=...] would most like to reach: record it, do nothing.
    async def action_quit(self) -> None:
        self.actions.append("quit ran")

    async def action_bell(self) -> None:
        self.actions.append("bell ran")

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        self.actions.append("screenshot ran")

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.urls.append(url)

    def show(self, batch: list[str]) -> None:
        for row in range(self.ROWS):
            value = batch[row] if row < len(batch) else ""
            self.query_one(f"#static{row}", Static).update(content(value))
            self.query_one(f"#label{row}", Label).update(content(value, "bold"))
        table = self.query_one(DataTable)
        table.clear()
        table.add_rows([rich_text(value), rich_text(value, "italic")] for value in batch)

    def sweep_clicks(self) -> None:
        """Press and release the mouse on every line of text, as the terminal driver does.

        The app turns each press/release pair into a Click, as for a real terminal. Pilot.click
        pauses four times per click (~0.1 s), too slow for thousands of clicks.
        """
        rows = [(x, y) for y in range(self.ROWS * 2) for x in (1,)]  # Static/Label lines
        cells = [(x, y) for y in range(1, self.ROWS + 1) for x in (80,)]  # DataTable rows
        for x, y in rows + cells:
            for event_type in (events.MouseDown, events.MouseUp):
                self.post_message(event_type(None, x, y, 0, 0, 1, False, False, False, x, y))


def rendered(widget: Widget) -> tuple[str, list[RichStyle]]:
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    segments = [segment for strip in strips for segment in strip]
    styles = [segment.style for segment in segments if segment.style is not None]
    return "".join(segment.text for segment in segments), styles


async def show_and_click(strings: list[str]) -> SpyApp:
    app = SpyApp()
    async with app.run_test(size=SpyApp.SIZE) as pilot:
        for start in range(0, len(strings), SpyApp.ROWS):
            batch = strings[start : start + SpyApp.ROWS]
            app.show(batch)
            await pilot.pause()
            # Nothing hostile in what is painted: no control character, no link, no @click meta.
            for widget in [*app.query(Static), app.query_one(DataTable)]:  # Label is a Static
                text, styles = rendered(widget)
                assert not bad_chars(text), batch
                for style in styles:
                    assert style.link is None, batch
                    assert not any(key.startswith("@") for key in style.meta), batch
            if start == 0:  # the names: click where the markup's "x" would have been
                assert app.query_one("#static2", Static).visual.plain == "[@click=app.quit]x[/]"
                assert mark("RLO") in rendered(app.query_one("#label6"))[0]
                for selector, x in (("#static2", 17), ("#label2", 17), ("#static3", 25)):
                    assert await pilot.click(selector, offset=(x, 0))
            app.sweep_clicks()
            await pilot.pause()
            assert app.is_running
    return app


def test_blns_and_hostile_names_render_in_widgets_without_actions() -> None:
    app = asyncio.run(show_and_click([*HOSTILE, *blns_strings()]))
    assert app.actions == []
    assert app.urls == []


def test_spy_app_notices_a_clickable_action() -> None:
    """Control for the test above: markup from code does run its action when clicked."""

    async def run() -> SpyApp:
        app = SpyApp()
        async with app.run_test(size=SpyApp.SIZE) as pilot:
            clickable = Content.from_markup("[@click=app.bell]x[/]")
            app.query_one("#static0", Static).update(clickable)
            app.query_one("#label1", Label).update(Content.from_markup("[@click=app.quit]yy[/]"))
            await pilot.pause()
            await pilot.click("#static0", offset=(0, 0))  # through Pilot
            app.sweep_clicks()  # through the driver's path
            await pilot.pause()
        return app

    actions = asyncio.run(run()).actions
    assert "bell ran" in actions
    assert "quit ran" in actions


# --- properties ------------------------------------------------------------------------------

any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)


@given(text=any_text, max_len=st.one_of(st.none(), st.integers(0, 40), st.just(DEFAULT_MAX)))
def test_clean_properties(text: str, max_len: int | None) -> None:
    cleaned = clean(text, max_len)
    assert not bad_chars(cleaned)
    assert max_len is None or len(cleaned) <= max_len
    assert clean(cleaned, max_len) == cleaned
    assert content(text, max_len=max_len).plain == cleaned


@given(text=any_text, max_len=st.one_of(st.none(), st.integers(0, 40)))
def test_clean_block_properties(text: str, max_len: int | None) -> None:
    cleaned = clean_block(text, max_len)
    assert not bad_chars(cleaned, allowed="\n")
    assert max_len is None or len(cleaned) <= max_len
    assert clean_block(cleaned, max_len) == cleaned


@given(text=st.text(st.sampled_from("ab [/]@=\x1b\x07\x9b\x9d\\PX^_;0123456789\n\t\u202e")))
def test_clean_properties_on_escape_soup(text: str) -> None:
    cleaned = clean(text, 30)
    assert not bad_chars(cleaned)
    assert len(cleaned) <= 30
    assert clean(cleaned, 30) == cleaned


def _cells_as_textual_builds_them(columns, gap):
    """The line ``cells`` stands for: each value as Content, truncated and padded by Textual,
    joined by the gap, right-stripped."""
    pieces = [
        content(value, style).truncate(width, ellipsis=True, pad=True)
        for value, width, style in columns
        if width > 0
    ]
    return Content(" " * gap).join(pieces).rstrip()


_CELL_TEXT = st.text(
    alphabet=st.sampled_from([*"abc XYZ é", "漢", "字", "\u200d", "🙂", "\t", "\x1b", "[", "]"]),
    max_size=30,
)


@given(
    st.lists(
        st.tuples(_CELL_TEXT, st.integers(-1, 25), st.sampled_from(["", "bold", "dim $warning"])),
        max_size=6,
    ),
    st.integers(0, 3),
)
def test_cells_builds_the_line_textual_would(columns, gap):
    built = cells(columns, gap=gap)
    expected = _cells_as_textual_builds_them(columns, gap)
    assert built.plain == expected.plain
    assert list(built.spans) == list(expected.spans)
