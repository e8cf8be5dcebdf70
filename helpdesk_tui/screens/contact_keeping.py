"""The contact screen the app keeps between contacts: pointed at the next one instead of a new
screen mounted (which cost more than the rest of an open), and emptied of the last one when the
agent leaves it, while they read Home, rather than when they open the next.

A mixin of ContactScreen, which owns the state it resets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.screen import Screen

    from ..app import HelpdeskApp

    _Base = Screen[object]
else:
    _Base = object

READS = ("load", "tickets", "activities", "recent", "due", "companies", "company-check")
"""The worker groups that only read: ``show_contact`` cancels them (their results are dropped
as another contact's, too)."""
CHANGES = ("save", "ticket-change", "activity-change", "undo", "lifecycle")
"""The worker groups that change the database: a screen running one is not reused."""


class KeptContact(_Base):
    """Re-targeting and emptying the kept contact screen."""

    if TYPE_CHECKING:
        app: HelpdeskApp
        reference: str
        load: Callable[..., object]

        def _forget_shown(self) -> None: ...

    _forgotten = False
    """Kept and left: it shows no contact until ``show_contact`` points it at one."""

    @property
    def reusable(self) -> bool:
        """Whether ``show_contact`` may point this screen at another contact: it is not on
        the screen stack, and no save or other change it started is still running (its
        outcome would land on the next contact)."""
        if self in self.app.screen_stack:
            return False
        return not any(
            worker.node is self and worker.group in CHANGES and not worker.is_finished
            for worker in self.app.workers
        )

    def show_contact(self, reference: str) -> None:
        """Point this screen, kept from the last contact opened, at another: what it showed of
        the last (left saved or discarded) goes, unless that was done when the agent left it,
        and the new one is read. Mounting a new screen instead costs more than the rest of
        opening a contact together."""
        for group in READS:
            self.workers.cancel_group(self, group)
        self.reference = reference
        self.load(offer_draft=True)  # first: the read runs while the screen is reset
        if not self._forgotten:
            self._forget_shown()
        self._forgotten = False

    def on_screen_suspend(self) -> None:
        """Left for good (popped, not covered by another screen): what it showed is forgotten
        once the screen under it is painted, while the agent reads that screen, rather than at
        the start of the next open (8-25 ms of its UI thread, before the read could run)."""
        if self.reusable and self.app.screen is not self:
            self.app.screen.call_after_refresh(self._forget_when_left)

    def _forget_when_left(self) -> None:
        left = self.reusable and self.app.arriving is not self
        if left and not self._forgotten and not self._pruning and self.is_attached:
            for group in READS:
                self.workers.cancel_group(self, group)
            self._forget_shown()
            self._forgotten = True
