"""Results of a screen's workers that land while the screen is being removed are dropped.

A worker's result is posted to its screen's queue; when the screen is removed meanwhile (popped,
or the kept contact screen removed as the app exits), Textual removes its widgets first and then
goes on handling what is queued, and a handler that looks up a widget met nothing: the bench's
app, leaving with a contact's recent tickets on their way, ended in a traceback. Cancelling the
workers does not help: the result was posted already.

Overrides ``MessagePump._on_message`` of Textual 8.2.8 (pinned); ``_pruning`` is what Textual
sets on every node it is removing, ``_closing`` on one whose queue it is closing. A screen not
shown whose widgets are gone (the app closing every node as it exits) drops the result too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.css.query import NoMatches

from ..messages import WorkerResult

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.message import Message

    _Base = DOMNode  # not Screen[...]: the screens it is mixed into keep their result types
else:
    _Base = object


class DropsLateResults(_Base):
    """A screen whose workers' results are dropped once it is being removed (first among its
    bases, so that its ``_on_message`` runs before Textual's)."""

    async def _on_message(self, message: Message) -> None:
        if not isinstance(message, WorkerResult):
            await super()._on_message(message)
            return
        if self._pruning or self._closing or not self.is_attached:
            return
        try:
            await super()._on_message(message)
        except NoMatches:
            # Its widgets went first while the screen was not shown (the app shutting down
            # closes a kept screen's widgets before the screen, flagging neither as removed).
            if self in self.app.screen_stack[-1:]:  # shown: a real fault, not a late result
                raise
