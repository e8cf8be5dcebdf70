"""For a screen the app keeps and shows again (the contact screen): no restyle on each return.

Textual restyles every widget of a screen each time it is pushed, in case the theme changed
while it was away. For a kept screen shown again and again that was a third of opening a
contact. Its styles are still current unless the theme (or the ANSI colour mode) changed since
it was last shown, so only then is the restyle done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual import events
    from textual.screen import Screen

    _Base = Screen[object]
else:
    _Base = object


class KeptStyles(_Base):
    """Skips the restyle of a screen shown again under the theme it was styled in (first among
    a screen's bases: its handler must take the event)."""

    _styled_under: tuple[str, bool | None] | None = None

    def on_screen_resume(self, event: events.ScreenResume | None = None) -> None:
        # Textual runs this before Screen's own handler, which reads ``refresh_styles``; the
        # event is optional only so that mixins' ``on_screen_resume(self)`` stay compatible.
        if event is None:
            return
        theme = (self.app.theme, self.app.ansi_color)
        if theme == self._styled_under:
            event.refresh_styles = False
        self._styled_under = theme
