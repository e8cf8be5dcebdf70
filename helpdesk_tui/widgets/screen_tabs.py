"""The tabs of the contact and company screens: Textual's TabbedContent, minus one race.

TabbedContent shows the pane that last reported focus inside it. The report is a message, so
two focus moves in one turn of the event loop (the contact screen pointed at the next contact
focuses its Details, and the agent's ``3`` at once focuses the ticket list) can arrive in the
wrong order, and the stale one switched back to the pane focus had already left: the agent
pressed ``3`` and saw Details. Here a report counts only while focus is still in its pane.
"""

from __future__ import annotations

from textual.widgets import TabbedContent, TabPane


class ScreenTabs(TabbedContent):
    """TabbedContent that ignores a pane's focus report once focus has moved elsewhere."""

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        # Textual runs this handler of each class in the MRO; prevent_default skips the base's.
        focused = self.screen.focused
        if focused is None or event.tab_pane not in focused.ancestors:
            event.stop()
            event.prevent_default()
