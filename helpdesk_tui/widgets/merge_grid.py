"""The merge preview's side-by-side layout: a label column, then the left contact's column and
the right one's, each value wrapped within its half (never cut), each optionally behind a mark
saying which side is kept.

The contacts' header (``merge_sides``) and the field rows (``merge_fields``) both draw their
lines with :func:`side_by_side`, so their columns line up at every width.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from rich.text import Text

LABEL_WIDTH = 14
"""Cells of the label column: the longest field label ("Ignore emails") and a space."""
MARK_WIDTH = 2
"""Cells of a kept/dropped mark and the space after it."""
KEPT = "●"
DROPPED = "○"
"""The marks of the value kept and the value dropped: shapes, not colours, so they read the same
on a 16-colour terminal and with NO_COLOR (both are in every terminal font)."""


def side_by_side(label: Text, left: Text, right: Text, marks: tuple[str, str] = ("", "")) -> Table:
    """One line (or several, wrapped) of the preview: ``label``, then ``left`` and ``right`` in
    equal halves; ``marks`` go before each value, in a column of their own so a long value wraps
    under itself. Long words (an address) fold rather than vanish behind an ellipsis."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=LABEL_WIDTH - 1, overflow="fold")
    grid.add_column(width=MARK_WIDTH - 1)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_column(width=MARK_WIDTH - 1)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(label, marks[0], left, marks[1], right)
    return grid
