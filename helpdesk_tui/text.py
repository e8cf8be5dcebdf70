"""The one way untrusted text reaches the screen (DESIGN.md §6).

Contact names, ticket subjects, email bodies and imported cells come from strangers. Handed to a
Textual widget as a ``str`` they are parsed as markup: ``[/]`` crashes the app and
``[@click=app.quit]`` runs an action when clicked. Handed to the terminal, escape sequences inside
them write the clipboard (OSC 52), retitle the window or clear the screen; Textual strips only
BEL, BS, VT, FF and CR, so ESC goes straight through. And bidi controls (U+202E RIGHT-TO-LEFT
OVERRIDE) make ``invoice<U+202E>fdp.exe`` look like ``invoiceexe.pdf``.

So every piece of data goes through :func:`clean` (single line), :func:`clean_block` (bodies for a
read-only TextArea), :func:`content` (Textual ``Content``) or :func:`rich_text` (Rich ``Text``, for
DataTable cells). None of them ever parses markup.

Only the standard library is imported at module level: the command-line twin prints through
:func:`clean` and must not pay ~150 ms for importing Textual.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text
    from textual.content import Content

__all__ = [
    "DEFAULT_BLOCK_MAX",
    "DEFAULT_MAX",
    "ELLIPSIS",
    "cells",
    "clean",
    "clean_block",
    "content",
    "join",
    "rich_text",
]

DEFAULT_MAX = 200
"""Characters kept of a single-line value: longer than any real name or subject, short enough that
a pasted novel cannot stall layout."""

DEFAULT_BLOCK_MAX = 100_000
"""Characters kept of a body shown in a TextArea: a long email thread fits, a 50 MB log does not."""

ELLIPSIS = "…"

# Whole escape sequences, so that their payload (a base64 clipboard blob, a window title) does not
# show up as noise. 7-bit forms only: a lone 8-bit C1 character in helpdesk data is far more often
# cp1252 mojibake (U+009E is "ž", U+009C is "œ") than an attack, and treating it as the start of a
# sequence would eat the letters after it. C1 characters are removed one by one below instead.
_ESCAPE_SEQUENCE = re.compile(
    r"""
      \x1b\[ [\x30-\x3f]* [\x20-\x2f]* [\x40-\x7e]      # CSI: ESC [ params intermediates final
    | \x1b[\]PX^_] [^\x07\x1b\x9c]* (?:\x07|\x1b\\|\x9c) # OSC, DCS, SOS, PM, APC ... BEL or ST
    | \x1b [\x20-\x2f]* [\x30-\x7e]                     # any other escape (ESC c, ESC ( B, ESC 7)
    """,
    re.VERBOSE,
)

# Bidi controls are shown, not removed and not obeyed: an agent should see that a name carries a
# RIGHT-TO-LEFT OVERRIDE. Unicode has no control pictures for them, and a ``\u202e`` escape is
# six cells of noise, so they become their standard abbreviation between single guillemets
# (U+2039, U+203A), e.g. RLO is shown as "\u2039RLO\u203a". The guillemets are one cell wide, in
# every terminal font (cp1252, WGL4), unlike the mathematical angle brackets, and rare enough in
# names that the marker stands out. (Written as escapes here because they are confusable with < >.)
_BIDI_NAMES = {
    0x061C: "ALM",
    0x200E: "LRM",
    0x200F: "RLM",
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
}
_BIDI_MARKERS = {code: f"\u2039{name}\u203a" for code, name in _BIDI_NAMES.items()}

# Line breaks as Python's str.splitlines() knows them (CR LF is folded to LF before translating).
_LINE_BREAKS = (0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)
_CONTROLS = (*range(0x20), 0x7F, *range(0x80, 0xA0))


def _table(line_break: str, tab: str | None) -> dict[int, str | None]:
    table: dict[int, str | None] = dict.fromkeys(_CONTROLS)
    table.update(dict.fromkeys(_LINE_BREAKS, line_break))
    table[0x09] = tab
    table.update(_BIDI_MARKERS)
    return table


_LINE_TABLE = _table(" ", " ")
_BLOCK_TABLE = _table("\n", "\t")  # tabs survive the translate; clean_block expands them


@cache
def _maybe_invisible() -> re.Pattern[str]:
    """Characters that may be Cf/Cs (not ASCII, Latin-1 letters, Greek, Cyrillic, Hebrew, kana,
    CJK or Hangul); the rest is looked up in unicodedata. Compiled on first need: the charset
    takes 3 ms to build, and text that ``str.isprintable`` passes has no Cf or Cs at all."""
    return re.compile("[^\t\n -~\u00a0-\u00ac\u00ae-\u05ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]")


_KEEP_FORMAT = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: needed to spell Persian, Indic, emoji


def _drop_invisible(match: re.Match[str]) -> str:
    """Drop format characters (Cf) and replace lone surrogates (Cs).

    Format characters other than ZWJ/ZWNJ are invisible (soft hyphen, zero-width space, BOM, word
    joiner, the "tag" letters used to smuggle hidden text): they let two different names look the
    same. A lone surrogate (from ``surrogateescape`` decoding) cannot be encoded for the terminal
    and would crash the write, so it becomes U+FFFD.
    """
    char = match.group()
    category = unicodedata.category(char)
    if category == "Cf" and char not in _KEEP_FORMAT:
        return ""
    if category == "Cs":
        return "\ufffd"
    return char


def _as_str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        # str(b"x") would show the repr "b'x'"; raw bytes from a mail or CSV are meant as text.
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def _clean(value: object, max_len: int | None, table: dict[int, str | None], tabsize: int) -> str:
    if max_len is not None and max_len < 0:
        raise ValueError(f"max_len must be >= 0 or None, not {max_len}")
    text = _as_str(value)
    # Cap the raw input first so that a megabyte of junk costs no more than a long name; the
    # factor leaves room for escape sequences and markers that cleaning removes or expands.
    precapped = False
    if max_len is not None and len(text) > max_len * 4 + 64:
        text, precapped = text[: max_len * 4 + 64], True
    if "\x1b" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    text = text.replace("\r\n", "\n").translate(table)
    if not text.isprintable():
        text = _maybe_invisible().sub(_drop_invisible, text)
    if "\t" in text:
        text = text.expandtabs(tabsize)
    if max_len is not None and (precapped or len(text) > max_len):
        text = text[: max_len - 1] + ELLIPSIS if max_len else ""
    return text


def clean(value: object, max_len: int | None = DEFAULT_MAX) -> str:
    """Return *value* as one line of plain text that is safe to show in a terminal.

    - ``None`` becomes ``""``; bytes are decoded as UTF-8 (with replacement); other objects go
      through ``str()``.
    - Escape sequences (CSI, OSC, DCS...) are removed whole; then every remaining C0 control, DEL
      and C1 control (U+0080-U+009F, including the 8-bit CSI U+009B and OSC U+009D) is removed.
    - Newlines (LF, CR LF, CR, VT, FF, NEL, U+2028/U+2029) and tabs become one space each.
    - Bidi controls are shown as their abbreviation between single guillemets (RLO, LRM...; see
      ``_BIDI_MARKERS`` for why that form), so a reversed name is visible as such rather than
      silently reordered.
    - Other invisible format characters (soft hyphen, zero-width space, BOM, tags) are removed;
      ZWJ and ZWNJ stay because scripts and emoji need them. Lone surrogates become U+FFFD.
    - The result is at most *max_len* characters (``None``: no limit), ending in "…" when cut.

    The result is plain text, not markup: give it to widgets via :func:`content` or
    :func:`rich_text`, never as a ``str``. ``clean(clean(x)) == clean(x)``.
    """
    return _clean(value, max_len, _LINE_TABLE, 1)


def clean_block(value: object, max_len: int | None = DEFAULT_BLOCK_MAX) -> str:
    """Like :func:`clean`, but keep line breaks, for bodies shown in a read-only ``TextArea``.

    Every kind of line break becomes ``\\n`` and tabs are expanded to 8-column stops (email and
    terminal convention), so columns in a pasted table still line up.
    """
    return _clean(value, max_len, _BLOCK_TABLE, 8)


def content(value: object, style: str = "", max_len: int | None = DEFAULT_MAX) -> Content:
    """Return *value* cleaned as Textual ``Content`` for Label, Static, Button, OptionList...

    The text is never parsed as markup, so ``[@click=app.quit]`` stays those characters. *style*
    (for example ``"bold $accent"``) comes from code, never from data, and covers the whole text.
    """
    # Lazy: keeps textual (~150 ms) off the CLI's import path.
    from textual.content import Content  # noqa: PLC0415

    text = clean(value, max_len)
    return Content.styled(text, style) if style else Content(text)


def rich_text(value: object, style: str = "", max_len: int | None = DEFAULT_MAX) -> Text:
    """Return *value* cleaned as a Rich ``Text``, for DataTable cells and other Rich renderables.

    A ``str`` cell in a DataTable goes through ``Text.from_markup``; a ``Text`` is used as is.
    ``end=""`` matches the ``Text`` DataTable builds from a ``str`` cell.
    """
    # Lazy: keeps rich off the CLI's import path.
    from rich.text import Text  # noqa: PLC0415

    return Text(clean(value, max_len), style=style, end="")


def join(
    parts: Iterable[object | tuple[object, str] | Content],
    separator: str = " · ",
    max_len: int | None = DEFAULT_MAX,
) -> Content:
    """Join several values into one line of ``Content``, e.g. name · company · reference.

    Each part is a value (cleaned), a ``(value, style)`` pair, or a ``Content`` that is already
    safe (built by this module, or by ``Content.from_markup`` on a constant). Empty parts (``None``,
    ``""``) are skipped, so optional fields do not leave doubled separators. *max_len* caps each
    part, not the whole.
    """
    # Lazy: keeps textual (~150 ms) off the CLI's import path.
    from textual.content import Content  # noqa: PLC0415

    pieces: list[Content] = []
    for part in parts:
        if isinstance(part, Content):
            piece = part
        elif isinstance(part, tuple) and len(part) == 2 and isinstance(part[1], str):
            piece = content(part[0], part[1], max_len)
        else:
            piece = content(part, max_len=max_len)
        if piece.plain:
            pieces.append(piece)
    return Content(separator).join(pieces)


def cells(columns: Iterable[tuple[object, int, str]], gap: int = 2) -> Content:
    """One line of fixed-width columns: each ``(value, width, style)`` cleaned, cut to its width
    with an ellipsis (by terminal cells, so wide CJK names line up too) and padded.

    Built as one text and its spans, the very line ``content(value, style).truncate(width,
    ellipsis=True, pad=True)`` joined by ``gap`` spaces and right-stripped gives (a property
    test holds them equal): that way made a tenth of the UI thread's work per keystroke.
    """
    # Lazy: keeps rich and textual (~150 ms) off the CLI's import path.
    from rich.cells import cell_len, set_cell_size  # noqa: PLC0415
    from textual.content import Content, Span  # noqa: PLC0415

    parts: list[str] = []
    spans: list[Span] = []
    at = 0
    for value, width, style in columns:
        if width <= 0:
            continue
        if parts:
            parts.append(" " * gap)
            at += gap
        text = clean(value)
        length = cell_len(text)
        if length > width:
            text, length = set_cell_size(text, width - 1) + ELLIPSIS, width
        if style and text:
            spans.append(Span(at, at + len(text), style))
        parts.append(text + " " * (width - length))
        at += len(parts[-1])
    line = "".join(parts).rstrip()
    end = len(line)
    return Content(line, [Span(s.start, min(s.end, end), s.style) for s in spans if s.start < end])
